import type { Git } from '../git/git.ts';
import { CopyFinder, listTreeNames, listTreePaths, ObjectFetcher } from '../git/inspect.ts';
import { gitDirCandidates, isBinary, judgeEntries, looksLikeGitDir, MODE, type ContentPolicy, type RawEntry } from '../plan/entries.ts';
import type { CommitDecision, CommitInfo, Reason } from '../plan/types.ts';
import type { ScannedFile } from '../scan/secrets.ts';

// The content step of planning: the commits the filters picked are looked at entry by entry
// (modes, sizes, symlink targets, copies, embedded repositories) and their added lines are scanned
// for secrets, before anything is applied. A commit that fails is skipped with its reason.
// Fed while git lists the source, so its git work (two processes, whatever the number of
// commits; ls-tree only for rare suspects) overlaps the listing. The search for near copies
// (--find-copies-harder, costly in a large tree) runs only where a copy could carry a denied
// file's content: when a denied path exists in a tree of the range (added by a listed commit,
// or in the tree the range starts from).

const NO_OID = /^0+$/;

export interface Inspection {
  /** A commit as it was classified. */
  add(commit: CommitInfo, decision: CommitDecision): void;
  /** The decisions, revised where a picked commit's content is refused. */
  finish(decisions: readonly CommitDecision[]): Promise<CommitDecision[]>;
}

export function startInspection(git: Git, policy: ContentPolicy): Inspection {
  const entriesOf = new Map<string, readonly RawEntry[]>();
  const picked: CommitDecision[] = [];
  const denied: CommitDecision[] = [];
  const addingFiles: string[] = [];
  const seen = new Set<string>();
  const parents = new Set<string>();
  let deniedPathAdded = false;
  const objects = new ObjectFetcher(git, policy.maxFileBytes);
  // The trees the range starts from, listed as soon as a picked commit adds a file (see finish):
  // while git is still listing, not after. Usually one tree, the first commit's parent.
  const startTrees = new Map<string, Promise<boolean>>();
  const deniedIn = (commit: string) => {
    let found = startTrees.get(commit);
    if (!found) {
      found = listTreePaths(git, commit).then((paths) => paths.some((path) => policy.denies(path)));
      found.catch(() => undefined); // awaited in finish, where a failure surfaces
      startTrees.set(commit, found);
    }
    return found;
  };
  const written = (entry: RawEntry) => entry.status !== 'D' && !NO_OID.test(entry.newOid) && entry.newMode !== MODE.gitlink;
  return {
    add(commit, decision) {
      const entries = commit.entries ?? [];
      seen.add(commit.sha);
      for (const p of commit.parents) parents.add(p);
      // A path that exists anywhere in the range was added by a listed commit, or is in a start tree.
      if (!deniedPathAdded) deniedPathAdded = entries.some((e) => e.status !== 'D' && e.status !== 'M' && policy.denies(e.path));
      if (decision.decision === 'picked') {
        picked.push(decision);
        entriesOf.set(commit.sha, entries);
        // A file added may be a copy of one the commit left alone (the listing's -C only sees
        // copies of files the commit also changed): those commits go through --find-copies-harder.
        if (entries.some((e) => e.status === 'A')) {
          if (addingFiles.length === 0 && !deniedPathAdded && parents.size <= 8)
            for (const p of parents) if (!seen.has(p)) void deniedIn(p).catch(() => undefined);
          addingFiles.push(commit.sha);
        }
        // Sizes first (a 100 MB blob costs nothing to size), then the bodies of the small ones:
        // symlink targets, and each file written with its old version (only added lines are scanned).
        for (const e of entries.filter(written)) {
          objects.add(e.newOid);
          if (e.newMode !== MODE.symlink && !NO_OID.test(e.oldOid)) objects.add(e.oldOid);
        }
      } else if (decision.reason === 'path-denied') {
        // What a denied commit's denied files held must not come in under another name.
        denied.push(decision);
        entriesOf.set(commit.sha, entries);
      }
    },
    async finish(decisions) {
      const findCopies = async () => {
        if (addingFiles.length === 0 || decisions.length === 0) return new Map<string, RawEntry[]>();
        const starts = [...parents].filter((p) => !seen.has(p));
        if (!deniedPathAdded && !(await anyDeniedPath(starts, deniedIn))) return new Map<string, RawEntry[]>();
        const copies = new CopyFinder(git);
        for (const sha of addingFiles) copies.add(sha);
        return copies.finish();
      };
      const [harder] = await Promise.all([findCopies(), objects.finish()]);
      if (picked.length === 0) return [...decisions];
      const raw = new Map(entriesOf);
      for (const [sha, entries] of harder) raw.set(sha, entries);
      const revised = await judge(git, policy, picked, denied, raw, objects);
      return decisions.map((d) => revised.get(d.sha) ?? d);
    },
  };
}

