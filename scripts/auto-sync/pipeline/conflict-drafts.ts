import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { SyncError } from '../errors.ts';
import type { Forge, Proposal } from '../forge/types.ts';
import { updateRef } from '../git/apply-commits.ts';
import { createBundle, fetchFromBundle } from '../git/bundle.ts';
import { writeConflictDraft } from '../git/conflict-draft.ts';
import type { Git } from '../git/git.ts';
import { readMessages } from '../git/log.ts';
import type { DraftHandoff, PlanFile, PreparedSource } from '../handoff/files.ts';
import { draftBranchName, persistingConflicts, staleDrafts } from '../plan/conflict-draft.ts';
import { provenanceMessage } from '../plan/provenance.ts';
import type { CommitDecision } from '../plan/types.ts';
import { DRAFT_LABELS, draftBody, draftTitle } from '../report/draft-body.ts';
import type { SourceState } from '../state/file.ts';

// commits.onConflict "propose": a conflict that persists (pending as a conflict in the previous
// run too) is delivered as a draft proposal with its markers committed. prepare writes the draft
// commit (object store only) into its own bundle; publish pushes it to its branch and opens or
// updates the draft, and closes drafts whose commit no longer conflicts. The draft is never in the
// state (the forge is looked at instead), never verified and never merged. At most one per source
// and run: the oldest persisting conflict, so the forge sees a bounded number of drafts.

export function draftRef(source: string): string {
  return `refs/auto-sync/draft/${source}`;
}

export interface DraftPrepareInput {
  source: { name: string; origin: string; listed: readonly string[] };
  /** The source's decisions after integration. */
  commits: readonly CommitDecision[];
  previous: SourceState | undefined;
  /** What the draft sits on: the batch's integration head (the target head when nothing applied). */
  head: string;
  target: { head: string; headTime: number };
}

/** Writes the draft of the source's oldest persisting conflict and its bundle; undefined when there is none. */
export async function prepareDraft(git: Git, config: Config, input: DraftPrepareInput, outDir: string): Promise<DraftHandoff | undefined> {
  if (config.commits.onConflict !== 'propose') return undefined;
  const at = new Map(input.source.listed.map((sha, i) => [sha, i]));
  const [oldest] = persistingConflicts(input.commits, input.previous?.commits).sort(
    (a, b) => (at.get(a.sha) ?? Infinity) - (at.get(b.sha) ?? Infinity),
  );
  if (!oldest) return undefined;
  const message = (await readMessages(git, [oldest.sha])).get(oldest.sha) ?? `${oldest.subject}\n`;
  const draft = await writeConflictDraft(git, {
    head: input.head,
    commit: oldest.sha,
    // The trailer stays: once a person resolves and merges it, the commit counts as synced.
    message: provenanceMessage(message, { origin: input.source.origin, sha: oldest.sha }),
    committer: { ...config.target.committer, date: `${input.target.headTime} +0000` },
  });
  // merge-tree found no conflict on this head after all: nothing for a person to resolve.
  if (draft.paths.length === 0) return undefined;
  const ref = draftRef(input.source.name);
  await updateRef(git, ref, draft.sha, (await git.resolve(ref)) ?? null);
  const bundle = `_draft.${input.source.name}.bundle`;
  await createBundle(git, join(outDir, bundle), ref, input.target.head);
  return {
    sha: oldest.sha,
    branch: draftBranchName(config.target.integrationBranchPrefix, input.source.name, oldest.sha),
    base: input.head,
    head: draft.sha,
    paths: draft.paths,
    bundle,
  };
}

export interface DraftOutcome {
  /** The draft of this run's persisting conflict, when there is one. */
  draft: {
    id: number | null;
    url: string | null;
    branch: string;
    sha: string;
    action: 'created' | 'updated' | 'unchanged' | 'left-alone' | 'declined';
  } | null;
  /** Drafts closed because their commit no longer conflicts. */
  closed: number[];
}

export interface DraftDeliverDeps {
  git: Git;
  config: Config;
  forge: Forge;
  previous: SourceState | undefined;
}

