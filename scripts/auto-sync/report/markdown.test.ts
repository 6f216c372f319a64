import { describe, expect, it } from 'vitest';
import { cleanBlock, code, fence, inline, oneLine, safeLink, tailOf } from './markdown.ts';

describe('inline', () => {
  it('escapes what Markdown would read as syntax', () => {
    expect(inline('a | b')).toBe('a \\| b');
    expect(inline('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(inline('*bold* _em_ ~~del~~ [x](y) `c` $x$ &amp; \\')).toBe(
      '\\*bold\\* \\_em\\_ \\~\\~del\\~\\~ \\[x\\](y) \\`c\\` \\$x\\$ \\&amp; \\\\',
    );
  });

  it('escapes a block marker only at the start', () => {
    expect(inline('# Title')).toBe('\\# Title');
    expect(inline('- item')).toBe('\\- item');
    expect(inline('1. first')).toBe('1\\. first');
    expect(inline('C# and a-b = c')).toBe('C# and a-b = c');
  });

  it('puts mentions and issue references in code spans so nobody is pinged and nothing is cross-linked', () => {
    expect(inline('thanks @someone and @acme/team')).toBe('thanks `@someone` and `@acme/team`');
    expect(inline('@lead: fixes #12, acme/web#3 and GH-4')).toBe('`@lead`: fixes `#12`, `acme/web#3` and `GH-4`');
    expect(inline('mail jane@example.com')).toBe('mail jane@example.com');
  });

  it('keeps text on one line and cuts it', () => {
    expect(inline('a\nb\r\n# c\t d')).toBe('a b # c d');
    expect(oneLine('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(oneLine('\u202eevil\u202c \u001b[31mred\u001b[0m')).toBe('evil red');
  });
});

describe('code', () => {
  it('uses a delimiter longer than any backtick run inside', () => {
    expect(code('a.ts')).toBe('`a.ts`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
  });

  it('escapes pipes only inside tables', () => {
    expect(code('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(code('a|b')).toBe('`a|b`');
  });
});

describe('fence', () => {
  it('cannot be closed by its content', () => {
    expect(fence('x\n```\ny')).toBe('````text\nx\n```\ny\n````');
    expect(fence('plain')).toBe('```text\nplain\n```');
  });

  it('drops colours and carriage returns', () => {
    expect(cleanBlock('\u001b[31merror\u001b[39m\r\nnext  \n\n')).toBe('error\nnext');
  });
});

describe('tailOf', () => {
  it('keeps the last lines and says how many were left out', () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\n');
    expect(tailOf(text, 3, 1000)).toBe('[… 7 earlier lines not shown]\nline 7\nline 8\nline 9');
    expect(tailOf(text, 100, 14)).toBe('[… 8 earlier lines not shown]\nline 8\nline 9');
    expect(tailOf('y'.repeat(50), 10, 5)).toBe('[…]yyyyy');
  });
});

describe('safeLink', () => {
  it('links http(s) without credentials and shows anything else as code', () => {
    expect(safeLink('acme/web', 'https://user:tok@github.com/acme/web')).toBe('[acme/web](https://github.com/acme/web)');
    expect(safeLink('x', 'https://h/a(b)')).toBe('[x](https://h/a%28b%29)');
    expect(safeLink('api', '/srv/repos/api')).toBe('api (`/srv/repos/api`)');
    expect(safeLink('api', 'git@github.com:acme/api.git')).toBe('api (`git@github.com:acme/api.git`)');
    expect(safeLink('api', 'file:///srv/api')).toBe('api (`file:///srv/api`)');
  });
});
