import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../report/model.ts';
import { cliEnv, ENTRY, writeConfig } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// Runs at once, stop signals and kills, through the real CLI (`run --apply`, local forge): a second
// run waits for the lock or fails with LOCKED, a stale lock is taken over, SIGINT / SIGTERM during
// verify end every process and temp directory and exit 130 / 143, and a SIGKILLed run's temp
// directories are swept by the next run; each ends where one uninterrupted run would.
// Every run gets a TMPDIR of its own, so "no temp dir left" is looked at where only it writes.

const NODE = process.execPath;
const TSX = import.meta.resolve('tsx');
const RUN_TIMEOUT_MS = 60_000;

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
  /** The commit the fork has and the target lacks. */
  picked: string;
  /** verify's work directory (AUTO_SYNC_WORK_DIR). */
  workDir: string;
  tmp: string;
  config: string;
}

let markers = 0;
const marker = (name: string) => `${name}-${process.pid}-${++markers}-marker`;

/**
 * A target, a fork one commit ahead (and a second fork, fork2, with another commit), and a check
 * that passes at once, or — in the source named by AUTO_SYNC_TEST_HOLD — starts a child and a setsid daemon (markers in their command lines), says so in its
 * validation directory and waits for them (5 min).
 */
function setUp(
  options: { checkMs?: number; workDir?: string; sandbox?: 'auto' | 'off'; second?: boolean } = {},
): Fixture & { child: string; daemon: string; second?: { fork: TestRepo; picked: string } } {
  const work = makeTempDir('auto-sync-faults-lock-');
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.mjs': 'export const a = 1;\n' });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  const picked = fork.commit('feat: b', { 'src/b.mjs': 'export const b = 1;\n' });
  const fork2 = options.second ? TestRepo.clone(target.dir, { dir: join(work, 'fork2') }) : undefined;
  const second = fork2 ? { fork: fork2, picked: fork2.commit('feat: c', { 'src/c.mjs': 'export const c = 1;\n' }) } : undefined;
  const child = marker('child');
  const daemon = marker('daemon');
  kills.push(() => killMarked([child, daemon]));
  removals.push(() => rmSync(work, { recursive: true, force: true }));
  const hold = `setsid sh -c 'sleep 300; : ${daemon}' & sh -c 'sleep 300; : ${child}' & echo x >> hold.started; wait`;
  const config = writeConfig(work, {
    sources: [{ name: 'fork', url: fork.dir }, ...(fork2 ? [{ name: 'fork2', url: fork2.dir }] : [])],
    retry: { attempts: 1, backoffMs: 0 },
    checks: [
      {
        name: 'check',
        // Holds in the validation directory of the source named by AUTO_SYNC_TEST_HOLD.
        run: `if [ "$(basename "$(pwd)")" = "$AUTO_SYNC_TEST_HOLD" ]; then ${hold}; fi; ${options.checkMs ? `sleep ${options.checkMs / 1000}; ` : ''}exit 0`,
        timeoutMs: 600_000,
      },
    ],
    smoke: [],
    verify: { envAllow: ['AUTO_SYNC_TEST_HOLD'], sandbox: options.sandbox ?? 'auto' },
  });
  const fx = {
    work,
    target,
    fork,
    picked,
    workDir: options.workDir ?? join(work, 'verify-work'),
    tmp: join(work, 'tmp'),
    config,
    child,
    daemon,
    ...(second ? { second } : {}),
  };
  mkdirSync(fx.tmp);
  return fx;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report: Report | undefined;
}

let runs = 0;

