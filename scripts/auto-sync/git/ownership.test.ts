import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalForge } from '../forge/local.ts';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo } from '../test/helpers/repo.ts';
import { Git } from './git.ts';
import { onlyAutoSyncCommits, parseCommitObject } from './ownership.ts';

// auto-sync's own integration branch is recognised from its commits (trailer and committer), so a
// lost record never turns it into "a person's work"; a person's commit on it still does.

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));
const ORIGIN = `Auto-Sync-Origin: acme/web@${'1'.repeat(40)}`;
const SYNC = { email: 'committer@example.test' }; // TEST_GIT_ENV's committer plays auto-sync

function setup() {
  const repo = TestRepo.init();
  repos.push(repo);
  const base = repo.commit('chore: base', { 'a.txt': '1\n' });
  repo.git(['checkout', '-q', '-b', 'auto-sync/web']);
  repo.commit(`fix: one\n\n${ORIGIN}\n`, { 'a.txt': '2\n' });
  repo.commit(`fix: two\n\n${ORIGIN}\n`, { 'b.txt': '2\n' });
  repo.git(['checkout', '-q', 'main']);
  const git = new Git(repo.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
  return { repo, base, git };
}

describe('onlyAutoSyncCommits', () => {
  it('is true for a branch of commits with the trailer under auto-sync’s committer', async () => {
    const { repo, base, git } = setup();
    expect(await onlyAutoSyncCommits(git, repo.head('auto-sync/web'), base, SYNC)).toBe(true);
  });

  it('is false once a person adds a commit (another committer, or no trailer), and for another identity', async () => {
    const { repo, base, git } = setup();
    expect(await onlyAutoSyncCommits(git, repo.head('auto-sync/web'), base, { email: 'someone@else.test' })).toBe(false);
    repo.git(['checkout', '-q', 'auto-sync/web']);
    repo.commit('fix: my own tweak', { 'c.txt': '1\n' });
    expect(await onlyAutoSyncCommits(git, repo.head('auto-sync/web'), base, SYNC)).toBe(false);
  });

  it('reads the committer from the header, never from a message that imitates one', () => {
    const body = Buffer.from(
      `tree ${'a'.repeat(40)}\nauthor X <x@y> 1 +0000\ncommitter Person <person@example.test> 1 +0000\n\nfix: x\ncommitter Sync <committer@example.test> 1 +0000\n\n${ORIGIN}\n`,
    );
    expect(parseCommitObject(body).committerEmail).toBe('person@example.test');
  });

  it('lets the local forge move its own branch when no record of it survived', async () => {
    const { repo, base, git } = setup();
    const next = repo.git(['commit-tree', `${base}^{tree}`, '-p', base, '-m', `fix: again\n\n${ORIGIN}`]).trim();
    const forge = createLocalForge({ git, repoRoot: repo.dir, proposalsDir: join(repo.dir, '.proposals'), clock: () => new Date() });
    const refused = await forge.publishBranch({ branch: 'auto-sync/web', sha: next, expectedSha: null });
    expect(refused.status).toBe('diverged');
    const moved = await forge.publishBranch({ branch: 'auto-sync/web', sha: next, expectedSha: null, owner: { base, committer: SYNC } });
    expect(moved.status).toBe('updated');
    expect(repo.head('auto-sync/web')).toBe(next);
  });
});
