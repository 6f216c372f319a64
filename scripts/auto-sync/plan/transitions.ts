import { recordSource, type CommitRecord, type SourceState } from '../state/file.ts';
import { settledRecord } from './settle.ts';
import type { CommitDecision, Reason } from './types.ts';

// How one source's recorded state moves after a run (pure): from what was recorded, what the run
// planned and integrated, and how delivery ended, to the next record. Every transition publish
// makes is decided here, from typed facts (never from the words of a detail), and tested by table.

export const REVALIDATE = 'revalidating';

/** How delivering a source's batch ended, as publish observed it. */
export type Delivery =
  /** Merged into the target (by auto-sync, or found merged when the answer was lost). */
  | { kind: 'merged' }
  /** On its integration branch, with this proposal open for it. */
  | { kind: 'proposed'; proposal: number }
  /** Not put on its branch: a person's commits are there; noted on their proposal if there is one. */
  | { kind: 'left-alone' }
  /** Validated on a target that moved since: built and validated again on the next run. */
  | { kind: 'deferred' }
  /** Nothing was integrated this run (nothing picked, or unchanged since the open proposal). */
  | { kind: 'none' }
  /** Delivery failed part-way (the forge failed): `pushed` when the branch already holds the batch. */
  | { kind: 'failed'; pushed: boolean };

export interface Settled {
  sha: string;
  decision: 'applied' | 'declined';
  proposal: number;
}

export interface TransitionInput {
  /** The source head this run saw. */
  head: string;
  /** Every commit the run listed, oldest first. */
  listed: readonly string[];
  /** This run's decisions (settled commits keep their records). */
  decisions: readonly CommitDecision[];
  /** What was put on the integration branch this run, when anything was. */
  integration?: { branch: string; head: string; applied: readonly string[]; carried: readonly string[] };
  /** Earlier proposals a person settled since (merged or closed). */
  settled: readonly Settled[];
  delivery: Delivery;
  now: string;
}

export interface Transition {
  state: SourceState;
  /** Proposals found closed without merging: their commits are declined for good. */
  declinedProposals: number[];
  declinedCommits: number;
}

type Outcome = { decision: CommitRecord['decision']; reason: Reason; detail?: string; deferred?: true };

export function nextSourceState(previous: SourceState | undefined, input: TransitionInput): Transition {
  const { integration, delivery, now } = input;
  const applied = integration?.applied ?? [];
  const outcomes = new Map<string, Outcome>();
  if (delivery.kind === 'deferred')
    for (const sha of applied)
      outcomes.set(sha, {
        decision: 'picked',
        reason: 'picked',
        detail: `${REVALIDATE}: the target moved after validation`,
        deferred: true,
      });
  if (delivery.kind === 'merged') for (const sha of applied) outcomes.set(sha, { decision: 'applied', reason: 'picked' });
  if (delivery.kind === 'proposed')
    for (const sha of applied) outcomes.set(sha, { decision: 'proposed', reason: 'picked', detail: `proposal #${delivery.proposal}` });

  let next = recordSource(previous, { head: input.head, listed: input.listed, decisions: input.decisions, outcomes, now });
  const edit = (change: (commits: Record<string, CommitRecord>) => void) => {
    const commits = { ...next.commits };
    change(commits);
    next = { ...next, commits };
  };

  if (delivery.kind === 'proposed')
    edit((commits) => {
      for (const sha of applied) if (commits[sha]) commits[sha] = { ...commits[sha]!, proposal: delivery.proposal };
    });

  // auto-sync's own earlier delivery, found in the target this run (a merge whose answer was lost,
  // a run killed before it recorded): it was applied, as an uninterrupted run would have said.
  const ownWork = (sha: string) => {
    const old = previous?.commits[sha];
    return old !== undefined && (old.decision === 'picked' || old.decision === 'proposed');
  };
  const foundApplied = input.decisions.filter((d) => d.reason === 'already-applied' && ownWork(d.sha));
  if (foundApplied.length > 0)
    edit((commits) => {
      for (const d of foundApplied) commits[d.sha] = { decision: 'applied', reason: 'picked', at: now };
    });
  if (next.integration && next.integration.commits.every((sha) => next.commits[sha]?.decision === 'applied')) next = without(next);

  // What a person did with earlier proposals: merged ones are applied, closed ones declined for good.
  const declined = input.settled.filter((s) => s.decision === 'declined');
  if (input.settled.length > 0) {
    edit((commits) => {
      for (const s of input.settled) commits[s.sha] = settledRecord(s, now);
    });
    next = { ...next, updatedAt: now };
    // The settled proposal's branch is no longer auto-sync's open work.
    if (!integration && next.integration && input.settled.some((s) => next.integration!.commits.includes(s.sha))) next = without(next);
  }

  // Carried commits (from an earlier proposal) merged with this batch are applied now.
  if (delivery.kind === 'merged')
    edit((commits) => {
      for (const sha of integration?.carried ?? [])
        if (commits[sha]?.decision === 'proposed') commits[sha] = { decision: 'applied', reason: 'picked', at: now };
    });

  if (integration && delivery.kind === 'proposed')
    next = { ...next, integration: { branch: integration.branch, head: integration.head, commits: [...applied] } };
  // A branch auto-sync pushed before delivery failed is still its own: recorded, so the next run
  // moves it on rather than taking it for a person's work.
  if (integration && delivery.kind === 'failed' && delivery.pushed)
    next = { ...next, integration: { branch: integration.branch, head: integration.head, commits: [...applied] } };
  if (delivery.kind === 'merged' && next.integration) next = without(next);

  return { state: next, declinedProposals: [...new Set(declined.map((s) => s.proposal))], declinedCommits: declined.length };
}

function without(source: SourceState): SourceState {
  const { integration: _dropped, ...rest } = source;
  return rest;
}
