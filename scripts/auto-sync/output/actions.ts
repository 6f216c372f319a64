import { randomBytes } from 'node:crypto';
import { appendFile, stat } from 'node:fs/promises';
import * as core from '@actions/core';
import type { Logger } from './log.ts';
import { explainRisk } from '../plan/risk.ts';
import { secretForms, type Redactor } from './redact.ts';
import { formatTotals, type Report, type ReportSource } from '../report/model.ts';
import { code, inline, oneLine, safeLink, table } from '../report/markdown.ts';

// Output for a GitHub Actions runner: a Logger on @actions/core, the job summary, annotations.
//
// The runner reads every line of stdout and stderr for workflow commands: `::cmd::` at the start of a
// line (after leading blanks) and the legacy `##[cmd]` anywhere in it, with \r as well as \n ending a
// line. Text we did not write (commit subjects, output of sibling code) is therefore printed inside
// `::stop-commands::<token>` … `::<token>::`. @actions/core has no API for that (actions/toolkit#906)
// and does not export its `issueCommand`, so the two marker lines go out through `core.info`, which
// writes its argument verbatim; a hex token needs none of the escaping `issueCommand` would apply.

export type AnnotationKind = 'warning' | 'error' | 'notice';

export interface ActionsLogger extends Logger {
  /** A foldable section of the log; GitHub does not nest groups. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  annotate(kind: AnnotationKind, message: string, props?: AnnotationPlace): void;
  /** Prints text with workflow commands switched off around it. */
  untrusted(text: string): void;
}