/** Starts `run --apply` on the fixture; `done` resolves when it has ended (killed after RUN_TIMEOUT_MS). */
function startRun(
  fx: Fixture,
  env: Record<string, string> = {},
  command: readonly string[] = ['run', '--apply'],
): { pid: number; done: Promise<Finished> } {
  const reportPath = join(fx.work, `report-${++runs}.json`);
  const child = spawn(NODE, ['--import', TSX, ENTRY, ...command, '--config', fx.config, '--report', reportPath], {
    cwd: fx.target.dir,
    env: cliEnv({ AUTO_SYNC_WORK_DIR: fx.workDir, TMPDIR: fx.tmp, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const done = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
      resolve({ code, signal, stdout, stderr, report });
    }),
  );
  return { pid: child.pid!, done };
}

async function waitFor(what: string, test: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Live (not zombie) processes whose command line holds one of the markers. */
function processesWith(list: readonly string[]): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      const running = !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${name}/stat`, 'utf8'));
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      return running && list.some((m) => cmdline.includes(m)) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

function killMarked(list: readonly string[]): void {
  for (const pid of processesWith(list)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

async function leftRunning(list: readonly string[]): Promise<number[]> {
  for (let i = 0; i < 20 && processesWith(list).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return processesWith(list);
}

/** auto-sync's temp directories under the run's TMPDIR and in /dev/shm (of that run's pid there). */
function tempDirsLeft(fx: Fixture, pid: number): string[] {
  const ours = readdirSync(fx.tmp).filter((name) => name.startsWith('auto-sync-'));
  const shm = existsSync('/dev/shm')
    ? readdirSync('/dev/shm').filter((name) => name.includes(`-${pid}-`) && name.startsWith('auto-sync-'))
    : [];
  return [...ours, ...shm];
}

const lockFile = (fx: Fixture) => join(fx.target.dir, '.git', 'auto-sync.lock');

/** How often `sha`'s change reached main: commits on main naming it in their Auto-Sync-Origin trailer. */
function deliveredTimes(fx: Fixture, sha: string): number {
  return fx.target
    .git(['log', '--format=%(trailers:key=Auto-Sync-Origin,valueonly)', 'main'])
    .split('\n')
    .filter((line) => line.includes(sha)).length;
}

function recorded(fx: Fixture): { lastHead?: string; decision?: string } {
  const state = JSON.parse(readFileSync(join(fx.target.dir, '.neon', 'auto-sync-state.json'), 'utf8')) as {
    sources: Record<string, { lastHead?: string; commits: Record<string, { decision: string }> }>;
  };
  const fork = state.sources.fork;
  return { lastHead: fork?.lastHead, decision: fork?.commits[fx.picked]?.decision };
}

/** What one uninterrupted run gives: the commit on main once, recorded as applied, the fork's head as last head. */
function expectConverged(fx: Fixture): void {
  expect(deliveredTimes(fx, fx.picked)).toBe(1);
  expect(recorded(fx)).toEqual({ lastHead: fx.picked, decision: 'applied' });
  expect(existsSync(lockFile(fx))).toBe(false);
}

describe('runs at once on one target', () => {
  it('the second waits for the first, then finds nothing left to do', async () => {
    const fx = setUp({ checkMs: 1_500 });
    const first = startRun(fx, { AUTO_SYNC_LOCK_WAIT_MS: '60000' });
    await waitFor('the first run to hold the lock', () => existsSync(lockFile(fx)));
    const second = startRun(fx, { AUTO_SYNC_LOCK_WAIT_MS: '60000' });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout + b.stderr).toMatch(
      new RegExp(`waiting up to 60\\.0 s for the run holding .*auto-sync\\.lock \\(pid ${first.pid}, started `),
    );
    expect(a.report?.sources[0]?.outcome).toBe('merged');
    expect(b.report?.sources[0]?.outcome).toBe('nothing');
    expectConverged(fx);
  });

  it('the second fails with LOCKED when the first holds the lock past the wait', async () => {
    const fx = setUp({ checkMs: 1_500 });
    const first = startRun(fx);
    await waitFor('the first run to hold the lock', () => existsSync(lockFile(fx)));
    const second = await startRun(fx, { AUTO_SYNC_LOCK_WAIT_MS: '200' }).done;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('LOCKED: another auto-sync run holds the lock on this target');
    expect(second.stderr).toContain(`pid ${first.pid} on ${hostname()}`);
    expect(second.stderr).toContain(`kill ${first.pid}`);
    const a = await first.done;
    expect(a.code, a.stderr).toBe(0);
    expectConverged(fx);
  });

  it('two targets sharing one verify work directory validate in directories of their own', async () => {
    const shared = makeTempDir('auto-sync-shared-work-');
    removals.push(() => rmSync(shared, { recursive: true, force: true }));
    // The first validates long enough for the second to get to verify meanwhile, even on a busy machine.
    const one = setUp({ checkMs: 4_000, workDir: shared });
    const two = setUp({ workDir: shared });
    const first = startRun(one);
    await waitFor('the first run to validate', () => existsSync(join(shared, 'run.lock')));
    const [a, b] = await Promise.all([first.done, startRun(two).done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout + b.stderr).toMatch(new RegExp(`another run is using ${shared}; this one works in ${shared}/runs/auto-sync-verify-`));
    expect(a.report?.sources[0]?.outcome).toBe('merged');
    expect(b.report?.sources[0]?.outcome).toBe('merged');
    expectConverged(one);
    expectConverged(two);
    expect(readdirSync(join(shared, 'runs'))).toEqual([]);
    expect(existsSync(join(shared, 'run.lock'))).toBe(false);
  });

  it('a lock left by a run that is gone is taken over', async () => {
    const fx = setUp();
    const dead = spawnSync('true').pid!;
    writeFileSync(
      lockFile(fx),
      JSON.stringify({ pid: dead, startedAt: '2026-01-01T00:00:00.000Z', host: hostname(), command: 'run --apply', nonce: 'gone1' }),
    );
    const run = await startRun(fx, { AUTO_SYNC_LOCK_WAIT_MS: '0' }).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain(`took over a stale run lock (pid ${dead} on ${hostname()}, started 2026-01-01T00:00:00.000Z`);
    expectConverged(fx);
  });
});

describe('stop signals and kills during verify', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: exit ${code}, no process and no temp dir left, lock released, state and report written; the next run converges`, async () => {
      const fx = setUp();
      const mainBefore = fx.target.head('main');
      const run = startRun(fx, { AUTO_SYNC_TEST_HOLD: 'fork' });
      await waitFor('the check to start its children', () => existsSync(join(fx.workDir, 'sources', 'fork', 'hold.started')));
      expect(processesWith([fx.child]).length).toBeGreaterThan(0);
      const started = Date.now();
      process.kill(run.pid, signal);
      const stopped = await run.done;
      expect(stopped.code, stopped.stderr).toBe(code);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(stopped.stderr).toContain(`${signal} received: stopping`);
      expect(stopped.stderr).toContain(`stopped by ${signal}: exit ${code}`);
      expect(await leftRunning([fx.child, fx.daemon])).toEqual([]);
      expect(tempDirsLeft(fx, run.pid)).toEqual([]);
      expect(existsSync(lockFile(fx))).toBe(false);
      // Nothing delivered on checks that were killed; the report says why.
      expect(fx.target.head('main')).toBe(mainBefore);
      expect(stopped.report?.sources[0]).toMatchObject({ outcome: 'error', error: { code: 'INTERRUPTED' } });

      const next = await startRun(fx).done;
      expect(next.code, next.stderr).toBe(0);
      expectConverged(fx);
    });
  }

  it('SIGINT while the second source validates: the first one’s delivery is recorded and reported, the second is INTERRUPTED', async () => {
    const fx = setUp({ second: true });
    const second = fx.second!;
    const run = startRun(fx, { AUTO_SYNC_TEST_HOLD: 'fork2' });
    await waitFor('the check to start its children', () => existsSync(join(fx.workDir, 'sources', 'fork2', 'hold.started')));
    process.kill(run.pid, 'SIGINT');
    const stopped = await run.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.report?.sources.map((s) => [s.name, s.outcome, s.error?.code ?? null])).toEqual([
      ['fork', 'merged', null],
      ['fork2', 'error', 'INTERRUPTED'],
    ]);
    expect(deliveredTimes(fx, fx.picked)).toBe(1);
    expect(deliveredTimes(fx, second.picked)).toBe(0);
    expect(recorded(fx)).toEqual({ lastHead: fx.picked, decision: 'applied' });
    expect(await leftRunning([fx.child, fx.daemon])).toEqual([]);
    expect(tempDirsLeft(fx, run.pid)).toEqual([]);

    const next = await startRun(fx).done;
    expect(next.code, next.stderr).toBe(0);
    expectConverged(fx);
    expect(deliveredTimes(fx, second.picked)).toBe(1);
  });

  it('SIGTERM during the verify phase: exit 143, no results.json (killed checks are no verdict), nothing left', async () => {
    const fx = setUp();
    const handoff = join(fx.work, 'handoff');
    const prepared = await startRun(fx, {}, ['prepare', '--out', handoff]).done;
    expect(prepared.code, prepared.stderr).toBe(0);
    const run = startRun(fx, { AUTO_SYNC_TEST_HOLD: 'fork' }, ['verify', '--in', handoff]);
    await waitFor('the check to start its children', () => existsSync(join(fx.workDir, 'sources', 'fork', 'hold.started')));
    process.kill(run.pid, 'SIGTERM');
    const stopped = await run.done;
    expect(stopped.code, stopped.stderr).toBe(143);
    expect(stopped.stderr).toContain('INTERRUPTED: SIGTERM received: checks were cut short, so their results are not used');
    expect(existsSync(join(handoff, 'results.json'))).toBe(false);
    expect(await leftRunning([fx.child, fx.daemon])).toEqual([]);
    expect(tempDirsLeft(fx, run.pid)).toEqual([]);
    expect(existsSync(lockFile(fx))).toBe(false);
    const again = await startRun(fx, {}, ['verify', '--in', handoff]).done;
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(handoff, 'results.json'))).toBe(true);
  });

  // In the sandbox (bwrap --die-with-parent here) the check dies with the killed run; with the
  // sandbox off, its process group runs on until the next run ends it. A setsid daemon outside any
  // sandbox has left the group and cannot be found: that one is ended by the test.
  for (const sandbox of ['auto', 'off'] as const) {
    it(`SIGKILL (sandbox ${sandbox}): the next run takes the lock over, ends the process groups and sweeps the temp dirs the killed run left`, async () => {
      const fx = setUp({ sandbox });
      const run = startRun(fx, { AUTO_SYNC_TEST_HOLD: 'fork' });
      await waitFor('the check to start its children', () => existsSync(join(fx.workDir, 'sources', 'fork', 'hold.started')));
      process.kill(run.pid, 'SIGKILL');
      await run.done;
      const left = tempDirsLeft(fx, run.pid);
      expect(left.some((name) => name.startsWith(`auto-sync-handoff-${run.pid}-`))).toBe(true);
      expect(left.some((name) => name.startsWith(`auto-sync-home-${run.pid}-`))).toBe(true);
      expect(left.some((name) => name.startsWith(`auto-sync-run-${run.pid}-`))).toBe(true); // its process groups
      expect(existsSync(lockFile(fx))).toBe(true);
      if (sandbox === 'off') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(processesWith([fx.child]).length).toBeGreaterThan(0);
        killMarked([fx.daemon]);
      }

      const next = await startRun(fx).done;
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout + next.stderr).toContain(`took over a stale run lock (pid ${run.pid}`);
      expect(next.stdout + next.stderr).toMatch(/removed \d+ temporary director(y|ies) left by runs that were killed/);
      expect(tempDirsLeft(fx, run.pid)).toEqual([]);
      expect(await leftRunning([fx.child, fx.daemon])).toEqual([]);
      expectConverged(fx);
    });
  }
});
