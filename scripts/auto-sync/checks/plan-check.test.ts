import { describe, expect, it } from 'vitest';
import { splitCommandLine } from './command-line.ts';
import { planCheck, scriptOf, toolOf, type ConfiguredCheck, type RepoFacts } from './plan-check.ts';

// How a configured check is fitted to the repository it runs in (pure: facts in, plan out).

const REPORT = '/tmp/home/reports/test.json';

function facts(scripts: Record<string, string>, deps: string[] = [], tsconfigs: string[] = []): RepoFacts {
  return { packageJson: true, scripts, dependencies: new Set(deps), tsconfigs };
}
const check = (run: ConfiguredCheck['run'], parser: ConfiguredCheck['parser'] = 'auto', name = 'test'): ConfiguredCheck => ({
  name,
  run,
  parser,
  timeoutMs: 1_000,
});

describe('splitCommandLine', () => {
  it('splits words like sh, with quotes and escapes', () => {
    expect(splitCommandLine(`jest --testPathPattern 'a b' "c\\"d" e\\ f`)).toEqual({
      segments: [['jest', '--testPathPattern', 'a b', 'c"d', 'e f']],
      simple: true,
    });
  });

  it('marks several commands, expansions and redirections as not simple', () => {
    expect(splitCommandLine('tsc && eslint --fix .')).toEqual({ segments: [['tsc'], ['eslint', '--fix', '.']], simple: false });
    for (const line of ['jest $ARGS', 'jest > out.txt', 'jest `x`', 'jest "$(x)"', 'jest # comment', 'jest | tee x'])
      expect(splitCommandLine(line).simple, line).toBe(false);
  });
});

describe('scriptOf and toolOf', () => {
  it('recognises npm, pnpm and yarn script calls', () => {
    expect(scriptOf(['npm', 'test'])).toMatchObject({ manager: 'npm', name: 'test', extra: [] });
    expect(scriptOf(['npm', 'run', '--if-present', 'lint', '--', '--max-warnings', '0'])).toMatchObject({
      name: 'lint',
      extra: ['--max-warnings', '0'],
      hasSeparator: true,
    });
    expect(scriptOf(['pnpm', 'run', 'build'])).toMatchObject({ manager: 'pnpm', name: 'build' });
    expect(scriptOf(['npx', 'jest'])).toBeUndefined();
  });

  it('finds the program past env assignments and runners', () => {
    expect(toolOf(['NODE_ENV=test', 'jest', '--ci'])).toBe('jest');
    expect(toolOf(['npx', '--no-install', 'tsc', '--noEmit'])).toBe('tsc');
    expect(toolOf(['cross-env', 'A=1', 'vitest', 'run'])).toBe('vitest');
    expect(toolOf(['node', '--test'])).toBe('node-test');
    expect(toolOf(['node', '--experimental-vm-modules', 'node_modules/jest/bin/jest.js'])).toBe('jest');
    expect(toolOf(['/abs/typescript/bin/tsc', '-p', '.'])).toBe('tsc');
    expect(toolOf(['node', '-e', 'process.exit(0)'])).toBeUndefined();
    expect(toolOf(['mocha'])).toBe('mocha');
  });
});

