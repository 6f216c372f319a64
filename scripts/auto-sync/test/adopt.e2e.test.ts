import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliEnv, writeConfig, type CliResult } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// Adopting auto-sync the way the README says ("Using it on your repository"): a fresh app with its
// own test suite gets only auto-sync.config.json; the tool runs from its own checkout
// (dist/auto-sync.mjs) against it. The app's files, package.json and test run stay its own, no
// node_modules appears, and a sync lands.

const BUNDLE = fileURLToPath(new URL('../../../dist/auto-sync.mjs', import.meta.url));
const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;

const run = (args: readonly string[], cwd: string): Promise<CliResult> =>
  new Promise((resolve) =>
    execFile(process.execPath, [BUNDLE, ...args], { cwd, env: cliEnv({ PATH }), timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
const nodeTest = (dir: string) =>
  execFileSync(process.execPath, ['--test'], { cwd: dir, env: cliEnv({ PATH }), encoding: 'utf8' }).match(/^# (tests|pass|fail) \d+$/gm);

describe('adopting auto-sync on a fresh repository', () => {
  it('adds only the config to the app, and a sync runs', async () => {
    const work = makeTempDir('auto-sync-adopt-');
    const app = TestRepo.init({ dir: join(work, 'app') });
    const pkg = `${JSON.stringify({ name: 'app', private: true, type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`;
    app.commit('chore: the app', {
      'package.json': pkg,
      'src/sum.js': 'export const sum = (a, b) => a + b;\n',
      'test/sum.test.js':
        "import test from 'node:test';\nimport assert from 'node:assert';\nimport { sum } from '../src/sum.js';\ntest('sum', () => assert.equal(sum(1, 2), 3));\n",
    });
    const before = nodeTest(app.dir);
    const sibling = TestRepo.clone(app.dir, { dir: join(work, 'sibling') });
    sibling.commit('feat: product', { 'src/product.js': 'export const product = (a, b) => a * b;\n' });
    // README step 1: the configuration, committed with the app.
    writeConfig(app.dir, {
      sources: [{ name: 'sibling', url: sibling.dir }],
      checks: [{ name: 'test', run: 'npm test', parser: 'none' }], // the app's own suite, validated in verify
      smoke: [],
    });
    app.git(['add', 'auto-sync.config.json']);
    app.git(['commit', '-q', '-m', 'chore: auto-sync config']);

    const dry = await run(['--repo', app.dir], work);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('dry run');
    const apply = await run(['run', '--apply', '--repo', app.dir], work);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(apply.stdout).toMatch(/MERGED/);

    expect(app.git(['show', 'main:src/product.js'])).toContain('product');
    expect(readFileSync(join(app.dir, 'package.json'), 'utf8')).toBe(pkg);
    expect(existsSync(join(app.dir, 'node_modules')), 'no node_modules in the app').toBe(false);
    const tracked = app.git(['ls-tree', '-r', '--name-only', 'main']).split('\n').filter(Boolean).sort();
    expect(tracked).toEqual(['auto-sync.config.json', 'package.json', 'src/product.js', 'src/sum.js', 'test/sum.test.js']);
    expect(nodeTest(app.dir), "the app's own test run is unchanged").toEqual(before);
  });
});
