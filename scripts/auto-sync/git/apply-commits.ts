import type { ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';

// Applies source commits onto a base commit in the object store only: no work tree, no index, no ref.
//
// For each pick C (parent P) we write a synthetic commit S = (current tree, parent P) and merge
// S with C. The merge base is then P, so the three-way merge is exactly the one `git cherry-pick`
// does (same merge-ort, same rename detection): clean gives the new tree, conflicted the paths.
// A root commit has no P; the merge then uses the empty tree as base, as cherry-pick does. A clean
// result equal to the current tree means the change is already there ("empty").
//
// Processes, whatever the number of commits: one `cat-file --batch` reads every commit, one
// `hash-object --stdin-paths` writes every commit object, and one `merge-tree --stdin` does every
// merge. That merge-tree only writes its answers when its stdout buffer fills or stdin closes, and
// each merge needs the previous answer, so it runs under `stdbuf -o0`. Where that does not work
// (no coreutils, a static git, a git without --stdin) each merge is its own merge-tree process.

export interface CommitToApply {
  sha: string;
  /** The final message, provenance trailers included; written byte for byte as UTF-8. */
  message: string;
}

export interface Identity {
  name: string;
  email: string;
  /** Git's raw date format: '<unix seconds> <+|-hhmm>'. */
  date: string;
}

export interface ApplyOptions {
  /** The commit to build on (a sha, or any revision that names a commit). */
  base: string;
  commits: readonly CommitToApply[];
  committer: Identity;
  onConflict: 'skip' | 'stop';
  /** 'per-commit': one merge-tree process per commit, the fallback (tests use it to cover that path). */
  merges?: 'batch' | 'per-commit';
}

export type ApplyStatus = 'applied' | 'empty' | 'conflict' | 'not-attempted';

export interface AppliedCommit {
  sha: string;
  status: ApplyStatus;
  newSha?: string;
  conflictPaths?: string[];
}

export interface ApplyResult {
  /** The new head; the base commit itself when nothing was applied. */
  head: string;
  commits: AppliedCommit[];
}

export async function applyCommits(git: Git, options: ApplyOptions): Promise<ApplyResult> {
  // New objects (trees, synthetic bases, commits) go to a scratch object directory in memory, with
  // the repository's own as an alternate; at the end one pack-objects --local moves only what the
  // new commits need into the repository. Writing thousands of loose files is what costs here,
  // and the synthetic merge bases never reach the repository at all.
  const objects = (await git.read(['rev-parse', '--path-format=absolute', '--git-path', 'objects'])).trim();
  const scratch = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'auto-sync-objects-'));
  try {
    const result = await applyInScratch(git.withEnv({ GIT_OBJECT_DIRECTORY: scratch, GIT_ALTERNATE_OBJECT_DIRECTORIES: objects }), options, scratch);
    if (result.head !== options.base && result.commits.some((c) => c.status === 'applied')) {
      const hash = (
        await git
          .withEnv({ GIT_OBJECT_DIRECTORY: scratch, GIT_ALTERNATE_OBJECT_DIRECTORIES: objects })
          .read(['pack-objects', '--revs', '--local', '--quiet', join(scratch, 'pack')], { input: `${result.head}\n^${options.base}\n` })
      ).trim();
      // The scratch directory may be another file system: copy, then rename into place, .idx last
      // (git sees a pack only once its index is there).
      for (const ext of ['pack', 'idx']) {
        const final = join(objects, 'pack', `pack-${hash}.${ext}`);
        await copyFile(join(scratch, `pack-${hash}.${ext}`), `${final}.tmp`);
        await rename(`${final}.tmp`, final);
      }
    }
    return result;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function applyInScratch(git: Git, options: ApplyOptions, scratch: string): Promise<ApplyResult> {
  const committer = formatIdentity(options.committer);
  const [base, ...sources] = await readCommits(git, [options.base, ...options.commits.map((pick) => pick.sha)]);
  if (!base) throw new Error('cat-file returned no base commit');
  for (const source of sources) {
    if (source.parents.length > 1) throw new Error(`applyCommits: ${source.sha} is a merge commit; callers must filter merges out`);
  }
  const results: AppliedCommit[] = options.commits.map((pick) => ({ sha: pick.sha, status: 'not-attempted' }));
  if (results.length === 0) return { head: base.sha, commits: results };

  let head = base.sha;
  let tree = base.tree;
  // Commit objects are written by hand into the scratch store (a loose object is a deflated
  // "commit <size>\0<body>"): no round trip to git per commit, only one per merge. The real
  // commits are handed to `git hash-object` once at the end, which must give the same ids: git
  // itself checks every object that reaches the repository.
  const loose = new LooseWriter(scratch, base.sha.length === 64 ? 'sha256' : 'sha1');
  const written: { sha: string; fields: CommitFields }[] = [];
  const merger = options.merges === 'per-commit' ? processMerger(git) : await startMerger(git, base.sha);
  try {
    // One merge at a time: each needs the tree the previous one produced.
    for (const [index, pick] of options.commits.entries()) {
      const source = sources[index]!;
      const synthetic = loose.write({ tree, parents: source.parents, author: Buffer.from(committer), committer, message: 'auto-sync: merge base\n' });
      const merge = await merger.merge(synthetic, source.sha);
      if (merge.conflictPaths) {
        results[index] = { sha: pick.sha, status: 'conflict', conflictPaths: merge.conflictPaths };
        if (options.onConflict === 'stop') break;
      } else if (merge.tree === tree) {
        results[index] = { sha: pick.sha, status: 'empty' };
      } else {
        const fields: CommitFields = { tree: merge.tree, parents: [head], author: source.author, committer, message: pick.message };
        head = loose.write(fields);
        written.push({ sha: head, fields });
        results[index] = { sha: pick.sha, status: 'applied', newSha: head };
        tree = merge.tree;
      }
    }
  } catch (error) {
    merger.abort();
    throw error;
  }
  await merger.close();
  if (written.length > 0) {
    const writer = new CommitWriter(git);
    try {
      const checked = await writer.write(written.map((w) => w.fields));
      const bad = checked.findIndex((sha, i) => sha !== written[i]!.sha);
      if (bad >= 0) throw new SyncError('GIT_FAILED', `git hash-object gave ${checked[bad]} for the commit auto-sync wrote as ${written[bad]!.sha}`, { hint: 'This is a bug in auto-sync; nothing was delivered.' });
    } finally {
      await writer.close();
    }
  }
  return { head, commits: results };
}

/** Writes commit objects straight into an object directory, as git stores loose objects. */
class LooseWriter {
  constructor(
    private readonly dir: string,
    private readonly algorithm: 'sha1' | 'sha256',
  ) {}

  write(fields: CommitFields): string {
    const body = commitObject(fields);
    const stored = Buffer.concat([Buffer.from(`commit ${body.length}\0`, 'utf8'), body]);
    const sha = createHash(this.algorithm).update(stored).digest('hex');
    const path = join(this.dir, sha.slice(0, 2), sha.slice(2));
    if (!existsSync(path)) {
      mkdirSync(join(this.dir, sha.slice(0, 2)), { recursive: true });
      writeFileSync(path, deflateSync(stored));
    }
    return sha;
  }
}

/** Compare-and-swap of a ref: `oldSha` null means the ref must not exist yet. */
export async function updateRef(git: Git, ref: string, newSha: string, oldSha: string | null): Promise<void> {
  if (!OID.test(newSha) || (oldSha !== null && !OID.test(oldSha))) throw new Error(`updateRef: expected full object ids, got ${newSha} / ${oldSha}`);
  const expected = oldSha ?? '0'.repeat(newSha.length);
  const result = await git.run(['update-ref', '-m', 'auto-sync', '--end-of-options', ref, newSha, expected], { allowFailure: true });
  if (result.ok) return;
  const reason = firstLine(result.stderr);
  // Lost races only: another value, an existing or a vanished ref, a lock held by another writer.
  if (/is at [0-9a-f]+ but expected|reference already exists|unable to resolve reference|\.lock': File exists/.test(reason)) {
    throw new SyncError('TARGET_MOVED', `${ref} was not updated: it is no longer at ${oldSha ?? '(absent)'}`, { details: [reason] });
  }
  throw new SyncError('GIT_FAILED', `git update-ref ${ref} failed: ${reason || `exit ${result.exitCode ?? result.signal}`}`, { details: [result.stderr.trim()] });
}

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  /** The author field after "author ", as bytes: names need not be UTF-8. */
  author: Buffer;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

/** Reads tree, parents and author of every revision with one `git cat-file --batch`. */
async function readCommits(git: Git, revs: readonly string[]): Promise<CommitInfo[]> {
  for (const rev of revs) if (/[\n\r]/.test(rev) || rev === '') throw new Error(`applyCommits: invalid revision ${JSON.stringify(rev)}`);
  const child = git.start(['cat-file', '--batch']);
  const done = exited(child, 'cat-file --batch');
  // Bytes, not text: sizes are in bytes and author names need not be UTF-8.
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdin.end(revs.map((rev) => `${rev}^{commit}\n`).join(''));
  await done;
  const out = Buffer.concat(chunks);
  const commits: CommitInfo[] = [];
  let pos = 0;
  for (const rev of revs) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.toString('utf8', pos, eol === -1 ? out.length : eol);
    const match = /^([0-9a-f]+) commit (\d+)$/.exec(header);
    if (eol === -1 || !match) {
      throw new SyncError('GIT_FAILED', `commit ${rev} is not in the object store of ${git.dir}`, { hint: 'Fetch the source again; the commit may have been rewritten.', details: [header] });
    }
    const body = out.subarray(eol + 1, eol + 1 + Number(match[2]));
    commits.push(parseCommit(match[1]!, body));
    pos = eol + 1 + body.length + 1;
  }
  return commits;
}

