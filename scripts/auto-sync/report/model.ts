import type { ErrorSummary } from '../errors.ts';
import type { PreparedSource } from '../handoff/files.ts';
import type { RunPlan, SourcePlan } from '../pipeline/plan.ts';
import type { PublishedSource } from '../pipeline/publish.ts';
import { PENDING_REASONS, type CommitDecision } from '../plan/types.ts';
import type { OpenProposal } from './recorded.ts';

// What a run tells people and tools: the console table and the JSON report (version 1).

export const REPORT_VERSION = 1;

export interface RunMode {
  apply: boolean;
  reason: string;
}

/** A commit decision as the JSON report shows it: `detail` always present, and whether it is pending. */
export interface ReportCommit extends Omit<CommitDecision, 'detail'> {
  pending: boolean;
  detail: string | null;
}

export interface ReportSource {
  name: string;
  origin: string;
  status: SourcePlan['status'];
  head: string | null;
  previousHead: string | null;
  commits: ReportCommit[];
  counts: { listed: number; picked: number; skipped: number; pending: number };
  error: ErrorSummary | null;
  durationMs: number;
  /** Present when the run applied: what was delivered and why. */
  outcome?: PublishedSource['outcome'];
  outcomeReason?: string;
  risk?: PublishedSource['risk'];
  decision?: PublishedSource['decision'];
  checks?: PublishedSource['checks'];
  smoke?: PublishedSource['smoke'];
  proposal?: PublishedSource['proposal'];
  merge?: PublishedSource['merge'];
  draft?: PublishedSource['draft'];
  integration?: { branch: string; head: string; applied: number; conflicts: { sha: string; paths: string[] }[] } | null;
  /** Present in `status` (report/recorded.ts): the commits the state records in open proposals. */
  openProposals?: OpenProposal[];
}

export interface Report {
  version: typeof REPORT_VERSION;
  dryRun: boolean;
  mode: RunMode;
  startedAt: string;
  target: { branch: string; head: string; identity: string } | null;
  sources: ReportSource[];
  error: ErrorSummary | null;
}

export function toReportCommit(c: CommitDecision): ReportCommit {
  return {
    sha: c.sha,
    subject: c.subject,
    type: c.type,
    scope: c.scope,
    breaking: c.breaking,
    author: c.author,
    decision: c.decision,
    reason: c.reason,
    pending: PENDING_REASONS.has(c.reason),
    detail: c.detail ?? null,
    files: c.files,
  };
}

function countCommits(listed: number, commits: readonly ReportCommit[]): ReportSource['counts'] {
  return {
    listed,
    picked: commits.filter((c) => c.decision === 'picked').length,
    skipped: commits.filter((c) => c.decision === 'skipped').length,
    pending: commits.filter((c) => c.pending).length,
  };
}

export function buildReport(plan: RunPlan, mode: RunMode, startedAt: string): Report {
  return {
    version: REPORT_VERSION,
    dryRun: !mode.apply,
    mode,
    startedAt,
    target: plan.target ? { branch: plan.target.branch, head: plan.target.head, identity: plan.target.identity } : null,
    sources: plan.sources.map((s) => {
      const commits = s.commits.map(toReportCommit);
      return {
        name: s.name,
        origin: s.origin,
        status: s.status,
        head: s.head,
        previousHead: s.previousHead,
        commits,
        counts: countCommits(s.listed.length, commits),
        error: s.error,
        durationMs: Math.round(s.durationMs),
      };
    }),
    error: null,
  };
}

/** The report of an applying run: the plan as integrated by prepare, plus what publish delivered. */
export function buildAppliedReport(base: Report, prepared: readonly PreparedSource[], published: readonly PublishedSource[]): Report {
  return {
    ...base,
    sources: base.sources.map((source) => {
      const prep = prepared.find((p) => p.name === source.name);
      const pub = published.find((p) => p.name === source.name);
      const commits = prep ? prep.commits.map(toReportCommit) : source.commits;
      return {
        ...source,
        status: prep?.status ?? source.status,
        error: pub?.error ?? prep?.error ?? source.error,
        commits,
        counts: countCommits(source.counts.listed, commits),
        outcome: pub?.outcome ?? (source.status === 'error' ? 'error' : 'nothing'),
        outcomeReason: pub?.reason ?? '',
        risk: pub?.risk ?? null,
        decision: pub?.decision ?? null,
        checks: pub?.checks ?? [],
        smoke: pub?.smoke ?? [],
        proposal: pub?.proposal ?? null,
        merge: pub?.merge ?? null,
        ...(pub?.draft ? { draft: pub.draft } : {}),
        integration: prep?.integration
          ? {
              branch: prep.integration.branch,
              head: prep.integration.head,
              applied: prep.integration.applied.length,
              conflicts: prep.integration.conflicts,
            }
          : null,
      };
    }),
  };
}

