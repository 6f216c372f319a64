import { describe, expect, it } from 'vitest';
import { createRedactor, redactDeep } from './redact.ts';

// Secrets are made at run time from a seeded generator: a literal would read as a leaked token to scanners
// and to people.
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function generator(seed: number): () => number {
  return () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

function randomText(length: number, seed: number, alphabet = ALNUM): string {
  const next = generator(seed);
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

const token = ['ghp', randomText(36, 1)].join('_'); // 40 characters, shaped like a GitHub token
const odd = `${randomText(12, 2)}/${randomText(12, 3)}+${randomText(8, 4)}=&`; // URL encoding changes it
const redact = createRedactor([token, odd, undefined, 'abc']);

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const urlSafe = (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_');

/** Line breaks, indentation and colour codes taken out, as a reader joining the lines would. */
const joined = (text: string) => text.replace(/(?:\x1b\[[0-9;]*m|[\r\n])[ \t+]*/g, '');

/** A run of `size` characters of the secret, in any form, that can still be read in `text`. */
function leak(text: string, secret: string, size = 6): string | undefined {
  const pure = [0, 1, 2].map((pad) => b64(Buffer.concat([Buffer.alloc(pad), Buffer.from(secret)])).slice(4, -4));
  const pieces = [secret, encodeURIComponent(secret), ...pure, ...pure.map(urlSafe)];
  const visible = joined(text);
  for (const piece of pieces)
    for (let i = 0; i + size <= piece.length; i++) if (visible.includes(piece.slice(i, i + size))) return piece.slice(i, i + size);
  return undefined;
}

const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

// [name, what splits the form, what the masked span keeps of it]
const SPLITS: Array<[string, string, string]> = [
  ['LF', '\n', '\n'],
  ['CRLF', '\r\n', '\r\n'],
  ['CR', '\r', '\r'],
  ['LF and indentation', '\n    ', '\n    '],
  ['LF and a diff marker', '\n+ ', '\n'],
  ['a colour code', '\x1b[31m', '\x1b[31m'],
  ['a coloured diff line', '\x1b[m\n\x1b[32m+', '\x1b[m\n\x1b[32m'],
];

const FORMS: Array<[string, (secret: string) => string]> = [
  ['as is', (s) => s],
  ['URL-encoded', (s) => encodeURIComponent(s)],
  ['URL-encoded twice', (s) => encodeURIComponent(encodeURIComponent(s))],
  ['base64', (s) => b64(s)],
  ['base64 of :', (s) => b64(`:${s}`)],
  ['base64 of x-access-token:', (s) => b64(`x-access-token:${s}`)],
  ['url-safe base64 of x-access-token:', (s) => urlSafe(b64(`x-access-token:${s}`)).replace(/=+$/, '')],
];

describe('redaction', () => {
  it('removes the token as is, URL-encoded, and in base64 at any alignment', () => {
    expect(redact(`token=${token}!`)).toBe('token=***!');
    expect(redact(`https://x:${encodeURIComponent(odd)}@h`)).toBe('https://x:***@h');
    for (const prefix of ['', 'a', 'ab', 'abc', 'x-access-token:', 'Authorization: Basic ']) {
      for (const suffix of ['', '\n', 'zz']) {
        const encoded = b64(prefix + token + suffix);
        expect(redact(`header ${encoded}`), `${prefix}|${suffix}`).toContain('***');
        expect(leak(redact(`header ${encoded}`), token), `${prefix}|${suffix}`).toBeUndefined();
      }
    }
  });

  describe.each([
    ['a token', token],
    ['a secret with characters URL encoding changes', odd],
  ])('%s split anywhere', (_, secret) => {
    it.each(FORMS)('%s', (_, encode) => {
      const form = encode(secret);
      for (const [name, split, kept] of SPLITS)
        for (let at = 1; at < form.length; at++) {
          const text = `before ${form.slice(0, at)}${split}${form.slice(at)} after`;
          expect(redact(text), `${name} at ${at}`).toBe(`before ***${kept} after`);
        }
    });

    it.each(FORMS)('%s, broken between every two characters', (_, encode) => {
      // As a tool colouring each character does, or one wrapping at a width of 1.
      const form = encode(secret);
      for (const [name, split, kept] of SPLITS)
        expect(redact(`before ${[...form].join(split)} after`), name).toBe(`before ***${kept.repeat(form.length - 1)} after`);
    });

    it.each([0, 1, 2])('in the base64 of a longer text, alignment %i', (alignment) => {
      const plain = `${'password :='.slice(0, 9 + alignment)}${secret}\nuser=ci\n`;
      const encoded = b64(plain);
      for (const [name, split] of SPLITS)
        for (let at = 1; at < encoded.length; at++) {
          const text = `data: ${encoded.slice(0, at)}${split}${encoded.slice(at)} end`;
          const out = redact(text);
          const where = `${name} at ${at}`;
          expect(out, where).toContain('***');
          expect(leak(out, secret), where).toBeUndefined();
          expect(lineCount(out), where).toBe(lineCount(text));
          // What encodes the text around the secret stays.
          expect(joined(out), where).toMatch(new RegExp(`^data: ${escape(encoded.slice(0, 12))}.*${escape(encoded.slice(-4))} end$`));
        }
    });
  });

  it('masks a token in base64 wrapped at 76 columns, wherever the line breaks fall in it', () => {
    for (let shift = 0; shift < 60; shift++) {
      const config = [
        '[core]',
        '\trepositoryformatversion = 0',
        `[remote "origin"]${' '.repeat(shift)}`,
        `\turl = https://x-access-token:${token}@github.com/example/repo.git`,
        '\tfetch = +refs/heads/*:refs/remotes/origin/*',
        '[branch "main"]',
        '\tremote = origin',
      ].join('\n');
      const wrapped = b64(config).replace(/.{76}(?=.)/g, '$&\n');
      for (const text of [wrapped, wrapped.replace(/\n/g, '\r\n'), wrapped.replace(/^/gm, '    ')]) {
        const out = redact(text);
        expect(leak(out, token), `shift ${shift}`).toBeUndefined();
        expect(lineCount(out)).toBe(lineCount(text));
        const [first, ...rest] = text.split(/\r?\n/);
        const outLines = out.split(/\r?\n/);
        expect(outLines[0]).toBe(first);
        expect(outLines.at(-1)).toBe(rest.at(-1));
      }
    }
  });

  it('leaves ordinary text alone', () => {
    const samples = [
      'picked 3f2a9c1 fix(parser): handle a missing config (#123)',
      '\x1b[32m+\x1b[m added a line\n\x1b[31m-\x1b[m removed one\n  context',
      'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,4 @@\n+# Title\n-old',
      `Authorization: Basic ${b64(`x-access-token:${randomText(40, 9)}`)}`,
      `another token ${['ghp', randomText(36, 10)].join('_')} and its base64 ${b64(randomText(40, 11))}`,
      'password: ******** (ghp_ tokens are masked)',
      '> quoted\n> reply\n\twith a tab\r\nand CRLF\rand CR',
    ];
    for (const text of samples) expect(redact(text)).toBe(text);
    const log = logText(1 << 20);
    expect(redact(log)).toBe(log);
  });

  it('leaves short values alone, so that a 3-letter secret does not shred the output', () => {
    expect(redact('abc abc')).toBe('abc abc');
  });

  it('ignores a secret of dashes where it is not whole', () => {
    const dashes = createRedactor(['-----']);
    expect(dashes('a - b -- c')).toBe('a - b -- c');
    expect(dashes('a ----- b')).toBe('a *** b');
  });

  it('masks a short secret whole, in every form and split', () => {
    const secret = randomText(5, 13);
    const short = createRedactor([secret]);
    for (const [name, encode] of FORMS)
      for (const [, split, kept] of SPLITS) {
        const form = encode(secret);
        expect(short(`[${form.slice(0, 3)}${split}${form.slice(3)}]`), name).toBe(`[***${kept}]`);
      }
    expect(short(`[${secret.slice(0, 4)}]`)).toBe(`[${secret.slice(0, 4)}]`);
  });

  it('masks a secret with line breaks of its own however its lines are broken', () => {
    const [first, second] = [randomText(20, 14), randomText(20, 15)];
    const multiLine = createRedactor([`${first}\n${second}\n`]);
    expect(multiLine(`key:\n${first}\n${second}\ndone`)).toBe('key:\n***\n\ndone');
    expect(multiLine(`key: |\r\n  ${first}\r\n  ${second}\r\n`)).toBe('key: |\r\n  ***\r\n  \r\n');
    expect(multiLine(`joined ${first}${second}!`)).toBe('joined ***!');
    expect(multiLine(`encoded ${encodeURIComponent(`${first}\n${second}\n`)}!`)).toBe('encoded ***!');
  });

  it('masks a secret with an escape character of its own as it is', () => {
    const secret = `${randomText(10, 16)}\x1b[1m${randomText(10, 17)}`;
    expect(createRedactor([secret])(`[${secret}]`)).toBe('[***]');
  });

  describe('a token cut short never shows enough of itself to be used', () => {
    it('masks a prefix or a suffix from 12 characters, so that one cut shows at most 11', () => {
      for (let at = 1; at < token.length; at++) {
        const head = redact(`output ends with ${token.slice(0, at)}`);
        const tail = redact(`${token.slice(at)} started the next chunk`);
        expect(head).toBe(`output ends with ${at >= 12 ? '***' : token.slice(0, at)}`);
        expect(tail).toBe(`${token.length - at >= 12 ? '***' : token.slice(at)} started the next chunk`);
      }
    });

    it('does the same for its base64, cut anywhere after the header', () => {
      const header = b64(`x-access-token:${token}`);
      for (let at = 1; at < header.length; at++) {
        expect(leak(redact(`Basic ${header.slice(0, at)}…`), token, 12), `head ${at}`).toBeUndefined();
        expect(leak(redact(`…${header.slice(at)}`), token, 12), `tail ${at}`).toBeUndefined();
      }
    });

    it('masks both halves of a token wrapped with a prefix it does not know', () => {
      expect(redact(`remote: push with ${token.slice(0, 20)}\nremote: ${token.slice(20)} denied`)).toBe(
        'remote: push with ***\nremote: *** denied',
      );
    });

    it('keeps more than half of a 16-character secret hidden', () => {
      const secret = randomText(16, 12);
      const short = createRedactor([secret]);
      for (let at = 1; at < secret.length; at++) {
        const shown = [short(`[${secret.slice(0, at)}]`), short(`[${secret.slice(at)}]`)]
          .map((t) => t.slice(1, -1))
          .filter((t) => t !== '***');
        expect(shown.join('').length, `cut at ${at}`).toBeLessThan(8);
      }
    });
  });

  describe('a long secret, such as a private key', () => {
    const body = randomText(2400, 18, `${ALNUM}+/`).replace(/.{64}(?=.)/g, '$&\n');
    const key = `-----BEGIN TEST KEY-----\n${body}\n-----END TEST KEY-----\n`;
    const started = performance.now();
    const keyed = createRedactor([key]);
    const firstUse = keyed(`key:\n${key}`);
    const ready = performance.now() - started;

    it('is masked whole, keeping its lines', () => {
      expect(ready).toBeLessThan(3000);
      expect(leak(firstUse, key, 12)).toBeUndefined();
      expect(firstUse).toMatch(/^key:\n(-----)?\*\*\*\n+$/); // the dashes after a line break may stay
      expect(lineCount(firstUse)).toBe(lineCount(`key:\n${key}`));
    });

    it('is masked in its base64, wrapped at 76 columns and indented as in a manifest', () => {
      const manifest = `data:\n  key: |\n${b64(key)
        .replace(/.{76}(?=.)/g, '$&\n')
        .replace(/^/gm, '    ')}\n`;
      const out = keyed(manifest);
      expect(leak(out, key, 12)).toBeUndefined();
      expect(lineCount(out)).toBe(lineCount(manifest));
    });

    it('is masked even in a piece cut on both sides, once that is as long as a piece (128)', () => {
      for (let from = 0; from + 128 <= key.length; from += 7) {
        const out = keyed(`…${key.slice(from, from + 128)}…`);
        expect(leak(out, key, 12), `from ${from}`).toBeUndefined();
        const encoded = b64(key).slice(from, from + 128);
        expect(leak(keyed(`…${encoded}…`), key, 12), `base64 from ${from}`).toBeUndefined();
      }
    });
  });

  it('redacts every string in a report', () => {
    const split = `${token.slice(0, 17)}\n    ${token.slice(17)}`;
    const report = {
      a: [token, { b: `x${token}`, c: [split, 1, null, true] }],
      n: 1,
      nested: { deeper: { header: b64(`x-access-token:${token}`), clean: 'nothing here' } },
    };
    expect(redactDeep(report, redact)).toEqual({
      a: ['***', { b: 'x***', c: ['***\n    ', 1, null, true] }],
      n: 1,
      nested: { deeper: { header: '***', clean: 'nothing here' } },
    });
  });

  it('stays quick on hostile text full of near-misses', () => {
    const piece = `${token.slice(0, 11)}\n\x1b[31m+ ${token.slice(-11)}\r\n`;
    const text = piece.repeat(Math.ceil((1 << 20) / piece.length));
    const started = performance.now();
    redact(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** About `bytes` of what auto-sync logs: commit lines, stack frames, coloured diff lines, timestamps, stat lines. */
function logText(bytes: number): string {
  const next = generator(7);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const words = ['fix', 'feat', 'chore', 'update', 'dependency', 'parser', 'handle', 'error', 'when', 'the', 'config', 'missing', 'README'];
  const hex = (length: number) => randomText(length, Math.floor(next() * 2 ** 31), '0123456789abcdef');
  const lines: string[] = [];
  for (let size = 0; size < bytes; size += lines.at(-1)!.length + 1) {
    const kind = next();
    if (kind < 0.3)
      lines.push(`picked ${hex(40)} ${pick(words)}(${pick(words)}): ${Array.from({ length: 6 }, () => pick(words)).join(' ')}`);
    else if (kind < 0.5)
      lines.push(`    at Object.<anonymous> (scripts/auto-sync/${pick(words)}/${pick(words)}.ts:${Math.floor(next() * 500)}:9)`);
    else if (kind < 0.7) lines.push(`\x1b[32m+\x1b[m ${Array.from({ length: 8 }, () => pick(words)).join(' ')}`);
    else if (kind < 0.85) lines.push(`2024-05-01T12:00:00.000Z [info] ${pick(words)} ${hex(10)} in ${Math.floor(next() * 1000)} ms`);
    else
      lines.push(
        ` ${pick(words)}/${pick(words)}.ts | ${Math.floor(next() * 100)} ${'+'.repeat(Math.floor(next() * 20))}${'-'.repeat(Math.floor(next() * 10))}`,
      );
  }
  return lines.join('\n');
}
