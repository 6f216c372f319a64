import { symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { judgeAgainstBaseline } from '../plan/baseline.ts';
import { compareWithBaseline } from './diagnose.ts';
import { planCheck, type ConfiguredCheck } from './plan-check.ts';
import { readRepoFacts } from './repo-facts.ts';
import { runCheck, type CheckResult } from './run-check.ts';
import { scrubEnv } from './scrub-env.ts';
import { projectFactory } from '../test/helpers/checks.ts';

// The default checks against real jest 30 and eslint 10 (devDependencies of this project, installed
// from the registry by `npm ci`), the way verify runs them: the check planned from the project's
// package.json scripts (parser auto, machine-readable report asked for), run, then judged against the
// same check on the target head. A project whose node_modules is this project's (npm run finds the
// tools in node_modules/.bin, as it would after the target's own `npm ci`).

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const projects = projectFactory('diagnose-tools-');
afterEach(() => projects.cleanup());

function project(files: Record<string, string>): string {
  const dir = projects.make(files);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const env = scrubEnv(process.env);
const runner = new ProcessRunner();

async function check(dir: string, configured: ConfiguredCheck): Promise<CheckResult> {
  const planned = planCheck(configured, await readRepoFacts(dir), join(dir, '.auto-sync-report.json'));
  if (planned.kind !== 'run') throw new Error(`not run: ${JSON.stringify(planned)}`);
  return runCheck(runner, planned.spec, { cwd: dir, env });
}

function judged(current: CheckResult, baseline: CheckResult) {
  return judgeAgainstBaseline(
    { status: current.status, errors: current.diagnosis.errors, failures: current.diagnosis.failures },
    baseline,
    compareWithBaseline(current.diagnosis, baseline.diagnosis),
  );
}

const TEST: ConfiguredCheck = { name: 'test', run: 'npm test', timeoutMs: 120_000, parser: 'auto' };
const LINT: ConfiguredCheck = { name: 'lint', run: 'npm run --if-present lint', timeoutMs: 120_000, parser: 'auto' };

describe('real jest and eslint, through the default checks', () => {
  it('jest: one known failure on the target head, one new in the batch: 1 new failure, never "0 new"', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'app', private: true, scripts: { test: 'jest' } }),
      'jest.config.js': 'module.exports = { testEnvironment: "node", cacheDirectory: "<rootDir>/.jest-cache" };\n',
      'math.js': 'exports.add = (a, b) => a + b;\nexports.sub = (a, b) => a - b;\n',
      'math.test.js': [
        "const { add, sub } = require('./math');",
        "test('adds', () => { expect(add(1, 1)).toBe(2); });",
        "test('known broken', () => { expect(sub(3, 1)).toBe(1); });",
      ].join('\n'),
    };
    const dir = project(files);
    const baseline = await check(dir, TEST);
    expect(baseline.status).toBe('failed');
    expect(baseline.diagnosis).toMatchObject({ failures: 1, findings: ['math.test.js > known broken'] });

    // The batch breaks add(): a new failure beside the known one.
    writeFileSync(join(dir, 'math.js'), 'exports.add = (a, b) => a - b - 1;\nexports.sub = (a, b) => a - b;\n');
    const current = await check(dir, TEST);
    expect(current.status).toBe('failed');
    expect(current.diagnosis.failures).toBe(2);
    expect(judged(current, baseline)).toMatchObject({ newFailures: 1, newFindings: ['math.test.js > adds'] });
    expect(judged(current, baseline).status).toBeUndefined(); // stays failed: no auto-merge

    // The known failure alone is excused, and only then.
    writeFileSync(join(dir, 'math.js'), files['math.js']);
    const again = await check(dir, TEST);
    expect(judged(again, baseline)).toMatchObject({ status: 'passed', newFailures: 0 });
  });

  it('jest that cannot start (a broken config): failed, output not recognised, never excused', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'app', private: true, scripts: { test: 'jest' } }),
      'jest.config.js': 'throw new Error("config blew up");\n',
      'a.test.js': "test('a', () => {});\n",
    });
    const result = await check(dir, TEST);
    expect(result.status).toBe('failed');
    expect(result.diagnosis.unrecognised).toBe(true);
    expect(result.message).toMatch(/output not recognised/);
    // The same on the target head: both unrecognised, so nothing tells a new failure apart.
    expect(judged(result, result).status).toBeUndefined();
  });

  it('eslint: `eslint --fix` in the lint script runs without --fix, and a new error is counted', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', scripts: { lint: 'eslint --fix .' } }),
      'eslint.config.js': "export default [{ files: ['**/*.js'], rules: { 'no-var': 'error', 'no-debugger': 'error' } }];\n",
      'a.js': 'var known = 1;\nexport { known };\n',
    };
    const dir = project(files);
    const baseline = await check(dir, LINT);
    expect(baseline.status).toBe('failed');
    expect(baseline.diagnosis.errors).toBe(1);

    writeFileSync(join(dir, 'b.js'), 'export function f() {\n  debugger;\n}\n');
    const current = await check(dir, LINT);
    expect(current.diagnosis.errors).toBe(2);
    expect(judged(current, baseline)).toMatchObject({ newErrors: 1 });
    expect(judged(current, baseline).status).toBeUndefined();
    expect(current.diagnosis.findings.join('\n')).toMatch(/b\.js.*no-debugger/);
    // --fix did not run: the file the batch added is as it was.
    expect((await import('node:fs')).readFileSync(join(dir, 'a.js'), 'utf8')).toBe(files['a.js']);
  });
});
