import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import { readEnvironment } from '../env.ts';
import { Git } from '../git/git.ts';
import { createLogger } from '../output/log.ts';
import { ProcessRunner } from '../proc/run.ts';
import { emptyState } from '../state/file.ts';
import { TEST_GIT_ENV, TestRepo, makeTempDir } from '../test/helpers/repo.ts';
import { groupByBlocker } from '../plan/prerequisites.ts';
import { planRun } from './plan.ts';
import { prepare } from './prepare.ts';

// Prerequisites, blockers and merge units on real repositories, through the real planning and
// integration functions (planRun, prepare → land.ts).

const lines = (name: string, edits: Record<number, string> = {}) =>
  `${Array.from({ length: 12 }, (_, i) => edits[i + 1] ?? `${name} line ${i + 1}`).join('\n')}\n`;

let work: string;
let target: TestRepo;
let fork: TestRepo;
const sha: Record<string, string> = {};

beforeAll(() => {
  work = makeTempDir();
  target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': lines('a'), 'src/b.ts': lines('b'), 'src/c.ts': lines('c'), 'src/d.ts': lines('d') });
  fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  // A skipped chore, then a wanted fix changing the line the chore changed: the chore is its prerequisite.
  sha.chore = fork.commit('chore: rename the setting', { 'src/a.ts': lines('a', { 3: 'setting = "new"' }) });
  sha.fix = fork.commit('fix: use the renamed setting', { 'src/a.ts': lines('a', { 3: 'setting = "newer"' }) });
  // A held breaking change, then a fix next to its line: blocked, naming it.
  sha.breaking = fork.commit('feat!: drop the old api', { 'src/b.ts': lines('b', { 5: 'api = 2' }) });
  sha.blockedFix = fork.commit('fix: api edge case', { 'src/b.ts': lines('b', { 5: 'api = 2', 6: 'edge = true' }) });
  // A side branch of a non-conventional and a chore commit, merged with a PR title in the body.
  fork.checkout('feat-y', { create: true });
  sha.wip = fork.commit('wip', { 'src/c.ts': lines('c', { 2: 'y = 1' }) });
  sha.tidy = fork.commit('chore: tidy', { 'src/c.ts': lines('c', { 2: 'y = 1', 8: 'tidy' }) });
  fork.checkout('main');
  fork.git(['merge', '--no-ff', '--quiet', '-m', 'Merge pull request #1 from x/feat-y\n\nfeat: add y', 'feat-y']);
  sha.merge = fork.head();
  sha.afterMerge = fork.commit('fix: y starts at 2', { 'src/c.ts': lines('c', { 2: 'y = 2', 8: 'tidy' }) });
  // A clean fix: applies whatever the mode.
  sha.clean = fork.commit('perf: faster d', { 'src/d.ts': lines('d', { 10: 'fast' }) });
  // The target changed a line a wanted fix changes too: a conflict no source commit explains.
  sha.theirs = fork.commit('fix: d line 3', { 'src/d.ts': lines('d', { 3: 'source', 10: 'fast' }) });
  sha.ours = target.commit('fix: our d line 3', { 'src/d.ts': lines('d', { 3: 'target' }) });
});

afterAll(() => {
  target.remove();
  fork.remove();
});

async function land(commits: Record<string, unknown>) {
  const parsed = validateConfig({ sources: [{ name: 'fork', url: fork.dir }], target: { identity: 'acme/target' }, commits });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const git = new Git(target.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
  const log = createLogger({ redact: (t) => t, verbose: false, stdout: () => {}, stderr: () => {} });
  const state = emptyState();
  const plan = await planRun({ git, config: parsed.config, state, env: readEnvironment({}), log }, parsed.config.sources);
  const out = makeTempDir();
  const prepared = await prepare({ git, config: parsed.config, state, now: new Date(0) }, plan, out);
  const source = prepared.plan.sources[0]!;
  expect(source.error).toBeNull();
  const by = (s: string) => source.commits.find((c) => c.sha === s);
  const applied = (source.integration?.applied ?? []).map((a) => a.sha);
  return { source, by, applied };
}

describe('landing commits', () => {
  it('include: brings in the skipped chore a wanted fix needs, in source order; a forbidden one blocks and is named', async () => {
    const { by, applied } = await land({ follow: 'all', prerequisites: 'include' });
    expect(by(sha.chore!)).toMatchObject({ decision: 'picked', reason: 'prerequisite' });
    expect(by(sha.chore!)!.detail).toContain(`needed by ${sha.fix!.slice(0, 12)}`);
    expect(by(sha.fix!)).toMatchObject({ decision: 'picked', reason: 'picked' });
    expect(applied.indexOf(sha.chore!)).toBeLessThan(applied.indexOf(sha.fix!));
    // The held breaking change is never brought in: the fix next to its line stays pending, naming it.
    expect(by(sha.breaking!)).toMatchObject({ reason: 'breaking-change' });
    expect(by(sha.blockedFix!)).toMatchObject({ decision: 'skipped', reason: 'blocked' });
    expect(by(sha.blockedFix!)!.detail).toContain(`blocked by ${sha.breaking!.slice(0, 12)} (breaking-change)`);
    // All commits: the merge is skipped, its side commits judged alone; the fix after it needs them.
    expect(by(sha.merge!)).toMatchObject({ reason: 'merge-commit' });
    expect(by(sha.clean!)).toMatchObject({ decision: 'picked', reason: 'picked' });
    expect(applied).toContain(sha.clean!);
    // A conflict with the target's own change names the target commit.
    expect(by(sha.theirs!)).toMatchObject({ decision: 'skipped', reason: 'conflict' });
    expect(by(sha.theirs!)!.detail).toBe(`conflicts with ${sha.ours!.slice(0, 12)} (the target's) in src/d.ts`);
  });

  it('hold: the fix stays pending and names the chore; nothing is brought in', async () => {
    const { by, applied, source } = await land({ follow: 'all', prerequisites: 'hold' });
    expect(by(sha.chore!)).toMatchObject({ decision: 'skipped', reason: 'type-not-allowed' });
    expect(by(sha.fix!)).toMatchObject({ decision: 'skipped', reason: 'prerequisites-held' });
    expect(by(sha.fix!)!.detail).toContain(`needs ${sha.chore!.slice(0, 12)}`);
    expect(applied).not.toContain(sha.chore!);
    // The dashboard's grouping: one line per blocking commit.
    const groups = groupByBlocker(source.commits.filter((c) => c.decision === 'skipped'));
    expect(groups.map((g) => [g.blocker, g.count])).toEqual(
      expect.arrayContaining([
        [sha.chore!.slice(0, 12), 1],
        [sha.breaking!.slice(0, 12), 1],
      ]),
    );
  });

  it('first-parent: the merge is one unit judged by the PR title in its body; its side commits are not listed', async () => {
    const { by, applied, source } = await land({ follow: 'first-parent' });
    expect(by(sha.merge!)).toMatchObject({ decision: 'picked', type: 'feat' });
    expect(source.listed).not.toContain(sha.wip!);
    expect(source.listed).not.toContain(sha.tidy!);
    expect(applied).toEqual(expect.arrayContaining([sha.merge!, sha.afterMerge!, sha.chore!, sha.fix!, sha.clean!]));
    expect(applied.indexOf(sha.merge!)).toBeLessThan(applied.indexOf(sha.afterMerge!));
    const git = new Git(target.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
    const head = source.integration!.head;
    expect(await git.read(['show', `${head}:src/c.ts`])).toBe(lines('c', { 2: 'y = 2', 8: 'tidy' }).trimEnd());
  });
});