function parseCommit(sha: string, body: Buffer): CommitInfo {
  // latin1 maps each byte to one character and back, so the author survives whatever its encoding.
  // Continuation lines (gpgsig, mergetag) start with a space and so never match a key.
  const end = body.indexOf('\n\n');
  const lines = body.toString('latin1', 0, end === -1 ? body.length : end).split('\n');
  const field = (key: string) => lines.filter((line) => line.startsWith(`${key} `)).map((line) => line.slice(key.length + 1));
  const [tree = ''] = field('tree');
  const [author] = field('author');
  if (!OID.test(tree) || author === undefined) throw new SyncError('GIT_FAILED', `commit ${sha} could not be parsed`);
  return { sha, tree, parents: field('parent'), author: toUtf8(Buffer.from(author, 'latin1'), field('encoding')[0]) };
}

// The commits we write carry no encoding header, so an author from a commit that declares another
// encoding is converted, as cherry-pick does. Undeclared bytes are copied verbatim.
function toUtf8(bytes: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || /^utf-?8$/i.test(encoding)) return bytes;
  try {
    return Buffer.from(new TextDecoder(encoding, { fatal: true }).decode(bytes), 'utf8');
  } catch {
    return bytes;
  }
}

type MergeResult = { tree: string; conflictPaths?: string[] };
type Merger = { merge(ours: string, theirs: string): Promise<MergeResult>; close(): Promise<void>; abort(): void };

