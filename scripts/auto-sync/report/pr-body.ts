import type { MergeDecision } from '../plan/decide.ts';
import { formatNumber, type Risk, type RiskFactorName } from '../plan/risk.ts';
import { DEFAULT_MESSAGE_PREFIX } from '../config/defaults.ts';
import { code, fence, inline, oneLine, safeLink, table, tailOf } from './markdown.ts';

// The title, labels and Markdown body of an auto-sync pull request (or local proposal). Pure: no I/O.
// Secrets are not this module's business: the caller passes text through redact.ts first.
// Every piece of text from a commit or a command goes through markdown.ts, so a subject cannot break a
// table, open HTML or ping anyone, and output cannot escape its fence.

export interface ProposalContent {
  source: { name: string; origin: string; url?: string };
  targetBranch: string;
  headBranch: string;
  /** Applied on the integration branch. `url`: the commit's page at the source (report/links.ts). */
  commits: { sha: string; type: string | null; subject: string; author: string; newSha?: string; url?: string }[];
  skipped: { sha: string; subject: string; reason: string; detail?: string; url?: string }[];
  conflicts: { sha: string; subject: string; paths: string[]; url?: string }[];
  checks: {
    name: string;
    status: string;
    durationMs?: number;
    errors?: number;
    failures?: number;
    newErrors?: number;
    newFailures?: number;
    firstLines?: string[];
    tail?: string;
    /** Why it was skipped, or what went wrong (a refused fixing command, a configuration error). */
    message?: string;
  }[];
  smoke: { name: string; status: string; httpStatus?: number; detail?: string }[];
  risk: Risk;
  decision: MergeDecision;
  runUrl?: string;
  /** The configuration file, as a reviewer finds it in the repository (for "skip one commit"). */
  configPath?: string;
  /** forge.messagePrefix: the Conventional Commits type and scope of the title. */
  messagePrefix?: string;
}

/** GitHub refuses a PR or issue body longer than this (it counts characters; `.length` never counts fewer). */
export const MAX_BODY_CHARS = 65_536;
const MAX_TITLE_CHARS = 256;

export function proposalTitle(c: ProposalContent): string {
  const n = c.commits.length;
  // A Conventional Commit whose type (chore) is not in the default commits.types: an auto-sync
  // downstream of this repository does not sync these titles and merge messages onward.
  const title = `${c.messagePrefix ?? DEFAULT_MESSAGE_PREFIX}: sync ${n} commit${n === 1 ? '' : 's'} from ${oneLine(c.source.origin || c.source.name, 120)} (risk: ${c.risk.level})`;
  return oneLine(title, MAX_TITLE_CHARS);
}

export function proposalLabels(risk: Risk): string[] {
  return ['auto-sync', `risk:${risk.level}`];
}

interface Limits {
  /** Lines and characters of each failing check's output tail; 0 drops tails. */
  tailLines: number;
  tailChars: number;
  /** First error lines per failing check; 0 drops them. */
  firstLines: number;
  /** Rows per list (commits, skipped, conflicts, checks, probes). */
  rows: number;
  /** Paths listed per conflicting commit. */
  paths: number;
  /** The fenced list of full commit ids. */
  commitMap: boolean;
}

// Tried in order until the body fits: output tails shrink and go first, then lists get shorter.
const LADDER: Limits[] = [
  { tailLines: 80, tailChars: 8_000, firstLines: 10, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 40, tailChars: 3_000, firstLines: 10, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 10, tailChars: 1_000, firstLines: 5, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 0, tailChars: 0, firstLines: 5, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 300, paths: 20, commitMap: true },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 100, paths: 10, commitMap: false },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 30, paths: 5, commitMap: false },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 5, paths: 3, commitMap: false },
];

export function proposalBody(c: ProposalContent, maxChars = MAX_BODY_CHARS): string {
  let body = '';
  for (const limits of LADDER) {
    body = render(c, limits);
    if (body.length <= maxChars) return body;
  }
  // Only reachable with absurd input (thousands of gates or checks); the last rung has no fences to leave open.
  const note = '\n\n_The rest of this description was cut to fit GitHub’s size limit._\n';
  const cut = body.slice(0, Math.max(0, maxChars - note.length));
  return `${cut.slice(0, Math.max(0, cut.lastIndexOf('\n')))}${note}`;
}

