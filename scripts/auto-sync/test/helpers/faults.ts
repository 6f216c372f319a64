import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, ENTRY, writeConfig } from './cli.ts';
import { makeTempDir, TestRepo } from './repo.ts';

// Fault injection for the convergence suites: a scenario that does every kind of delivery (a merge,
// a proposal, the dashboard, the state), runs of the real CLI killed with SIGKILL at a chosen
// moment, and a snapshot of everything a run leaves, to compare with an uninterrupted run's.

const TSX = import.meta.resolve('tsx');

export interface Scenario {
  work: string;
  target: TestRepo;
  config: string;
  tmp: string;
  marker: string;
}

/**
 * Target + two sources: `alpha` brings a clean commit (merged), `beta` one its guard check rejects
 * (proposed). The check leaves a detached `sleep` behind (named by the marker), as a sibling might.
 */
export function buildScenario(): Scenario {
  const work = makeTempDir('auto-sync-faults-');
  const tmp = join(work, 'tmp');
  const target = TestRepo.init({ dir: join(work, 'target') });
  // Fixed dates: every scenario has the same source commits, so runs in different scenarios compare.
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n' }, { date: 1_700_000_000 });
  const alpha = TestRepo.clone(target.dir, { dir: join(work, 'alpha') });
  alpha.commit('fix: one', { 'src/one.ts': 'export const one = 1;\n' }, { date: 1_700_000_100 });
  alpha.commit('perf: two', { 'src/two.ts': 'export const two = 2;\n' }, { date: 1_700_000_200 });
  const beta = TestRepo.clone(target.dir, { dir: join(work, 'beta') });
  beta.commit('feat: risky', { 'src/bad.ts': 'export const bad = 1;\n' }, { date: 1_700_000_300 });
  const marker = `auto-sync-fault-marker-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const guard = [
    "const { spawn } = require('child_process');",
    `spawn('sleep', ['60', '${marker}'], { detached: true, stdio: 'ignore' }).unref();`,
    "process.exit(require('fs').existsSync('src/bad.ts') ? 1 : 0);",
  ].join(' ');
  const config = writeConfig(work, {
    sources: [
      { name: 'alpha', url: alpha.dir },
      { name: 'beta', url: beta.dir },
    ],
    target: { identity: 'acme/target' },
    checks: [{ name: 'guard', run: [process.execPath, '-e', guard] }],
    smoke: [],
  });
  return { work, target, config, tmp, marker };
}

export interface KilledRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Milliseconds from start to the kill (or to the end, when it ended first). */
  ms: number;
}

/** Runs `run --apply --verbose`, killed with SIGKILL when stderr matches `at` or after `afterMs`. */
export function runKilled(s: Scenario, kill: { at?: RegExp; afterMs?: number }): Promise<KilledRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, ENTRY, 'run', '--apply', '--verbose', '--config', s.config], {
      cwd: s.target.dir,
      env: cliEnv({ TMPDIR: s.tmp }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    const killNow = () => {
      if (killed || child.exitCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const timer = kill.afterMs !== undefined ? setTimeout(killNow, kill.afterMs) : undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (kill.at && kill.at.test(stderr)) killNow();
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: performance.now() - started });
    });
  });
}

/** A normal run to its end. */
export async function runToEnd(s: Scenario): Promise<KilledRun> {
  return runKilled(s, {});
}

/** Everything a run leaves that must be the same after an interruption: normalised (no dates, no shas of new commits). */
export function snapshot(s: Scenario) {
  const git = (args: string[]) => s.target.git(args).trim();
  const mainLog = git(['log', '--first-parent', '--format=%s%n%(trailers:key=Auto-Sync-Origin,valueonly)', 'main']);
  const branches = git(['for-each-ref', '--format=%(refname:short) %(tree)', 'refs/heads/'])
    .split('\n')
    .map((line) => {
      const [name] = line.split(' ');
      return `${name} ${git(['rev-parse', `${name}^{tree}`])}`;
    })
    .sort();
  const neon = join(s.target.dir, '.neon');
  const proposalsDir = join(neon, 'proposals');
  const proposals = existsSync(proposalsDir)
    ? readdirSync(proposalsDir)
        .filter((f) => /^\d+-.*\.json$/.test(f))
        .sort()
        .map((f) => {
          const p = JSON.parse(readFileSync(join(proposalsDir, f), 'utf8')) as Record<string, unknown>;
          return { file: f, source: p.source, state: p.state, headBranch: p.headBranch, commits: p.commits };
        })
    : [];
  const statePath = join(neon, 'auto-sync-state.json');
  const state = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as StateShape) : undefined;
  const sources = Object.fromEntries(
    Object.entries(state?.sources ?? {}).map(([name, src]) => [
      name,
      {
        lastHead: src.lastHead,
        watermark: src.watermark,
        commits: Object.fromEntries(
          Object.entries(src.commits).map(([sha, c]) => [sha, { decision: c.decision, reason: c.reason, proposal: c.proposal }]),
        ),
        integration: src.integration ? { branch: src.integration.branch, commits: src.integration.commits } : undefined,
      },
    ]),
  );
  return {
    mainTree: git(['rev-parse', 'main^{tree}']),
    mainLog,
    branches,
    proposals,
    state: sources,
    dashboard: existsSync(join(proposalsDir, 'dashboard.md')),
  };
}

interface StateShape {
  sources: Record<
    string,
    {
      lastHead: string | null;
      watermark: string | null;
      commits: Record<string, { decision: string; reason: string; proposal?: number }>;
      integration?: { branch: string; commits: string[] };
    }
  >;
}

/** Processes still alive that carry the scenario's marker (a check's detached grandchild). */
export function leftProcesses(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** auto-sync's per-run temporary directories left in the scenario's TMPDIR. */
export function leftTempDirs(s: Scenario): string[] {
  if (!existsSync(s.tmp)) return [];
  return readdirSync(s.tmp).filter((name) => /^auto-sync-(handoff|home|objects|state-index)-/.test(name));
}

/** A small seeded generator (mulberry32): the same seed, the same kills. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
