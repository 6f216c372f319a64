import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultWorkDir } from '../pipeline/verify.ts';
import { secretForms } from '../output/redact.ts';
import type { Report, ReportSource } from '../report/model.ts';
import { cliEnv, ENTRY, writeConfig, type CliResult } from './helpers/cli.ts';
import { makeTempDir, TestRepo, type FileTree } from './helpers/repo.ts';

// The verify phase through the real CLI (`run --apply`): what sibling code can see, how hung
// checks and smoke servers are stopped, the baseline, install caching and conflicts that stop a
// batch. Every test builds its own target and fork. Commands use this process's node (Node 24):
// the `node` on PATH may be older. Checks run in the sandbox (verify.sandbox "auto"): they can
// write only their validation directory (what they leave for the test goes there, see `left`),
// and pids inside their PID namespace mean nothing outside, so processes are found by a marker.

const NODE = process.execPath;
const TSX = import.meta.resolve('tsx');
// A run that leaks a child never ends (the child holds its pipes): fail well before the test timeout.
const RUN_TIMEOUT_MS = 40_000;

// Processes first (their pid files are in the directories removed next).
const kills: (() => void)[] = [];
const removals: (() => void)[] = [];

afterAll(() => {
  for (const kill of kills) kill();
  for (const remove of removals) remove();
});

interface Fixture {
  work: string;
  target: TestRepo;
  fork: TestRepo;
}

/** A target with one commit of `files`, a fork cloned from it, and their removal after the file. */
function setUp(files: FileTree): Fixture {
  const work = makeTempDir('auto-sync-verify-e2e-');
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', files);
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  removals.push(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(defaultWorkDir(target.dir), { recursive: true, force: true });
  });
  return { work, target, fork };
}

interface Applied {
  result: CliResult;
  report: Report;
  source: ReportSource;
  wallMs: number;
}

let runs = 0;

