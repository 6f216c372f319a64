import type { Git } from '../git/git.ts';
import { listTreeNames, readBlobs, readObjectSizes, readRawChanges } from '../git/inspect.ts';
import { gitDirCandidates, isBinary, judgeEntries, looksLikeGitDir, MODE, type ContentPolicy, type RawEntry } from '../plan/entries.ts';
import type { CommitDecision, Reason } from '../plan/types.ts';
import { scanForSecrets, type ScannedFile } from '../scan/secrets.ts';

// The content step of planning: the commits the filters picked are looked at entry by entry
// (modes, sizes, symlink targets, copies, embedded repositories) and their added lines are scanned
// for secrets, before anything is applied. A commit that fails is skipped with its reason.
// Costs three git processes whatever the number of commits (ls-tree only for rare suspects).

const NO_OID = /^0+$/;

export async function inspectCommits(git: Git, decisions: readonly CommitDecision[], policy: ContentPolicy): Promise<CommitDecision[]> {
  const picked = decisions.filter((d) => d.decision === 'picked');
  if (picked.length === 0) return [...decisions];
  // Denied commits are read too: what their denied files held must not come in under another name.
  const denied = decisions.filter((d) => d.reason === 'path-denied');
  const raw = await readRawChanges(
    git,
    [...picked, ...denied].map((d) => d.sha),
  );

  const deniedBlobs = new Map<string, string>();
  for (const d of denied)
    for (const entry of raw.get(d.sha) ?? []) {
      for (const [path, oid] of [
        [entry.path, entry.newOid],
        [entry.from ?? entry.path, entry.oldOid],
      ] as const)
        if (policy.denies(path) && !NO_OID.test(oid)) deniedBlobs.set(oid, path);
    }

  const written = (entry: RawEntry) => entry.status !== 'D' && !NO_OID.test(entry.newOid) && entry.newMode !== MODE.gitlink;
  const entriesOf = (d: CommitDecision) => (raw.get(d.sha) ?? []).filter(written);
  // Sizes first (a 100 MB blob costs nothing to size), then the bodies of the small ones: symlink
  // targets, and each file written with its old version, so that only added lines are scanned.
  const wanted = picked.flatMap((d) =>
    entriesOf(d).flatMap((e) => (e.newMode !== MODE.symlink && !NO_OID.test(e.oldOid) ? [e.newOid, e.oldOid] : [e.newOid])),
  );
  const sizes = await readObjectSizes(git, wanted);
  const blobs = await readBlobs(
    git,
    wanted.filter((oid) => (sizes.get(oid)?.size ?? Infinity) <= policy.maxFileBytes),
  );
  const symlinkTargets = new Map<string, string>();
  for (const d of picked)
    for (const entry of raw.get(d.sha) ?? [])
      if (entry.newMode === MODE.symlink && blobs.has(entry.newOid))
        symlinkTargets.set(entry.newOid, blobs.get(entry.newOid)!.toString('utf8'));

  const revised = new Map<string, CommitDecision>();
  for (const d of picked) {
    const entries = raw.get(d.sha) ?? [];
    const gitDirs = new Set<string>();
    for (const dir of gitDirCandidates(entries)) if (looksLikeGitDir(await listTreeNames(git, d.sha, dir))) gitDirs.add(dir);
    const verdict = judgeEntries(entries, { sizes, symlinkTargets, deniedBlobs, gitDirs }, policy);
    if (verdict) {
      revised.set(d.sha, skip(d, verdict.reason, verdict.detail));
      continue;
    }
    const files: ScannedFile[] = [];
    for (const entry of entries.filter(written)) {
      const after = blobs.get(entry.newOid);
      if (!after || entry.newMode === MODE.symlink || isBinary(after)) continue;
      const before = NO_OID.test(entry.oldOid) ? undefined : blobs.get(entry.oldOid);
      files.push({ path: entry.path, after: after.toString('utf8'), ...(before ? { before: before.toString('utf8') } : {}) });
    }
    const findings = files.length > 0 ? await scanForSecrets(files, { maxFindings: 3 }) : [];
    if (findings.length > 0) {
      const shown = findings.map((f) => `${f.path}:${f.line} ${f.rule} ${f.shown}`).join('; ');
      revised.set(d.sha, skip(d, 'secret-detected', `a secret in the added lines: ${shown}`));
    }
  }
  return decisions.map((d) => revised.get(d.sha) ?? d);
}

function skip(decision: CommitDecision, reason: Reason, detail: string): CommitDecision {
  return { ...decision, decision: 'skipped', reason, detail };
}