/** Where an annotation points: a file (relative to the workspace) and a 1-based line and column. */
export interface AnnotationPlace {
  title?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface ActionsLoggerOptions {
  redact: Redactor;
  verbose: boolean;
  /** Registered with the runner's masker before anything is printed. */
  secrets: readonly string[];
}

// Anything the runner could read as a command; see the note at the top.
const COMMAND_LIKE = /(?:^|[\r\n])\s*::|##\[/;

export function createActionsLogger(options: ActionsLoggerOptions): ActionsLogger {
  maskSecrets(options.secrets);
  const { redact } = options;
  // Our own messages carry untrusted parts too (a subject in "picked abc: …"); shield only when needed,
  // so ordinary lines stay free of marker noise.
  const print = (text: string) => {
    const safe = redact(text);
    if (COMMAND_LIKE.test(safe)) printShielded(safe);
    else core.info(safe);
  };
  const annotations = { warning: core.warning, error: core.error, notice: core.notice };
  return {
    info: print,
    out: (text) => print(text.replace(/\r?\n$/, '')),
    warn: (message) => core.warning(redact(message)),
    error: (message) => core.error(redact(message)),
    debug: options.verbose ? print : (message) => core.debug(redact(message)),
    group: (name, fn) => core.group(redact(name), fn),
    annotate: (kind, message, props = {}) =>
      annotations[kind](redact(message), {
        ...(props.title === undefined ? {} : { title: redact(props.title) }),
        ...(props.file === undefined ? {} : { file: redact(props.file) }),
        ...(props.line === undefined ? {} : { startLine: props.line }),
        ...(props.column === undefined ? {} : { startColumn: props.column }),
      }),
    untrusted: (text) => {
      if (text !== '') printShielded(redact(text));
    },
  };
}

/** Untrusted text through any logger: shielded on an Actions runner, as is on a console. */
export function printUntrusted(logger: Logger, text: string): void {
  if (isActionsLogger(logger)) logger.untrusted(text);
  else logger.out(text);
}

export function isActionsLogger(logger: Logger): logger is ActionsLogger {
  return typeof (logger as Partial<ActionsLogger>).untrusted === 'function';
}

/** Registers each secret, every encoded form of it, and each line of a multi-line one; returns the values. */
export function maskSecrets(secrets: readonly string[]): string[] {
  const values = new Set<string>();
  for (const secret of secrets) {
    // The runner masks within one line, so a multi-line secret is masked line by line as well.
    for (const part of [secret, ...secret.split(/\r\n|\r|\n/)]) {
      // Same floor as createRedactor: masking a 1–3 character value would blank it out of every line.
      if (part.trim().length < 4) continue;
      for (const form of secretForms(part)) values.add(form);
    }
  }
  for (const value of values) core.setSecret(value);
  return [...values];
}

/**
 * A resume token the text cannot contain. The runner compares it case-insensitively and accepts it in
 * both the `::token::` and the `##[token]` form, so any occurrence in the text would end the shield early.
 */
export function chooseStopToken(text: string, random: () => string = () => randomBytes(16).toString('hex')): string {
  const haystack = text.toLowerCase();
  for (;;) {
    const token = random();
    if (token !== '' && !haystack.includes(token.toLowerCase())) return token;
  }
}

function printShielded(text: string): void {
  const token = chooseStopToken(text);
  core.info(`::stop-commands::${token}`);
  core.info(text.replace(/\r?\n$/, ''));
  core.info(`::${token}::`);
}

// ---------------------------------------------------------------------------------------------
// Job summary

/** GitHub refuses a step summary over 1 MiB (the whole file of the step, not one write). */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

const CUT_NOTE = '\n\n_The rest of this summary was cut to fit GitHub’s 1 MiB step-summary limit; the JSON report has all of it._\n';

// Tried in order until the summary fits: commit tables get shorter, then go.
const COMMIT_ROWS = [200, 50, 10, 0];

export function actionsSummary(report: Report, options: { runUrl?: string; maxBytes?: number } = {}): string {
  const max = options.maxBytes ?? STEP_SUMMARY_LIMIT;
  let markdown = '';
  for (const rows of COMMIT_ROWS) {
    markdown = renderSummary(report, options.runUrl, rows);
    if (byteLength(markdown) <= max) return markdown;
  }
  // The last rung has no HTML blocks left open, so a cut at a line end keeps the rest well formed.
  return capBytes(markdown, max);
}

/** Appends to the step's summary file; does nothing outside Actions (no path). */
export async function writeSummary(path: string | undefined, markdown: string): Promise<void> {
  if (!path) return;
  // Earlier writes in this step count towards the same limit; past it GitHub drops the whole summary.
  const used = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  const text = capBytes(markdown.endsWith('\n') ? markdown : `${markdown}\n`, STEP_SUMMARY_LIMIT - used);
  if (text !== '') await appendFile(path, text, 'utf8');
}

/** At most `max` bytes of UTF-8, cut at a line end, with a note saying so. */
export function capBytes(markdown: string, max: number): string {
  if (byteLength(markdown) <= max) return markdown;
  const budget = max - byteLength(CUT_NOTE);
  if (budget <= 0) return '';
  const bytes = Buffer.from(markdown, 'utf8');
  // A newline byte never sits inside a multi-byte character, so cutting there keeps the text valid.
  const end = bytes.lastIndexOf(0x0a, budget - 1);
  // A heading left without its section would read as an empty section: it goes too.
  const kept = bytes
    .subarray(0, Math.max(0, end))
    .toString('utf8')
    .replace(/(?:\n+#{1,6} [^\n]*)+\n*$|\n+$/, '');
  return `${kept}${CUT_NOTE}`;
}

function renderSummary(report: Report, runUrl: string | undefined, commitRows: number): string {
  const mode = report.dryRun ? '**Dry run**' : '**Applied**';
  const target = report.target ? ` · target ${code(report.target.branch)} at ${code(short(report.target.head))}` : '';
  const parts = ['## auto-sync', `${mode} (${inline(report.mode.reason, 200)})${target} · ${inline(formatTotals(report), 400)}`];
  if (report.error) parts.push(`**Run failed:** ${errorText(report.error)}`);
  if (report.sources.length > 0) {
    const rows = report.sources.map((s) => [
      inline(s.name, 80),
      outcomeCell(s),
      riskCell(s),
      commitsCell(s),
      checksCell(s),
      deliveryCell(s),
    ]);
    parts.push(table(['Source', 'Outcome', 'Risk', 'Commits', 'Checks', 'Pull request'], rows));
  }
  for (const source of report.sources) {
    const details = sourceDetails(source, commitRows);
    if (details) parts.push(details);
  }
  if (runUrl) parts.push(safeLink('Run log', runUrl));
  return `${parts.join('\n\n')}\n`;
}

function outcomeCell(s: ReportSource): string {
  if (s.status === 'error' || s.outcome === 'error') return `**error**${s.error ? ` ${code(s.error.code, { inTable: true })}` : ''}`;
  if (s.outcome === 'merged') return 'merged';
  if (s.outcome === 'pull-request') return 'pull request';
  if (s.outcome === 'nothing') return 'nothing to do';
  if (s.status === 'unchanged') return 'unchanged';
  return s.counts.picked > 0 ? 'would sync' : 'nothing to sync';
}

function riskCell(s: ReportSource): string {
  if (!s.risk) return '–';
  return `${s.risk.score} (${s.risk.level}): ${inline(explainRisk(s.risk))}`;
}

function commitsCell(s: ReportSource): string {
  const { picked, skipped, pending } = s.counts;
  return `${picked} picked, ${skipped} skipped${pending ? ` (${pending} pending)` : ''}`;
}

function checksCell(s: ReportSource): string {
  // 'skipped' checks did not apply to this batch; listing them would only add noise.
  const results = [
    ...(s.checks ?? []).map((c) => ({ name: c.name, status: c.status })),
    ...(s.smoke ?? []).map((p) => ({ name: `smoke ${p.name}`, status: p.status })),
  ];
  const byStatus = new Map<string, string[]>();
  for (const r of results) if (r.status !== 'skipped') byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), inline(r.name, 80)]);
  if (byStatus.size === 0) return '–';
  return [...byStatus].map(([status, names]) => `${status === 'passed' ? status : `**${status}**`}: ${names.join(', ')}`).join('; ');
}

