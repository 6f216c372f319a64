import { describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo } from '../test/helpers/repo.ts';
import { applyCommits } from './apply-commits.ts';
import { Git } from './git.ts';
import { treeWithFiles, writeFilesCommit } from './lockfile-commit.ts';

// applyCommits with lockfileConflicts 'target': a pick whose only conflicts are lockfiles applies
// with the current tree's lockfiles; any other conflict stays one.

const committer = { name: 'Auto Sync', email: 'sync@example.test', date: '1700009999 +0000' };
const makeGit = (dir: string) => new Git(dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });

function setup() {
  const repo = TestRepo.init();
  repo.commit('base', { 'package-lock.json': 'v1\nx\n', 'web/yarn.lock': 'y1\n', 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
  repo.checkout('side', { create: true });
  const lockOnly = repo.commit('lock and code', { 'package-lock.json': 'v1\nside\n', 'src/a.ts': 'a side\n' });
  const mixed = repo.commit('lock and a conflict', { 'web/yarn.lock': 'y side\n', 'src/b.ts': 'b side\n' });
  const onlyLock = repo.commit('only the lockfile', { 'package-lock.json': 'v1\nside again\n' });
  repo.checkout('main');
  const base = repo.commit('target moves', { 'package-lock.json': 'v2\nmain\n', 'web/yarn.lock': 'y main\n', 'src/b.ts': 'b main\n' });
  return { repo, base, lockOnly, mixed, onlyLock };
}

describe('applyCommits with lockfileConflicts "target"', () => {
  it('applies a lockfile-only conflict with the target lockfile and names it; a mixed one stays a conflict', async () => {
    const s = setup();
    const git = makeGit(s.repo.dir);
    const commits = [s.lockOnly, s.mixed, s.onlyLock].map((sha) => ({ sha, message: `${sha}\n` }));
    for (const inMemory of [true, false]) {
      const result = await applyCommits(git, {
        base: s.base,
        commits,
        committer,
        onConflict: 'skip',
        lockfileConflicts: 'target',
        inMemory,
      });
      expect(result.commits.map((c) => [c.status, c.regenerate ?? c.conflictPaths ?? []])).toEqual([
        ['applied', ['package-lock.json']],
        // Named where a person must resolve it: its lockfile, regenerated anyway, is not merged at all.
        ['conflict', ['src/b.ts']],
        // Nothing of it is left once its lockfile is the target's: it stays the conflict it is.
        ['conflict', ['package-lock.json']],
      ]);
      expect(s.repo.git(['show', `${result.head}:package-lock.json`])).toBe('v2\nmain\n');
      expect(s.repo.git(['show', `${result.head}:src/a.ts`])).toBe('a side\n');
    }
    const plain = await applyCommits(git, { base: s.base, commits: commits.slice(0, 1), committer, onConflict: 'skip' });
    expect(plain.commits[0]).toMatchObject({ status: 'conflict', conflictPaths: ['package-lock.json'] });
    const mixed = await applyCommits(git, { base: s.base, commits: commits.slice(1, 2), committer, onConflict: 'skip' });
    expect(mixed.commits[0]).toMatchObject({ status: 'conflict', conflictPaths: ['src/b.ts', 'web/yarn.lock'] });
  });

  it('merges a lockfile both sides changed when it merges cleanly, whether the rest needs a merge or not', async () => {
    const repo = TestRepo.init();
    const lock = (a: string, z: string) => ['a', a, ...Array.from({ length: 20 }, (_, i) => `line ${i}`), z, ''].join('\n');
    repo.commit('base', { 'package-lock.json': lock('a', 'z'), 'src/a.ts': 'a\nb\nc\nd\ne\nf\n' });
    repo.checkout('side', { create: true });
    const clean = repo.commit('lock and code', { 'package-lock.json': lock('a', 'z side'), 'src/a.ts': 'a side\nb\nc\nd\ne\nf\n' });
    repo.checkout('main');
    const base = repo.commit('target moves', { 'package-lock.json': lock('a main', 'z'), 'src/a.ts': 'a\nb\nc\nd\ne\nf main\n' });
    const git = makeGit(repo.dir);
    for (const inMemory of [true, false]) {
      const result = await applyCommits(git, {
        base,
        commits: [{ sha: clean, message: 'pick\n' }],
        committer,
        onConflict: 'skip',
        lockfileConflicts: 'target',
        inMemory,
      });
      expect(result.commits[0]).toMatchObject({ status: 'applied' });
      expect(result.commits[0]!.regenerate).toBeUndefined();
      expect(repo.git(['show', `${result.head}:package-lock.json`])).toBe(lock('a main', 'z side'));
      expect(repo.git(['show', `${result.head}:src/a.ts`])).toBe('a side\nb\nc\nd\ne\nf main\n');
    }
  });
});

describe('writeFilesCommit', () => {
  it('writes the files on top of a commit, in the tree treeWithFiles computed without writing', async () => {
    const s = setup();
    const git = makeGit(s.repo.dir);
    const files = [{ path: 'web/yarn.lock', content: Buffer.from('regenerated\n') }];
    const tree = await treeWithFiles(git, s.base, files);
    // Computed only: nothing reached the repository.
    expect(() => s.repo.git(['cat-file', '-e', tree])).toThrow();
    const commit = await writeFilesCommit(git, { parent: s.base, files, message: 'chore: regenerate\n', committer });
    expect(commit.tree).toBe(tree);
    expect(s.repo.git(['rev-parse', `${commit.sha}^`]).trim()).toBe(s.base);
    expect(s.repo.git(['diff', '--name-only', s.base, commit.sha]).trim()).toBe('web/yarn.lock');
    expect(s.repo.git(['show', `${commit.sha}:web/yarn.lock`])).toBe('regenerated\n');
    expect(s.repo.git(['fsck', '--no-dangling']).trim()).toBe('');
  });

  it('refuses a path that leaves the tree', async () => {
    const s = setup();
    await expect(treeWithFiles(makeGit(s.repo.dir), s.base, [{ path: '../x/yarn.lock', content: Buffer.from('') }])).rejects.toThrow(
      /not a file path/,
    );
  });
});
