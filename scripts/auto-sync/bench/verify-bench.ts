// The verify phase on the next hourly run, through the real CLI: `prepare` once, then `verify` twice
// on the same hand-off with the target head unchanged. The second verify must find node_modules
// installed from the same lockfile (install skipped) and the baseline of the target head in its
// cache (no check re-run on the target head). Beside it, what a run without reuse pays at least:
// `npm ci --ignore-scripts` and the check once, in a fresh copy of the same tree.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_FILE, RESULTS_FILE, type PlanFile, type ResultsFile, type VerifiedSource } from '../handoff/files.ts';
import { defaultWorkDir } from '../pipeline/verify.ts';
import { runCli, writeConfig, type CliResult } from '../test/helpers/cli.ts';
import { makeTempDir, TestRepo } from '../test/helpers/repo.ts';

const INSTALL = 'npm ci --ignore-scripts';
const DEPENDENCY = 'tiny-dep';

/** Single quotes for sh: the check runs with a scrubbed environment, so paths go in literally. */
const sq = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Lines for `npm run bench`: a title, the figures, then ''. Throws when the second verify reused nothing. */
export async function benchVerifyReuse(): Promise<string[]> {
  const root = makeTempDir('auto-sync-bench-verify-');
  let workDir: string | undefined;
  try {
    const counter = join(root, 'check-runs.log');
    const runs = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
    // For npm outside verify: a throwaway HOME (no ~/.npmrc of the caller) and the caller's npm cache, as verify gives its installs.
    const npmEnv = (home: string) => ({
      PATH: process.env.PATH ?? '',
      HOME: home,
      CI: 'true',
      ...(process.env.HOME ? { npm_config_cache: join(process.env.HOME, '.npm') } : {}),
    });

    // The target: one local dependency inside the tree (so it installs offline and from any
    // directory verify copies the tree to), and a test that fails on main already.
    const target = TestRepo.init({ dir: join(root, 'target') });
    workDir = defaultWorkDir(target.dir);
    rmSync(workDir, { recursive: true, force: true });
    const files: Record<string, string> = {
      'package.json': `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { [DEPENDENCY]: `file:packages/${DEPENDENCY}` } }, null, 2)}\n`,
      [`packages/${DEPENDENCY}/package.json`]: `${JSON.stringify({ name: DEPENDENCY, version: '1.0.0', main: 'index.js' }, null, 2)}\n`,
      [`packages/${DEPENDENCY}/index.js`]: 'module.exports = { answer: 42 };\n',
      // No registry round trip for an audit or funding notice: the install stays offline.
      '.npmrc': 'audit=false\nfund=false\nupdate-notifier=false\n',
      '.gitignore': 'node_modules/\n',
      'test/app.test.mjs': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import dep from '${DEPENDENCY}';
test('the dependency is installed', () => assert.equal(dep.answer, 42));
test('known to be broken on main', () => assert.equal(dep.answer, 41));
`,
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(target.dir, path, '..'), { recursive: true });
      writeFileSync(join(target.dir, path), content);
    }
    const setupHome = join(root, 'setup-home');
    mkdirSync(setupHome);
    execFileSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts'], {
      cwd: target.dir,
      env: npmEnv(setupHome),
      stdio: 'pipe',
    });
    if (!existsSync(join(target.dir, 'package-lock.json'))) throw new Error('verify bench: npm did not write package-lock.json');
    target.commit('chore: initial');

    const fork = TestRepo.clone(target.dir, { dir: join(root, 'fork') });
    fork.commit('feat: add double()', {
      'src/double.mjs': 'export const double = (n) => n * 2;\n',
      'test/double.test.mjs': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { double } from '../src/double.mjs';
test('double doubles', () => assert.equal(double(2), 4));
`,
    });

    // Every run of the check, on the batch or on the target head, adds a line to the counter.
    const checkCommand = `echo run >> ${sq(counter)} && exec ${sq(process.execPath)} --test --test-reporter=spec`;
    const config = writeConfig(root, {
      sources: [{ name: 'fork', url: fork.dir }],
      retry: { attempts: 1, backoffMs: 0 },
      install: { run: INSTALL, timeoutMs: 120_000 },
      checks: [{ name: 'test', run: checkCommand, parser: 'node-test', timeoutMs: 60_000 }],
      smoke: [],
      // The check counts its runs in a file of the bench's, which a sandbox would not let it write;
      // this section measures reuse (install skipped, baseline cached), not isolation.
      verify: { sandbox: 'off' },
    });

    // The CLI's environment is clean; TMPDIR goes along so that its work dir is the one removed below.
    const cliOptions = { cwd: target.dir, env: { TMPDIR: process.env.TMPDIR } };
    const handoff = join(root, 'handoff');
    const prepared = await runCli(['prepare', '--out', handoff, '--config', config], cliOptions);
    if (prepared.code !== 0) throw new Error(`verify bench: prepare failed (exit ${prepared.code}):\n${prepared.stderr}`);
    const plan = JSON.parse(readFileSync(join(handoff, PLAN_FILE), 'utf8')) as PlanFile;
    const head = plan.sources[0]?.integration?.head;
    if (!head) throw new Error(`verify bench: prepare built no integration for the fork:\n${prepared.stdout}\n${prepared.stderr}`);

    // verify installs in the baseline directory too when it computes a baseline; results.json does
    // not say so, the mark it writes there after an install does.
    const baselineMark = join(workDir, 'baseline', 'node_modules', '.auto-sync-installed');
    const markTime = () => (existsSync(baselineMark) ? statSync(baselineMark).mtimeMs : undefined);
    const verifyOnce = async () => {
      const before = runs();
      const markBefore = markTime();
      const started = performance.now();
      const result = await runCli(['verify', '--in', handoff, '--config', config], cliOptions);
      const ms = performance.now() - started;
      if (result.code !== 0) throw new Error(`verify bench: verify failed (exit ${result.code}):\n${result.stderr}`);
      const results = JSON.parse(readFileSync(join(handoff, RESULTS_FILE), 'utf8')) as ResultsFile;
      const source = results.sources.find((s) => s.name === 'fork');
      if (!source) throw new Error(`verify bench: results.json has no source "fork":\n${result.stderr}`);
      const onBatch = source.checks.filter((c) => c.status !== 'skipped').length;
      const total = runs() - before;
      const baselineInstalled = markTime() !== markBefore;
      return { ms, source, result, total, onBaseline: total - onBatch, baselineInstalled };
    };
    type Verified = Awaited<ReturnType<typeof verifyOnce>>;

    const first = await verifyOnce();
    // The fixture must exercise both caches, or the second run proves nothing.
    if (first.source.install.status !== 'ran') throw fixtureError('the first verify did not install', first);
    if (!first.source.baseline || first.source.baseline.cached || first.onBaseline < 1)
      throw fixtureError('the first verify did not compute a baseline', first);
    const second = await verifyOnce();
    const problems = [
      ...(second.source.install.status === 'skipped'
        ? []
        : [`install ${second.source.install.status} (${second.source.install.reason}) instead of skipped`]),
      ...(second.source.baseline?.cached === true
        ? []
        : [`baseline ${second.source.baseline ? 'computed again' : 'missing'} instead of read from the cache`]),
      ...(second.onBaseline === 0 ? [] : [`${plural(second.onBaseline, 'check run')} on the target head instead of none`]),
      ...(second.baselineInstalled ? ['an install for the baseline'] : []),
      ...(second.source.head === first.source.head && second.source.baseline?.tree === first.source.baseline.tree
        ? []
        : ['the second verify validated another head or baseline tree']),
    ];
    if (problems.length > 0)
      throw new Error(
        `verify bench: REGRESSION — the next verify with the target head unchanged did not reuse its install and baseline: ${problems.join('; ')}\n${summary(second)}`,
      );
    for (const run of [first, second]) {
      const test = run.source.checks.find((c) => c.name === 'test');
      if (test?.status !== 'passed') throw fixtureError('the check, failing on main too, was not let through as a known failure', run);
    }

    // The bare baseline: a fresh copy of the same tree, one install, the check once.
    const bare = join(root, 'bare');
    const bareHome = join(root, 'bare-home');
    mkdirSync(bare);
    mkdirSync(bareHome);
    execFileSync('git', ['archive', '--output', join(root, 'tree.tar'), head], { cwd: target.dir });
    execFileSync('tar', ['-xf', join(root, 'tree.tar'), '-C', bare]);
    const before = runs();
    const started = performance.now();
    const installed = spawnSync('sh', ['-c', INSTALL], { cwd: bare, env: npmEnv(bareHome), stdio: 'pipe', encoding: 'utf8' });
    const checked = spawnSync('sh', ['-c', checkCommand], { cwd: bare, env: npmEnv(bareHome), stdio: 'pipe', encoding: 'utf8' });
    const bareMs = performance.now() - started;
    if (installed.status !== 0) throw new Error(`verify bench: bare ${INSTALL} failed (exit ${installed.status}):\n${installed.stderr}`);
    if (runs() - before !== 1 || checked.status !== 1)
      throw new Error(
        `verify bench: the bare check did not run as on main (exit ${checked.status}):\n${checked.stdout}\n${checked.stderr}`,
      );

    const detail = (run: Verified) => {
      const install = `${run.source.install.status === 'ran' ? `install ran in ${seconds(run.source.install.durationMs)}` : `install ${run.source.install.status}`}${run.baselineInstalled ? ' + once for the baseline' : ''}`;
      const baseline = run.source.baseline?.cached ? 'baseline cached' : 'baseline computed';
      return `${install}, ${baseline}: ${plural(run.total, 'check run')}, ${run.onBaseline} on the baseline`;
    };
    return [
      'Validation when the target head is unchanged (1 failing check that fails on main too, 1 local dependency; single runs, CLI start-up included)',
      `  first verify:                   ${seconds(first.ms)}  (${detail(first)})`,
      `  next verify, same target head:  ${seconds(second.ms)}  (${detail(second)})`,
      `  bare (${INSTALL} + the check once): ${seconds(bareMs)}`,
      '',
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
}

function summary(run: { source: VerifiedSource; total: number; result: CliResult }): string {
  const { install, baseline, checks } = run.source;
  return `install: ${JSON.stringify(install)}\nbaseline: ${JSON.stringify(baseline)}\nchecks: ${JSON.stringify(checks.map((c) => ({ name: c.name, status: c.status, message: c.message })))}\ncheck runs: ${run.total}\nstderr:\n${run.result.stderr}`;
}

function fixtureError(what: string, run: { source: VerifiedSource; total: number; result: CliResult }): Error {
  return new Error(`verify bench: ${what}\n${summary(run)}`);
}