function deliveryCell(s: ReportSource): string {
  if (s.proposal) return `${safeLink(`#${s.proposal.id}`, s.proposal.url)} (${inline(s.proposal.action, 40)})`;
  if (s.merge) return `merged as ${code(short(s.merge.sha))}${s.merge.fastForward ? ' (fast-forward)' : ''}`;
  return '–';
}

function sourceDetails(s: ReportSource, commitRows: number): string {
  const lines: string[] = [];
  if (s.error) lines.push(`**Error:** ${errorText(s.error)}`);
  if (s.outcomeReason && s.outcomeReason !== s.error?.message) lines.push(`**Why:** ${inline(s.outcomeReason, 600)}`);
  const conflicts = s.integration?.conflicts ?? [];
  if (conflicts.length > 0)
    lines.push(
      `**Conflicts (pending):** ${conflicts
        .slice(0, 20)
        .map((c) => `${code(short(c.sha))} in ${listPaths(c.paths, 5)}`)
        .join('; ')}${conflicts.length > 20 ? `; and ${conflicts.length - 20} more` : ''}`,
    );
  if (commitRows > 0 && s.commits.length > 0) {
    const shown = s.commits.slice(0, commitRows);
    const rows = shown.map((c) => [
      code(short(c.sha)),
      c.decision,
      c.decision === 'picked' ? '–' : code(c.reason, { inTable: true, max: 40 }),
      inline(c.subject, 200),
      c.detail ? inline(c.detail, 200) : '–',
    ]);
    const more = s.commits.length - shown.length;
    lines.push(
      [
        `<details><summary>${s.commits.length} commit${s.commits.length === 1 ? '' : 's'}</summary>`,
        '',
        table(['SHA', 'Decision', 'Reason', 'Subject', 'Detail'], rows),
        ...(more > 0 ? ['', `And ${more} more in the JSON report.`] : []),
        '',
        '</details>',
      ].join('\n'),
    );
  }
  return lines.length > 0 ? `### ${inline(s.name, 80)}\n\n${lines.join('\n\n')}` : '';
}

function errorText(error: { code: string; message: string; hint: string }): string {
  return `${code(error.code)} ${inline(error.message, 600)}${error.hint ? ` — ${inline(error.hint, 400)}` : ''}`;
}

function listPaths(paths: readonly string[], max: number): string {
  if (paths.length === 0) return 'unknown paths';
  return (
    paths
      .slice(0, max)
      .map((p) => code(p, { max: 200 }))
      .join(', ') + (paths.length > max ? ` and ${paths.length - max} more` : '')
  );
}

// ---------------------------------------------------------------------------------------------
// Annotations

/** GitHub shows 10 annotations of each kind per step and drops the rest without a word. */
export const ANNOTATIONS_PER_KIND = 10;

