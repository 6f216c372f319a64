import { SyncError } from '../errors.ts';
import type { ObjectReader } from './channel.ts';
import {
  NewObjects,
  OID,
  TREE_MODE,
  canonicalMode,
  isTreeMode,
  parseTree,
  treeObject,
  type ObjectFormat,
  type Tree,
  type TreeEntry,
} from './objects.ts';

// The cherry-picks that need no merge, done in memory.
//
// Picking C (parent P) onto a tree T is a three-way merge of T and C with base P. When every path C
// changes is, in T, exactly as it is in P, that merge has nothing to decide: git's merge-ort takes
// C's side at each of those paths and T's everywhere else. The only ways it could do otherwise are
// renames, and at the level of single paths they cannot interfere once T is untouched where C
// changed. What is left is directory renames, ruled out here too:
// - T renamed (removed) a directory that C adds a file to: every directory above a path C adds
//   must still be in T, unless C itself created it;
// - C removed a directory that T has added files to: a directory C removes must be in T as in P.
// Anything else, and anything unusual (a file becoming a directory or back, a root commit), is left
// to `git merge-tree`, which is always right; this only saves it the commits that are plain.

/** One line of `git diff-tree -r -t --raw`: a path that differs between P and C. */
export interface Change {
  status: string;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  /** Bytes as latin1, like tree entry names. */
  path: string;
}

/**
 * Parses `git diff-tree --stdin -z -r -t --raw --always` output: each commit's id, then its changes.
 * Paths are latin1 strings so that any bytes survive.
 */
export function parseDiffTree(output: Buffer): Map<string, Change[]> {
  const tokens = output.toString('latin1').split('\0');
  const commits = new Map<string, Change[]>();
  let current: Change[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '') continue;
    if (token.startsWith(':')) {
      const fields = token.slice(1).split(' ');
      const path = tokens[++i];
      if (!current || fields.length !== 5 || path === undefined)
        throw new SyncError('GIT_FAILED', `git diff-tree wrote an unexpected line: ${JSON.stringify(token)}`);
      const [oldMode, newMode, oldOid, newOid, status] = fields as [string, string, string, string, string];
      current.push({ status, oldMode, newMode, oldOid, newOid, path });
    } else if (OID.test(token)) {
      current = [];
      commits.set(token, current);
    } else {
      throw new SyncError('GIT_FAILED', `git diff-tree wrote an unexpected line: ${JSON.stringify(token)}`);
    }
  }
  return commits;
}

type Walk = { found: TreeEntry } | { absent: true; existing: number } | { blocked: true };

/** Trees read through cat-file and written as loose objects, kept in memory once seen. */
export class TreeStore {
  private readonly trees = new Map<string, Tree>();

  constructor(
    /** Replaced when merge-tree starts writing objects the first reader cannot see. */
    public reader: ObjectReader,
    private readonly writer: NewObjects,
    private readonly format: ObjectFormat,
  ) {}

  async get(oid: string): Promise<Tree> {
    const cached = this.trees.get(oid);
    if (cached) return cached;
    const object = await this.reader.read(oid);
    if ('missing' in object || object.type !== 'tree') throw new SyncError('GIT_FAILED', `tree ${oid} is not in the object store`);
    const tree = parseTree(object.body, this.format);
    this.trees.set(oid, tree);
    return tree;
  }

  write(entries: Tree): string {
    const oid = this.writer.write('tree', treeObject(entries));
    this.trees.set(oid, entries);
    return oid;
  }

  /** What `root` holds at `parts`; `existing` counts the directories above it that exist. */
  async walk(root: string, parts: readonly string[]): Promise<Walk> {
    let tree = await this.get(root);
    for (let depth = 0; depth < parts.length; depth++) {
      const entry = tree.get(parts[depth]!);
      if (depth === parts.length - 1) return entry ? { found: entry } : { absent: true, existing: depth };
      if (!entry) return { absent: true, existing: depth };
      if (!isTreeMode(entry.mode)) return { blocked: true };
      tree = await this.get(entry.oid);
    }
    throw new Error('walk: empty path');
  }

  /** A new tree: `root` with entries set (or removed, for null); directories left empty disappear. */
  async edit(root: string, edits: readonly Edit[]): Promise<string> {
    return (await this.editTree(root, edits)) ?? this.write(new Map());
  }

  private async editTree(oid: string | undefined, edits: readonly Edit[]): Promise<string | undefined> {
    const entries = new Map(oid === undefined ? [] : await this.get(oid));
    const below = new Map<string, Edit[]>();
    for (const edit of edits) {
      const [name, ...rest] = edit.parts as [string, ...string[]];
      if (rest.length === 0) {
        if (edit.entry) entries.set(name, edit.entry);
        else entries.delete(name);
      } else {
        const list = below.get(name) ?? [];
        list.push({ parts: rest, entry: edit.entry });
        below.set(name, list);
      }
    }
    for (const [name, list] of below) {
      const current = entries.get(name);
      const child = await this.editTree(current && isTreeMode(current.mode) ? current.oid : undefined, list);
      if (child === undefined) entries.delete(name);
      else entries.set(name, { mode: TREE_MODE, oid: child });
    }
    if (entries.size === 0) return undefined;
    return this.write(entries);
  }
}

export interface Edit {
  parts: readonly string[];
  /** null: remove the entry. */
  entry: TreeEntry | null;
}

/**
 * The tree of picking a commit whose changes are `changes` onto `tree`, when no merge is needed;
 * undefined when one might be (git merge-tree must then decide).
 */
export async function pickWithoutMerge(store: TreeStore, tree: string, changes: readonly Change[]): Promise<string | undefined> {
  const addedDirs = new Set<string>();
  const leaves: Change[] = [];
  for (const change of changes) {
    const oldTree = isTreeMode(change.oldMode);
    const newTree = isTreeMode(change.newMode);
    if (oldTree !== newTree && change.status !== 'A' && change.status !== 'D') return undefined;
    if (oldTree || newTree) {
      if (change.status === 'A') addedDirs.add(change.path);
      else if (change.status === 'D') {
        // C removed this directory: T must hold it unchanged, or merge-ort may move T's additions.
        const walk = await store.walk(tree, change.path.split('/'));
        if (!('found' in walk) || walk.found.oid !== change.oldOid) return undefined;
      }
      continue;
    }
    if (!['A', 'D', 'M', 'T'].includes(change.status)) return undefined;
    leaves.push(change);
  }
  // A path that is also a directory of another change (a file becoming a directory or back).
  const paths = new Set(leaves.map((change) => change.path));
  for (const change of leaves) {
    for (let slash = change.path.indexOf('/'); slash !== -1; slash = change.path.indexOf('/', slash + 1)) {
      if (paths.has(change.path.slice(0, slash))) return undefined;
    }
  }
  const edits: Edit[] = [];
  for (const change of leaves) {
    const parts = change.path.split('/');
    const walk = await store.walk(tree, parts);
    if ('blocked' in walk) return undefined;
    if (change.status === 'A') {
      if ('found' in walk) return undefined;
      // Every directory above must be in T, from the first missing one down unless C created it.
      if (walk.existing < parts.length - 1 && !addedDirs.has(parts.slice(0, walk.existing + 1).join('/'))) return undefined;
    } else if (!('found' in walk) || walk.found.oid !== change.oldOid || canonicalMode(walk.found.mode) !== canonicalMode(change.oldMode)) {
      return undefined;
    }
    edits.push({ parts, entry: change.status === 'D' ? null : { mode: canonicalMode(change.newMode), oid: change.newOid } });
  }
  if (edits.length === 0) return tree;
  return store.edit(tree, edits);
}
