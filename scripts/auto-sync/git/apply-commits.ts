import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SyncError } from '../errors.ts';
import { Channel, ObjectReader, exited } from './channel.ts';
import { firstLine, type Git } from './git.ts';
import { NewObjects, OID, commitObject, isTreeMode, objectFormatOf, parseCommit, type CommitFields, type ParsedCommit } from './objects.ts';
import { TreeStore, parseDiffTree, pickWithoutMerge, type Change, type Edit } from './tree-merge.ts';
import { makeTempDir, removeTempDir } from '../proc/temp.ts';
import { isLockfile, isLockfileOnlyConflict } from '../plan/lockfiles.ts';

// Applies source commits onto a base commit in the object store only: no work tree, no index, no ref.
//
// Picking C (parent P) is the three-way merge `git cherry-pick` does, of the current tree and C
// with base P. Most picks need no merge at all (C changes only paths the target left as P had
// them): those are done in memory from `git diff-tree`'s list of C's changes (tree-merge.ts). The
// others go to git's own merge-ort: a synthetic commit S = (current tree, parent P) merged with C
// by `git merge-tree`, whose merge base is then P, so conflicts, renames and empties are exactly
// cherry-pick's. A root commit has no P; the merge then uses the empty tree as base, as
// cherry-pick does. A clean result equal to the current tree means the change is already there
// ("empty").
//
// New trees and commits are made by auto-sync itself, in memory, and reach the repository as one
// pack that `git index-pack --strict` checks: git verifies every object it receives. Processes,
// whatever the number of commits: one `cat-file --batch` reads commits and trees, one `diff-tree
// --stdin` lists every pick's changes, one `index-pack` takes the pack. When some pick needs a real
// merge, the objects go to a scratch object directory instead (merge-tree must read them), one
// `merge-tree --stdin` does every merge, a second `cat-file` sees the scratch store, and
// `pack-objects` feeds index-pack. That merge-tree only writes its answers when its stdout buffer
// fills or stdin closes, and each merge needs the previous answer, so it runs under `stdbuf -o0`.
// Where that does not work (no coreutils, a static git, a git without --stdin) each merge is its
// own merge-tree process.

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
  /** A merge commit is applied as one unit, its first-parent diff (commits.follow "first-parent"). */
  mergeUnits?: boolean;
  /**
   * 'target': a pick whose every conflict is in a lockfile is applied with those lockfiles as the
   * current tree has them (the rest merged as usual), and names them in `regenerate`.
   */
  lockfileConflicts?: 'target' | 'conflict';
  /** 'per-commit': one merge-tree process per commit, the fallback (tests use it to cover that path). */
  merges?: 'batch' | 'per-commit';
  /** false: every pick through merge-tree, none in memory (tests compare the two). */
  inMemory?: boolean;
  /** New objects held in memory before they go to a scratch directory on disk (default 256 MiB). */
  maxBytesInMemory?: number;
}

export type ApplyStatus = 'applied' | 'empty' | 'conflict' | 'not-attempted';

export interface AppliedCommit {
  sha: string;
  status: ApplyStatus;
  newSha?: string;
  conflictPaths?: string[];
  /** Applied with these lockfiles kept as they were (lockfileConflicts 'target'): to be regenerated. */
  regenerate?: string[];
}

export interface ApplyResult {
  /** The new head; the base commit itself when nothing was applied. */
  head: string;
  commits: AppliedCommit[];
  /** How many picks needed git's merge (the others were done in memory). */
  mergedByGit: number;
}

