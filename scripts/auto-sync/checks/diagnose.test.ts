import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, diagnose, type Diagnosis } from './diagnose.ts';

// Fixtures: tsc, vitest and node --test output captured from real runs (colours kept where the tool
// printed them); eslint and jest written from their documented default formats.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('diagnose tsc', () => {
  const expected = [
    "src/a.ts TS2322 Type 'string' is not assignable to type 'number'.",
    "src/a.ts TS2322 Type 'string' is not assignable to type 'number'.",
    'src/b.ts TS2554 Expected 1 arguments, but got 2.',
    "src/b.ts TS2322 Type 'number' is not assignable to type 'string'.",
    "src/c.ts TS2741 Property 'age' is missing in type '{ name: string; }' but required in type 'P'.",
    "src/d.ts TS2322 Type '{ a: { b: string; }; }' is not assignable to type 'A'.",
  ];

  it('reads the plain form, without line numbers in the keys', () => {
    const d = diagnose('tsc', fixture('tsc-plain.txt'), '', 2);
    expect(d).toMatchObject({ errors: 6, failures: 0, findings: expected });
    expect(d.firstLines[0]).toBe("src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.");
  });

  it('reads the pretty form with colours, and its "Found N errors" line', () => {
    const d = diagnose('tsc', fixture('tsc-pretty.txt'), '', 2);
    expect(d.findings).toEqual(expected);
    expect(d.errors).toBe(6);
    expect(d.firstLines[2]).toBe('src/b.ts:2:6 - error TS2554: Expected 1 arguments, but got 2.');
    expect(d.tail).not.toContain('\u001b[');
    expect(d.tail.split('\n').length).toBeLessThanOrEqual(40);
  });

  it('reads errors without a file, and relativises absolute paths', () => {
    const out = "error TS5023: Unknown compiler option '--bogus'.\n/work/w1/src/x.ts(1,1): error TS1005: ';' expected.\n";
    expect(diagnose('tsc', out, '', 1, { cwd: '/work/w1' }).findings).toEqual([
      "TS5023 Unknown compiler option '--bogus'.",
      "src/x.ts TS1005 ';' expected.",
    ]);
  });

  it('counts from the summary when the error lines were cut from the output', () => {
    const d = diagnose('tsc', 'src/a.ts:1:1 - error TS1: x\n… [900 characters cut] …\nFound 12 errors in 3 files.\n', '', 2);
    expect(d).toMatchObject({ errors: 12, findings: ['src/a.ts TS1 x'] });
  });
});

describe('diagnose eslint', () => {
  it('keys errors by file, rule and message; warnings are not counted', () => {
    const d = diagnose('eslint', fixture('eslint-stylish.txt'), '', 1, { cwd: '/work/sibling' });
    expect(d.errors).toBe(6);
    expect(d.findings).toEqual([
      "src/full of problems.js no-unused-vars 'addOne' is defined but never used",
      'src/full of problems.js use-isnan Use the isNaN function to compare with NaN',
      "src/full of problems.js space-unary-ops Unexpected space before unary operator '++'",
      "src/full of problems.js consistent-return Function 'addOne' expected a return value",
      'src/types.ts Parsing error: Unexpected token',
      'src/types.ts @typescript-eslint/no-explicit-any Unexpected any. Specify a different type',
    ]);
    expect(d.firstLines[0]).toMatch(/^src\/full of problems\.js: 1:10 {2}error/);
  });

  it('a run with only warnings has no errors', () => {
    const out = '\n/w/a.js\n  3:20  warning  Missing semicolon  semi\n\n✖ 1 problem (0 errors, 1 warning)\n';
    expect(diagnose('eslint', out, '', 0)).toMatchObject({ errors: 0, findings: [] });
  });
});

describe('diagnose vitest', () => {
  it('reads every FAIL line (tests and files that failed to load) and the summary', () => {
    const d = diagnose('vitest', fixture('vitest-stdout.txt'), fixture('vitest-stderr.txt'), 1);
    expect(d.failures).toBe(3); // "Tests 2 failed" + "Failed Suites 1"
    expect(d.findings).toEqual([
      'test/broken.test.mjs',
      'test/math.test.mjs > math > subtracts wrongly',
      'test/math.test.mjs > math > nested > multiplies',
    ]);
    expect(d.firstLines).toContain('AssertionError: expected 2 to be 1 // Object.is equality');
  });

  it('falls back to the × lines when the failure list is missing', () => {
    const d = diagnose('vitest', fixture('vitest-stdout.txt'), '', 1);
    expect(d.findings).toEqual(['subtracts wrongly', 'multiplies']);
    expect(d.failures).toBe(2);
  });
});

