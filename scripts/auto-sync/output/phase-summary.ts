import { isAbsolute, relative } from 'node:path';
import type { Config } from '../config/schema.ts';
import { ConfigInvalidError } from '../config/load.ts';
import { isSyncError, summarizeError } from '../errors.ts';
import { code, inline, table } from '../report/markdown.ts';
import type { Report, ReportSource } from '../report/model.ts';
import type { ResultsFile } from '../handoff/files.ts';
import type { Annotation } from './actions.ts';

// What the phases without a run report (check-config, prepare, and any command that fails before
// its report) put in the job summary and as annotations on a runner. Pure: Markdown and
// annotations from data; output/print.ts writes them. Text from the config or the sources goes
// through report/markdown.ts like everything else.

/** A file as GitHub wants it in an annotation: relative to the workspace, or undefined when outside it. */
export function workspaceFile(file: string, workspace: string): string | undefined {
  const path = isAbsolute(file) ? relative(workspace, file) : file;
  return path === '' || path.startsWith('..') || isAbsolute(path) ? undefined : path;
}

export function configOkSummary(file: string, config: Config): string {
  const rows = config.sources.map((s) => [inline(s.name, 80), code(s.url, { inTable: true, max: 200 }), code(s.branch, { inTable: true })]);
  return [
    '## auto-sync check-config',
    `${code(file, { max: 300 })} is valid: ${config.sources.length} source(s), forge ${code(config.forge.type)}, target branch ${code(config.target.branch)}.`,
    table(['Source', 'URL', 'Branch'], rows),
  ].join('\n\n');
}

/** The summary of a command that failed: the error, and for a configuration every problem. */
export function failureSummary(command: string, error: unknown): string {
  const summary = summarizeError(error);
  const parts = [
    `## auto-sync ${inline(command, 40)}`,
    `**Failed:** ${code(summary.code)} ${inline(summary.message, 600)}${summary.hint ? ` — ${inline(summary.hint, 400)}` : ''}`,
  ];
  const details = isSyncError(error) ? error.details : [];
  if (details.length > 0) {
    const shown = details.slice(0, 100).map((d) => `- ${inline(d, 600)}`);
    if (details.length > shown.length) shown.push(`- and ${details.length - shown.length} more (see the log)`);
    parts.push(shown.join('\n'));
  }
  return parts.join('\n\n');
}

/**
 * The annotations of a failure: one per configuration problem, at its file and line when known;
 * else one for the error. `logged` when the logger has already annotated the error line itself.
 */
export function failureAnnotations(error: unknown, workspace: string, logged: boolean): Annotation[] {
  if (error instanceof ConfigInvalidError) {
    const file = workspaceFile(error.file, workspace);
    return error.problems.map((p) => ({
      kind: 'error' as const,
      title: 'auto-sync: configuration',
      message: `${p.path || '(top level)'}: ${p.message}`,
      place: {
        ...(file !== undefined ? { file } : {}),
        ...(file !== undefined && p.line !== undefined ? { line: p.line, column: p.column } : {}),
      },
    }));
  }
  if (logged) return [];
  const summary = summarizeError(error);
  return [{ kind: 'error', title: `auto-sync: ${summary.code}`, message: `${summary.code}: ${summary.message}\n${summary.hint}` }];
}

export function prepareSummary(report: Report, handoff: { dir: string; digest: string }): string {
  const target = report.target ? ` · target ${code(report.target.branch)} at ${code(short(report.target.head))}` : '';
  const rows = report.sources.map((s) => [inline(s.name, 80), statusCell(s), commitsCell(s), preparedCell(s)]);
  const parts = [
    '## auto-sync prepare',
    `${report.sources.length} source(s)${target} · hand-off ${code(handoff.dir, { max: 300 })}, digest ${code(handoff.digest)}`,
    table(['Source', 'Status', 'Commits', 'Prepared'], rows),
  ];
  for (const s of report.sources) {
    const conflicts = s.integration?.conflicts ?? [];
    if (conflicts.length > 0)
      parts.push(
        `**${inline(s.name, 80)}, conflicts (pending):** ${conflicts
          .slice(0, 20)
          .map(
            (c) =>
              `${code(short(c.sha))} in ${
                c.paths.length > 0
                  ? c.paths
                      .slice(0, 5)
                      .map((p) => code(p, { max: 200 }))
                      .join(', ')
                  : 'unknown paths'
              }`,
          )
          .join('; ')}${conflicts.length > 20 ? `; and ${conflicts.length - 20} more` : ''}`,
      );
    if (s.error)
      parts.push(`**${inline(s.name, 80)}:** ${code(s.error.code)} ${inline(s.error.message, 600)} — ${inline(s.error.hint, 400)}`);
  }
  return parts.join('\n\n');
}

/** What verify found per source (publish decides from it; a failure here is not the phase failing). */
export function verifySummary(results: ResultsFile, planned: readonly string[]): string {
  const rows = results.sources.map((s) => [
    inline(s.name, 80),
    s.install.status === 'failed' ? '**failed**' : s.install.status,
    resultsCell([...s.checks, ...s.smoke.map((p) => ({ ...p, name: `smoke ${p.name}` }))]),
    s.baseline ? `target head${s.baseline.cached ? ' (cached)' : ''}` : '–',
  ]);
  const missing = planned.filter((name) => !results.sources.some((s) => s.name === name));
  const parts = [
    '## auto-sync verify',
    `${results.sources.length} source(s) verified${results.sandbox ? `, sandbox ${code(results.sandbox)}` : ''}.`,
    ...(rows.length > 0 ? [table(['Source', 'Install', 'Checks', 'Compared with'], rows)] : []),
  ];
  if (missing.length > 0)
    parts.push(`**Could not be verified** (proposed, never merged; see the log): ${missing.map((n) => inline(n, 80)).join(', ')}`);
  return parts.join('\n\n');
}

function resultsCell(results: readonly { name: string; status: string; newErrors?: number; newFailures?: number }[]): string {
  const shown = results.filter((r) => r.status !== 'skipped');
  if (shown.length === 0) return '–';
  return shown
    .map((r) => {
      const news = (r.newErrors ?? 0) + (r.newFailures ?? 0);
      const status = r.status === 'passed' ? r.status : `**${r.status}**${news > 0 ? ` (${news} new)` : ''}`;
      return `${inline(r.name, 80)} ${status}`;
    })
    .join(', ');
}

function statusCell(s: ReportSource): string {
  if (s.status === 'error') return `**error**${s.error ? ` ${code(s.error.code, { inTable: true })}` : ''}`;
  return s.status;
}

function commitsCell(s: ReportSource): string {
  if (s.status !== 'ok') return '–';
  const { picked, skipped, pending } = s.counts;
  return `${picked} picked, ${skipped} skipped${pending ? ` (${pending} pending)` : ''}`;
}

function preparedCell(s: ReportSource): string {
  const i = s.integration;
  if (!i) return s.status === 'ok' ? 'nothing to prepare' : '–';
  const conflicts = i.conflicts.length > 0 ? `, ${i.conflicts.length} conflict${i.conflicts.length === 1 ? '' : 's'}` : '';
  return `${code(i.branch, { inTable: true })} at ${code(short(i.head), { inTable: true })}: ${i.applied} applied${conflicts}`;
}

const short = (sha: string) => sha.slice(0, 10);
