import type { ErrorSummary } from './errors.ts';
import type { RunPlan, SourcePlan } from './pipeline/plan.ts';
import { PENDING_REASONS, type CommitDecision } from './plan/types.ts';

// What a run tells people and tools: the console table and the JSON report (version 1).

export const REPORT_VERSION = 1;

export interface RunMode {
  apply: boolean;
  reason: string;
}

export interface ReportCommit {
  sha: string;
  subject: string;
  type: string | null;
  scope: string | null;
  breaking: boolean;
  author: string;
  decision: 'picked' | 'skipped';
  reason: string;
  pending: boolean;
  detail: string | null;
  files: string[];
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
        counts: {
          listed: s.listed.length,
          picked: commits.filter((c) => c.decision === 'picked').length,
          skipped: commits.filter((c) => c.decision === 'skipped').length,
          pending: commits.filter((c) => c.pending).length,
        },
        error: s.error,
        durationMs: Math.round(s.durationMs),
      };
    }),
    error: null,
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
  if (source.status === 'unchanged') return `${title}: unchanged at ${short(source.head)} (not fetched)`;
  const { picked, skipped, pending } = source.counts;
  lines.push(`${title}: head ${short(source.head)}, ${source.commits.length} new commit(s): ${picked} picked, ${skipped} skipped${pending ? ` (${pending} pending)` : ''}`);
  if (source.commits.length > 0) {
    lines.push(`  ${pad('SHA', 10)}  ${pad('TYPE', 9)}  ${pad('DECISION', 8)}  ${pad('REASON', 21)}  SUBJECT`);
    for (const c of source.commits) {
      const reason = c.decision === 'picked' ? '' : c.reason;
      const subject = truncate(c.subject, 60) + (c.detail && c.decision === 'skipped' ? `  [${truncate(c.detail, 60)}]` : '');
      lines.push(`  ${pad(short(c.sha), 10)}  ${pad(c.type ?? '-', 9)}  ${pad(c.decision, 8)}  ${pad(reason, 21)}  ${subject}`);
    }
  }
  return lines.join('\n');
}

export function formatTotals(report: Report): string {
  const count = (status: string) => report.sources.filter((s) => s.status === status).length;
  const picked = report.sources.reduce((n, s) => n + s.counts.picked, 0);
  const skipped = report.sources.reduce((n, s) => n + s.counts.skipped, 0);
  return `total: ${report.sources.length} source(s) — ${count('ok')} planned, ${count('unchanged')} unchanged, ${count('error')} failed; ${picked} commit(s) would be synced, ${skipped} skipped`;
}
