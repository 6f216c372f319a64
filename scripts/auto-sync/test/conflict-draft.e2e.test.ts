import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestOf, proposalsOf } from './helpers/proposals.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import type { Report } from '../report/model.ts';

// commits.onConflict "propose": a conflict that persists is delivered as a draft proposal with its
// markers committed; the next run finds it and opens no second one; once the commit applies
// cleanly the draft is closed. The second run goes through the three phases as separate processes
// (the draft travels in its own bundle of the hand-off).

function setup() {
  const work = makeTempDir();
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', {
    'src/a.ts': 'one\ntwo\nthree\n',
    'src/b.ts': 'b\n',
    'package.json': '{ "name": "t", "private": true }\n',
  });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  const clean = fork.commit('feat: add c', { 'src/c.ts': 'export const c = 1;\n' });
  const conflicting = fork.commit('fix: two is 2', { 'src/a.ts': 'one\n2\nthree\n', 'src/b.ts': 'bb\n' });
  // The target's own change to the same line.
  const own = target.commit('fix: two is II', { 'src/a.ts': 'one\nII\nthree\n' });
  const config = writeConfig(work, {
    sources: [{ name: 'fork', url: fork.dir }],
    target: { identity: 'acme/target' },
    commits: { onConflict: 'propose' },
    checks: [{ name: 'ok', run: [process.execPath, '-e', 'process.exit(0)'] }],
    smoke: [],
  });
  return { work, target, fork, clean, conflicting, own, config };
}

