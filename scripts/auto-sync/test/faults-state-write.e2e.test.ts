import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../report/model.ts';
import { cliEnv, ENTRY, writeConfig } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// The state write failing after delivery, with real faults under the real CLI (`run --apply`,
// local forge, the state in <target>/.neon/auto-sync-state.json): `.neon` a full tmpfs (ENOSPC),
// a read-only bind mount (EROFS), both in a private mount namespace of the run alone, and a
// directory the run's uid may not write (EACCES). Each time the report is written, the run exits 1
// with STATE_WRITE_FAILED, the commit is on main; a normal run afterwards rebuilds the record from
// the trailers, duplicates nothing and ends where one uninterrupted run ends.

const NODE = process.execPath;
const TSX = import.meta.resolve('tsx');
const RUN_TIMEOUT_MS = 60_000;
const OTHER_UID = 4242;
const IS_ROOT = process.getuid?.() === 0;

const removals: (() => void)[] = [];
afterAll(() => {
  for (const remove of removals) remove();
});

// ---- the fault mechanisms, each tried for real before it is relied on ----

/** Mounts a tmpfs on $1 and fills it (a 1-byte write then fails: ENOSPC), then runs the rest. */
const FULL_TMPFS = 'mount -t tmpfs -o size=64k tmpfs "$1" && { cat /dev/zero > "$1/fill" 2>/dev/null; true; }';
/** Bind-mounts $1 on itself read-only (writes fail: EROFS), then runs the rest. */
const READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"';
const THEN_RUN = 'dir="$1"; shift; exec "$@"';

/** `unshare -m sh -c '<setup>; <cmd...>'`: the mount exists in the run's own namespace only. */
function inMountNamespace(setup: string, dir: string, command: readonly string[]): string[] {
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `${setup} && ${THEN_RUN}`, 'sh', dir, ...command];
}

const asOtherUid = (command: readonly string[]) => [
  'setpriv',
  `--reuid=${OTHER_UID}`,
  `--regid=${OTHER_UID}`,
  '--clear-groups',
  '--',
  ...command,
];

