import { describe, expect, it } from 'vitest';
import { parseConventional, parseWithLibrary } from './conventional.ts';

// parseConventional reads the usual header itself and hands the rest to conventional-commits-parser:
// both ways must agree, on a table of known messages and on generated ones (hostile bytes included).

describe('parseConventional', () => {
  const table: [string, { type: string | null; scope: string | null; subject: string; breaking: boolean }][] = [
    ['feat: add x', { type: 'feat', scope: null, subject: 'add x', breaking: false }],
    ['Fix(API): y\n\nbody', { type: 'fix', scope: 'API', subject: 'y', breaking: false }],
    ['feat(core)!: drop z', { type: 'feat', scope: 'core', subject: 'drop z', breaking: true }],
    ['chore: x\n\nBREAKING CHANGE: gone', { type: 'chore', scope: null, subject: 'x', breaking: true }],
    ['Update README', { type: null, scope: null, subject: 'Update README', breaking: false }],
    ['(scope): no type', { type: null, scope: 'scope', subject: '(scope): no type', breaking: false }],
    ['feat:no space', { type: null, scope: null, subject: 'feat:no space', breaking: false }],
    ['Revert "feat: x"\n\nThis reverts commit abc.', { type: null, scope: null, subject: 'Revert "feat: x"', breaking: false }],
  ];
  it.each(table)('%j', (message, expected) => {
    expect(parseConventional(message)).toEqual(expected);
    expect(parseWithLibrary(message)).toEqual(expected);
  });

  it('agrees with the library on generated messages', () => {
    let seed = 0x5eed;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const pieces = [
      'feat',
      'Fix',
      'docs',
      '',
      'BREAKING',
      'x_1',
      '(',
      ')',
      '(core)',
      '()',
      '(a(b))',
      '!',
      ':',
      ': ',
      ' ',
      '\t',
      '\r',
      '\n',
      '\n\n',
      'gpg: sig',
      'BREAKING CHANGE: y',
      'BREAKING-CHANGE',
      '#12',
      '@me',
      'Revert "',
      'This reverts commit 1a.',
      'é',
      '\u2028',
      '\u001e',
      '\u001f',
      '\0',
      'subject words',
      '"',
      '*',
      'closes #3',
    ];
    let compared = 0;
    for (let i = 0; i < 5_000; i++) {
      const message = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(pieces)).join('');
      let expected: unknown;
      try {
        expected = parseWithLibrary(message);
      } catch (error) {
        expect(() => parseConventional(message), JSON.stringify(message)).toThrow((error as Error).message);
        continue;
      }
      expect(parseConventional(message), JSON.stringify(message)).toEqual(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(4_000);
  });
});