export async function applyCommits(git: Git, options: ApplyOptions): Promise<ApplyResult> {
  const committer = formatIdentity(options.committer);
  const shas = options.commits.map((pick) => pick.sha);
  for (const rev of [options.base, ...shas])
    if (/[\n\r]/.test(rev) || rev === '') throw new Error(`applyCommits: invalid revision ${JSON.stringify(rev)}`);
  // Started at once: git lists the changes while the commits are read.
  // (Listed for lockfileConflicts 'target' too, whose first merge leaves lockfiles out: see lockfileNeutral.)
  const changes =
    (options.inMemory === false && options.lockfileConflicts !== 'target') || shas.length === 0 ? undefined : listChanges(git, shas);
  changes?.catch(() => undefined);
  const reader = new ObjectReader(git);
  const work: Work = { readers: [reader] };
  try {
    const read = await Promise.all([options.base, ...shas].map((rev) => readCommit(reader, rev, git.dir)));
    const [base, sources] = [read[0]!, read.slice(1)];
    for (const source of sources) {
      if (source.parents.length > 1 && !options.mergeUnits)
        throw new Error(`applyCommits: ${source.sha} is a merge commit; callers must filter merges out`);
    }
    const results: AppliedCommit[] = options.commits.map((pick) => ({ sha: pick.sha, status: 'not-attempted' }));
    if (results.length === 0) return { head: base.sha, commits: results, mergedByGit: 0 };

    const format = objectFormatOf(base.sha);
    const objects = new NewObjects(format);
    const store = new TreeStore(reader, objects, format);
    const listed = await changes;
    let head = base.sha;
    let tree = base.tree;
    let mergedByGit = 0;
    // One pick at a time: each starts from the tree the previous one produced.
    for (const [index, pick] of options.commits.entries()) {
      const source = sources[index]!;
      const plain = listed?.get(source.sha);
      // A merge unit is its first-parent diff: as a pick of a commit whose parent is the first parent.
      const parents = source.parents.slice(0, 1);
      const inMemory = plain && parents.length === 1 && options.inMemory !== false ? await pickWithoutMerge(store, tree, plain) : undefined;
      let merge: TreeMerge | undefined;
      if (inMemory) {
        merge = { tree: inMemory };
      } else {
        const merger = await openMerger(git, work, objects, store, options, base.sha);
        const author = Buffer.from(committer);
        // Lockfiles left out first: a pick that conflicts elsewhere too stays a conflict whatever
        // its lockfiles do, and merging a large lockfile is most of the cost of such a pick.
        const neutral =
          options.lockfileConflicts === 'target' && plain && parents.length === 1
            ? await lockfileNeutral(reader, store, tree, parents[0]!, source.tree, plain)
            : undefined;
        if (neutral) {
          const neutralBase = objects.write(
            'commit',
            commitObject({ tree: neutral.base, parents: [], author, committer, message: 'auto-sync: merge base\n' }),
          );
          const ours = objects.write(
            'commit',
            commitObject({ tree, parents: [neutralBase], author, committer, message: 'auto-sync: ours\n' }),
          );
          const theirs = objects.write(
            'commit',
            commitObject({ tree: neutral.theirs, parents: [neutralBase], author, committer, message: 'auto-sync: theirs\n' }),
          );
          const first = await merger.merge(ours, theirs);
          if (first.conflictPaths && !isLockfileOnlyConflict(first.conflictPaths)) merge = first;
        }
        if (!merge) {
          const synthetic = objects.write('commit', commitObject({ tree, parents, author, committer, message: 'auto-sync: merge base\n' }));
          merge = await merger.merge(synthetic, source.sha);
        }
        mergedByGit++;
      }
      // Lockfiles are derived: kept as the current tree has them, regenerated later (plan/lockfiles.ts).
      let regenerate: string[] | undefined;
      if (merge.conflictPaths && options.lockfileConflicts === 'target' && isLockfileOnlyConflict(merge.conflictPaths)) {
        const kept = await keepPaths(store, merge.tree, tree, merge.conflictPaths);
        // Nothing of the commit is left besides its lockfiles: it stays the conflict it is.
        if (kept !== tree) {
          regenerate = merge.conflictPaths;
          merge = { tree: kept };
        }
      }
      if (merge.conflictPaths) {
        results[index] = { sha: pick.sha, status: 'conflict', conflictPaths: merge.conflictPaths };
        if (options.onConflict === 'stop') break;
      } else if (merge.tree === tree) {
        results[index] = { sha: pick.sha, status: 'empty' };
      } else {
        const fields: CommitFields = { tree: merge.tree, parents: [head], author: source.author, committer, message: pick.message };
        head = objects.write('commit', commitObject(fields));
        results[index] = { sha: pick.sha, status: 'applied', newSha: head, ...(regenerate ? { regenerate } : {}) };
        tree = merge.tree;
      }
      // A long list in a repository with large trees: keep the objects on disk rather than in memory.
      if (objects.bytes > (options.maxBytesInMemory ?? MAX_BYTES_IN_MEMORY)) await openScratch(git, work, objects, store, tmpdir());
    }
    await work.merger?.close();
    for (const open of work.readers) await open.close();
    if (head !== base.sha) {
      // Without merges, every new object is one auto-sync made: they go to git as one pack.
      // After merges, merge-tree's trees are in the scratch store too, and git packs from there.
      if (work.scratch) await movePack(work.scratch.git, git, head, base.sha);
      else await indexPack(git, objects.pack());
    }
    return { head, commits: results, mergedByGit };
  } finally {
    // Processes still running here are left over from a failure (or the early return): stop them.
    work.merger?.abort();
    for (const open of work.readers) open.abort();
    if (work.scratch) await removeTempDir(work.scratch.dir);
  }
}