// --allow-unrelated-histories only matters for a root pick: every other pair shares the parent P.
const MERGE_TREE = ['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', '--allow-unrelated-histories'];
const PROBE_TIMEOUT_MS = 3_000;

/** One merge-tree --stdin for all merges, if it answers a trivial merge in time; else one per merge. */
async function startMerger(git: Git, probe: string): Promise<Merger> {
  const channel = new Channel(git.start([...MERGE_TREE, '--stdin'], { unbuffered: true }), 'merge-tree --stdin', '\0\0');
  const merge = async (ours: string, theirs: string, timeoutMs?: number) => {
    channel.send(`${ours} ${theirs}\n`);
    const [status, ...fields] = (await channel.next(timeoutMs)).split('\0');
    if (status !== '0' && status !== '1') throw new SyncError('GIT_FAILED', `git merge-tree --stdin answered status ${status} for ${theirs}`);
    return toMergeResult(status === '1', fields, theirs);
  };
  try {
    await merge(probe, probe, PROBE_TIMEOUT_MS);
  } catch {
    channel.abort();
    return processMerger(git);
  }
  return { merge: (ours, theirs) => merge(ours, theirs), close: () => channel.close(), abort: () => channel.abort() };
}

function processMerger(git: Git): Merger {
  const merge = async (ours: string, theirs: string) => {
    const result = await git.run([...MERGE_TREE, ours, theirs], { allowFailure: true });
    if (result.signal || (result.exitCode !== 0 && result.exitCode !== 1)) {
      const reason = firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
      throw new SyncError('GIT_FAILED', `git merge-tree failed for ${theirs}: ${reason}`, { details: [result.stderr.trim()] });
    }
    return toMergeResult(result.exitCode === 0, result.stdout.split('\0'), theirs);
  };
  return { merge, close: async () => undefined, abort: () => undefined };
}