/** Observes the source's drafts on the forge, closes the stale ones and delivers this run's. */
export async function deliverDraft(
  deps: DraftDeliverDeps,
  plan: PlanFile,
  source: PreparedSource,
  dir: string,
): Promise<DraftOutcome | undefined> {
  const { git, config, forge } = deps;
  if (config.commits.onConflict !== 'propose' || source.status !== 'ok' || !plan.target) return undefined;
  // A draft is only ever opened for a commit recorded as a conflict: with none recorded, none is open.
  const recorded = Object.values(deps.previous?.commits ?? {}).some((r) => r.reason === 'conflict');
  if (!source.draft && !recorded) return undefined;
  const drafts = await forge.listDrafts(source.name);
  const conflicting = new Set(source.commits.filter((c) => c.reason === 'conflict').map((c) => c.sha));
  const closed: number[] = [];
  for (const { id, sha } of staleDrafts(drafts, conflicting)) {
    await forge.closeProposal(
      id,
      `auto-sync closed this draft: ${sha ? `the commit ${sha.slice(0, 12)}` : 'its commit'} no longer conflicts (it applied cleanly, or it is no longer pending).`,
    );
    closed.push(id);
  }
  const draft = source.draft;
  if (!draft) return { draft: null, closed };
  const summary = (action: NonNullable<DraftOutcome['draft']>['action'], found?: Proposal) => ({
    draft: { id: found?.id ?? null, url: found?.url ?? null, branch: draft.branch, sha: draft.sha, action },
    closed,
  });
  const mine = drafts.find((p) => p.headBranch === draft.branch);
  // Closed by a person (or merged): their answer for this commit; it stays pending as a conflict.
  if (mine && mine.state !== 'open') return summary('declined', mine);

  const local = `refs/auto-sync/publish-draft/${source.name}`;
  await fetchFromBundle(git, join(dir, draft.bundle), draftRef(source.name), local);
  if ((await git.resolve(local)) !== draft.head)
    throw new SyncError('BUNDLE_TAMPERED', `the draft bundle of "${source.name}" does not hold the planned ${draft.head}`);
  const branch = await forge.publishBranch({
    branch: draft.branch,
    sha: draft.head,
    expectedSha: null,
    // Moved only over auto-sync's own commits: a person's resolution pushed there is theirs.
    owner: { base: plan.target.head, committer: config.target.committer },
  });
  if (branch.status === 'diverged') return summary('left-alone', mine);
  const decision = source.commits.find((c) => c.sha === draft.sha);
  const content = {
    source: { name: source.name, origin: source.origin },
    commit: { sha: draft.sha, subject: decision?.subject ?? '', ...(decision?.detail ? { detail: decision.detail } : {}) },
    branch: draft.branch,
    base: source.integration
      ? { branch: source.integration.branch, isBatch: true }
      : source.unchangedSince
        ? { branch: source.unchangedSince.branch, isBatch: true }
        : { branch: plan.target.branch, isBatch: false },
    paths: draft.paths,
    messagePrefix: config.forge.messagePrefix,
  };
  const proposal = await forge.upsertProposal({
    source: source.name,
    title: draftTitle(content),
    body: draftBody(content),
    labels: [...DRAFT_LABELS],
    headBranch: draft.branch,
    headSha: draft.head,
    baseBranch: plan.target.branch,
    commits: [draft.sha],
    draft: true,
  });
  return summary(proposal.action, proposal);
}

/** One line for the source's outcome: what became of its drafts. */
export function describeDraft(outcome: DraftOutcome): string {
  const parts: string[] = [];
  const d = outcome.draft;
  if (d) {
    const which = d.id !== null ? `draft #${d.id}` : `draft ${d.branch}`;
    const short = d.sha.slice(0, 12);
    if (d.action === 'declined') parts.push(`the conflict of ${short} stays pending: its ${which} was closed by a person`);
    else if (d.action === 'left-alone') parts.push(`the conflict of ${short}: ${d.branch} has a person's commits, left alone`);
    else parts.push(`the conflict of ${short} is delivered as ${which} (${d.action})`);
  }
  if (outcome.closed.length > 0) parts.push(`closed draft ${outcome.closed.map((id) => `#${id}`).join(', ')}: no longer a conflict`);
  return parts.join('; ');
}
