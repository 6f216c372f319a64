import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfig } from '../config/validate.ts';
import { readEnvironment } from '../env.ts';
import { Git } from '../git/git.ts';
import { createLogger } from '../output/log.ts';
import { planRun } from '../pipeline/plan.ts';
import { landCommits } from '../pipeline/land.ts';
import { prepare } from '../pipeline/prepare.ts';
import { ProcessRunner } from '../proc/run.ts';
import { emptyState } from '../state/file.ts';
import { TEST_GIT_ENV, makeTempDir } from '../test/helpers/repo.ts';

// Landing rate on a real history: how much of what the configuration asks for auto-sync gets onto
// the target, beside plain `git cherry-pick` of the same wanted list, measured in the same run.
//
// The corpus (a real project's history, bundled) is cloned as the source; the target is the
// source's main some first-parent commits back, with no changes of its own, so every conflict is
// caused by what auto-sync skipped. Planning and integration are the real functions (planRun,
// prepare) with the default configuration but for commits.maxPerRun (raised so that every wanted
// commit is tried in one run) and the mode's commits.* keys.

export const DEFAULT_CORPUS = join(import.meta.dirname, '../../../../shared/corpus/semantic-release.bundle');

export interface LandingMode {
  name: string;
  commits: Record<string, unknown>;
}

export interface LandingFigures {
  mode: string;
  /** Commits (units, in first-parent mode) the configuration asks for. */
  wanted: number;
  applied: number;
  conflicts: number;
  /** Pending with a named blocking commit that policy forbids (explained). */
  blocked: number;
  /** Pending, naming their prerequisites (commits.prerequisites "hold"). */
  held: number;
  prerequisites: number;
  planMs: number;
  /** Applying, prerequisites included (pipeline/land.ts). */
  landMs: number;
  /** prepare as a whole: applying, the integration ref, the bundle, the change facts. */
  applyMs: number;
  cherryPick: { applied: number; conflicts: number; ms: number };
}

const env = { ...process.env, ...TEST_GIT_ENV };
const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 }).trim();