describe('a persistent conflict delivered as a draft', () => {
  let s: ReturnType<typeof setup>;
  beforeAll(() => {
    s = setup();
  });

  it('first run: the clean commit is merged, the conflict is pending and no draft is opened yet', async () => {
    const reportPath = join(s.work, 'r1.json');
    const run = await runCli(['run', '--apply', '--config', s.config, '--report', reportPath], { cwd: s.target.dir });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]!.outcome).toBe('merged');
    expect(report.sources[0]!.draft).toBeUndefined();
    expect(proposalsOf(s.target)).toEqual([]);
    const state = JSON.parse(readFileSync(join(s.target.dir, '.neon', 'auto-sync-state.json'), 'utf8'));
    expect(state.sources.fork.commits[s.conflicting]).toMatchObject({ decision: 'skipped', reason: 'conflict' });
  });

  it('second run (prepare, verify, publish apart): the conflict persists and is delivered as a draft with its markers', async () => {
    const dir = join(s.work, 'handoff');
    const prepared = await runCli(['prepare', '--out', dir, '--config', s.config], { cwd: s.target.dir });
    expect(prepared.code, prepared.stderr).toBe(0);
    // The draft has its own bundle, under the checksums; it is never an integration to verify.
    expect(readdirSync(dir).sort()).toEqual(['_draft.fork.bundle', 'checksums.json', 'plan.json']);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    expect(plan.sources[0].integration).toBeNull();
    expect(plan.sources[0].draft).toMatchObject({ sha: s.conflicting, paths: ['src/a.ts'], bundle: '_draft.fork.bundle' });
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'checksums.json'), 'utf8'))).sort()).toEqual(['_draft.fork.bundle', 'plan.json']);

    const verified = await runCli(['verify', '--in', dir, '--config', s.config], { cwd: s.target.dir });
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).sources).toEqual([]);

    const main = s.target.head('main');
    const reportPath = join(s.work, 'r2.json');
    const published = await runCli(['publish', '--in', dir, '--config', s.config, '--report', reportPath], {
      cwd: s.target.dir,
      env: { AUTO_SYNC_HANDOFF_DIGEST: digestOf(prepared.stdout) },
    });
    expect(published.code, published.stderr).toBe(0);
    expect(s.target.head('main')).toBe(main); // a draft is never merged

    const branch = `auto-sync/fork-conflict-${s.conflicting.slice(0, 12)}`;
    const drafts = proposalsOf(s.target);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      draft: true,
      state: 'open',
      source: 'fork',
      headBranch: branch,
      baseBranch: 'main',
      commits: [s.conflicting],
      labels: ['auto-sync', 'conflict'],
    });
    expect(drafts[0]!.title).toMatch(/^chore\(auto-sync\): resolve a conflict of /);
    expect(drafts[0]!.body).toContain(`git fetch origin ${branch}`);
    expect(drafts[0]!.body).toContain('git add -- src/a.ts');
    expect(drafts[0]!.body).toContain(s.own.slice(0, 12)); // names what it conflicts with
    // The branch holds the pick with its markers committed, on top of the target head.
    expect(s.target.head(`refs/heads/${branch}^`)).toBe(main);
    expect(s.target.git(['show', `${branch}:src/a.ts`])).toMatch(/^<<<<<<< .*\nII\n=======\n2\n>>>>>>> /m);
    expect(s.target.git(['show', `${branch}:src/b.ts`])).toBe('bb\n');
    expect(s.target.git(['log', '-1', '--format=%B', branch])).toContain(`Auto-Sync-Origin: fork@${s.conflicting}`);

    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]!.draft).toMatchObject({ id: drafts[0]!.number, branch, sha: s.conflicting, action: 'created' });
    expect(report.sources[0]!.outcomeReason).toContain(`delivered as draft #${drafts[0]!.number}`);
    // The state never records the draft: closing it declines nothing.
    const state = JSON.parse(readFileSync(join(s.target.dir, '.neon', 'auto-sync-state.json'), 'utf8'));
    expect(state.sources.fork.commits[s.conflicting]).toMatchObject({ decision: 'skipped', reason: 'conflict' });
    expect(state.sources.fork.commits[s.conflicting].proposal).toBeUndefined();
  });

  it('third run: the draft is found, nothing is opened twice', async () => {
    const before = proposalsOf(s.target);
    const branchHead = s.target.head(before[0]!.headBranch);
    const reportPath = join(s.work, 'r3.json');
    const run = await runCli(['run', '--apply', '--config', s.config, '--report', reportPath], { cwd: s.target.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(proposalsOf(s.target)).toEqual(before);
    expect(s.target.head(before[0]!.headBranch)).toBe(branchHead);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]!.draft).toMatchObject({ id: before[0]!.number, action: 'unchanged' });
  });

  it('a person pushing a resolution to the draft branch is left alone', async () => {
    const [draft] = proposalsOf(s.target);
    const branch = draft!.headBranch;
    // As the draft's commands say: fetched into a clone, resolved, pushed back.
    const person = TestRepo.clone(s.target.dir, { dir: join(s.work, 'person') });
    person.git(['switch', '--quiet', '-c', branch, `origin/${branch}`]);
    const resolved = person.commit('fix: two is 2 (resolved)', { 'src/a.ts': 'one\n2\nthree\n' });
    person.git(['push', '--quiet', 'origin', branch]);
    const reportPath = join(s.work, 'r4.json');
    const run = await runCli(['run', '--apply', '--config', s.config, '--report', reportPath], { cwd: s.target.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(s.target.head(branch)).toBe(resolved);
    expect(proposalsOf(s.target)).toHaveLength(1);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]!.draft).toMatchObject({ action: 'left-alone' });
  });

  it('once the commit applies cleanly, the draft is closed and the commit is delivered', async () => {
    // The target takes its own change back: the pick applies.
    s.target.commit('revert: two is two again', { 'src/a.ts': 'one\ntwo\nthree\n' });
    const reportPath = join(s.work, 'r5.json');
    const run = await runCli(['run', '--apply', '--config', s.config, '--report', reportPath], { cwd: s.target.dir });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]!.outcome).toBe('merged');
    const drafts = proposalsOf(s.target).filter((p) => p.draft);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ state: 'closed' });
    expect(drafts[0]!.note).toContain('no longer conflicts');
    expect(report.sources[0]!.outcomeReason).toContain(`closed draft #${drafts[0]!.number}`);
    expect(s.target.git(['show', 'main:src/a.ts'])).toBe('one\n2\nthree\n');
  });
});