/** Fields: the tree, then (with --name-only) each conflicted path once; empty fields end the list. */
function toMergeResult(clean: boolean, fields: readonly string[], theirs: string): MergeResult {
  const [tree = '', ...paths] = fields;
  if (!OID.test(tree)) throw new SyncError('GIT_FAILED', `git merge-tree gave no tree for ${theirs}`, { details: [fields.join(' ')] });
  return clean ? { tree } : { tree, conflictPaths: paths.filter((path) => path !== '') };
}

type CommitFields = { tree: string; parents: readonly string[]; author: Buffer; committer: string; message: string };

function formatIdentity(identity: Identity): string {
  for (const field of [identity.name, identity.email]) {
    if (/[<>\n\r\0]/.test(field)) throw new Error(`applyCommits: invalid committer field ${JSON.stringify(field)}`);
  }
  if (!/^\d+ [+-]\d{4}$/.test(identity.date)) throw new Error(`applyCommits: committer date must look like '1700000000 +0000', got ${JSON.stringify(identity.date)}`);
  return `${identity.name} <${identity.email}> ${identity.date}`;
}

function commitObject(fields: CommitFields): Buffer {
  const head = [`tree ${fields.tree}`, ...fields.parents.map((parent) => `parent ${parent}`), 'author '].join('\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), fields.author, Buffer.from(`\ncommitter ${fields.committer}\n\n${fields.message}`, 'utf8')]);
}

/**
 * Writes commit objects through one `git hash-object -w --stdin-paths`, which answers each path with
 * the object id once the object is on disk, so that merge-tree can read it straight away.
 */
class CommitWriter {
  private channel?: Channel;
  private dir?: string;

  constructor(private readonly git: Git) {}

  async write(objects: readonly CommitFields[]): Promise<string[]> {
    // Short-lived files handed to hash-object by path: in memory where there is a tmpfs.
    this.dir ??= mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'auto-sync-objects-'));
    const channel = (this.channel ??= new Channel(this.git.start(['hash-object', '-w', '-t', 'commit', '--no-filters', '--stdin-paths']), 'hash-object', '\n'));
    const paths = objects.map((fields, index) => {
      const path = join(this.dir!, String(index));
      writeFileSync(path, commitObject(fields));
      return path;
    });
    channel.send(paths.map((path) => `${path}\n`).join(''));
    const shas: string[] = [];
    for (const _ of paths) shas.push(await channel.next());
    if (!shas.every((sha) => OID.test(sha))) throw new SyncError('GIT_FAILED', `git hash-object answered ${JSON.stringify(shas)}`);
    return shas;
  }

  async close(): Promise<void> {
    try {
      await this.channel?.close();
    } finally {
      this.abort();
    }
  }

  abort(): void {
    this.channel?.abort();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

class ChannelClosed extends SyncError {}

/** Requests and answers over a long-lived git process; each answer ends with `terminator`. */
class Channel {
  private buffer = '';
  private wake?: () => void;
  private readonly ended: Promise<never>;

  constructor(private readonly child: Child, private readonly command: string, private readonly terminator: string) {
    // Rejects once the process is gone, for whatever reason, so that no wait can hang.
    this.ended = exited(child, command).then(() => {
      throw new ChannelClosed('GIT_FAILED', `git ${command} ended before answering`);
    });
    this.ended.catch(() => undefined);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake?.();
    });
  }

  send(input: string): void {
    this.child.stdin.write(input);
  }

  async next(timeoutMs?: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      if (timeoutMs !== undefined) timer = setTimeout(() => reject(new SyncError('GIT_FAILED', `git ${this.command} did not answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      for (;;) {
        const end = this.buffer.indexOf(this.terminator);
        if (end !== -1) {
          const answer = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + this.terminator.length);
          return answer;
        }
        await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), this.ended, late]);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    await this.ended.catch((error: unknown) => {
      if (!(error instanceof ChannelClosed)) throw error;
    });
  }

  abort(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Settles when the process ends: resolves on exit 0, rejects (with its stderr) on anything else. */
function exited(child: Child, command: string): Promise<void> {
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  // EPIPE when git dies early: the exit status below reports it.
  child.stdin.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    const fail = (reason: string) =>
      reject(new SyncError('GIT_FAILED', `git ${command} failed: ${firstLine(stderr) || reason}`, { details: [stderr.trim()] }));
    child.once('error', (error) => fail(error.message));
    child.once('close', (code, signal) => (code === 0 ? resolve() : fail(`exit ${code ?? signal}`)));
  });
  done.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  return done;
}