/** `merged` with each of `paths` as `current` has it (absent there: removed). */
async function keepPaths(store: TreeStore, merged: string, current: string, paths: readonly string[]): Promise<string> {
  const edits: Edit[] = [];
  for (const path of paths) {
    const parts = path.split('/');
    const walk = await store.walk(current, parts);
    edits.push({ parts, entry: 'found' in walk && !isTreeMode(walk.found.mode) ? walk.found : null });
  }
  return store.edit(merged, edits);
}

/**
 * For a pick that modifies a lockfile the current tree has changed too (a content merge of the
 * lockfile): the trees of its parent and of the pick with each such lockfile as the current tree
 * has it, so that merging them with the current tree merges everything but those lockfiles. Every
 * other path has the same three versions as in the real merge, and the lockfiles are plain
 * modifications (no rename or type change can pair them with another path), so that merge's
 * conflicts outside lockfiles are exactly the real merge's. Undefined when there is nothing to
 * leave out, or anything unusual about a lockfile change: then only the real merge runs.
 */
async function lockfileNeutral(
  reader: ObjectReader,
  store: TreeStore,
  current: string,
  parent: string,
  pickTree: string,
  changes: readonly Change[],
): Promise<{ base: string; theirs: string } | undefined> {
  const edits: Edit[] = [];
  for (const change of changes) {
    if (!isLockfile(change.path)) continue;
    if (change.status !== 'M' || isTreeMode(change.oldMode) || isTreeMode(change.newMode)) return undefined;
    const parts = change.path.split('/');
    const walk = await store.walk(current, parts);
    if (!('found' in walk) || isTreeMode(walk.found.mode)) return undefined;
    // Unchanged in the current tree, or already the pick's version: no content merge to save.
    if (walk.found.oid === change.oldOid || walk.found.oid === change.newOid) continue;
    edits.push({ parts, entry: walk.found });
  }
  if (edits.length === 0) return undefined;
  const parentTree = (await readCommit(reader, parent, 'the repository')).tree;
  return { base: await store.edit(parentTree, edits), theirs: await store.edit(pickTree, edits) };
}

/** The processes and the scratch store of one applyCommits, for cleaning up whatever happens. */
interface Work {
  readers: ObjectReader[];
  scratch?: { dir: string; git: Git };
  merger?: Merger;
}

/** Beyond this, new objects go to a scratch object directory on disk instead of memory. */
const MAX_BYTES_IN_MEMORY = 256 * 1024 * 1024;

/**
 * A scratch object store (the repository's own as its alternate) that takes every new object from
 * now on, and a reader that sees it. The synthetic merge bases written there never reach the
 * repository: at the end, pack-objects takes only what the new commits need.
 */
async function openScratch(git: Git, work: Work, objects: NewObjects, store: TreeStore, parent: string): Promise<Git> {
  if (work.scratch) return work.scratch.git;
  const repoObjects = (await git.read(['rev-parse', '--path-format=absolute', '--git-path', 'objects'])).trim();
  const dir = await makeTempDir('objects', parent);
  const inScratch = git.withEnv({ GIT_OBJECT_DIRECTORY: dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: repoObjects });
  work.scratch = { dir, git: inScratch };
  objects.spill(dir);
  const reader = new ObjectReader(inScratch);
  work.readers.push(reader);
  store.reader = reader;
  return inScratch;
}

