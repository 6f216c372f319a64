import { afterAll, describe, expect, it } from 'vitest';
import { draftBranchName, draftInstructions, persistingConflicts } from '../plan/conflict-draft.ts';
import type { CommitDecision } from '../plan/types.ts';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo } from '../test/helpers/repo.ts';
import { writeConflictDraft } from './conflict-draft.ts';
import { Git } from './git.ts';

const repo = TestRepo.init();
afterAll(() => repo.remove());

describe('writeConflictDraft', () => {
  it('commits the conflicting pick on top of the head with its markers, in the object store only', async () => {
    repo.commit('chore: initial', { 'src/a.ts': 'one\ntwo\nthree\n', 'src/b.ts': 'b\n' });
    repo.checkout('source', { create: true });
    const pick = repo.commit('fix: two is 2', { 'src/a.ts': 'one\n2\nthree\n', 'src/b.ts': 'bb\n' });
    repo.checkout('main');
    const head = repo.commit('fix: two is II', { 'src/a.ts': 'one\nII\nthree\n' });
    const refsBefore = repo.git(['for-each-ref']);
    const git = new Git(repo.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
    const draft = await writeConflictDraft(git, {
      head,
      commit: pick,
      message: 'fix: two is 2 (conflict to resolve)\n',
      committer: { name: 'auto-sync', email: 'a@example.test', date: '1700000000 +0000' },
    });
    expect(draft.paths).toEqual(['src/a.ts']);
    expect(repo.git(['rev-parse', `${draft.sha}^`]).trim()).toBe(head);
    const text = repo.git(['show', `${draft.sha}:src/a.ts`]);
    expect(text).toMatch(/^<<<<<<< .*\nII\n=======\n2\n>>>>>>> /m);
    expect(repo.git(['show', `${draft.sha}:src/b.ts`])).toBe('bb\n');
    expect(repo.git(['for-each-ref'])).toBe(refsBefore);
  });
});

describe('draft instructions', () => {
  const decision = (sha: string, reason: CommitDecision['reason']): CommitDecision => ({
    sha,
    subject: 's',
    type: 'fix',
    scope: null,
    breaking: false,
    author: 'a',
    files: [],
    decision: 'skipped',
    reason,
  });
  it('a conflict persists when the previous run recorded it too', () => {
    const now = [decision('a'.repeat(40), 'conflict'), decision('b'.repeat(40), 'conflict'), decision('c'.repeat(40), 'blocked')];
    const previous = {
      ['b'.repeat(40)]: { decision: 'skipped', reason: 'conflict' },
      ['c'.repeat(40)]: { decision: 'skipped', reason: 'conflict' },
    };
    expect(persistingConflicts(now, previous).map((d) => d.sha)).toEqual(['b'.repeat(40)]);
  });
  it('gives the exact commands, paths quoted for the shell', () => {
    const branch = draftBranchName('auto-sync/', 'web', 'f'.repeat(40));
    expect(branch).toBe('auto-sync/web-conflict-ffffffffffff');
    const text = draftInstructions({ branch, base: 'auto-sync/web', sha: 'f'.repeat(40), paths: ['src/a.ts', "it's $(x).ts"] });
    expect(text).toContain('git fetch origin auto-sync/web-conflict-ffffffffffff');
    expect(text).toContain('git switch -c auto-sync/web-conflict-ffffffffffff origin/auto-sync/web-conflict-ffffffffffff');
    expect(text).toContain(`git add -- src/a.ts 'it'\\''s $(x).ts'`);
    expect(text).toContain('git push --force-with-lease origin auto-sync/web-conflict-ffffffffffff');
  });
});