describe('planCheck: the test runner', () => {
  it('reads jest from the test script and asks it for its JSON report', () => {
    const planned = planCheck(check('npm test'), facts({ test: 'jest' }, ['jest']), REPORT);
    expect(planned).toMatchObject({
      kind: 'run',
      tool: 'jest',
      spec: {
        parser: 'jest',
        run: ['npm', 'test', '--', '--json', `--outputFile=${REPORT}`],
        report: { path: REPORT, format: 'jest-json' },
      },
    });
  });

  it('vitest gets its json reporter beside the default one', () => {
    const planned = planCheck(check('npm test'), facts({ test: 'vitest run' }), REPORT);
    expect(planned).toMatchObject({
      spec: {
        parser: 'vitest',
        run: ['npm', 'test', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`],
        report: { format: 'jest-json' },
      },
    });
  });

  it('a compound script keeps its command and gets the parser of its one tool', () => {
    const planned = planCheck(check('npm test'), facts({ test: 'npm run build && jest --ci' }), REPORT);
    expect(planned).toMatchObject({ kind: 'run', spec: { run: 'npm test', parser: 'jest' } });
    expect(planned.kind === 'run' && planned.spec.report).toBeUndefined();
  });

  it('node --test: TAP asked for where Node takes the option; mocha: parser none, no report', () => {
    expect(planCheck(check('npm test'), facts({ test: 'node --test' }), REPORT)).toMatchObject({
      spec: { run: ['npm', 'test', '--', '--test-reporter=tap'], parser: 'node-test' },
    });
    expect(planCheck(check('node --test --experimental-strip-types'), facts({}), REPORT)).toMatchObject({
      spec: { run: ['node', '--test', '--experimental-strip-types', '--test-reporter=tap'], parser: 'node-test' },
    });
    // After a file argument Node would take the option for a file name: the printed output is read.
    for (const test of ['node --test test/', 'node --test --test-reporter=spec'])
      expect(planCheck(check('npm test'), facts({ test }), REPORT)).toMatchObject({ spec: { run: 'npm test', parser: 'node-test' } });
    expect(planCheck(check('npm test'), facts({ test: 'mocha' }), REPORT)).toMatchObject({ spec: { run: 'npm test', parser: 'none' } });
  });

  it('an explicit parser is kept; the report is asked for only when it is the tool’s', () => {
    expect(planCheck(check('npm test', 'vitest'), facts({ test: 'jest' }), REPORT)).toMatchObject({
      spec: { run: 'npm test', parser: 'vitest' },
    });
    expect(planCheck(check('npm test', 'jest'), facts({ test: 'jest' }), REPORT)).toMatchObject({
      spec: { parser: 'jest', report: { format: 'jest-json' } },
    });
  });

  it('leaves a script that already chose its reporter alone', () => {
    expect(planCheck(check('npm test'), facts({ test: 'jest --json' }), REPORT)).toMatchObject({ spec: { run: 'npm test' } });
  });

  it('a missing script, or npm’s placeholder, is skipped with the reason', () => {
    expect(planCheck(check('npm test'), facts({}), REPORT)).toEqual({ kind: 'skip', reason: 'package.json has no "test" script' });
    expect(planCheck(check('npm run --if-present lint', 'auto', 'lint'), facts({ test: 'jest' }), REPORT)).toEqual({
      kind: 'skip',
      reason: 'package.json has no "lint" script',
    });
    expect(planCheck(check('npm test'), facts({ test: 'echo "Error: no test specified" && exit 1' }), REPORT)).toMatchObject({
      kind: 'skip',
    });
    expect(planCheck(check('npm test'), { ...facts({}), packageJson: false }, REPORT)).toEqual({ kind: 'skip', reason: 'no package.json' });
  });
});

describe('planCheck: linters never fix', () => {
  it('runs a lint script that is eslint --fix as eslint without --fix, with the JSON report', () => {
    const planned = planCheck(check('npm run --if-present lint', 'auto', 'lint'), facts({ lint: 'eslint --fix src' }), REPORT);
    expect(planned).toMatchObject({ kind: 'run', tool: 'eslint', spec: { parser: 'eslint', report: { format: 'eslint-json' } } });
    if (planned.kind !== 'run') throw new Error('not run');
    expect(planned.spec.run).toEqual([
      '/bin/sh',
      '-c',
      'PATH="$PWD/node_modules/.bin:$PATH" exec "$@"',
      'sh',
      'eslint',
      'src',
      '--format',
      'json',
      '--output-file',
      REPORT,
    ]);
    expect(planned.notes).toContain('runs eslint without --fix (from the "lint" script)');
  });

  it('refuses a fixing command it cannot take apart', () => {
    const planned = planCheck(check('npm run lint', 'auto', 'lint'), facts({ lint: 'eslint --fix . && prettier --write .' }), REPORT);
    expect(planned.kind).toBe('refuse');
    expect(planned.kind === 'refuse' && planned.message).toMatch(/changes files \(--fix\): a check must not fix what it checks/);
    expect(planCheck(check('npx prettier --write .', 'auto', 'format'), facts({}), REPORT)).toMatchObject({ kind: 'refuse' });
    // --fix-dry-run writes nothing.
    expect(planCheck(check('npx eslint --fix-dry-run .', 'auto', 'lint'), facts({}), REPORT)).toMatchObject({ kind: 'run' });
  });

  it('a plain eslint script gets the JSON report through npm', () => {
    expect(planCheck(check('npm run lint', 'auto', 'lint'), facts({ lint: 'eslint .' }), REPORT)).toMatchObject({
      spec: { run: ['npm', 'run', 'lint', '--', '--format', 'json', '--output-file', REPORT], parser: 'eslint' },
    });
  });
});

describe('planCheck: tsc only in a TypeScript project', () => {
  const typecheck = check('npx --no-install tsc --noEmit', 'auto', 'typecheck');

  it('runs with --pretty false where there is a tsconfig.json and typescript', () => {
    expect(planCheck(typecheck, facts({}, ['typescript'], ['tsconfig.json']), REPORT)).toMatchObject({
      kind: 'run',
      spec: { parser: 'tsc', run: ['npx', '--no-install', 'tsc', '--noEmit', '--pretty', 'false'] },
    });
  });

  it('is skipped in a plain JavaScript app, with the reason', () => {
    expect(planCheck(typecheck, facts({}, [], []), REPORT)).toEqual({ kind: 'skip', reason: 'not a TypeScript project: no tsconfig.json' });
    expect(planCheck(typecheck, facts({}, [], ['tsconfig.json']), REPORT)).toMatchObject({
      kind: 'skip',
      reason: expect.stringContaining('"typescript" is not in package.json\'s dependencies'),
    });
  });

  it('a tsc named by path needs the tsconfig, not the dependency', () => {
    expect(
      planCheck(check(['/x/typescript/bin/tsc', '--noEmit', '-p', '.'], 'tsc'), facts({}, [], ['tsconfig.json']), REPORT),
    ).toMatchObject({
      kind: 'run',
    });
  });
});
