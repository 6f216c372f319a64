import type { Config } from '../config/schema.ts';
import { applyCommits, type ApplyResult } from '../git/apply-commits.ts';
import type { Git } from '../git/git.ts';
import { lastChangeOf, mergeBaseOf, readMessages, readPatches } from '../git/log.ts';
import { isLockfile } from '../plan/lockfiles.ts';
import { lineDependencies, type LineDependencies } from '../plan/line-origins.ts';
import { describeBlockers, planPrerequisites, standingOf, type Standing } from '../plan/prerequisites.ts';
import { reviseAfterApply } from '../plan/proposals.ts';
import { provenanceMessage } from '../plan/provenance.ts';
import type { CommitDecision } from '../plan/types.ts';
import type { SourceState } from '../state/file.ts';

// Integration with prerequisites: apply the wanted commits; for those that conflict, find the
// skipped commits they depend on at line level (one `git log -p -U0` over the conflicting paths,
// replayed in plan/line-origins.ts), let plan/prerequisites.ts decide which may come in, and apply
// again with them in source order. A few rounds at most: a prerequisite's own dependencies are
// followed transitively within a round, and a round only adds commits, so it ends.

const MAX_ROUNDS = 3;
/** Conflicts whose target-side commit is looked up, per source and run. */
const MAX_TARGET_LOOKUPS = 20;

export interface LandInput {
  base: string;
  /** Commits of the open proposal, applied first. */
  carried: readonly string[];
  source: { name: string; origin: string; listed: readonly string[]; commits: readonly CommitDecision[] };
  state: SourceState | undefined;
  headTime: number;
}

export interface Landed {
  result: ApplyResult;
  /** The source's decisions after applying (as reviseAfterApply gives them): prerequisites picked, dependents blocked or held, conflicts named. */
  commits: CommitDecision[];
}

