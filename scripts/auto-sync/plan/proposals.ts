import type { AppliedCommit } from '../git/apply-commits.ts';
import type { CommitRecord, SourceState } from '../state/file.ts';
import type { CommitDecision } from './types.ts';

// What becomes of earlier proposals and of a freshly applied batch. Pure: prepare asks the forge
// and applies the commits; these decide what the answers mean.

export type ProposalState = 'open' | 'closed' | 'merged' | undefined;

export interface Settled {
  sha: string;
  decision: 'declined' | 'applied';
  proposal: number;
}

/** Proposal ids whose state must be asked for: those of commits recorded as proposed. */
export function proposalIdsOf(commits: Readonly<Record<string, CommitRecord>>): number[] {
  const ids = Object.values(commits).flatMap((r) => (r.decision === 'proposed' && r.proposal !== undefined ? [r.proposal] : []));
  return [...new Set(ids)];
}

/**
 * Commits proposed earlier ride along on the branch while their proposal is open. A proposal a
 * person merged, or closed without merging (declined), is not reopened: its commits are settled.
 */
export function settleProposals(
  commits: Readonly<Record<string, CommitRecord>>,
  states: ReadonlyMap<number, ProposalState>,
): { carried: string[]; settled: Settled[] } {
  const carried: string[] = [];
  const settled: Settled[] = [];
  for (const [sha, record] of Object.entries(commits)) {
    if (record.decision !== 'proposed') continue;
    const id = record.proposal;
    const state = id === undefined ? undefined : states.get(id);
    if (state === 'closed') settled.push({ sha, decision: 'declined', proposal: id! });
    else if (state === 'merged') settled.push({ sha, decision: 'applied', proposal: id! });
    else carried.push(sha);
  }
  return { carried, settled };
}

/** The same commits as the open proposal (perhaps on a newer target head): nothing to do again. */
export function sameAsOpenProposal(previous: SourceState['integration'], head: string, applied: readonly string[]): boolean {
  return previous !== undefined && (previous.head === head || previous.commits.join() === applied.join());
}

/** A picked commit's decision after applying it: still picked, already applied (empty), or conflicting. */
export function reviseAfterApply(decision: CommitDecision, applied: AppliedCommit | undefined): CommitDecision {
  if (!applied || decision.decision !== 'picked') return decision;
  switch (applied.status) {
    case 'applied':
      return decision;
    case 'empty':
      return { ...decision, decision: 'skipped', reason: 'already-applied', detail: 'applying it onto the target changed nothing' };
    case 'conflict':
      return {
        ...decision,
        decision: 'skipped',
        reason: 'conflict',
        detail: `conflicts in ${(applied.conflictPaths ?? []).join(', ') || 'the tree'}`,
      };
    case 'not-attempted':
      return {
        ...decision,
        decision: 'skipped',
        reason: 'after-conflict',
        detail: 'an earlier commit conflicted and commits.onConflict is "stop"',
      };
  }
}
