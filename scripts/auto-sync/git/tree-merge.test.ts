import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo, gitIn, makeTempDir } from '../test/helpers/repo.ts';
import { applyCommits, type ApplyResult } from './apply-commits.ts';
import { Git } from './git.ts';
import { treeObject, type TreeEntry } from './objects.ts';

// The in-memory picks must give exactly what git's merge gives. Random histories (seeded, so a
// failure can be replayed) are applied twice, in memory where possible and all through
// merge-tree, and the results compared: statuses, conflict paths and every new commit id (so
// every tree). The histories are built to hit what makes a pick unsafe to do in memory: both sides
// editing a file, renames of files and of whole directories, a file becoming a directory,
// modes, symlinks, changes main already has.

const committer = { name: 'Auto Sync', email: 'sync@example.test', date: '1700009999 +0000' };

type File = { mode: '100644' | '100755' | '120000' | '160000'; lines: string[] };
type Files = Map<string, File>;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Names whose order in a tree is not plain string order once one of them is a directory.
const NAMES = ['a', 'b', 'a.b', 'a-b', 'a0', 'lib', 'pkg'];

class History {
  private readonly stream: string[] = [];
  private time = 1_700_000_000;
  private mark = 0;

  constructor(
    private readonly next: () => number,
    /** Length of an object id: gitlinks name commits that need not exist. */
    private readonly oidLength = 40,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A path where a new file can go: no file above it, nothing at or below it. */
  freePath(files: Files): string | undefined {
    for (let attempt = 0; attempt < 20; attempt++) {
      const depth = 1 + Math.floor(this.next() * 3);
      const path = Array.from({ length: depth }, () => this.pick(NAMES)).join('/');
      if (isFree(files, path)) return path;
    }
    return undefined;
  }

  commit(branch: string, from: string | undefined, ops: string[]): string {
    const mark = `:${++this.mark}`;
    const message = `change ${this.mark}\n`;
    this.stream.push(
      `commit refs/heads/${branch}`,
      `mark ${mark}`,
      `committer T <t@example.test> ${this.time++} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
    );
    if (from) this.stream.push(`from ${from}`);
    this.stream.push(...ops, '');
    return mark;
  }

  /** One random change to `files` (which it updates), as fast-import commands. */
  change(files: Files): string[] {
    const paths = [...files.keys()].sort();
    const regular = paths.filter((path) => files.get(path)!.mode.startsWith('100'));
    const kind = this.pick([
      'modify',
      'modify',
      'modify',
      'add',
      'delete',
      'rename',
      'rename-dir',
      'mode',
      'symlink',
      'submodule',
      'file-to-dir',
      'none',
    ]);
    switch (kind) {
      case 'modify': {
        if (regular.length === 0) return [];
        const path = this.pick(regular);
        const file = files.get(path)!;
        const lines = [...file.lines];
        lines[Math.floor(this.next() * lines.length)] = `edit ${Math.floor(this.next() * 1000)}`;
        return [this.put(files, path, { ...file, lines })];
      }
      case 'add': {
        const path = this.freePath(files);
        return path ? [this.put(files, path, { mode: '100644', lines: newLines(this.next) })] : [];
      }
      case 'delete': {
        if (paths.length <= 1) return [];
        const path = this.pick(paths);
        files.delete(path);
        return [`D ${path}`];
      }
      case 'rename': {
        if (paths.length === 0) return [];
        const from = this.pick(paths);
        const file = files.get(from)!;
        files.delete(from);
        const to = this.freePath(files);
        files.set(to ?? from, file);
        return to ? [`R ${from} ${to}`] : [];
      }
      case 'rename-dir': {
        const dirs = [...new Set(paths.flatMap((path) => ancestors(path)))];
        if (dirs.length === 0) return [];
        const from = this.pick(dirs);
        const moved = paths.filter((path) => path.startsWith(`${from}/`)).map((path) => [path, files.get(path)!] as const);
        for (const [path] of moved) files.delete(path);
        const to = this.freePath(files);
        for (const [path, file] of moved) files.set(to ? `${to}/${path.slice(from.length + 1)}` : path, file);
        return to ? [`R ${from} ${to}`] : [];
      }
      case 'mode': {
        if (regular.length === 0) return [];
        const path = this.pick(regular);
        const file = files.get(path)!;
        return [this.put(files, path, { ...file, mode: file.mode === '100644' ? '100755' : '100644' })];
      }
      case 'symlink': {
        const path = this.freePath(files);
        return path ? [this.put(files, path, { mode: '120000', lines: [this.pick(NAMES)] })] : [];
      }
      case 'submodule': {
        // A new gitlink, or an existing one moved to another commit.
        const links = paths.filter((path) => files.get(path)!.mode === '160000');
        const path = links.length > 0 && this.next() < 0.5 ? this.pick(links) : this.freePath(files);
        const commit = Array.from({ length: this.oidLength }, () => '0123456789abcdef'[Math.floor(this.next() * 16)]).join('');
        return path ? [this.put(files, path, { mode: '160000', lines: [commit] })] : [];
      }
      case 'file-to-dir': {
        if (paths.length <= 1) return [];
        const path = this.pick(paths);
        files.delete(path);
        if (!isFree(files, `${path}/x`)) return [this.put(files, path, { mode: '100644', lines: ['kept'] })];
        return [`D ${path}`, this.put(files, `${path}/x`, { mode: '100644', lines: newLines(this.next) })];
      }
      default:
        return [];
    }
  }

  put(files: Files, path: string, file: File): string {
    files.set(path, file);
    if (file.mode === '160000') return `M 160000 ${file.lines[0]} ${path}`;
    const data = file.mode === '120000' ? file.lines[0]! : `${file.lines.join('\n')}\n`;
    return `M ${file.mode} inline ${path}\ndata ${Buffer.byteLength(data)}\n${data}`;
  }

  import(dir: string): void {
    execFileSync('git', ['fast-import', '--quiet'], {
      cwd: dir,
      input: `${this.stream.join('\n')}\n`,
      env: { ...process.env, ...TEST_GIT_ENV },
    });
  }
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function isFree(files: Files, path: string): boolean {
  if (files.has(path)) return false;
  if (ancestors(path).some((dir) => files.has(dir))) return false;
  for (const existing of files.keys()) if (existing.startsWith(`${path}/`)) return false;
  return true;
}

function newLines(next: () => number): string[] {
  return Array.from({ length: 6 }, (_, i) => `line ${i} ${Math.floor(next() * 1000)}`);
}

/** A base, a side branch of `picks` commits and a main that moved on; returns the side's commits. */
function buildHistory(dir: string, seed: number, picks: number, oidLength = 40): { base: string; shas: string[] } {
  const history = new History(random(seed), oidLength);
  const files: Files = new Map();
  const start: string[] = [];
  for (let i = 0; i < 12; i++) {
    const path = history.freePath(files);
    if (path) start.push(history.put(files, path, { mode: '100644', lines: newLines(random(seed + i)) }));
  }
  const root = history.commit('main', undefined, start);
  const side = new Map([...files].map(([path, file]) => [path, { ...file, lines: [...file.lines] }]));
  const sideChanges: string[][] = [];
  for (let i = 0; i < picks; i++) {
    const ops = history.pick([1, 1, 2, 3]) === 1 ? history.change(side) : [...history.change(side), ...history.change(side)];
    sideChanges.push(ops);
    history.commit('side', i === 0 ? root : undefined, ops);
  }
  history.commit('main', undefined, history.change(files));
  history.commit('main', undefined, [...history.change(files), ...history.change(files)]);
  // Main takes some of the side's own edits, as a person porting them by hand would.
  const ported = sideChanges
    .filter(() => history.pick([true, false, false]))
    .flat()
    .filter((op) => op.startsWith('M ') && !op.includes(' inline x\n'));
  history.commit(
    'main',
    undefined,
    ported.filter((op) => isFree(files, op.split('\n')[0]!.split(' ')[3]!) || files.has(op.split('\n')[0]!.split(' ')[3]!)),
  );
  history.import(dir);
  const shas = gitIn(dir, ['rev-list', '--reverse', 'main~3..side']).trim().split('\n').filter(Boolean);
  return { base: gitIn(dir, ['rev-parse', 'main']).trim(), shas };
}

function initRepo(objectFormat: 'sha1' | 'sha256'): string {
  const dir = makeTempDir('auto-sync-fuzz-');
  gitIn(dir, ['init', '--quiet', `--object-format=${objectFormat}`, '--initial-branch=main']);
  return dir;
}

async function applyBoth(dir: string, base: string, shas: string[], onConflict: 'skip' | 'stop'): Promise<[ApplyResult, ApplyResult]> {
  const commits = shas.map((sha, i) => ({ sha, message: `Pick ${i}\n\n(cherry picked from commit ${sha})\n` }));
  const git = () => new Git(dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
  const inMemory = await applyCommits(git(), { base, commits, committer, onConflict });
  const merged = await applyCommits(git(), { base, commits, committer, onConflict, inMemory: false });
  return [inMemory, merged];
}

describe('picks done in memory', () => {
  it('give exactly the commits git merge-tree gives, over random histories', { timeout: 120_000 }, async () => {
    const totals = { picks: 0, inMemory: 0, applied: 0, conflict: 0, empty: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const dir = initRepo('sha1');
      try {
        const { base, shas } = buildHistory(dir, seed, 12);
        const [inMemory, merged] = await applyBoth(dir, base, shas, seed % 4 === 0 ? 'stop' : 'skip');
        expect({ seed, head: inMemory.head, commits: inMemory.commits }).toEqual({ seed, head: merged.head, commits: merged.commits });
        totals.picks += shas.length;
        totals.inMemory += shas.length - inMemory.mergedByGit;
        for (const commit of inMemory.commits) if (commit.status !== 'not-attempted') totals[commit.status]++;
      } finally {
        execFileSync('rm', ['-rf', dir]);
      }
    }
    // The histories cover both kinds of pick and every outcome, or this test proves little.
    expect(totals.inMemory).toBeGreaterThan(totals.picks / 3);
    expect(totals.picks - totals.inMemory).toBeGreaterThan(totals.picks / 10);
    expect(totals.conflict).toBeGreaterThan(10);
    expect(totals.empty).toBeGreaterThan(10);
  });

  it('work in a SHA-256 repository, and git fsck finds nothing wrong with what they wrote', async () => {
    const dir = initRepo('sha256');
    try {
      const { base, shas } = buildHistory(dir, 7, 20, 64);
      const [inMemory, merged] = await applyBoth(dir, base, shas, 'skip');
      expect(inMemory.head).toHaveLength(64);
      expect(inMemory.commits).toEqual(merged.commits);
      expect(inMemory.mergedByGit).toBeLessThan(shas.length);
      gitIn(dir, ['update-ref', 'refs/heads/picked', inMemory.head]);
      expect(() => gitIn(dir, ['fsck', '--strict', '--no-dangling'])).not.toThrow();
    } finally {
      execFileSync('rm', ['-rf', dir]);
    }
  });
});

describe('new objects beyond the memory bound', () => {
  it('go to a scratch directory on disk, with the same commits as a run that kept them in memory', async () => {
    const repo = TestRepo.init();
    const dir = repo.dir;
    try {
      repo.commit('base', { 'src/a.txt': 'a\n', 'src/b/c.txt': 'c\n' });
      repo.checkout('side', { create: true });
      const shas = Array.from({ length: 12 }, (_, i) =>
        repo.commit(`change ${i}`, { [`src/${i % 2 ? 'a.txt' : 'b/c.txt'}`]: `${i}\n`, [`new/${i}.txt`]: `${i}\n` }),
      );
      repo.checkout('main');
      const base = repo.commit('main moves on', { 'README.md': 'main\n' });
      const commits = shas.map((sha) => ({ sha, message: `Pick ${sha}\n` }));
      const git = () => new Git(dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
      const inRam = git();
      const inMemory = await applyCommits(inRam, { base, commits, committer, onConflict: 'skip', inMemory: true });
      const onDisk = git();
      const spilled = await applyCommits(onDisk, { base, commits, committer, onConflict: 'skip', maxBytesInMemory: 1 });
      expect(spilled).toEqual(inMemory);
      expect(inMemory.mergedByGit).toBe(0);
      // + rev-parse and a second cat-file for the scratch store, and pack-objects before index-pack.
      expect([inRam.processes, onDisk.processes]).toEqual([3, 6]);
      expect(() => gitIn(dir, ['rev-list', '--objects', spilled.head])).not.toThrow();
    } finally {
      execFileSync('rm', ['-rf', dir]);
    }
  });
});

describe('treeObject', () => {
  it("orders entries as git does (a directory sorts as if its name ended in '/') and writes canonical modes", () => {
    const dir = initRepo('sha1');
    try {
      const blob = gitIn(dir, ['hash-object', '-w', '--stdin'], { input: 'x\n' }).trim();
      const sub = gitIn(dir, ['mktree'], { input: `100644 blob ${blob}\tinner\n` }).trim();
      const entries = new Map<string, TreeEntry>([
        ['a-b', { mode: '100644', oid: blob }],
        ['a', { mode: '40000', oid: sub }],
        ['a.b', { mode: '100755', oid: blob }],
        ['a0', { mode: '120000', oid: blob }],
        ['ab', { mode: '100664', oid: blob }],
        ['\xe9t\xe9', { mode: '100644', oid: blob }],
      ]);
      const ours = treeObject(entries);
      const listing = ['100644 blob a-b', '040000 tree a', '100755 blob a.b', '120000 blob a0', '100644 blob ab', '100644 blob \xe9t\xe9'];
      const input = listing.map((line) => {
        const [mode, type, name] = line.split(' ');
        return `${mode} ${type} ${type === 'tree' ? sub : blob}\t${name}\n`;
      });
      const theirs = execFileSync('git', ['mktree'], {
        cwd: dir,
        input: Buffer.from(input.join(''), 'latin1'),
        env: { ...process.env, ...TEST_GIT_ENV },
      })
        .toString()
        .trim();
      const written = execFileSync('git', ['hash-object', '-t', 'tree', '--stdin'], {
        cwd: dir,
        input: ours,
        env: { ...process.env, ...TEST_GIT_ENV },
      })
        .toString()
        .trim();
      expect(written).toBe(theirs);
    } finally {
      execFileSync('rm', ['-rf', dir]);
    }
  });
});