/** Whether a denied path is in the tree of any of these commits (the trees a range starts from). */
async function anyDeniedPath(commits: readonly string[], deniedIn: (commit: string) => Promise<boolean>): Promise<boolean> {
  // Many start points (a wide merge history): assume the worst rather than list every tree.
  if (commits.length > 8) return true;
  for (const commit of commits) if (await deniedIn(commit)) return true;
  return false;
}

async function judge(
  git: Git,
  policy: ContentPolicy,
  picked: readonly CommitDecision[],
  denied: readonly CommitDecision[],
  raw: ReadonlyMap<string, readonly RawEntry[]>,
  objects: ObjectFetcher,
): Promise<Map<string, CommitDecision>> {
  const deniedBlobs = new Map<string, string>();
  for (const d of denied)
    for (const entry of raw.get(d.sha) ?? [])
      for (const [path, oid] of [
        [entry.path, entry.newOid],
        [entry.from ?? entry.path, entry.oldOid],
      ] as const)
        if (policy.denies(path) && !NO_OID.test(oid)) deniedBlobs.set(oid, path);
  const { sizes, bodies } = objects;
  const symlinkTargets = new Map<string, string>();
  for (const d of picked)
    for (const entry of raw.get(d.sha) ?? [])
      if (entry.newMode === MODE.symlink && bodies.has(entry.newOid))
        symlinkTargets.set(entry.newOid, bodies.get(entry.newOid)!.toString('utf8'));

  const revised = new Map<string, CommitDecision>();
  const scanned: { decision: CommitDecision; file: ScannedFile }[] = [];
  for (const d of picked) {
    const entries = raw.get(d.sha) ?? [];
    const gitDirs = new Set<string>();
    for (const dir of gitDirCandidates(entries)) if (looksLikeGitDir(await listTreeNames(git, d.sha, dir))) gitDirs.add(dir);
    const verdict = judgeEntries(entries, { sizes, symlinkTargets, deniedBlobs, gitDirs }, policy);
    if (verdict) {
      revised.set(d.sha, skip(d, verdict.reason, verdict.detail));
      continue;
    }
    for (const entry of entries) {
      if (entry.status === 'D' || entry.newMode === MODE.symlink || entry.newMode === MODE.gitlink) continue;
      const after = bodies.get(entry.newOid);
      if (!after || isBinary(after)) continue;
      // A copy is a new file: all its lines are added, whatever the file it was copied from held.
      const before = NO_OID.test(entry.oldOid) || entry.status === 'C' ? undefined : bodies.get(entry.oldOid);
      scanned.push({
        decision: d,
        file: { path: entry.path, after: after.toString('utf8'), ...(before ? { before: before.toString('utf8') } : {}) },
      });
    }
  }
  // One scan for every commit's files: its cost is mostly per call. The scanner (secretlint and its
  // rules, 20 ms to load) is loaded when it is needed, or before by the planner (pipeline/plan.ts),
  // once git is listing.
  const findings =
    scanned.length > 0
      ? await (
          await loadScanner()
        ).scanForSecrets(
          scanned.map((s) => s.file),
          { maxFindings: 1000 },
        )
      : [];
  const shown = new Map<CommitDecision, string[]>();
  for (const f of findings) {
    const decision = scanned[f.index]!.decision;
    const list = shown.get(decision) ?? [];
    if (list.length < 3) list.push(`${f.path}:${f.line} ${f.rule} ${f.shown}`);
    shown.set(decision, list);
  }
  for (const [d, list] of shown) revised.set(d.sha, skip(d, 'secret-detected', `a secret in the added lines: ${list.join('; ')}`));
  return revised;
}

function skip(decision: CommitDecision, reason: Reason, detail: string): CommitDecision {
  return { ...decision, decision: 'skipped', reason, detail };
}

let scanner: Promise<typeof import('../scan/secrets.ts')> | undefined;

/** The secret scanner's module, loaded once. */
export function loadScanner(): Promise<typeof import('../scan/secrets.ts')> {
  return (scanner ??= import('../scan/secrets.ts'));
}