/** Source and target repositories made from the corpus; the target is `depth` first-parent commits behind. */
export function makeLandingRepos(root: string, corpus: string, depth: number): { source: string; target: string; base: string } {
  const source = join(root, 'source');
  const target = join(root, 'target');
  execFileSync('git', ['clone', '--quiet', '--no-checkout', corpus, source], { env, stdio: 'ignore' });
  const head = git(source, ['rev-parse', 'HEAD']);
  git(source, ['update-ref', 'refs/heads/main', head]);
  git(source, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
  execFileSync('git', ['clone', '--quiet', '--no-checkout', source, target], { env, stdio: 'ignore' });
  const base = git(source, ['rev-parse', `${head}~${depth}`]);
  git(target, ['update-ref', 'refs/heads/main', base]);
  git(target, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
  git(target, ['remote', 'remove', 'origin']);
  return { source, target, base };
}

export async function measureLanding(repos: { source: string; target: string; base: string }, mode: LandingMode): Promise<LandingFigures> {
  const parsed = validateConfig({
    sources: [{ name: 'corpus', url: repos.source }],
    target: { identity: 'bench/target' },
    commits: { maxPerRun: 10_000, ...mode.commits },
  });
  if (!parsed.ok) throw new Error(`landing bench config: ${JSON.stringify(parsed.problems)}`);
  const config = parsed.config;
  const gitApi = new Git(repos.target, new ProcessRunner(), env);
  const log = createLogger({ redact: (text) => text, verbose: false, stdout: () => {}, stderr: () => {} });
  const state = emptyState();
  const planStart = performance.now();
  const plan = await planRun({ git: gitApi, config, state, env: readEnvironment({}), log }, config.sources);
  const planMs = performance.now() - planStart;
  const planned = plan.sources[0]!;
  if (planned.status !== 'ok') throw new Error(`landing bench planning failed: ${JSON.stringify(planned.error)}`);
  const wantedShas = planned.commits.filter((c) => c.decision === 'picked').map((c) => c.sha);

  // The apply alone (with prerequisites), as prepare runs it; then prepare whole (bundle, change facts).
  const landStart = performance.now();
  await landCommits(gitApi, config, { base: repos.base, carried: [], source: planned, state: undefined, headTime: 1_700_000_000 });
  const landMs = performance.now() - landStart;
  const out = makeTempDir('auto-sync-bench-landing-out-');
  const applyStart = performance.now();
  const prepared = await prepare({ git: gitApi, config, state, now: new Date(0) }, plan, out);
  const applyMs = performance.now() - applyStart;
  rmSync(out, { recursive: true, force: true });
  const source = prepared.plan.sources[0]!;
  if (source.status !== 'ok') throw new Error(`landing bench integration failed: ${JSON.stringify(source.error)}`);
  const wanted = new Set(wantedShas);
  const decisions = source.commits;
  const applied = new Set((source.integration?.applied ?? []).map((a) => a.sha));
  const reasonOf = (reason: string) => decisions.filter((c) => wanted.has(c.sha) && c.reason === reason).length;
  const prerequisites = decisions.filter((c) => String(c.reason) === 'prerequisite' && applied.has(c.sha)).length;
  const blocked = reasonOf('blocked');
  const held = reasonOf('prerequisites-held');

  const cherryPick = cherryPickAll(repos.target, repos.base, wantedShas, config.commits.follow === 'first-parent');
  return {
    mode: mode.name,
    wanted: wantedShas.length,
    applied: [...wanted].filter((sha) => applied.has(sha)).length,
    conflicts: reasonOf('conflict'),
    blocked,
    held,
    prerequisites,
    planMs,
    landMs,
    applyMs,
    cherryPick,
  };
}

/**
 * `git cherry-pick -x` of the list in a worktree, going on past each conflict or empty pick
 * (`--skip`), as a person scripting it would; -m 1 applies a merge as its first-parent diff.
 */
function cherryPickAll(repo: string, base: string, shas: readonly string[], mainline: boolean): LandingFigures['cherryPick'] {
  const dir = makeTempDir('auto-sync-bench-landing-wt-');
  const worktree = join(dir, 'wt');
  git(repo, ['worktree', 'add', '--quiet', '--detach', worktree, base]);
  let conflicts = 0;
  const started = performance.now();
  try {
    let result = spawnSync('git', ['cherry-pick', '-x', ...(mainline ? ['-m', '1'] : []), ...shas], {
      cwd: worktree,
      env,
      encoding: 'utf8',
    });
    while (result.status !== 0) {
      if (!existsSync(join(repo, '.git', 'worktrees', 'wt', 'CHERRY_PICK_HEAD'))) {
        if (process.env.BENCH_DEBUG) process.stderr.write(`cherry-pick stopped: ${result.stderr}\n`);
        break;
      }
      const unmerged = git(worktree, ['diff', '--name-only', '--diff-filter=U']);
      if (unmerged) conflicts++;
      result = spawnSync('git', ['cherry-pick', '--skip'], { cwd: worktree, env, encoding: 'utf8' });
    }
    const ms = performance.now() - started;
    const applied = Number(git(worktree, ['rev-list', '--count', `${base}..HEAD`]));
    return { applied, conflicts, ms };
  } finally {
    git(repo, ['worktree', 'remove', '--force', worktree]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n: number, of: number) => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(0)} %`);
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The bench section: one line block per mode. */
export async function benchLanding(options: { corpus?: string; depth?: number; modes: readonly LandingMode[] }): Promise<string[]> {
  const corpus = options.corpus ?? DEFAULT_CORPUS;
  const depth = options.depth ?? 1_000;
  if (!existsSync(corpus)) return [`Landing rate: skipped (no corpus at ${corpus})`, ''];
  const root = makeTempDir('auto-sync-bench-landing-');
  try {
    const repos = makeLandingRepos(root, corpus, depth);
    const lines = [
      `Landing rate on ${corpus.split('/').pop()} (target = source's main ${depth} first-parent commits back, no changes of its own)`,
    ];
    for (const mode of options.modes) {
      const f = await measureLanding(repos, mode);
      const explained = f.applied + f.blocked;
      lines.push(
        `  ${f.mode}: wanted ${f.wanted}, applied ${f.applied} (${pct(f.applied, f.wanted)}), conflicts ${f.conflicts}, pending on a forbidden commit ${f.blocked}, held naming prerequisites ${f.held}; applied or explained ${pct(explained, f.wanted)}`,
        `    prerequisites brought in ${f.prerequisites} (${f.applied === 0 ? 'n/a' : (f.prerequisites / f.applied).toFixed(2)} per applied commit); planning ${sec(f.planMs)}, applying ${sec(f.landMs)} (prepare as a whole ${sec(f.applyMs)})`,
        `    git cherry-pick -x of the same wanted list: applied ${f.cherryPick.applied} (${pct(f.cherryPick.applied, f.wanted)}), conflicts ${f.cherryPick.conflicts}, ${sec(f.cherryPick.ms)}; apply/cherry-pick ${(f.landMs / f.cherryPick.ms).toFixed(2)}× (prepare/cherry-pick ${(f.applyMs / f.cherryPick.ms).toFixed(2)}×)   (goal ≥ 90 % applied or explained, ≤ 1 prerequisite per applied commit, ≤ 0.2×)`,
      );
    }
    lines.push('');
    return lines;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
