import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, diagnose } from './diagnose.ts';
import { parseTsc } from './parse-compilers.ts';
import { makeContext } from './parse-util.ts';

// Machine-readable reports captured from real runs (jest 30, vitest 5, eslint 10, tsc 7 in
// /tmp/adopt-scratch): counted without the registry; test/adoption.e2e.test.ts runs the tools.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('jest --json', () => {
  it('reads failing tests with their suite path, as the text parser keys them', () => {
    const d = diagnose('jest', '', fixture('jest-30-stderr.txt'), 1, {
      cwd: '/tmp/adopt-scratch/p',
      report: { format: 'jest-json', text: fixture('jest-30.json') },
    });
    expect(d).toMatchObject({ failures: 1, findings: ['math.test.js > math > subtracts wrongly'], fromReport: true });
    expect(d.firstLines).toEqual([
      'math.test.js ● math › subtracts wrongly',
      'Error: expect(received).toBe(expected) // Object.is equality',
    ]);
    expect(d.unrecognised).toBeUndefined();
    // The same run read from its printed output has the same key (printed as ./math.test.js).
    expect(diagnose('jest', '', fixture('jest-30-stderr.txt'), 1).findings).toEqual(['math.test.js > math > subtracts wrongly']);
  });
});

describe('vitest json reporter', () => {
  it('reads failing tests and a file that failed to load', () => {
    const d = diagnose('vitest', '', '', 1, {
      cwd: '/tmp/adopt-scratch/v',
      report: { format: 'jest-json', text: fixture('vitest-5.json') },
    });
    expect(d.failures).toBe(2);
    expect(d.findings).toEqual(['broken.test.js', 'math.test.js > math > subtracts wrongly']);
    expect(d.firstLines).toContain("Cannot find module './missing.js' imported from /tmp/adopt-scratch/v/broken.test.js");
  });

  it('falls back to the printed output when there is no report, or it is not one', () => {
    const printed = ' FAIL  test/a.test.ts > a > b\nAssertionError: x\n      Tests  1 failed (1)\n';
    for (const text of [undefined, 'not json', '{"unexpected": true}']) {
      const d = diagnose('vitest', printed, '', 1, { report: { format: 'jest-json', text } });
      expect(d.findings).toEqual(['test/a.test.ts > a > b']);
      expect(d.fromReport).toBeUndefined();
    }
  });
});

describe('eslint --format json', () => {
  it('counts errors with file, rule and message, parsing errors without a rule', () => {
    const d = diagnose('eslint', '', '', 1, {
      cwd: '/tmp/adopt-scratch/e',
      report: { format: 'eslint-json', text: fixture('eslint-10.json') },
    });
    expect(d.errors).toBe(2);
    expect(d.findings).toEqual([
      "src/a.js prefer-const 'x' is never reassigned. Use 'const' instead.",
      'src/bad.js Parsing error: Unexpected token (',
    ]);
    expect(d.firstLines[0]).toBe("src/a.js: 1:5  error  'x' is never reassigned. Use 'const' instead.  prefer-const");
  });
});

describe('tsc configuration errors', () => {
  it('are a problem, not type errors to compare (tsc 7 output)', () => {
    const d = diagnose('tsc', fixture('tsc-7-config-error.txt'), '', 1);
    expect(d.problem).toMatch(/configuration error.*tsconfig\.json TS5023 Unknown compiler option 'bogusOpt'/);
    expect(d.errors).toBe(2);
  });

  it('global TS5xxx/TS6xxx/TS18003 and anything in a JSON file count; a located TS6133 in a source file does not', () => {
    const ctx = makeContext(undefined);
    const problem = (line: string) => parseTsc([line], ctx).problem;
    expect(problem("error TS5023: Unknown compiler option '--bogus'.")).toBeDefined();
    expect(problem("error TS6053: File '/x/base.json' not found.")).toBeDefined();
    expect(problem("error TS18003: No inputs were found in config file 'tsconfig.json'.")).toBeDefined();
    expect(problem('tsconfig.json(1,50): error TS1136: Property assignment expected.')).toBeDefined();
    expect(problem("src/a.ts(1,7): error TS6133: 'x' is declared but its value is never read.")).toBeUndefined();
    expect(problem("src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.")).toBeUndefined();
  });
});

describe('a failure nothing explains', () => {
  it('is marked unrecognised, and compares as all new', () => {
    const d = diagnose('tsc', 'Segmentation fault\n', '', 139);
    expect(d).toMatchObject({ errors: 0, failures: 0, unrecognised: true });
    expect(diagnose('none', 'x\n', '', 1).unrecognised).toBeUndefined();
    expect(diagnose('tsc', '', '', 0).unrecognised).toBeUndefined();
    expect(compareWithBaseline(d, d)).toEqual({ newErrors: 0, newFailures: 0, newFindings: [] });
  });
});
