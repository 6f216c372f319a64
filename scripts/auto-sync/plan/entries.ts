import { posix } from 'node:path';

// The content policy: what a commit may write, judged entry by entry from what git stores (modes,
// object ids, sizes, symlink targets), not only from file names. Pure: the facts are read by
// git/inspect.ts and passed in.

/** One `git diff --raw` entry with full object ids. */
export interface RawEntry {
  /** git's status letter: A, M, D, R, C, T. */
  status: string;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  path: string;
  /** The other side of a rename or copy. */
  from?: string;
}

export const MODE = { file: '100644', executable: '100755', symlink: '120000', gitlink: '160000' } as const;

export interface EntryFacts {
  /** Type and size of each object a commit writes. */
  sizes: ReadonlyMap<string, { type: string; size: number }>;
  /** Each symbolic link's target, by its blob id. */
  symlinkTargets: ReadonlyMap<string, string>;
  /** Content seen at a denied path (blob id → that path): a copy is judged by its content too. */
  deniedBlobs: ReadonlyMap<string, string>;
  /** Directories of the commit's tree that hold HEAD, objects and refs: embedded repositories. */
  gitDirs: ReadonlySet<string>;
}

export interface ContentPolicy {
  denies(path: string): boolean;
  maxFileBytes: number;
}

export type EntryVerdict = { reason: 'path-denied' | 'unsafe-entry' | 'file-too-large'; detail: string };

/** The first entry that keeps the commit out, or undefined when every entry may be written. */
export function judgeEntries(entries: readonly RawEntry[], facts: EntryFacts, policy: ContentPolicy): EntryVerdict | undefined {
  for (const entry of entries) {
    const dir = [...facts.gitDirs].find((d) => entry.path === d || entry.path.startsWith(`${d}/`));
    if (dir !== undefined) return { reason: 'unsafe-entry', detail: `${dir || '.'} is an embedded git repository (HEAD, objects, refs)` };
    if (entry.from !== undefined && policy.denies(entry.from))
      return { reason: 'path-denied', detail: `${entry.path} is a copy of the denied ${entry.from}` };
    if (entry.status === 'D') continue;
    if (entry.newMode === MODE.gitlink) return { reason: 'unsafe-entry', detail: `${entry.path} is a submodule (gitlink)` };
    const size = facts.sizes.get(entry.newOid)?.size;
    if (size !== undefined && size > policy.maxFileBytes)
      return { reason: 'file-too-large', detail: `${entry.path} is ${size} bytes (paths.maxFileBytes is ${policy.maxFileBytes})` };
    const copied = facts.deniedBlobs.get(entry.newOid);
    if (copied !== undefined && copied !== entry.path)
      return { reason: 'path-denied', detail: `${entry.path} has the content of the denied ${copied}` };
    if (entry.newMode === MODE.symlink) {
      const target = facts.symlinkTargets.get(entry.newOid);
      const problem = target === undefined ? `symlink ${entry.path} could not be read` : symlinkProblem(entry.path, target, policy);
      if (problem) return { reason: 'unsafe-entry', detail: problem };
    }
  }
  return undefined;
}

/**
 * Why a symbolic link may not be synced: it points outside the tree (absolute, or up past the
 * root), at the root itself, into a .git directory, or at a denied path (`ok.txt -> .env`, or a
 * directory link through which denied files would be reached). Other links are a risk factor.
 */
export function symlinkProblem(link: string, target: string, policy: Pick<ContentPolicy, 'denies'>): string | undefined {
  if (target === '' || /[\u0000-\u001f\u007f\\]/.test(target)) return `symlink ${link} has a target auto-sync does not follow`;
  if (target.startsWith('/')) return `symlink ${link} points outside the repository (${target})`;
  const resolved = posix.normalize(posix.join(posix.dirname(link), target));
  if (resolved === '..' || resolved.startsWith('../')) return `symlink ${link} points outside the repository (${target})`;
  if (resolved === '.' || resolved === './') return `symlink ${link} points at the repository root`;
  if (resolved.split('/').some((segment) => segment.toLowerCase() === '.git')) return `symlink ${link} points into a .git directory`;
  if (policy.denies(resolved) || policy.denies(`${resolved}/x`)) return `symlink ${link} points at the denied ${resolved}`;
  return undefined;
}

/** Directories that an entry could make look like a git directory; the tree is asked about each. */
export function gitDirCandidates(entries: readonly RawEntry[]): string[] {
  const dirs = new Set<string>();
  for (const entry of entries) {
    if (entry.status === 'D') continue;
    const segments = entry.path.split('/');
    segments.forEach((segment, i) => {
      if (/^(head|objects|refs|config)$/i.test(segment)) dirs.add(segments.slice(0, i).join('/'));
    });
  }
  return [...dirs];
}

/** A directory that holds HEAD, objects and refs is a git directory, whatever it is called. */
export function looksLikeGitDir(names: readonly string[]): boolean {
  const lower = new Set(names.map((name) => name.toLowerCase()));
  return lower.has('head') && lower.has('objects') && lower.has('refs');
}

/** Git's own test for binary content: a NUL byte in the first 8000 bytes. */
export function isBinary(body: Uint8Array): boolean {
  return body.subarray(0, 8000).includes(0);
}