export interface Annotation {
  kind: AnnotationKind;
  title: string;
  message: string;
  /** The file and line it is about (a configuration problem). */
  place?: Omit<AnnotationPlace, 'title'>;
}

export function annotateReport(logger: Pick<ActionsLogger, 'annotate'>, report: Report): void {
  annotateAll(logger, reportAnnotations(report));
}

export function annotateAll(logger: Pick<ActionsLogger, 'annotate'>, all: readonly Annotation[]): void {
  for (const kind of ['error', 'warning', 'notice'] as const) {
    const ofKind = all.filter((a) => a.kind === kind);
    // Past the limit, the last slot says how many more there are instead of one of them vanishing.
    const shown = ofKind.length > ANNOTATIONS_PER_KIND ? ofKind.slice(0, ANNOTATIONS_PER_KIND - 1) : ofKind;
    for (const a of shown) logger.annotate(kind, a.message, { ...a.place, title: a.title });
    if (shown.length < ofKind.length)
      logger.annotate(kind, `${ofKind.length - shown.length} more ${kind}s; see the job summary and the log.`, {
        title: 'auto-sync: more',
      });
  }
}

export function reportAnnotations(report: Report): Annotation[] {
  const out: Annotation[] = [];
  if (report.error)
    out.push({ kind: 'error', title: 'auto-sync failed', message: `${report.error.code}: ${report.error.message}\n${report.error.hint}` });
  for (const s of report.sources) {
    const name = oneLine(s.name, 80);
    if (s.status === 'error' || s.outcome === 'error' || s.error) {
      const e = s.error;
      out.push({
        kind: 'error',
        title: `auto-sync: ${name} failed`,
        message: e ? `${name}: ${e.code}: ${e.message}\n${e.hint}` : `${name}: failed${s.outcomeReason ? `: ${s.outcomeReason}` : ''}`,
      });
    }
    // Prepare records a conflict twice: in the integration (with paths) and on the commit (in words).
    const conflicts = new Map<string, string>();
    for (const c of s.integration?.conflicts ?? []) conflicts.set(c.sha, c.paths.length > 0 ? joinPaths(c.paths) : 'unknown paths');
    for (const c of s.commits)
      if (c.reason === 'conflict' && !conflicts.has(c.sha))
        conflicts.set(c.sha, c.detail?.replace(/^conflicts in /, '') || 'unknown paths');
    for (const [sha, paths] of conflicts) {
      const subject = s.commits.find((c) => c.sha === sha)?.subject;
      out.push({
        kind: 'warning',
        title: 'auto-sync: conflict',
        message: `${name}: ${short(sha)} conflicts in ${paths}${subject ? ` (${oneLine(subject, 120)})` : ''}; it stays pending.`,
      });
    }
    for (const c of s.commits.filter((c) => c.reason === 'breaking-change')) {
      out.push({
        kind: 'warning',
        title: 'auto-sync: breaking change held',
        message: `${name}: ${short(c.sha)} (${oneLine(c.subject, 120)}) is a breaking change; it is held for a person to sync.`,
      });
    }
    const n = s.counts.picked;
    const commits = `${n} commit${n === 1 ? '' : 's'}`;
    const risk = s.risk ? ` (risk ${s.risk.score}, ${s.risk.level})` : '';
    if (s.outcome === 'merged') {
      out.push({
        kind: 'notice',
        title: 'auto-sync: merged',
        message: `${name}: merged ${commits} into ${report.target?.branch ?? 'the target'}${s.merge ? ` as ${short(s.merge.sha)}` : ''}${risk}`,
      });
    } else if (s.outcome === 'pull-request') {
      const where = s.proposal ? `in ${s.proposal.url}` : 'but no pull request was recorded';
      out.push({
        kind: 'notice',
        title: 'auto-sync: proposed',
        message: `${name}: proposed ${commits} ${where}${risk}${s.outcomeReason ? ` — ${oneLine(s.outcomeReason, 300)}` : ''}`,
      });
    }
  }
  return out;
}

function joinPaths(paths: readonly string[]): string {
  return paths.slice(0, 10).join(', ') + (paths.length > 10 ? ` and ${paths.length - 10} more` : '');
}

function short(sha: string): string {
  return sha.slice(0, 10);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
