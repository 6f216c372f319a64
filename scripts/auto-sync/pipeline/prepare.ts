import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { summarizeError } from '../errors.ts';
import { updateRef } from '../git/apply-commits.ts';
import { createBundle } from '../git/bundle.ts';
import type { Git } from '../git/git.ts';
import { readBlobs, readDiffSummary } from '../git/inspect.ts';
import { changedPaths } from '../git/log.ts';
import { summarizeChanges, type ChangeFacts } from '../plan/change-facts.ts';
import { MODE } from '../plan/entries.ts';
import { proposalIdsOf, sameAsOpenProposal, settleProposals, type ProposalState } from '../plan/proposals.ts';
import { prepareDraft } from './conflict-drafts.ts';
import { landCommits } from './land.ts';
import type { State } from '../state/file.ts';
import { writePlanFile, type Integration, type PlanFile, type PreparedSource } from '../handoff/files.ts';
import type { RunPlan, SourcePlan, TargetInfo } from './plan.ts';

// Phase 1 after planning: integrate. Each source's picked commits (and those of its still-open
// proposal) are applied in memory onto the target head; the result goes into a git bundle.
// Holds the source tokens; runs no sibling code.

export function integrationRef(name: string): string {
  return `refs/auto-sync/integration/${name}`;
}

export interface PrepareDeps {
  git: Git;
  config: Config;
  state: State;
  now: Date;
  /** Read-only look at the forge: what became of an earlier proposal. */
  proposalState?: (id: number) => Promise<'open' | 'closed' | 'merged' | undefined>;
}

export async function prepare(deps: PrepareDeps, plan: RunPlan, outDir: string): Promise<{ plan: PlanFile; digest: string }> {
  await mkdir(outDir, { recursive: true });
  const sources: PreparedSource[] = [];
  for (const source of plan.sources) {
    const base: PreparedSource = { ...source, integration: null, unchangedSince: null, settled: [] };
    if (source.status !== 'ok' || !plan.target) {
      sources.push(base);
      continue;
    }
    try {
      sources.push(await integrateSource(deps, plan.target, source, outDir));
    } catch (error) {
      sources.push({ ...base, status: 'error', error: summarizeError(error) });
    }
  }
  const file: PlanFile = { version: 1, createdAt: deps.now.toISOString(), target: plan.target, sources };
  const digest = await writePlanFile(outDir, file);
  return { plan: file, digest };
}

/** Asks the forge what became of each earlier proposal, then settles or carries its commits. */
async function carriedShas(deps: PrepareDeps, name: string): Promise<{ carried: string[]; settled: PreparedSource['settled'] }> {
  const commits = deps.state.sources[name]?.commits ?? {};
  const states = new Map<number, ProposalState>();
  if (deps.proposalState) for (const id of proposalIdsOf(commits)) states.set(id, await deps.proposalState(id));
  return settleProposals(commits, states);
}

async function integrateSource(deps: PrepareDeps, target: TargetInfo, source: SourcePlan, outDir: string): Promise<PreparedSource> {
  const { git, config } = deps;
  const picked = source.commits.filter((c) => c.decision === 'picked');
  const earlier = await carriedShas(deps, source.name);
  const carried = earlier.carried.filter((sha) => !picked.some((c) => c.sha === sha));
  const none = { ...source, integration: null, unchangedSince: null, settled: earlier.settled };
  if (picked.length === 0 && carried.length === 0) return none;

  // Applied with the skipped commits conflicting ones depend on, as commits.prerequisites says (land.ts).
  const { result, commits } = await landCommits(git, config, {
    base: target.head,
    carried,
    source,
    state: deps.state.sources[source.name],
    headTime: target.headTime,
  });
  const applied = result.commits.filter((c) => c.status === 'applied' && c.newSha).map((c) => ({ sha: c.sha, newSha: c.newSha! }));
  const conflicts = result.commits.filter((c) => c.status === 'conflict').map((c) => ({ sha: c.sha, paths: c.conflictPaths ?? [] }));
  // Applied with the target's lockfiles where only those conflicted: verify regenerates them.
  const regenerate = result.commits
    .filter((c) => c.status === 'applied' && c.regenerate)
    .map((c) => ({ sha: c.sha, paths: c.regenerate! }));
  // commits.onConflict "propose": the oldest persisting conflict, drafted on top of this batch.
  const previousState = deps.state.sources[source.name];
  const draftInput = { source, commits, previous: previousState, head: result.head, target };
  const drafted = await prepareDraft(git, config, draftInput, outDir);
  const draft = drafted ? { draft: drafted } : {};
  if (applied.length === 0) return { ...none, commits, ...draft };
  const previous = deps.state.sources[source.name]?.integration;
  if (
    previous &&
    sameAsOpenProposal(
      previous,
      result.head,
      applied.map((a) => a.sha),
    )
  )
    return { ...none, commits, unchangedSince: { branch: previous.branch, head: previous.head }, ...draft };

  const ref = integrationRef(source.name);
  // Moved once, by compare-and-swap: a concurrent run preparing the same source loses cleanly.
  await updateRef(git, ref, result.head, (await git.resolve(ref)) ?? null);
  const bundle = `${source.name}.bundle`;
  await createBundle(git, join(outDir, bundle), ref, target.head);
  const files = await changedPaths(git, target.head, result.head);
  const changes = await readChangeFacts(git, target.head, result.head, config.risk.migrationGlobs);
  const integration: Integration = {
    branch: `${config.target.integrationBranchPrefix}${source.name}`,
    base: target.head,
    head: result.head,
    bundle,
    applied,
    conflicts,
    files,
    carried: carried.filter((sha) => applied.some((a) => a.sha === sha)),
    changes,
    ...(regenerate.length > 0 ? { regenerate } : {}),
  };
  return { ...source, commits, integration, unchangedSince: null, settled: earlier.settled, ...draft };
}

/** The batch's diff in reviewers' terms: one diff and, when a package.json changed, one blob read. */
async function readChangeFacts(git: Git, base: string, head: string, migrationGlobs: readonly string[]): Promise<ChangeFacts> {
  const { entries, lines } = await readDiffSummary(git, base, head);
  const packages = entries.filter((e) => /(^|\/)package\.json$/.test(e.path) && e.newMode !== MODE.gitlink);
  const NONE = /^0+$/;
  const blobs = await readBlobs(
    git,
    packages.flatMap((e) => [e.oldOid, e.newOid].filter((oid) => !NONE.test(oid))),
  );
  const text = (oid: string) => (NONE.test(oid) ? undefined : blobs.get(oid)?.toString('utf8'));
  return summarizeChanges(
    entries,
    lines,
    packages.map((e) => ({ path: e.path, before: text(e.oldOid), after: text(e.newOid) })),
    { migrationGlobs },
  );
}
