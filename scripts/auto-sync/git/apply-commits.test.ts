import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchApply } from '../bench/apply-bench.ts';
import { SyncError } from '../errors.ts';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo, gitIn, makeTempDir } from '../test/helpers/repo.ts';
import { applyCommits, updateRef, type ApplyStatus, type CommitToApply } from './apply-commits.ts';
import { Git } from './git.ts';

const committer = { name: 'Auto Sync', email: 'sync@example.test', date: '1700009999 +0000' };

function makeGit(dir: string): Git {
  return new Git(dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
}

/** git output as bytes: author names and messages under test need not be UTF-8. */
function gitBytes(dir: string, args: readonly string[], input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd: dir, input, env: { ...process.env, ...TEST_GIT_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
}

function header(dir: string, sha: string, key: string): Buffer {
  const raw = gitBytes(dir, ['cat-file', 'commit', sha]);
  const start = raw.indexOf(`\n${key} `) + key.length + 2;
  return raw.subarray(start, raw.indexOf('\n', start));
}

function messageBytes(dir: string, sha: string): Buffer {
  const raw = gitBytes(dir, ['cat-file', 'commit', sha]);
  return raw.subarray(raw.indexOf('\n\n') + 2);
}

/** Replaces HEAD's commit by a hand-written one with the same tree and parent but another author. */
function recommit(repo: TestRepo, author: Buffer, extraHeader = ''): string {
  const [tree, parent] = [repo.head('HEAD^{tree}'), repo.head('HEAD^')];
  const body = Buffer.concat([
    Buffer.from(`tree ${tree}\nparent ${parent}\nauthor `),
    author,
    Buffer.from(`\ncommitter C <c@example.test> 1700000900 +0000\n${extraHeader}\nlatin\n`),
  ]);
  const sha = gitBytes(repo.dir, ['hash-object', '-w', '-t', 'commit', '--stdin'], body).toString().trim();
  repo.git(['reset', '--soft', sha]);
  return sha;
}

function snapshot(repo: TestRepo): Record<string, string> {
  return {
    head: repo.head(),
    symbolic: repo.git(['symbolic-ref', 'HEAD']),
    refs: repo.git(['for-each-ref', '--format=%(refname) %(objectname)']),
    status: repo.git(['status', '--porcelain=v1', '--untracked-files=all']),
    index: createHash('sha256')
      .update(readFileSync(join(repo.dir, '.git', 'index')))
      .digest('hex'),
    worktrees: repo.git(['worktree', 'list', '--porcelain']),
  };
}

interface Outcome {
  status: ApplyStatus;
  tree?: string;
  conflictPaths?: string[];
}

/** What real `git cherry-pick -x` does with each commit, one at a time, in a fresh worktree. */
function cherryPickEach(repo: TestRepo, base: string, shas: readonly string[]): Outcome[] {
  const dir = join(makeTempDir('auto-sync-wt-'), 'wt');
  repo.git(['worktree', 'add', '--quiet', '--detach', dir, base]);
  try {
    return shas.map((sha): Outcome => {
      try {
        gitIn(dir, ['cherry-pick', '-x', sha]);
        return { status: 'applied', tree: gitIn(dir, ['rev-parse', 'HEAD^{tree}']).trim() };
      } catch {
        const unmerged = gitIn(dir, ['diff', '--name-only', '-z', '--diff-filter=U']).split('\0').filter(Boolean);
        gitIn(dir, ['cherry-pick', '--abort']);
        return unmerged.length > 0 ? { status: 'conflict', conflictPaths: unmerged.sort() } : { status: 'empty' };
      }
    });
  } finally {
    repo.git(['worktree', 'remove', '--force', dir]);
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

describe('applyCommits', () => {
  let repo: TestRepo;
  let base: string;
  const picks: Record<string, string> = {};
  let commits: CommitToApply[];

  beforeAll(() => {
    repo = TestRepo.init();
    const numbered = (n: number, tag = '') => Array.from({ length: n }, (_, i) => `line ${i + 1}${i === 1 ? tag : ''}\n`).join('');
    writeFileSync(join(repo.dir, 'bin.dat'), Buffer.from([0, 1, 2, 255, 254, 0, 10, 13]));
    symlinkSync('a.txt', join(repo.dir, 'link'));
    const fork = repo.commit('base', {
      'a.txt': numbered(10),
      'b.txt': 'b1\n',
      'conflict.txt': 'one\n',
      'rename-me.txt': numbered(30),
      'delete-me.txt': 'bye\n',
      'script.sh': '#!/bin/sh\necho hi\n',
    });

    repo.checkout('side', { create: true });
    picks.clean = repo.commit('edit a', { 'a.txt': numbered(10, ' side') });
    picks.conflict = repo.commit('edit conflict', { 'conflict.txt': 'side\n' });
    picks.duplicate = repo.commit('edit b', { 'b.txt': 'b2\n' });
    picks.rename = repo.rename('rename', 'rename-me.txt', 'dir/renamed.txt');
    picks.deletion = repo.commit('delete', { 'delete-me.txt': null });
    chmodSync(join(repo.dir, 'script.sh'), 0o755);
    picks.exec = repo.commit('exec bit');
    writeFileSync(join(repo.dir, 'bin.dat'), Buffer.from([0, 9, 8, 255, 128, 0, 7]));
    picks.binary = repo.commit('binary');
    rmSync(join(repo.dir, 'link'));
    symlinkSync('b.txt', join(repo.dir, 'link'));
    picks.symlink = repo.commit('symlink');
    repo.commit('undeclared latin-1 author', { 'c.txt': 'c\n' });
    picks.latin1 = recommit(repo, Buffer.from('J\xf6rg M\xfcller <joerg@example.test> 1700000500 +0200', 'latin1'));
    repo.commit('declared latin-1 author', { 'd.txt': 'd\n' });
    picks.declared = recommit(repo, Buffer.from('Ren\xe9 <rene@example.test> 1700000600 -0130', 'latin1'), 'encoding ISO-8859-1\n');
    const blob = repo.git(['hash-object', '-w', '--stdin'], { input: 'root\n' }).trim();
    const rootTree = repo.git(['mktree'], { input: `100644 blob ${blob}\troot-only.txt\n` }).trim();
    picks.root = repo
      .git(['commit-tree', rootTree, '-m', 'root'], {
        env: { GIT_AUTHOR_DATE: '1600000000 +0100', GIT_COMMITTER_DATE: '1600000000 +0100' },
      })
      .trim();

    repo.checkout('main');
    base = repo.commit('main moves on', {
      'conflict.txt': 'main\n',
      'b.txt': 'b2\n',
      'rename-me.txt': numbered(30).replace('line 30', 'line thirty'),
      'main-only.txt': 'm\n',
    });
    expect(repo.head('HEAD^')).toBe(fork);
    commits = Object.entries(picks).map(([name, sha]) => ({
      sha,
      message: `Pick ${name} ✓ — ünïcode\n\n(cherry picked from commit ${sha})\n`,
    }));
  });

  afterAll(() => repo.remove());

  // Of these picks, four need a real merge: the conflict, the one main already has, the rename
  // that main edited the old path of, and the root commit; the others are done in memory.
  const MERGED = 4;
  const variants = [
    { name: 'in memory, then merge-tree --stdin', inMemory: true, merges: 'batch' },
    { name: 'in memory, then a merge-tree per merge', inMemory: true, merges: 'per-commit' },
    { name: 'all through merge-tree --stdin', inMemory: false, merges: 'batch' },
  ] as const;

  it.each(variants)(
    'gives the trees, conflicts and empties of git cherry-pick -x, touching no ref, HEAD, index or work tree ($name)',
    async ({ inMemory, merges }) => {
      writeFileSync(join(repo.dir, 'untracked.txt'), 'u\n');
      writeFileSync(join(repo.dir, 'a.txt'), 'local edit\n');
      const before = snapshot(repo);
      const git = makeGit(repo.dir);

      const result = await applyCommits(git, { base, commits, committer, onConflict: 'skip', merges, inMemory });

      // cat-file and (in memory) diff-tree; at the first merge rev-parse, a cat-file that sees the
      // scratch store and merge-tree --stdin (or one merge-tree per merge); pack-objects | index-pack.
      expect(git.processes).toBe(!inMemory ? 6 : merges === 'batch' ? 7 : 6 + MERGED);
      expect(result.mergedByGit).toBe(inMemory ? MERGED : commits.length);
      expect(snapshot(repo)).toEqual(before);
      expect(result.commits.map((c) => c.status)).toEqual([
        'applied',
        'conflict',
        'empty',
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
      ]);

      const expected = cherryPickEach(
        repo,
        base,
        commits.map((c) => c.sha),
      );
      const ours = result.commits.map((c): Outcome => {
        if (c.status === 'applied') return { status: c.status, tree: repo.head(`${c.newSha}^{tree}`) };
        return c.conflictPaths ? { status: c.status, conflictPaths: [...c.conflictPaths].sort() } : { status: c.status };
      });
      expect(ours).toEqual(expected);
      expect(ours[1]).toEqual({ status: 'conflict', conflictPaths: ['conflict.txt'] });
      expect(repo.head(`${result.head}^{tree}`)).toBe(expected.at(-1)?.tree);

      const renamed = repo.git(['show', `${result.commits[3]?.newSha}:dir/renamed.txt`]);
      expect(renamed).toContain('line thirty'); // main's edit followed the rename
      expect(repo.git(['ls-tree', result.head, 'script.sh', 'link'])).toMatch(/^120000 blob .*\tlink\n100755 blob .*\tscript\.sh\n$/);
      expect(repo.git(['cat-file', '-p', `${result.head}:link`])).toBe('b.txt');
    },
  );

  it('keeps author name, email and date, sets the committer, writes the message exactly, and chains parents', async () => {
    const result = await applyCommits(makeGit(repo.dir), { base, commits, committer, onConflict: 'skip' });
    let parent = base;
    for (const [index, applied] of result.commits.entries()) {
      if (applied.status !== 'applied') continue;
      const sha = applied.newSha!;
      expect(repo.head(`${sha}^`)).toBe(parent);
      parent = sha;
      const source = commits[index]!;
      expect(messageBytes(repo.dir, sha).equals(Buffer.from(source.message, 'utf8'))).toBe(true);
      expect(header(repo.dir, sha, 'committer').toString()).toBe('Auto Sync <sync@example.test> 1700009999 +0000');
      if (source.sha === picks.declared) {
        expect(header(repo.dir, sha, 'author').toString('utf8')).toBe('René <rene@example.test> 1700000600 -0130');
      } else {
        expect(header(repo.dir, sha, 'author').equals(header(repo.dir, source.sha, 'author'))).toBe(true);
      }
    }
    expect(parent).toBe(result.head);
    const latin1 = result.commits.find((c) => c.sha === picks.latin1)!.newSha!;
    expect(header(repo.dir, latin1, 'author').toString('latin1')).toBe('J\xf6rg M\xfcller <joerg@example.test> 1700000500 +0200');
    expect(repo.git(['log', '-1', '--format=%an|%ae|%ad', '--date=raw', result.head])).toBe(
      'Test Author|author@example.test|1600000000 +0100\n',
    );
  });

  it("stops at the first conflict with 'stop' and leaves the rest not attempted", async () => {
    const some = commits.slice(0, 4);
    const git = makeGit(repo.dir);
    const result = await applyCommits(git, { base, commits: some, committer, onConflict: 'stop' });
    expect(result.commits.map((c) => c.status)).toEqual(['applied', 'conflict', 'not-attempted', 'not-attempted']);
    expect(result.head).toBe(result.commits[0]?.newSha);
    expect(result.mergedByGit).toBe(1);
    expect(git.processes).toBe(7);
  });

  it('falls back to one merge-tree per commit where stdbuf cannot be found, with the same results', async () => {
    const bin = makeTempDir('auto-sync-bin-');
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
    try {
      const bare = new Git(repo.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV, PATH: bin });
      const fallback = await applyCommits(bare, { base, commits, committer, onConflict: 'skip' });
      const batch = await applyCommits(makeGit(repo.dir), { base, commits, committer, onConflict: 'skip' });
      expect(fallback).toEqual(batch);
      // The failed stdbuf start is counted too.
      expect(bare.processes).toBe(7 + MERGED);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('returns the base when there is nothing to apply, and refuses unknown and merge commits', async () => {
    const git = makeGit(repo.dir);
    expect(await applyCommits(git, { base: 'main', commits: [], committer, onConflict: 'skip' })).toEqual({
      head: base,
      commits: [],
      mergedByGit: 0,
    });
    const missing = applyCommits(git, { base, commits: [{ sha: 'f'.repeat(40), message: 'x\n' }], committer, onConflict: 'skip' });
    await expect(missing).rejects.toMatchObject({ code: 'GIT_FAILED' });
    const merge = repo.git(['commit-tree', `${base}^{tree}`, '-p', base, '-p', picks.clean!, '-m', 'merge']).trim();
    await expect(applyCommits(git, { base, commits: [{ sha: merge, message: 'm\n' }], committer, onConflict: 'skip' })).rejects.toThrow(
      /merge commit/,
    );
  });
});

describe('applyCommits where a rename could move what the other side added', () => {
  // Each case: what main did since the fork, what the picked commit does. git's merge-ort applies
  // directory renames found on either side, which is what must send these picks to merge-tree.
  const cases: {
    name: string;
    base: Record<string, string>;
    main: (repo: TestRepo) => void;
    side: (repo: TestRepo) => void;
    inMemory: boolean;
  }[] = [
    {
      name: 'main renamed a directory, the pick adds a file to it',
      base: { 'old/one.txt': '1\n', 'old/two.txt': '2\n' },
      main: (repo) => repo.rename('move dir', 'old', 'new'),
      side: (repo) => repo.commit('add', { 'old/three.txt': '3\n' }),
      inMemory: false,
    },
    {
      name: 'the pick moves a directory away, main added a file to it',
      base: { 'lib/only.txt': 'only\n', 'keep.txt': 'k\n' },
      main: (repo) => repo.commit('add', { 'lib/extra.txt': 'extra\n' }),
      side: (repo) => repo.rename('move dir', 'lib', 'pkg'),
      inMemory: false,
    },
    {
      name: 'the pick turns a file into a directory',
      base: { f: 'file\n', 'other.txt': 'o\n' },
      main: (repo) => repo.commit('edit other', { 'other.txt': 'o2\n' }),
      side: (repo) => repo.commit('file to dir', { f: null, 'f/inner.txt': 'inner\n' }),
      inMemory: false,
    },
    {
      name: "the pick adds a file in a new directory, beside main's own new directory",
      base: { 'src/a.txt': 'a\n' },
      main: (repo) => repo.commit('main dir', { 'src/main/m.txt': 'm\n' }),
      side: (repo) => repo.commit('new dir', { 'src/deep/er/x.txt': 'x\n', 'src/main/s.txt': 's\n' }),
      inMemory: true,
    },
  ];

  it.each(cases)('gives what cherry-pick gives: $name', async ({ base: files, main, side, inMemory }) => {
    const repo = TestRepo.init();
    try {
      repo.commit('base', files);
      repo.checkout('side', { create: true });
      side(repo);
      const pick = repo.head();
      repo.checkout('main');
      main(repo);
      const base = repo.head();
      const result = await applyCommits(makeGit(repo.dir), {
        base,
        commits: [{ sha: pick, message: 'pick\n' }],
        committer,
        onConflict: 'skip',
      });
      const [expected] = cherryPickEach(repo, base, [pick]);
      const [ours] = result.commits;
      expect(
        ours?.status === 'applied'
          ? { status: ours.status, tree: repo.head(`${ours.newSha}^{tree}`) }
          : { status: ours?.status, conflictPaths: ours?.conflictPaths?.sort() },
      ).toEqual(expected);
      expect(result.mergedByGit).toBe(inMemory ? 0 : 1);
    } finally {
      repo.remove();
    }
  });
});

describe('updateRef', () => {
  it('creates, moves and refuses to move a ref whose old value does not match', async () => {
    const repo = TestRepo.init();
    try {
      const first = repo.commit('one', { 'f.txt': '1\n' });
      const second = repo.commit('two', { 'f.txt': '2\n' });
      const git = makeGit(repo.dir);
      await updateRef(git, 'refs/heads/sync', first, null);
      expect(repo.head('refs/heads/sync')).toBe(first);
      await expect(updateRef(git, 'refs/heads/sync', second, null)).rejects.toMatchObject({ code: 'TARGET_MOVED' });
      await expect(updateRef(git, 'refs/heads/sync', first, second)).rejects.toBeInstanceOf(SyncError);
      expect(repo.head('refs/heads/sync')).toBe(first);
      await updateRef(git, 'refs/heads/sync', second, first);
      expect(repo.head('refs/heads/sync')).toBe(second);
      await expect(updateRef(git, 'refs/heads/absent', second, first)).rejects.toMatchObject({ code: 'TARGET_MOVED' });
    } finally {
      repo.remove();
    }
  });
});

describe('benchApply', () => {
  it('builds a history whose final tree matches cherry-pick, in memory, with three processes whatever the number of commits', async () => {
    const result = await benchApply({ commits: 12 });
    expect(result.sameTrees).toBe(true);
    expect(result.ours.processes).toBe(3);
    expect(result.ours.mergedByGit).toBe(0);
    expect(result.ratio).toBeGreaterThan(0);
  });

  it('in its worst case (main edited every file) sends every pick through merge-tree, with the same trees', async () => {
    const result = await benchApply({ commits: 12, mainEditsAll: true });
    expect(result.sameTrees).toBe(true);
    expect(result.ours.mergedByGit).toBe(12);
  });
});
