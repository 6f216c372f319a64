import { PENDING_REASONS } from '../plan/types.ts';
import type { SourceState, State } from '../state/file.ts';
import type { Report, ReportCommit, ReportSource } from './model.ts';

// What `status` shows (pure): a plan only looks at the sources, so a commit that conflicted on the
// last run is planned "picked" again (the conflict is found only when it is applied). The state
// knows better: a commit recorded as pending (conflict, after-conflict, blocked…) is shown with
// that reason and its detail (the conflicting paths), and the commits in open proposals are
// listed per proposal (settled for the plan, so it never lists them).

export interface OpenProposal {
  /** The proposal (pull request) number. */
  id: number;
  shas: string[];
}

export function withRecordedState(report: Report, state: State): Report {
  return { ...report, sources: report.sources.map((source) => withRecords(source, state.sources[source.name])) };
}

function withRecords(source: ReportSource, recorded: SourceState | undefined): ReportSource {
  if (!recorded) return source;
  const commits = source.commits.map((commit) => asRecorded(commit, recorded));
  const proposals = openProposals(recorded);
  const changed = commits.some((c, i) => c !== source.commits[i]);
  if (!changed && proposals.length === 0) return source;
  return {
    ...source,
    commits,
    counts: {
      listed: source.counts.listed,
      picked: commits.filter((c) => c.decision === 'picked').length,
      skipped: commits.filter((c) => c.decision === 'skipped').length,
      pending: commits.filter((c) => c.pending).length,
    },
    ...(proposals.length > 0 ? { openProposals: proposals } : {}),
  };
}

/** A commit the plan would pick, recorded as pending for a reason only applying finds (a conflict). */
function asRecorded(commit: ReportCommit, recorded: SourceState): ReportCommit {
  const record = recorded.commits[commit.sha];
  if (!record || commit.decision !== 'picked' || record.decision !== 'skipped' || !PENDING_REASONS.has(record.reason)) return commit;
  // The plan's own pending reasons (over-limit, breaking-change…) are already what the plan says.
  if (commit.reason === record.reason) return commit;
  return {
    ...commit,
    decision: 'skipped',
    reason: record.reason,
    pending: true,
    // The recorded words first (annotations read the paths from "conflicts in …"), then when.
    detail: `${record.detail ?? record.reason} (recorded ${record.at}; tried again on the next run)`,
  };
}

function openProposals(recorded: SourceState): OpenProposal[] {
  const byId = new Map<number, string[]>();
  for (const [sha, record] of Object.entries(recorded.commits)) {
    if (record.decision !== 'proposed') continue;
    const id = record.proposal ?? Number(/#(\d+)/.exec(record.detail ?? '')?.[1] ?? 0);
    byId.set(id, [...(byId.get(id) ?? []), sha]);
  }
  return [...byId].sort(([a], [b]) => a - b).map(([id, shas]) => ({ id, shas: shas.sort() }));
}