/** The first pick that needs a real merge starts merge-tree, in a scratch store (in memory where there is a tmpfs). */
async function openMerger(
  git: Git,
  work: Work,
  objects: NewObjects,
  store: TreeStore,
  options: ApplyOptions,
  probe: string,
): Promise<Merger> {
  if (work.merger) return work.merger;
  const inScratch = await openScratch(git, work, objects, store, existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  work.merger = options.merges === 'per-commit' ? processMerger(inScratch) : await startMerger(inScratch, probe);
  return work.merger;
}

async function readCommit(reader: ObjectReader, rev: string, dir: string): Promise<ParsedCommit> {
  const object = await reader.read(`${rev}^{commit}`);
  if ('missing' in object || object.type !== 'commit') {
    throw new SyncError('GIT_FAILED', `commit ${rev} is not in the object store of ${dir}`, {
      hint: 'Fetch the source again; the commit may have been rewritten.',
    });
  }
  return parseCommit(object.oid, object.body);
}

/** Every pick's changes against its parent, from one `git diff-tree --stdin`. */
async function listChanges(git: Git, shas: readonly string[]): Promise<Map<string, Change[]>> {
  // A merge (only ever given as a unit) is listed with its first-parent diff.
  const args = [
    'diff-tree',
    '--stdin',
    '-z',
    '-r',
    '-t',
    '--raw',
    '--no-renames',
    '--ignore-submodules=none',
    '--always',
    '--diff-merges=first-parent',
  ];
  const child = git.start(args, { buffered: true }); // read when it ends
  const done = exited(child, 'diff-tree --stdin');
  // Bytes, not text: paths need not be UTF-8.
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdin.end(shas.map((sha) => `${sha}\n`).join(''));
  await done;
  return parseDiffTree(Buffer.concat(chunks));
}

/** `git index-pack --strict` takes the pack into the repository, checking every object (format, order, links). */
export async function indexPack(git: Git, pack: Buffer): Promise<void> {
  const index = git.start(['index-pack', '--strict', '--stdin']);
  const done = exited(index, 'index-pack --strict');
  index.stdout.resume();
  index.stdin.end(pack);
  await done;
}

/** `pack-objects` in the scratch store, piped into `index-pack --strict` in the repository. */
async function movePack(inScratch: Git, git: Git, head: string, base: string): Promise<void> {
  const pack = inScratch.start(['pack-objects', '--revs', '--local', '--stdout', '--quiet']);
  const index = git.start(['index-pack', '--strict', '--stdin']);
  const done = Promise.all([exited(pack, 'pack-objects'), exited(index, 'index-pack --strict')]);
  index.stdout.resume();
  pack.stdout.pipe(index.stdin);
  pack.stdin.end(`${head}\n^${base}\n`);
  try {
    await done;
  } catch (error) {
    for (const child of [pack, index]) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
}

/** Compare-and-swap of a ref: `oldSha` null means the ref must not exist yet. */
export async function updateRef(git: Git, ref: string, newSha: string, oldSha: string | null): Promise<void> {
  if (!OID.test(newSha) || (oldSha !== null && !OID.test(oldSha)))
    throw new Error(`updateRef: expected full object ids, got ${newSha} / ${oldSha}`);
  const expected = oldSha ?? '0'.repeat(newSha.length);
  const result = await git.run(['update-ref', '-m', 'auto-sync', '--end-of-options', ref, newSha, expected], { allowFailure: true });
  if (result.ok) return;
  const reason = firstLine(result.stderr);
  // Lost races only: another value, an existing or a vanished ref, a lock held by another writer.
  if (/is at [0-9a-f]+ but expected|reference already exists|unable to resolve reference|\.lock': File exists/.test(reason)) {
    throw new SyncError('TARGET_MOVED', `${ref} was not updated: it is no longer at ${oldSha ?? '(absent)'}`, { details: [reason] });
  }
  throw new SyncError('GIT_FAILED', `git update-ref ${ref} failed: ${reason || `exit ${result.exitCode ?? result.signal}`}`, {
    details: [result.stderr.trim()],
  });
}

type TreeMerge = { tree: string; conflictPaths?: string[] };
type Merger = { merge(ours: string, theirs: string): Promise<TreeMerge>; close(): Promise<void>; abort(): void };

// --allow-unrelated-histories only matters for a root pick: every other pair shares the parent P.
const MERGE_TREE = ['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', '--allow-unrelated-histories'];
const PROBE_TIMEOUT_MS = 3_000;

/** One merge-tree --stdin for all merges, if it answers a trivial merge in time; else one per merge. */
async function startMerger(git: Git, probe: string): Promise<Merger> {
  const channel = new Channel(git.start([...MERGE_TREE, '--stdin'], { unbuffered: true }), 'merge-tree --stdin', '\0\0');
  const merge = async (ours: string, theirs: string, timeoutMs?: number) => {
    channel.send(`${ours} ${theirs}\n`);
    const [status, ...fields] = (await channel.next(timeoutMs)).split('\0');
    if (status !== '0' && status !== '1')
      throw new SyncError('GIT_FAILED', `git merge-tree --stdin answered status ${status} for ${theirs}`);
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
function toMergeResult(clean: boolean, fields: readonly string[], theirs: string): TreeMerge {
  const [tree = '', ...paths] = fields;
  if (!OID.test(tree)) throw new SyncError('GIT_FAILED', `git merge-tree gave no tree for ${theirs}`, { details: [fields.join(' ')] });
  return clean ? { tree } : { tree, conflictPaths: paths.filter((path) => path !== '') };
}

function formatIdentity(identity: Identity): string {
  for (const field of [identity.name, identity.email]) {
    if (/[<>\n\r\0]/.test(field)) throw new Error(`applyCommits: invalid committer field ${JSON.stringify(field)}`);
  }
  if (!/^\d+ [+-]\d{4}$/.test(identity.date))
    throw new Error(`applyCommits: committer date must look like '1700000000 +0000', got ${JSON.stringify(identity.date)}`);
  return `${identity.name} <${identity.email}> ${identity.date}`;
}
