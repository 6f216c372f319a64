import { afterAll, describe, expect, it } from 'vitest';
import { Git } from '../git/git.ts';
import { listCommits } from '../git/log.ts';
import { createPathPolicy } from '../plan/paths.ts';
import type { CommitDecision, CommitInfo } from '../plan/types.ts';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo } from '../test/helpers/repo.ts';
import { startInspection } from './inspect.ts';

// The near-copy search (--find-copies-harder) runs only when a denied path exists in a tree of the
// range; these cases check both sides of that condition on real repositories.

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

const PROD = Array.from({ length: 12 }, (_, i) => `key-${i}: value-${i}`).join('\n') + '\n';

function pick(commit: CommitInfo): CommitDecision {
  return {
    sha: commit.sha,
    subject: commit.message.split('\n')[0]!,
    type: 'fix',
    scope: null,
    breaking: false,
    author: commit.authorName,
    files: commit.files.map((f) => f.path),
    decision: 'picked',
    reason: 'picked',
  };
}

async function inspect(base: Record<string, string>, added: Record<string, string>) {
  const repo = TestRepo.init();
  repos.push(repo);
  const start = repo.commit('chore: base', base);
  repo.commit('fix: add a file', added);
  const git = new Git(repo.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
  const started: string[] = [];
  const realStart = git.start.bind(git);
  git.start = (args, options) => {
    started.push(args[0]!);
    return realStart(args, options);
  };
  const policy = createPathPolicy({ allow: ['**'], deny: ['deploy/**'], alwaysDeny: [] });
  const inspection = startInspection(git, { denies: policy.denies, maxFileBytes: 1 << 20 });
  const decisions: CommitDecision[] = [];
  await listCommits(git, { target: start, source: repo.head(), exclude: [start] }, (commit) => {
    const decision = pick(commit);
    decisions.push(decision);
    inspection.add(commit, decision);
  });
  return { revised: await inspection.finish(decisions), started };
}

describe('startInspection: near copies of denied files', () => {
  it('finds a near copy of a denied file that is only in the tree the range starts from', async () => {
    const { revised, started } = await inspect(
      { 'deploy/prod.yml': PROD, 'src/a.ts': '1\n' },
      { 'src/prod.yml': PROD.replace('value-3', 'value-three') },
    );
    expect(revised[0]).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
    expect(revised[0]!.detail).toMatch(/copy of the denied deploy\/prod\.yml/);
    expect(started).toContain('diff-tree');
  });

  it('does not search for copies when no tree of the range holds a denied path', async () => {
    const { revised, started } = await inspect({ 'src/a.ts': PROD }, { 'src/b.ts': PROD.replace('value-3', 'value-three') });
    expect(revised[0]).toMatchObject({ decision: 'picked' });
    expect(started).not.toContain('diff-tree');
  });
});