function render(c: ProposalContent, limits: Limits): string {
  const sections = [
    intro(c),
    commitsSection(c, limits),
    skippedSection(c, limits),
    conflictsSection(c, limits),
    checksSection(c, limits),
    smokeSection(c, limits),
    riskSection(c.risk),
    gatesSection(c.decision),
    howToAct(c),
    c.runUrl ? `---\n\n${safeLink('Run log', c.runUrl)}` : '',
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function intro(c: ProposalContent): string {
  const source = c.source.url ? safeLink(c.source.origin, c.source.url) : `**${inline(c.source.origin)}**`;
  const counts = [
    plural(c.commits.length, 'commit applied', 'commits applied'),
    plural(c.skipped.length, 'skipped'),
    plural(c.conflicts.length, 'conflict left pending', 'conflicts left pending'),
  ].join(', ');
  return [
    `## auto-sync from ${inline(c.source.origin)}`,
    `Source ${source} (${code(c.source.name)}) · ${code(c.headBranch)} → ${code(c.targetBranch)} · ${counts}.`,
    `**Decision:** ${inline(c.decision.summary, 600)}`,
  ].join('\n\n');
}

function commitsSection(c: ProposalContent, limits: Limits): string {
  const shown = c.commits.slice(0, limits.rows);
  const rows = shown.map((m) => [
    shortLinked(m.sha, m.url),
    m.type ? inline(m.type, 40) : '–',
    inline(m.subject, 200),
    inline(m.author, 80),
    m.newSha ? short(m.newSha) : '–',
  ]);
  let out = `### Commits (${c.commits.length})\n\n`;
  if (c.commits.length === 0) return `${out}None.`;
  out += table(['Origin', 'Type', 'Subject', 'Author', 'Applied as'], rows) + more(c.commits.length, shown.length);
  if (limits.commitMap) {
    // Full ids in a fence: copyable, and GitHub does not turn them into links to this repository.
    const map = shown.map((m) => `${oneLine(m.sha, 64)}${m.newSha ? ` -> ${oneLine(m.newSha, 64)}` : ''}`).join('\n');
    out += `\n\n<details><summary>Full commit ids (origin -> applied)</summary>\n\n${fence(map)}\n\n</details>`;
  }
  return out;
}

function skippedSection(c: ProposalContent, limits: Limits): string {
  if (c.skipped.length === 0) return '';
  const shown = c.skipped.slice(0, limits.rows);
  const rows = shown.map((s) => [
    shortLinked(s.sha, s.url),
    inline(s.subject, 200),
    code(s.reason, { inTable: true, max: 40 }),
    s.detail ? inline(s.detail) : '–',
  ]);
  return `### Skipped (${c.skipped.length})\n\n${table(['Origin', 'Subject', 'Reason', 'Detail'], rows)}${more(c.skipped.length, shown.length)}`;
}

function conflictsSection(c: ProposalContent, limits: Limits): string {
  if (c.conflicts.length === 0) return '';
  const shown = c.conflicts.slice(0, limits.rows);
  const rows = shown.map((k) => {
    const paths = k.paths.slice(0, limits.paths).map((p) => code(p, { inTable: true }));
    const extra = k.paths.length > paths.length ? `, … and ${k.paths.length - paths.length} more` : '';
    return [shortLinked(k.sha, k.url), inline(k.subject, 200), paths.length > 0 ? paths.join(', ') + extra : '–'];
  });
  const lead = 'These commits did not apply cleanly; they stay pending and are tried again on the next run.';
  return `### Conflicts (${c.conflicts.length})\n\n${lead}\n\n${table(['Origin', 'Subject', 'Conflicting paths'], rows)}${more(c.conflicts.length, shown.length)}`;
}

function checksSection(c: ProposalContent, limits: Limits): string {
  if (c.checks.length === 0) return '### Checks\n\nNo checks ran.';
  const shown = c.checks.slice(0, limits.rows);
  const rows = shown.map((k) => [
    inline(k.name, 80),
    statusText(k.status),
    k.durationMs === undefined ? '–' : duration(k.durationMs),
    countCell(k.errors, k.newErrors),
    countCell(k.failures, k.newFailures),
  ]);
  const parts = [
    `### Checks\n\n${table(['Check', 'Result', 'Time', 'Errors (new)', 'Failures (new)'], rows, ['l', 'l', 'r', 'r', 'r'])}${more(c.checks.length, shown.length)}`,
  ];
  const skipped = shown.filter((k) => k.status === 'skipped' && k.message);
  if (skipped.length > 0)
    parts.push(`Skipped: ${skipped.map((k) => `${inline(k.name, 80)} (${inline(k.message ?? '', 200)})`).join('; ')}.`);
  for (const k of shown) {
    if (k.status === 'passed' || k.status === 'skipped') continue;
    const first = (k.firstLines ?? []).slice(0, limits.firstLines);
    const tail = limits.tailLines > 0 && k.tail ? tailOf(k.tail, limits.tailLines, limits.tailChars) : '';
    if (first.length === 0 && tail === '') continue;
    let detail = `#### ${statusText(k.status)}: ${inline(k.name, 80)}`;
    if (k.message) detail += `\n\n${inline(k.message, 600)}`;
    if (first.length > 0) detail += `\n\nFirst errors:\n\n${fence(first.join('\n'))}`;
    if (tail !== '') detail += `\n\n<details><summary>End of the output</summary>\n\n${fence(tail)}\n\n</details>`;
    parts.push(detail);
  }
  return parts.join('\n\n');
}

function smokeSection(c: ProposalContent, limits: Limits): string {
  if (c.smoke.length === 0) return '### Smoke probes\n\nNo smoke probes ran.';
  const shown = c.smoke.slice(0, limits.rows);
  const rows = shown.map((s) => [
    inline(s.name, 80),
    statusText(s.status),
    s.httpStatus === undefined ? '–' : String(s.httpStatus),
    s.detail ? inline(s.detail) : '–',
  ]);
  return `### Smoke probes\n\n${table(['Probe', 'Result', 'HTTP', 'Detail'], rows)}${more(c.smoke.length, shown.length)}`;
}

const FACTOR_LABELS: Record<RiskFactorName, string> = {
  filesChanged: 'Files changed',
  typeErrors: 'New type errors',
  testFailures: 'New test failures',
  prismaSchema: 'Prisma schema touched',
  dependencies: 'Dependencies changed',
  lockfile: 'Lockfile changed',
  scripts: 'Package scripts changed',
  deletions: 'Files deleted',
  symlinks: 'Symbolic links',
  binaries: 'Binary files',
  executables: 'Files made executable',
  migrations: 'Migrations',
  linesChanged: 'Lines changed',
  prerequisites: 'Prerequisites brought in',
  lockfileRegenerated: 'Lockfile regenerated',
};

function riskSection(risk: Risk): string {
  const rows = risk.factors.map((f) => [
    FACTOR_LABELS[f.name],
    formatNumber(f.value),
    formatNumber(f.weight),
    formatNumber(f.contribution),
    inline(f.note),
  ]);
  rows.push(['**Total**', '', '', `**${formatNumber(risk.score)}**`, `level: **${risk.level}**`]);
  return `### Risk: ${risk.level} (${formatNumber(risk.score)})\n\n${table(['Factor', 'Value', 'Weight', 'Contribution', 'Note'], rows, ['l', 'r', 'r', 'r', 'l'])}`;
}

function gatesSection(d: MergeDecision): string {
  const rows = d.gates.map((g) => [
    code(g.name, { inTable: true }),
    g.passed ? 'PASS' : g.name === d.decidedBy ? '**FAIL** (decided)' : 'FAIL',
    inline(g.detail, 400),
  ]);
  const verdict =
    d.action === 'merge'
      ? 'Every gate passed, so auto-sync merges this on its own.'
      : 'A gate failed, so this waits for a person to review and merge.';
  return `### Gates\n\n${verdict}\n\n${table(['Gate', 'Result', 'Detail'], rows)}`;
}

function howToAct(c: ProposalContent): string {
  const config = c.configPath ? code(c.configPath) : 'the auto-sync configuration';
  const lines = [
    '### How to act',
    '',
    `- **Accept:** review and merge this pull request; auto-sync records its commits as applied.`,
    `- **Decline:** close it without merging; auto-sync records its commits as declined and does not propose them again unless the source changes them.`,
    `- **Skip one commit:** add its full sha to ${code('commits.skip')} in ${config}; the next run rebuilds ${code(c.headBranch)} without it.`,
    `- **Change it:** push commits to ${code(c.headBranch)}; auto-sync never overwrites commits it did not write: it leaves the branch as it is and says so here, and goes on once this is merged or closed.`,
  ];
  if (c.conflicts.length > 0)
    lines.push(
      `- **A conflict:** the commit stays pending. To take it by hand: ${code(`git cherry-pick -x <sha>`)} onto a branch from ${code(c.targetBranch)}, resolve, merge; auto-sync recognises it as applied (the cherry-pick line or the same patch).`,
    );
  return lines.join('\n');
}

const STATUS_TEXT: Record<string, string> = { passed: 'PASS', failed: 'FAIL', 'timed-out': 'TIMEOUT', error: 'ERROR', skipped: 'SKIP' };

function statusText(status: string): string {
  return STATUS_TEXT[status] ?? inline(status.toUpperCase(), 20);
}

function short(sha: string): string {
  return code(oneLine(sha, 64).slice(0, 10), { inTable: true });
}

/** The short id, as a link to the commit's page when there is one (only https links pass safeLink). */
function shortLinked(sha: string, url: string | undefined): string {
  if (!url) return short(sha);
  const link = safeLink(oneLine(sha, 64).slice(0, 10), url);
  return link.startsWith('[') ? link.replace(/\|/g, '\\|') : short(sha);
}

function countCell(total: number | undefined, fresh: number | undefined): string {
  if (total === undefined && fresh === undefined) return '–';
  return `${total ?? '?'}${fresh === undefined ? '' : ` (${fresh} new)`}`;
}

function more(total: number, shown: number): string {
  return total > shown ? `\n\n… and ${total - shown} more.` : '';
}

function plural(n: number, one: string, many = one): string {
  return `${n} ${n === 1 ? one : many}`;
}

function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const s = Math.round(ms / 1_000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