export async function landCommits(git: Git, config: Config, input: LandInput): Promise<Landed> {
  const { source } = input;
  const decisions = new Map(source.commits.map((c) => [c.sha, c]));
  const position = new Map(source.listed.map((sha, i) => [sha, i]));
  const follow = config.commits.follow;
  const wanted = source.commits.filter((c) => c.decision === 'picked').map((c) => c.sha);
  const extra = new Map<string, string>(); // prerequisite -> the wanted commit that needs it
  const held = new Map<string, CommitDecision>();
  const deps: LineDependencies = new Map();
  /** Only the replaced lines (no neighbours): what is decided before applying. */
  const overlap: LineDependencies = new Map();
  const depPaths = new Set<string>();
  let patchOrder: string[] = [];
  const messages = new Map<string, string>();

  const apply = async () => {
    const picks = [...wanted, ...extra.keys()].filter((sha) => !held.has(sha));
    const at = (sha: string) => position.get(sha) ?? patchOrder.indexOf(sha) - patchOrder.length - 1;
    const order = [...input.carried, ...picks.sort((a, b) => at(a) - at(b))];
    const missing = order.filter((sha) => !messages.has(sha));
    for (const [sha, message] of await readMessages(git, missing)) messages.set(sha, message);
    // What the previous round applied before the first commit it did not have is kept as it is:
    // the new list goes on from the head it reached there (its objects are in the repository).
    let kept = 0;
    let base = input.base;
    const before = last?.commits ?? [];
    while (kept < before.length && kept < order.length && before[kept]!.sha === order[kept] && before[kept]!.status !== 'not-attempted') {
      if (before[kept]!.status === 'applied') base = before[kept]!.newSha!;
      kept++;
    }
    const rest = await applyCommits(git, {
      base,
      commits: order
        .slice(kept)
        .map((sha) => ({ sha, message: provenanceMessage(messages.get(sha) ?? '', { origin: source.origin, sha }) })),
      committer: { ...config.target.committer, date: `${input.headTime} +0000` },
      // 'propose' applies as 'skip' does; the draft of a persisting conflict is written afterwards (pipeline/conflict-drafts.ts).
      onConflict: config.commits.onConflict === 'stop' ? 'stop' : 'skip',
      mergeUnits: follow === 'first-parent',
      // A conflict only in lockfiles is regenerated in verify, the batch then proposed (plan/lockfiles.ts).
      lockfileConflicts: 'target',
    });
    last = {
      head: rest.head,
      commits: [...before.slice(0, kept), ...rest.commits],
      mergedByGit: (last?.mergedByGit ?? 0) + rest.mergedByGit,
    };
    return last;
  };
  let last: ApplyResult | undefined;
  const standing = (sha: string): Standing => {
    const decision = decisions.get(sha);
    if (decision) return standingOf(decision);
    const record = input.state?.commits[sha];
    if (!record) return { kind: 'none' };
    if (record.decision === 'declined') return { kind: 'forbidden', reason: 'declined' };
    if (record.decision !== 'skipped') return { kind: 'none' };
    // Settled by an earlier run but not listed now: it can be named, not brought in (no decision to revise).
    const s = standingOf({ decision: 'skipped', reason: record.reason });
    return s.kind === 'eligible' ? { kind: 'none' } : s;
  };

  // Dependencies are per path, so paths read later are replayed on their own and added.
  // Lockfiles are never read: a conflict there is regenerated in verify (plan/lockfiles.ts), so no
  // prerequisite is needed for it, and replaying a lockfile's history costs seconds (700 versions
  // of a 15,000-line file on the corpus: 3.2 s of the 4.3 s the apply took).
  const readDeps = async (paths: Set<string>) => {
    const more = [...paths].filter((p) => !depPaths.has(p) && !isLockfile(p)).sort();
    if (more.length === 0) return;
    for (const p of more) depPaths.add(p);
    const patches = await readPatches(git, { exclude: [input.base], head: source.listed.at(-1) ?? input.base, follow, paths: more });
    const known = new Set(patchOrder);
    patchOrder = [...patchOrder, ...patches.map((p) => p.sha).filter((sha) => !known.has(sha))];
    const strict: LineDependencies = new Map();
    for (const [target, found] of [
      [deps, lineDependencies(patches, strict)],
      [overlap, strict],
    ] as const)
      for (const [sha, byPath] of found) {
        const into = target.get(sha) ?? new Map<string, Set<string>>();
        for (const [path, shas] of byPath) into.set(path, shas);
        target.set(sha, into);
      }
  };
  // The paths that will likely conflict — those a wanted commit shares with an earlier commit that
  // is not being applied — are read while the first apply runs (two processes, two cores).
  const predicted = new Set<string>();
  const skippedFiles = new Set<string>();
  for (const sha of source.listed) {
    const c = decisions.get(sha);
    if (!c) continue;
    // Lockfiles are left out: a conflict there is regenerated, no prerequisite needed for it.
    if (c.decision === 'picked') for (const f of c.files) if (skippedFiles.has(f) && !isLockfile(f)) predicted.add(f);
    if (c.decision === 'skipped' && standingOf(c).kind !== 'none') for (const f of c.files) skippedFiles.add(f);
  }
  const dependsOn = (sha: string, only?: readonly string[], from: LineDependencies = deps) => {
    const byPath = from.get(sha);
    if (!byPath) return [];
    const out = new Set<string>();
    for (const [path, shas] of byPath) if (!only || only.includes(path)) for (const s of shas) out.add(s);
    return [...out];
  };
  const order = () => [...patchOrder.filter((sha) => !position.has(sha)), ...source.listed];
  const heldBlockers = () => new Map([...held].filter(([, d]) => d.reason === 'blocked').map(([sha, d]) => [sha, blockersIn(d)]));
  const decide = (conflicting: { sha: string; paths: readonly string[] }[], from: LineDependencies = deps) => {
    const outcome = planPrerequisites({
      conflicting,
      dependsOn: (sha, only) => dependsOn(sha, only, from),
      standing,
      mode: config.commits.prerequisites,
      order: order(),
      pendingBefore: heldBlockers(),
    });
    for (const p of outcome.pending) {
      const decision = decisions.get(p.sha);
      if (decision) {
        held.set(p.sha, { ...decision, decision: 'skipped', reason: p.reason, detail: describeBlockers(p.reason, p.blockers) });
        blockerLists.set(p.sha, p.blockers);
      }
    }
    const added = outcome.include.filter((p) => !extra.has(p.sha) && decisions.has(p.sha));
    for (const p of added) extra.set(p.sha, p.neededBy);
    return added.length;
  };
  const blockerLists = new Map<string, { sha: string; reason: string }[]>();
  const blockersIn = (d: CommitDecision) => blockerLists.get(d.sha) ?? [];
  // Before anything is applied: a wanted commit whose lines were last changed by a commit that is
  // not being applied will conflict (the target has the lines as they were before it), so its
  // prerequisites come in, or it is held, at once; only what nothing predicted goes round again.
  if (predicted.size > 0) {
    await readDeps(predicted);
    const candidates = wanted.filter((sha) =>
      dependsOn(sha, undefined, overlap).some((dep) => standing(dep).kind !== 'none' && standing(dep).kind !== 'wanted'),
    );
    decide(
      candidates.map((sha) => ({ sha, paths: [] })),
      overlap,
    );
  }
  let result = await apply();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Prerequisites that conflict are looked at too: their own dependencies come in the next round.
    const conflicting = result.commits.filter((c) => c.status === 'conflict');
    if (conflicting.length === 0) break;
    // Dependencies over the conflicting paths and every prerequisite's paths (read again only when they grow).
    const paths = new Set(conflicting.flatMap((c) => c.conflictPaths ?? []));
    for (const sha of extra.keys()) for (const file of decisions.get(sha)?.files ?? []) paths.add(file);
    await readDeps(paths);
    const added = decide(conflicting.map((c) => ({ sha: c.sha, paths: c.conflictPaths ?? [] })));
    // Holding a commit back changes no other pick's outcome (a conflicting pick changes nothing).
    if (added === 0) break;
    result = await apply();
  }

  const outcome = new Map(result.commits.map((c) => [c.sha, c]));
  // A conflict no source commit explains is with the target's own changes: name the newest target
  // commit since the fork point that changed those paths (file level; a few git processes at most).
  const targetSide = new Map<string, string>();
  const unexplained = result.commits.filter(
    (c) => c.status === 'conflict' && !conflictDetail(c.conflictPaths ?? [], deps.get(c.sha), outcome, standing),
  );
  if (unexplained.length > 0) {
    const fork = source.listed.length > 0 ? await mergeBaseOf(git, input.base, source.listed.at(-1)!) : undefined;
    for (const c of unexplained.slice(0, MAX_TARGET_LOOKUPS)) {
      const found = fork === input.base ? undefined : await lastChangeOf(git, input.base, fork, c.conflictPaths ?? []);
      if (found) targetSide.set(c.sha, found);
    }
  }
  const commits = source.commits.map((c): CommitDecision => {
    const blocked = held.get(c.sha);
    if (blocked) return blocked;
    const needs = extra.get(c.sha);
    const applied = outcome.get(c.sha);
    if (needs !== undefined) {
      // A prerequisite that did not apply after all keeps the reason it was skipped for.
      if (applied?.status !== 'applied') return c;
      return {
        ...c,
        decision: 'picked',
        reason: 'prerequisite',
        detail: `needed by ${needs.slice(0, 12)}: it last changed lines that commit changes`,
      };
    }
    const revised = reviseAfterApply(c, applied);
    if (applied?.status !== 'conflict') return revised;
    const onTarget = targetSide.get(c.sha);
    const named =
      conflictDetail(applied.conflictPaths ?? [], deps.get(c.sha), outcome, standing) ??
      (onTarget ? `conflicts with ${onTarget.slice(0, 12)} (the target's) in ${(applied.conflictPaths ?? []).join(', ')}` : undefined);
    return { ...revised, detail: named ?? revised.detail };
  });
  return { result, commits };
}

/** "conflicts with <sha> (<why it is not here>) in <paths>": what changed the lines, when known. */
function conflictDetail(
  paths: readonly string[],
  byPath: ReadonlyMap<string, ReadonlySet<string>> | undefined,
  outcome: ReadonlyMap<string, { status: string }>,
  standing: (sha: string) => Standing,
): string | undefined {
  const named = new Map<string, string>();
  for (const path of paths)
    for (const sha of byPath?.get(path) ?? []) {
      if (outcome.get(sha)?.status === 'applied') continue;
      const s = standing(sha);
      if (s.kind === 'none') continue;
      named.set(sha, s.kind === 'forbidden' ? s.reason : s.kind === 'wanted' ? 'did not apply' : 'skipped');
    }
  const where = `in ${paths.join(', ') || 'the tree'}`;
  if (named.size === 0) return undefined;
  const shown = [...named].slice(0, 3).map(([sha, why]) => `${sha.slice(0, 12)} (${why})`);
  return `conflicts with ${shown.join(', ')}${named.size > 3 ? ` and ${named.size - 3} more` : ''} ${where}`;
}
