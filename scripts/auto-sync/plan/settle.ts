import type { CommitRecord, SourceState } from '../state/file.ts';
import { settleProposals, type Settled } from './proposals.ts';

// What a person did with a proposal, as the state records it (pure). A merged proposal's commits
// are applied; a closed one's are declined for good. One record shape, whether the next run finds
// the proposal settled on the forge (plan/transitions.ts) or `accept` / `decline` settles a local
// one at once (commands/accept.ts).

export function settledRecord(s: Settled, now: string): CommitRecord {
  return {
    decision: s.decision,
    reason: 'picked',
    at: now,
    proposal: s.proposal,
    detail: s.decision === 'declined' ? `proposal #${s.proposal} was closed without merging` : `proposal #${s.proposal} was merged`,
  };
}

/**
 * The source's record once proposal `id` is merged or closed: its commits (recorded as proposed in
 * it) settled, and the integration branch no longer auto-sync's open work when it held them.
 */
export function settleProposal(
  previous: SourceState | undefined,
  id: number,
  outcome: 'merged' | 'closed',
  now: string,
): { state: SourceState | undefined; settled: Settled[] } {
  if (!previous) return { state: previous, settled: [] };
  const { settled } = settleProposals(previous.commits, new Map([[id, outcome]]));
  if (settled.length === 0) return { state: previous, settled };
  const commits = { ...previous.commits };
  for (const s of settled) commits[s.sha] = settledRecord(s, now);
  let next: SourceState = { ...previous, commits, updatedAt: now };
  if (next.integration && settled.some((s) => next.integration!.commits.includes(s.sha))) {
    const { integration: _dropped, ...rest } = next;
    next = rest;
  }
  return { state: next, settled };
}