/** True when, in a mount namespace of its own, the setup makes a small write into the directory fail. */
function mountFaultWorks(setup: string): boolean {
  const dir = mkdtempSync('/var/tmp/auto-sync-state-write-probe-');
  try {
    const probe = inMountNamespace(setup, dir, ['sh', '-c', 'if printf x > "$0/probe" 2>/dev/null; then exit 3; fi; exit 0', dir]);
    const result = spawnSync(probe[0]!, probe.slice(1), { stdio: 'ignore', timeout: 10_000 });
    // And nothing of it is left outside the namespace.
    return result.status === 0 && !existsSync(join(dir, 'fill'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when this process is root and can run node with tsx as OTHER_UID, who then cannot write a root 0755 directory. */
function otherUidWorks(): boolean {
  if (!IS_ROOT) return false;
  const dir = mkdtempSync('/var/tmp/auto-sync-state-write-probe-');
  try {
    chmodSync(dir, 0o755);
    const home = join(dir, 'home');
    mkdirSync(home);
    chownSync(home, OTHER_UID, OTHER_UID);
    const script = `const fs = require('node:fs'); if (process.getuid() !== ${OTHER_UID}) process.exit(3); fs.accessSync(${JSON.stringify(ENTRY)}, fs.constants.R_OK); try { fs.writeFileSync(${JSON.stringify(join(dir, 'x'))}, 'x'); process.exit(4); } catch (e) { process.exit(e.code === 'EACCES' ? 0 : 5); }`;
    const probe = asOtherUid([NODE, '--import', TSX, '-e', script]);
    const result = spawnSync(probe[0]!, probe.slice(1), {
      stdio: 'ignore',
      timeout: 20_000,
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home },
    });
    return result.status === 0;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CAN_FILL = mountFaultWorks(FULL_TMPFS);
const CAN_READ_ONLY = mountFaultWorks(READ_ONLY);
const CAN_SWITCH_UID = otherUidWorks();

// ---- the fixture ----

interface Fixture {
  work: string;
  target: TestRepo;
  fork: TestRepo;
  /** The commit the fork has and the target lacks. */
  picked: string;
  config: string;
  tmp: string;
  home: string;
  neon: string;
}

/**
 * A target with one commit, a fork one `feat:` commit ahead, a check that passes at once. Fixed
 * dates: every fixture has the same commits, so a fixture's state compares with the reference's.
 * `shared`: under /var/tmp (mode 0755), reachable by OTHER_UID, not under the test run's TMPDIR.
 */
function setUp(options: { shared?: boolean } = {}): Fixture {
  let work: string;
  if (options.shared) {
    work = mkdtempSync('/var/tmp/auto-sync-state-write-');
    chmodSync(work, 0o755);
  } else work = makeTempDir('auto-sync-state-write-');
  removals.push(() => rmSync(work, { recursive: true, force: true }));
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.mjs': 'export const a = 1;\n' }, { date: 1_700_000_000 });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  const picked = fork.commit('feat: b', { 'src/b.mjs': 'export const b = 1;\n' }, { date: 1_700_000_100 });
  const config = writeConfig(work, {
    sources: [{ name: 'fork', url: fork.dir }],
    retry: { attempts: 1, backoffMs: 0 },
    checks: [{ name: 'check', run: 'exit 0' }],
    smoke: [],
    verify: { sandbox: 'off' },
  });
  const fx = {
    work,
    target,
    fork,
    picked,
    config,
    tmp: join(work, 'tmp'),
    home: join(work, 'home'),
    neon: join(target.dir, '.neon'),
  };
  // .neon exists from the start (a mount point); empty, as in a target that never ran auto-sync.
  for (const dir of [fx.tmp, fx.home, fx.neon]) mkdirSync(dir);
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

/** `run --apply --report FILE` on the fixture, its command line wrapped by `wrap` (the fault). */
function runCli(fx: Fixture, wrap: (command: readonly string[]) => string[] = (c) => [...c]): Promise<Finished> {
  const reportPath = join(fx.work, `report-${++runs}.json`);
  const command = wrap([NODE, '--import', TSX, ENTRY, 'run', '--apply', '--config', fx.config, '--report', reportPath]);
  const child = spawn(command[0]!, command.slice(1), {
    cwd: fx.target.dir,
    env: cliEnv({ AUTO_SYNC_WORK_DIR: join(fx.work, 'verify-work'), TMPDIR: fx.tmp, HOME: fx.home }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  return new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
      resolve({ code, signal, stdout, stderr, report });
    }),
  );
}

/** git in the target; safe.directory: the EACCES variant's repositories belong to OTHER_UID. */
const git = (fx: Fixture, args: readonly string[]) => fx.target.git(['-c', 'safe.directory=*', ...args]).trim();

/** How often `sha`'s change reached main: commits on main naming it in their Auto-Sync-Origin trailer. */
function deliveredTimes(fx: Fixture, sha: string): number {
  return git(fx, ['log', '--format=%(trailers:key=Auto-Sync-Origin,valueonly)', 'main'])
    .split('\n')
    .filter((line) => line.includes(sha)).length;
}

const statePath = (fx: Fixture) => join(fx.neon, 'auto-sync-state.json');

interface StateShape {
  sources: Record<
    string,
    {
      lastHead?: string | null;
      watermark?: string | null;
      commits: Record<string, { decision: string; reason: string; detail?: string; proposal?: number }>;
      integration?: unknown;
    }
  >;
}

/** What the state records, without the times (and a commit's detail, which a rebuilt record words differently). */
function recorded(fx: Fixture) {
  const state = JSON.parse(readFileSync(statePath(fx), 'utf8')) as StateShape;
  return Object.fromEntries(
    Object.entries(state.sources).map(([name, source]) => [
      name,
      {
        lastHead: source.lastHead,
        watermark: source.watermark,
        commits: Object.fromEntries(
          Object.entries(source.commits).map(([sha, c]) => [sha, { decision: c.decision, reason: c.reason, proposal: c.proposal }]),
        ),
        integration: source.integration,
      },
    ]),
  );
}

/** main's first-parent history: subjects and Auto-Sync-Origin trailers (no shas of new commits). */
const mainLog = (fx: Fixture) => git(fx, ['log', '--first-parent', '--format=%s%n%(trailers:key=Auto-Sync-Origin,valueonly)', 'main']);

// ---- the reference: one uninterrupted run ----

let reference: { state: ReturnType<typeof recorded>; mainLog: string; mainTree: string };

beforeAll(async () => {
  const fx = setUp();
  const run = await runCli(fx);
  expect(run.code, run.stderr).toBe(0);
  expect(run.report?.sources[0]?.outcome).toBe('merged');
  reference = { state: recorded(fx), mainLog: mainLog(fx), mainTree: git(fx, ['rev-parse', 'main^{tree}']) };
  expect(reference.state.fork?.commits[fx.picked]?.decision).toBe('applied');
  expect(deliveredTimes(fx, fx.picked)).toBe(1);
}, 120_000);

// ---- the variants ----

interface Variant {
  name: string;
  available: boolean;
  /** What the error names (the errno of the failed write). */
  errno: RegExp;
  shared?: boolean;
  /** Puts the fault in place; returns the wrapper of the faulty run's command line. */
  inject(fx: Fixture): (command: readonly string[]) => string[];
  /** Takes the fault away again ("fix the cause above"); returns the wrapper of the next run. */
  repair(fx: Fixture): (command: readonly string[]) => string[];
}

const VARIANTS: Variant[] = [
  {
    name: 'ENOSPC: .neon is a full tmpfs',
    available: CAN_FILL,
    errno: /ENOSPC|no space left on device/i,
    inject: (fx) => (command) => inMountNamespace(FULL_TMPFS, fx.neon, command),
    // The tmpfs went with the run's mount namespace.
    repair: () => (command) => [...command],
  },
  {
    name: 'read-only: .neon is bind-mounted read-only',
    available: CAN_READ_ONLY,
    errno: /EROFS|read-only file system/i,
    inject: (fx) => (command) => inMountNamespace(READ_ONLY, fx.neon, command),
    repair: () => (command) => [...command],
  },
  {
    name: `EACCES: the run is uid ${OTHER_UID}, .neon belongs to root (0755)`,
    available: CAN_SWITCH_UID,
    errno: /EACCES|permission denied/i,
    shared: true,
    inject: (fx) => {
      // Everything the run works in is its own, except the directory of the state.
      expect(spawnSync('chown', ['-R', `${OTHER_UID}:${OTHER_UID}`, fx.work]).status).toBe(0);
      chownSync(fx.neon, 0, 0);
      chmodSync(fx.neon, 0o755);
      return asOtherUid;
    },
    repair: (fx) => {
      chownSync(fx.neon, OTHER_UID, OTHER_UID);
      return asOtherUid;
    },
  },
];

describe('the state write fails after delivery', () => {
  for (const variant of VARIANTS) {
    it.skipIf(!variant.available)(
      `${variant.name}: report written, STATE_WRITE_FAILED (exit 1), commit on main; the next run rebuilds the record and duplicates nothing`,
      async () => {
        const fx = setUp({ shared: variant.shared });
        const mainBefore = git(fx, ['rev-parse', 'main']);
        const failed = await runCli(fx, variant.inject(fx));
        const output = failed.stdout + failed.stderr;

        expect(failed.code, output).toBe(1);
        // One line naming the code and the cause, then the way forward.
        const line = failed.stderr.split('\n').find((l) => l.includes('STATE_WRITE_FAILED'));
        expect(line, output).toMatch(/STATE_WRITE_FAILED: the state could not be recorded: /);
        expect(line).toMatch(variant.errno);
        expect(line).toContain('auto-sync-state.json');
        expect(failed.stderr.split('\n').filter((l) => l.includes('STATE_WRITE_FAILED'))).toHaveLength(1);
        expect(failed.stderr).toContain(
          'What was merged or proposed is in the target already (its commits carry Auto-Sync-Origin trailers): fix the cause above and run again; the next run rebuilds the record from history and proposals.',
        );
        expect(failed.stderr).not.toContain('INTERNAL');
        // The report was written (and printed), and says what was delivered.
        expect(failed.report, output).toBeDefined();
        expect(failed.stdout).toMatch(/→ MERGED .* merged as [0-9a-f]{10}/);
        expect(failed.report?.sources.map((s) => [s.name, s.outcome])).toEqual([['fork', 'merged']]);
        // Delivered: main moved and has the fork's commit, once, with its trailer.
        expect(git(fx, ['rev-parse', 'main'])).not.toBe(mainBefore);
        expect(deliveredTimes(fx, fx.picked)).toBe(1);
        expect(git(fx, ['log', '--format=%(trailers:key=Auto-Sync-Origin,valueonly)', 'main'])).toContain(fx.picked);
        // The fault was real: nothing was recorded.
        expect(existsSync(statePath(fx))).toBe(false);
        // The rest of the ending went as usual: lock released, temporary directories removed.
        expect(existsSync(join(fx.target.dir, '.git', 'auto-sync.lock'))).toBe(false);
        expect(readdirSync(fx.tmp).filter((name) => name.startsWith('auto-sync-'))).toEqual([]);
        const mainAfterFault = git(fx, ['rev-parse', 'main']);

        const next = await runCli(fx, variant.repair(fx));
        expect(next.code, next.stdout + next.stderr).toBe(0);
        expect(next.stdout + next.stderr).toMatch(/state: rebuilt fork from history and proposals \(1 commit\(s\)/);
        expect(next.report?.sources.map((s) => [s.name, s.outcome])).toEqual([['fork', 'nothing']]);
        // Nothing duplicated: no second merge, the commit on main once.
        expect(git(fx, ['rev-parse', 'main'])).toBe(mainAfterFault);
        expect(deliveredTimes(fx, fx.picked)).toBe(1);
        // Where one uninterrupted run ends: the same history, tree and record.
        expect(mainLog(fx)).toBe(reference.mainLog);
        expect(git(fx, ['rev-parse', 'main^{tree}'])).toBe(reference.mainTree);
        expect(recorded(fx)).toEqual(reference.state);
        const rebuilt = (JSON.parse(readFileSync(statePath(fx), 'utf8')) as StateShape).sources.fork?.commits[fx.picked];
        expect(rebuilt).toMatchObject({ decision: 'applied', reason: 'picked', detail: 'found in the target history' });
        expect(existsSync(join(fx.neon, 'proposals', 'dashboard.md'))).toBe(true);
      },
    );
  }
});