/** `run --apply` with the config written next to (never inside) the target; returns the JSON report. */
async function apply(fx: Fixture, config: Record<string, unknown>, env: Record<string, string> = {}): Promise<Applied> {
  const n = ++runs;
  const configPath = writeConfig(
    fx.work,
    { sources: [{ name: 'fork', url: fx.fork.dir }], retry: { attempts: 1, backoffMs: 0 }, checks: [], smoke: [], ...config },
    `config-${n}.json`,
  );
  const reportPath = join(fx.work, `report-${n}.json`);
  const started = performance.now();
  const result = await runCliWithin(['run', '--apply', '--config', configPath, '--report', reportPath], { cwd: fx.target.dir, env });
  const wallMs = performance.now() - started;
  if (result.killed) throw new Error(`the run did not finish within ${RUN_TIMEOUT_MS} ms (a child left running?):\n${result.stderr}`);
  if (!existsSync(reportPath)) throw new Error(`no report (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  return { result, report, source: report.sources[0]!, wallMs };
}

/** Like helpers/cli.ts runCli, with a shorter limit that says so. */
function runCliWithin(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliResult & { killed: boolean }> {
  return new Promise((resolve) => {
    execFile(
      NODE,
      ['--import', TSX, ENTRY, ...args],
      { cwd: options.cwd, env: cliEnv(options.env), maxBuffer: 64 * 1024 * 1024, timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, killed: error?.killed === true });
      },
    );
  });
}

const check = (source: ReportSource, name: string) => {
  const found = source.checks?.find((c) => c.name === name);
  if (!found) throw new Error(`no check "${name}" in ${JSON.stringify(source.checks)}`);
  return found;
};

/** A file a check left in its validation directory (kept until the next run materializes it again). */
function left(fx: Fixture, name: string): string {
  return join(defaultWorkDir(fx.target.dir), 'sources', 'fork', name);
}

/** Lines a test process appended to a file it left. */
function linesIn(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Live (not zombie) processes on this machine whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) return [];
    try {
      const running = !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${name}/stat`, 'utf8'));
      return running && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker) ? [Number(name)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

async function runningAfterSettling(markers: readonly string[]): Promise<number[]> {
  const all = () => markers.flatMap(processesWith);
  for (let i = 0; i < 10 && all().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return all();
}

let markers = 0;
/** A string to put in a command line, unique to this test run. */
const marker = (name: string) => `${name}-${process.pid}-${++markers}-marker`;

/** Kills what a failed assertion would otherwise leave behind: processes with these markers. */
function killAfterwards(list: readonly string[]): void {
  kills.push(() => {
    for (const pid of list.flatMap(processesWith)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  });
}

describe('verify: what sibling code can see', () => {
  it('runs checks with no token, no git config and a throwaway HOME', async () => {
    const fx = setUp({ 'src/a.mjs': 'export const a = 1;\n' });
    const secret = {
      sourcePat: 'ghp_SourcePatE2E_1a2b3c4d',
      githubToken: 'ghs_GithubTokenE2E_5e6f7a8b',
      actions: 'actionsRuntimeE2E_9c0d1e2f',
      extraHeader: 'extraHeaderE2E_3a4b5c6d',
      gitParameters: 'gitParamsE2E_7e8f9a0b',
      inTargetConfig: 'targetGitConfigE2E_1c2d3e4f',
      inHome: 'homeCredentialE2E_5a6b7c8d',
    };
    const env = {
      SOURCE_PAT: secret.sourcePat,
      GITHUB_TOKEN: secret.githubToken,
      ACTIONS_RUNTIME_TOKEN: secret.actions,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${secret.extraHeader}`,
      GIT_CONFIG_PARAMETERS: `'http.extraheader'='Authorization: Basic ${secret.gitParameters}'`,
    };
    // Credentials where a check might look: the target's own .git/config and the caller's HOME.
    fx.target.git(['config', 'http.extraHeader', `Authorization: Basic ${secret.inTargetConfig}`]);
    const home = join(fx.work, 'home');
    mkdirSync(home);
    writeFileSync(join(home, '.git-credentials'), `https://x-access-token:${secret.inHome}@example.test\n`);
    writeFileSync(join(home, '.gitconfig'), `[http]\n\textraHeader = Authorization: Basic ${secret.inHome}\n`);

    const sandboxed = process.platform === 'linux'; // .ci/run installs bubblewrap; unshare is there anyway
    fx.fork.commit('feat: add a self-check', {
      'tools/self-check.mjs': `
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
const read = (path) => { try { return readFileSync(path, 'utf8'); } catch { return null; } };
const git = (...args) => { try { return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (error) { return { failed: String(error.stderr ?? error.message) }; } };
const gitConfigs = {};
for (let up = 0; up < 12; up++) {
  const path = '../'.repeat(up) + '.git/config';
  const text = read(path);
  if (text !== null) gitConfigs[path] = text;
}
const write = (path) => { try { writeFileSync(path, 'planted'); return true; } catch { return false; } };
const environs = readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map((p) => read('/proc/' + p + '/environ') ?? '').join('\\n');
writeFileSync('leak.json', JSON.stringify({
  uid: process.getuid(),
  pids: readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map(Number),
  environs,
  targetGitConfig: read(${JSON.stringify(join(fx.target.dir, '.git', 'config'))}),
  wroteTarget: write(${JSON.stringify(join(fx.target.dir, 'planted.txt'))}),
  wroteCallerHome: write(${JSON.stringify(join(home, 'planted.txt'))}),
  env: process.env,
  cwd: process.cwd(),
  dotGitExists: existsSync('.git'),
  gitConfigs,
  gitConfigList: git('config', '--list', '--show-origin'),
  gitToplevel: git('rev-parse', '--show-toplevel'),
  homeFiles: { credentials: read(homedir() + '/.git-credentials'), gitconfig: read(homedir() + '/.gitconfig') },
}, null, 2));
`,
    });

    const { result, source } = await apply(
      fx,
      { checks: [{ name: 'self-check', run: [NODE, 'tools/self-check.mjs'], timeoutMs: 30_000 }] },
      { ...env, HOME: home },
    );

    expect(check(source, 'self-check').status).toBe('passed');
    const leakFile = left(fx, 'leak.json');
    expect(existsSync(leakFile)).toBe(true);
    const text = readFileSync(leakFile, 'utf8');
    for (const value of Object.values(secret))
      for (const form of secretForms(value)) expect(text, `${value} as ${form}`).not.toContain(form);
    const leak = JSON.parse(text) as {
      uid: number;
      pids: number[];
      environs: string;
      targetGitConfig: string | null;
      wroteTarget: boolean;
      wroteCallerHome: boolean;
      env: Record<string, string>;
      cwd: string;
      dotGitExists: boolean;
      gitConfigs: Record<string, string>;
      gitConfigList: string | { failed: string };
      gitToplevel: string | { failed: string };
      homeFiles: { credentials: string | null; gitconfig: string | null };
    };
    expect(Object.keys(leak.env).filter((name) => /TOKEN|_PAT$|^ACTIONS_|^GIT_CONFIG_(COUNT|KEY|VALUE|PARAMETERS)/.test(name))).toEqual([]);
    expect(leak.env.GIT_CONFIG_GLOBAL).toMatch(/auto-sync-home-[^/]+\/\.auto-sync-empty-gitconfig$/);
    expect(leak.env).toMatchObject({ GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', CI: 'true' });
    expect(leak.env.GIT_AUTHOR_NAME).toBeUndefined(); // the caller's other variables are not listed either
    // HOME is a fresh directory, not the caller's, and it is gone after the run.
    expect(leak.env.HOME).toBeTruthy();
    expect(leak.env.HOME).not.toBe(home);
    expect(leak.env.HOME!.startsWith(`${home}/`)).toBe(false);
    expect(existsSync(leak.env.HOME!)).toBe(false);
    expect(leak.homeFiles).toEqual({ credentials: null, gitconfig: null });
    // The check ran outside any repository: no .git at any relative path, and git finds none.
    expect(leak.cwd.startsWith(fx.target.dir)).toBe(false);
    expect(leak.dotGitExists).toBe(false);
    expect(leak.gitConfigs).toEqual({});
    expect(leak.gitConfigList).toBe(''); // no config from anywhere: not the command line, not a file
    expect(leak.gitToplevel).toMatchObject({ failed: expect.stringContaining('not a git repository') });
    // The sandbox: another uid (as root), only its own processes, the target and the caller's HOME
    // neither readable nor writable, and the log says which sandbox it was, once.
    if (sandboxed) {
      expect(result.stderr.match(/sandbox: (bwrap|unshare-root|unshare-user) /g)).toHaveLength(1);
      if (process.getuid?.() === 0) expect(leak.uid).toBe(65534);
      expect(leak.pids.length).toBeLessThan(10);
      expect(Math.max(...leak.pids)).toBeLessThan(100);
      expect(leak.targetGitConfig).toBeNull();
      expect({ target: leak.wroteTarget, home: leak.wroteCallerHome }).toEqual({ target: false, home: false });
      expect(existsSync(join(fx.target.dir, 'planted.txt'))).toBe(false);
      expect(existsSync(join(home, 'planted.txt'))).toBe(false);
    }
    // The run itself printed no secret either, and applied the batch.
    for (const value of Object.values(secret)) expect(result.stdout + result.stderr).not.toContain(value);
    expect(result.code).toBe(0);
    expect(source.outcome).toBe('merged');
  });
});

describe('verify: stopping what sibling code starts', () => {
  it('kills a hung check and its SIGTERM-ignoring grandchildren at the timeout, then proposes', async () => {
    const fx = setUp({ 'src/a.mjs': 'export const a = 1;\n' });
    fx.fork.commit('feat: something that hangs its checks', { 'src/b.mjs': 'export const b = 1;\n' });
    const leader = marker('hang');
    const grandchild = marker('stubborn-grandchild');
    const daemon = marker('stubborn-daemon');
    killAfterwards([leader, grandchild, daemon]);
    const timeoutMs = 1_500;
    const graceMs = 2_000; // proc/run.ts FORCE_KILL_AFTER_MS: SIGTERM, then SIGKILL this much later

    const mainBefore = fx.target.head('main');
    const { result, source, wallMs } = await apply(fx, {
      checks: [
        {
          name: 'hang',
          run: [NODE, '-e', `/* ${leader} */ require('fs').appendFileSync('hang.started', 'x\\n'); setInterval(() => {}, 1000)`],
          timeoutMs,
        },
        {
          name: 'stubborn',
          // A grandchild that ignores SIGTERM too, and a daemon that left the process group.
          run: `trap '' TERM; sh -c 'sleep 60; : ${grandchild}' & setsid sh -c 'sleep 60; : ${daemon}' & echo x >> stubborn.started; wait`,
          timeoutMs,
        },
      ],
    });

    const hang = check(source, 'hang');
    const stubborn = check(source, 'stubborn');
    expect(hang.status).toBe('timed-out');
    expect(stubborn.status).toBe('timed-out');
    // node dies on SIGTERM; the shell and its sleep ignore it and need the SIGKILL after the grace.
    expect(hang.durationMs).toBeGreaterThanOrEqual(timeoutMs);
    expect(hang.durationMs).toBeLessThan(timeoutMs + 1_000);
    expect(stubborn.durationMs).toBeGreaterThanOrEqual(timeoutMs + graceMs - 100);
    expect(stubborn.durationMs).toBeLessThan(timeoutMs + graceMs + 1_500);
    // Both checks, perhaps twice (the baseline runs them on the target head too), and everything else: far below the 60 s sleep.
    expect(wallMs).toBeLessThan(25_000);
    expect(linesIn(left(fx, 'hang.started')).length).toBeGreaterThanOrEqual(1);
    expect(linesIn(left(fx, 'stubborn.started')).length).toBeGreaterThanOrEqual(1);
    // The daemon outlives its group; only the sandbox's PID namespace takes it along.
    expect(await runningAfterSettling(process.platform === 'linux' ? [leader, grandchild, daemon] : [leader, grandchild])).toEqual([]);

    expect(result.code).toBe(0);
    expect(source.outcome).toBe('pull-request');
    expect(source.decision?.decidedBy).toBe('checks');
    expect(source.merge).toBeNull();
    expect(source.proposal?.action).toBe('created');
    expect(existsSync(join(fx.target.dir, '.neon', 'proposals', `${source.proposal!.id}-fork.json`))).toBe(true);
    expect(fx.target.head('main')).toBe(mainBefore);
  });

  it('starts smoke servers, probes them, and stops them every time', async () => {
    const fx = setUp({
      'src/a.mjs': 'export const a = 1;\n',
      // The target app's server: PORT from the probe; pid file, status and SIGTERM handling from argv.
      'server.mjs': `
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';
const [pidFile, status = '200', mode = ''] = process.argv.slice(2);
appendFileSync(pidFile, process.pid + '\\n');
if (mode === 'ignore-term') process.on('SIGTERM', () => {});
createServer((req, res) => {
  res.statusCode = req.url === '/health' ? Number(status) : 404;
  res.end(String(res.statusCode));
}).listen(Number(process.env.PORT), process.env.HOST);
`,
    });
    // The pid file names are the markers: they are in the servers' command lines.
    const goodPids = `${marker('good')}.pids`;
    const brokenPids = `${marker('broken')}.pids`;
    killAfterwards([goodPids, brokenPids]);
    const good = { name: 'health', start: [NODE, 'server.mjs', goodPids], url: '/health', timeoutMs: 15_000 };

    fx.fork.commit('feat: a healthy change', { 'src/b.mjs': 'export const b = 1;\n' });
    const first = await apply(fx, { smoke: [good] });
    expect(first.source.smoke).toMatchObject([{ name: 'health', status: 'passed', httpStatus: 200 }]);
    expect(linesIn(left(fx, goodPids))).toHaveLength(1);
    expect(await runningAfterSettling([goodPids])).toEqual([]);
    expect(first.source.outcome).toBe('merged');
    expect(fx.target.git(['log', '-1', '--format=%B', 'main'])).toContain(`Auto-Sync-Origin: fork@${fx.fork.head()}`);

    // A server that answers 500 (and ignores SIGTERM): the probe fails and the batch is proposed.
    fx.fork.commit('feat: another change', { 'src/c.mjs': 'export const c = 1;\n' });
    const mainBefore = fx.target.head('main');
    const second = await apply(fx, {
      smoke: [good, { name: 'broken', start: [NODE, 'server.mjs', brokenPids, '500', 'ignore-term'], url: '/health', timeoutMs: 1_500 }],
    });
    expect(second.source.smoke).toMatchObject([
      { name: 'health', status: 'passed', httpStatus: 200 },
      { name: 'broken', status: 'failed', httpStatus: 500 },
    ]);
    expect(second.source.smoke?.[1]?.message).toContain('answered 500, expected 200');
    expect(linesIn(left(fx, brokenPids))).toHaveLength(1);
    expect(await runningAfterSettling([goodPids, brokenPids])).toEqual([]);
    expect(second.source.outcome).toBe('pull-request');
    expect(second.source.decision?.decidedBy).toBe('smoke');
    expect(second.source.proposal).not.toBeNull();
    expect(fx.target.head('main')).toBe(mainBefore);
  });
});

describe('verify: the baseline on the target head', () => {
  it('lets a clean batch through a test that already fails on the target, but not a new failure', async () => {
    const fx = setUp({
      'package.json': '{ "name": "app", "private": true, "type": "module" }\n',
      'test/base.test.mjs': `
import { test } from 'node:test';
import assert from 'node:assert/strict';
test('base passes', () => assert.equal(1, 1));
test('base is broken on main', () => assert.equal(1, 2));
`,
    });
    const tests = { name: 'test', run: [NODE, '--test', '--test-reporter=spec'], parser: 'node-test', timeoutMs: 30_000 };

    fx.fork.commit('feat: add double()', {
      'src/double.mjs': 'export const double = (n) => n * 2;\n',
      'test/double.test.mjs': `
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { double } from '../src/double.mjs';
test('double doubles', () => assert.equal(double(2), 4));
`,
    });
    const clean = await apply(fx, { checks: [tests] });
    expect(check(clean.source, 'test')).toMatchObject({ status: 'passed', failures: 1, newFailures: 0, newFindings: [] });
    expect(check(clean.source, 'test').message).toMatch(/fails on the target head too/);
    expect(clean.source.risk?.level).toBe('low');
    expect(clean.source.outcome).toBe('merged');
    expect(fx.target.git(['show', 'main:src/double.mjs'])).toContain('double');

    fx.fork.commit('feat: add half()', {
      'test/half.test.mjs': `
import { test } from 'node:test';
import assert from 'node:assert/strict';
test('half halves', () => assert.equal(3 / 2, 1));
`,
    });
    const mainBefore = fx.target.head('main');
    const broken = await apply(fx, { checks: [tests] });
    const outcome = check(broken.source, 'test');
    expect(outcome).toMatchObject({ status: 'failed', failures: 2, newFailures: 1 });
    expect(outcome.newFindings).toEqual([expect.stringContaining('half halves')]);
    expect(broken.source.risk?.factors.find((f) => f.name === 'testFailures')?.value).toBe(1);
    expect(broken.source.outcome).toBe('pull-request');
    expect(broken.source.decision?.decidedBy).toBe('test-failures');
    expect(fx.target.head('main')).toBe(mainBefore);
  });
});

describe('verify: a failing check whose output says nothing', () => {
  it('is not let through because it fails on the target head too: the failure could be new', async () => {
    const fx = setUp({ 'package.json': '{ "name": "app", "private": true }\n', 'src/a.mjs': 'export const a = 1;\n' });
    const lint = { name: 'lint', run: [NODE, '-e', 'process.exit(1)'], parser: 'none', timeoutMs: 30_000 };
    fx.fork.commit('feat: add b', { 'src/b.mjs': 'export const b = 1;\n' });
    const mainBefore = fx.target.head('main');
    const { source } = await apply(fx, { checks: [lint] });
    expect(check(source, 'lint')).toMatchObject({ status: 'failed', errors: 0, failures: 0 });
    expect(check(source, 'lint').message).toMatch(/cannot be told apart/);
    expect(source.outcome).toBe('pull-request');
    expect(fx.target.head('main')).toBe(mainBefore);
  });
});

describe('verify: install', () => {
  it('installs only when there are dependencies and the lockfile changed', async () => {
    const fx = setUp({
      'package.json': '{ "name": "app", "version": "1.0.0", "private": true, "dependencies": {} }\n',
      'src/a.mjs': 'export const a = 1;\n',
    });
    // In node_modules: the one part of the validation directory kept from run to run.
    const counter = left(fx, 'node_modules/.installs-count');
    const installs = () => (existsSync(counter) ? readFileSync(counter, 'utf8').length : 0);
    const config = {
      // About install caching, not risk: a dependency and a lockfile change must not make a proposal.
      risk: { weights: { dependencies: 0, lockfile: 0 } },
      install: {
        run: [
          NODE,
          '-e',
          "const fs = require('fs'); fs.mkdirSync('node_modules/x', { recursive: true }); fs.appendFileSync('node_modules/.installs-count', '1')",
        ],
      },
      // node_modules is there exactly when package.json has dependencies (kept between runs).
      checks: [
        {
          name: 'modules',
          run: [
            NODE,
            '-e',
            "const fs = require('fs'); const deps = Object.keys(JSON.parse(fs.readFileSync('package.json', 'utf8')).dependencies ?? {}); process.exit((deps.length > 0) === fs.existsSync('node_modules/x') ? 0 : 1)",
          ],
        },
      ],
    };
    const lock = (version: string) =>
      `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'app', version: '1.0.0', dependencies: { x: version } }, 'node_modules/x': { version } } }, null, 2)}\n`;
    const withDependency = '{ "name": "app", "version": "1.0.0", "private": true, "dependencies": { "x": "^1.0.0" } }\n';
    const steps: { commit: [string, FileTree]; installs: number }[] = [
      { commit: ['feat: no dependencies yet', { 'src/b.mjs': 'export const b = 1;\n' }], installs: 0 },
      { commit: ['feat: depend on x', { 'package.json': withDependency, 'package-lock.json': lock('1.0.0') }], installs: 1 },
      { commit: ['feat: code only', { 'src/c.mjs': 'export const c = 1;\n' }], installs: 1 },
      { commit: ['fix: update x', { 'package-lock.json': lock('1.0.1') }], installs: 2 },
    ];
    for (const [i, step] of steps.entries()) {
      fx.fork.commit(...step.commit);
      const { source } = await apply(fx, config);
      expect(installs(), `after run ${i + 1} (${step.commit[0]})`).toBe(step.installs);
      expect(check(source, 'modules').status, `run ${i + 1}`).toBe('passed');
      expect(source.outcome, `run ${i + 1}`).toBe('merged');
    }
  });

  it("installs again when the dependencies or another package manager's lockfile change, with no package-lock.json", async () => {
    // A project with no lockfile, or another package manager's (install.run is configurable).
    const fx = setUp({
      'package.json': '{ "name": "app", "private": true, "dependencies": { "x": "^1.0.0" } }\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    });
    const counter = left(fx, 'node_modules/.installs-count');
    const installs = () => (existsSync(counter) ? readFileSync(counter, 'utf8').length : 0);
    const count =
      "const fs = require('fs'); fs.mkdirSync('node_modules', { recursive: true }); fs.appendFileSync('node_modules/.installs-count', '1')";
    const config = { risk: { weights: { dependencies: 0, lockfile: 0 } }, install: { run: [NODE, '-e', count] } };
    const steps: { commit: [string, FileTree]; installs: number }[] = [
      { commit: ['feat: code only', { 'src/a.mjs': 'export const a = 1;\n' }], installs: 1 },
      {
        commit: [
          'feat: depend on y too',
          { 'package.json': '{ "name": "app", "private": true, "dependencies": { "x": "^1.0.0", "y": "^2.0.0" } }\n' },
        ],
        installs: 2,
      },
      { commit: ['fix: update the pnpm lockfile', { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n# y resolved\n" }], installs: 3 },
      { commit: ['feat: more code', { 'src/b.mjs': 'export const b = 1;\n' }], installs: 3 },
    ];
    for (const [i, step] of steps.entries()) {
      fx.fork.commit(...step.commit);
      const { source } = await apply(fx, config);
      expect(installs(), `after run ${i + 1} (${step.commit[0]})`).toBe(step.installs);
      expect(source.outcome, `run ${i + 1}`).toBe('merged');
    }
  });
});

describe('commits.onConflict', () => {
  it('"stop" stops the batch at a conflict and leaves the later commits pending', async () => {
    const fx = setUp({ 'src/a.mjs': 'export const a = 1;\n' });
    fx.target.commit('fix: the target changes a', { 'src/a.mjs': 'export const a = "target";\n' });
    const before = fx.fork.commit('feat: add x', { 'src/x.mjs': 'export const x = 1;\n' });
    const conflicting = fx.fork.commit('fix: the fork changes a', { 'src/a.mjs': 'export const a = "fork";\n' });
    const after = fx.fork.commit('feat: add y', { 'src/y.mjs': 'export const y = 1;\n' });
    // A copy of the target to show that "skip" (the default) would have applied the last commit.
    const copy = { ...fx, target: TestRepo.clone(fx.target.dir, { dir: join(fx.work, 'target-skip') }) };
    removals.push(() => rmSync(defaultWorkDir(copy.target.dir), { recursive: true, force: true }));

    const { source } = await apply(fx, { commits: { onConflict: 'stop' } });
    const reasons = Object.fromEntries(source.commits.map((c) => [c.sha, [c.reason, c.pending]]));
    expect(reasons).toEqual({ [before]: ['picked', false], [conflicting]: ['conflict', true], [after]: ['after-conflict', true] });
    expect(source.integration).toMatchObject({ applied: 1, conflicts: [{ sha: conflicting, paths: ['src/a.mjs'] }] });
    expect(source.outcome).toBe('merged');
    const tree = fx.target.git(['ls-tree', '-r', '--name-only', 'main']);
    expect(tree).toContain('src/x.mjs');
    expect(tree).not.toContain('src/y.mjs');
    expect(fx.target.git(['show', 'main:src/a.mjs'])).toContain('"target"');

    const skip = await apply(copy, { commits: { onConflict: 'skip' } });
    expect(skip.source.commits.find((c) => c.sha === after)?.reason).toBe('picked');
    expect(copy.target.git(['ls-tree', '-r', '--name-only', 'main'])).toContain('src/y.mjs');
  });
});
