import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { compareWithBaseline } from './diagnose.ts';
import { runCheck } from './run-check.ts';
import { scrubEnv } from './scrub-env.ts';
import { projectFactory, TOOLS } from '../test/helpers/checks.ts';

// The parsers against the real tools, run as a check would be: tsc (TypeScript 7), vitest and
// node --test from this project, on throwaway projects with known errors.

const projects = projectFactory('diagnose-live-');
afterEach(() => projects.cleanup());

const project = projects.make;

const env = scrubEnv(process.env);
const runner = new ProcessRunner();

describe('real tool output', () => {
  it('tsc, plain and pretty, and a baseline that survives a shifted line', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] });
    const dir = project({
      'tsconfig.json': tsconfig,
      'src/a.ts': "export const x: number = 'hello';\n",
      'src/b.ts': 'export function f(a: string): number {\n  return a;\n}\nf(1);\n',
    });
    const expected = [
      "src/a.ts TS2322 Type 'string' is not assignable to type 'number'.",
      "src/b.ts TS2322 Type 'string' is not assignable to type 'number'.",
      "src/b.ts TS2345 Argument of type 'number' is not assignable to parameter of type 'string'.",
    ];
    for (const pretty of ['false', 'true']) {
      const result = await runCheck(
        runner,
        { name: 'tsc', run: [TOOLS.node, TOOLS.tsc, '-p', '.', '--pretty', pretty], timeoutMs: 60_000, parser: 'tsc' },
        { cwd: dir, env },
      );
      expect(result.status).toBe('failed');
      expect(result.diagnosis.errors).toBe(3);
      expect(result.diagnosis.findings).toEqual(expected);
    }
    const baseline = (
      await runCheck(runner, { name: 'tsc', run: [TOOLS.node, TOOLS.tsc, '-p', '.'], timeoutMs: 60_000, parser: 'tsc' }, { cwd: dir, env })
    ).diagnosis;
    writeFileSync(join(dir, 'src/a.ts'), "// moved down\n\nexport const x: number = 'hello';\nexport const y: string = 1;\n");
    const current = (
      await runCheck(runner, { name: 'tsc', run: [TOOLS.node, TOOLS.tsc, '-p', '.'], timeoutMs: 60_000, parser: 'tsc' }, { cwd: dir, env })
    ).diagnosis;
    expect(compareWithBaseline(current, baseline)).toEqual({
      newErrors: 1,
      newFailures: 0,
      newFindings: ["src/a.ts TS2322 Type 'number' is not assignable to type 'string'."],
    });
  });

  it('vitest, in its own root with its own config', async () => {
    const dir = project({
      'package.json': '{ "type": "module" }',
      'vitest.config.mjs': "export default { test: { include: ['test/**/*.test.mjs'] } };\n",
      'test/math.test.mjs': [
        "import { describe, it, expect } from 'vitest';",
        "describe('math', () => {",
        "  it('adds', () => { expect(1 + 1).toBe(2); });",
        "  it('subtracts wrongly', () => { expect(3 - 1).toBe(1); });",
        '});',
      ].join('\n'),
      'test/broken.test.mjs': "import { it } from 'vitest';\nthrow new Error('module blew up');\n",
    });
    const run = [TOOLS.node, TOOLS.vitest, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs')];
    const result = await runCheck(runner, { name: 'vitest', run, timeoutMs: 60_000, parser: 'vitest' }, { cwd: dir, env });
    expect(result.status).toBe('failed');
    expect(result.diagnosis.failures).toBe(2);
    expect(result.diagnosis.findings.sort()).toEqual(['test/broken.test.mjs', 'test/math.test.mjs > math > subtracts wrongly']);
  });

  it('node --test, spec (default) and TAP', async () => {
    const dir = project({
      'test/a.test.mjs': [
        "import { describe, it } from 'node:test';",
        "import assert from 'node:assert/strict';",
        "describe('math', () => {",
        "  it('adds', () => { assert.equal(1 + 1, 2); });",
        "  describe('nested', () => { it('multiplies', () => { assert.equal(2 * 2, 5); }); });",
        '});',
      ].join('\n'),
      'test/b.test.mjs': "import { test } from 'node:test';\ntest('b ok', () => {});\n",
    });
    for (const reporter of ['spec', 'tap']) {
      const run = [TOOLS.node, '--test', `--test-reporter=${reporter}`];
      const result = await runCheck(runner, { name: 'node', run, timeoutMs: 60_000, parser: 'node-test' }, { cwd: dir, env });
      expect(result.status).toBe('failed');
      expect(result.diagnosis).toMatchObject({ failures: 1, findings: ['test/a.test.mjs > math > nested > multiplies'] });
    }
  });
});