const short = (sha: string | null) => (sha ? sha.slice(0, 10) : '-');

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function formatSource(source: ReportSource): string {
  const lines: string[] = [];
  const title = `source ${source.name} (${source.origin})`;
  if (source.status === 'error') {
    lines.push(`${title}: ERROR ${source.error?.code}: ${source.error?.message}`);
    if (source.error?.hint) lines.push(`  → ${source.error.hint}`);
    return lines.join('\n');
  }
  const proposed = (source.openProposals ?? []).map(
    (p) => `  proposed: ${p.shas.map(short).join(', ')} in open proposal ${p.id ? `#${p.id}` : '(number not recorded)'}`,
  );
  if (source.status === 'unchanged') return [`${title}: unchanged at ${short(source.head)} (not fetched)`, ...proposed].join('\n');
  const outcome = formatOutcome(source);
  const { picked, skipped, pending } = source.counts;
  lines.push(
    `${title}: head ${short(source.head)}, ${source.commits.length} new commit(s): ${picked} picked, ${skipped} skipped${pending ? ` (${pending} pending)` : ''}`,
  );
  if (source.commits.length > 0) {
    lines.push(`  ${pad('SHA', 10)}  ${pad('TYPE', 9)}  ${pad('DECISION', 8)}  ${pad('REASON', 21)}  SUBJECT`);
    for (const c of source.commits) {
      const reason = c.decision === 'picked' ? '' : c.reason;
      // A pending commit is looked at again on the next run: not skipped for good.
      const decision = c.pending ? 'pending' : c.decision;
      const detailWidth = c.pending ? 120 : 60; // a conflict's detail names its paths
      const subject = truncate(c.subject, 60) + (c.detail && c.decision === 'skipped' ? `  [${truncate(c.detail, detailWidth)}]` : '');
      lines.push(`  ${pad(short(c.sha), 10)}  ${pad(c.type ?? '-', 9)}  ${pad(decision, 8)}  ${pad(reason, 21)}  ${subject}`);
    }
  }
  lines.push(...proposed);
  if (outcome) lines.push(outcome);
  return lines.join('\n');
}

function formatOutcome(source: ReportSource): string | undefined {
  if (!source.outcome) return undefined;
  const parts = [`  → ${source.outcome.toUpperCase()}`];
  if (source.risk) parts.push(`risk ${source.risk.score} (${source.risk.level})`);
  if (source.merge) parts.push(`merged as ${short(source.merge.sha)}${source.merge.fastForward ? ' (fast-forward)' : ''}`);
  if (source.proposal) parts.push(`proposal #${source.proposal.id} ${source.proposal.action}: ${source.proposal.url}`);
  const checks = (source.checks ?? []).filter((c) => c.status !== 'skipped').map((c) => `${c.name} ${c.status}`);
  const smoke = (source.smoke ?? []).filter((s) => s.status !== 'skipped').map((s) => `${s.name} ${s.status}`);
  if (checks.length + smoke.length > 0) parts.push(`checks: ${[...checks, ...smoke].join(', ')}`);
  const lines = [parts.join(' — ')];
  if (source.outcomeReason) lines.push(`    ${source.outcomeReason}`);
  return lines.join('\n');
}

export function formatTotals(report: Report): string {
  const count = (status: string) => report.sources.filter((s) => s.status === status).length;
  const picked = report.sources.reduce((n, s) => n + s.counts.picked, 0);
  const skipped = report.sources.reduce((n, s) => n + s.counts.skipped, 0);
  if (report.sources.some((s) => s.outcome)) {
    const outcome = (o: string) => report.sources.filter((s) => s.outcome === o).length;
    return `total: ${report.sources.length} source(s) — ${outcome('merged')} merged, ${outcome('pull-request')} proposed, ${outcome('nothing')} with nothing to do, ${outcome('error')} failed; ${picked} commit(s) synced, ${skipped} skipped`;
  }
  return `total: ${report.sources.length} source(s) — ${count('ok')} planned, ${count('unchanged')} unchanged, ${count('error')} failed; ${picked} commit(s) would be synced, ${skipped} skipped`;
}