describe('diagnose jest', () => {
  it('reads ● lines under FAIL files, suites that failed to run, and stops at the repeated summary', () => {
    const d = diagnose('jest', fixture('jest.txt'), '', 1);
    expect(d.findings).toEqual([
      'src/math.test.js > math > subtracts wrongly',
      'src/math.test.js > math > nested > multiplies',
      'src/broken.test.js',
    ]);
    expect(d.failures).toBe(3); // "Tests: 2 failed" + one suite that failed to run
    expect(d.firstLines.slice(0, 2)).toEqual([
      'src/math.test.js ● math › subtracts wrongly',
      'expect(received).toBe(expected) // Object.is equality',
    ]);
  });
});

describe('diagnose node --test', () => {
  const expected = [
    'test/a.test.mjs > math > subtracts wrongly',
    'test/a.test.mjs > math > nested > multiplies',
    'test/a.test.mjs > top level fails',
    'test/c.test.mjs',
  ];

  it('reads the spec reporter: suite path from the tree, file from the failure list', () => {
    const d = diagnose('node-test', fixture('node-spec.txt'), '', 1);
    expect(d).toMatchObject({ failures: 4, findings: expected });
    expect(d.firstLines[0]).toMatch(/^test\/a\.test\.mjs: ✖ subtracts wrongly/);
  });

  it('reads TAP: suites are not failures of their own, locations give the file', () => {
    const d = diagnose('node-test', fixture('node-tap.txt'), '', 1, { cwd: '/tmp/nt' });
    expect(d).toMatchObject({ failures: 4, findings: expected });
  });

  it('ignores TODO and SKIP directives', () => {
    const tap = 'TAP version 13\nnot ok 1 - later # TODO not yet\nnot ok 2 - skipped # SKIP\nok 3 - fine\n1..3\n# fail 0\n';
    expect(diagnose('node-test', tap, '', 0)).toMatchObject({ failures: 0, findings: [] });
  });
});

describe('diagnose without a parser', () => {
  it('counts nothing but shows error-looking lines of a failed run', () => {
    const d = diagnose('none', 'building\nError: cannot find module x\ndone\n', '', 1);
    expect(d).toMatchObject({ errors: 0, failures: 0, findings: [], firstLines: ['Error: cannot find module x'] });
    expect(d.tail).toBe('building\nError: cannot find module x\ndone');
  });

  it('a crash the parser does not recognise still shows its error lines', () => {
    expect(diagnose('tsc', '', 'Error: Cannot find module typescript\n', 1).firstLines).toEqual(['Error: Cannot find module typescript']);
  });
});

const d = (findings: string[], counts: Partial<Diagnosis> = {}): Diagnosis => ({
  errors: findings.length,
  failures: 0,
  findings,
  firstLines: [],
  tail: '',
  ...counts,
});

describe('compareWithBaseline', () => {
  it('without a baseline everything is new', () => {
    expect(compareWithBaseline(d(['a', 'b']), undefined)).toEqual({ newErrors: 2, newFailures: 0, newFindings: ['a', 'b'] });
  });

  it('is a multiset difference: a second copy of a known error is new, a fixed one does not offset a new one', () => {
    expect(compareWithBaseline(d(['a', 'a', 'c']), d(['a', 'b']))).toEqual({ newErrors: 2, newFailures: 0, newFindings: ['a', 'c'] });
  });

  it('survives shifted lines because keys carry none', () => {
    const before = diagnose('tsc', 'src/a.ts(3,7): error TS2322: Type X.\n', '', 2);
    const after = diagnose('tsc', 'src/a.ts(40,7): error TS2322: Type X.\n', '', 2);
    expect(compareWithBaseline(after, before)).toEqual({ newErrors: 0, newFailures: 0, newFindings: [] });
  });

  it('counts failures for test runners', () => {
    const current = d(['t > x', 't > y'], { errors: 0, failures: 2 });
    expect(compareWithBaseline(current, d(['t > x'], { errors: 0, failures: 1 }))).toEqual({
      newErrors: 0,
      newFailures: 1,
      newFindings: ['t > y'],
    });
  });

  it('falls back to counts, never negative, when findings do not account for them', () => {
    expect(compareWithBaseline(d([], { errors: 5 }), d([], { errors: 3 }))).toEqual({ newErrors: 2, newFailures: 0, newFindings: [] });
    expect(compareWithBaseline(d([], { errors: 1, failures: 1 }), d([], { errors: 3, failures: 4 }))).toEqual({
      newErrors: 0,
      newFailures: 0,
      newFindings: [],
    });
    expect(compareWithBaseline(d(['a'], { errors: 9 }), d(['a', 'b'], { errors: 2 })).newErrors).toBe(7);
  });
});
