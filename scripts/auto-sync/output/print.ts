import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TargetContext } from '../commands/context.ts';
import { runUrlOf, type RunEnvironment } from '../env.ts';
import { isSyncError } from '../errors.ts';
import { formatSource, formatTotals, type Report } from '../report/model.ts';
import type { Annotation } from './actions.ts';
import type { Logger } from './log.ts';
import { redactDeep, type Redactor } from './redact.ts';

// Where a finished run's report goes: the console, the runner (annotations, job summary), a file.

export async function printReport(ctx: TargetContext, report: Report): Promise<void> {
  const grouping =
    'group' in ctx.log && typeof ctx.log.group === 'function'
      ? (ctx.log as Logger & { group<T>(name: string, fn: () => Promise<T>): Promise<T> })
      : undefined;
  for (const source of report.sources) {
    // On a runner each source gets its own collapsible group.
    if (grouping)
      await grouping.group(`auto-sync: ${source.name} — ${source.outcome ?? source.status}`, async () => ctx.log.out(formatSource(source)));
    else ctx.log.out(formatSource(source));
  }
  ctx.log.out(formatTotals(report));
  ctx.log.debug(`${ctx.runner.spawned} processes spawned`);
}

/** In GitHub Actions: annotations (conflicts, held commits, failures) and the job summary. */
export async function publishToActions(ctx: TargetContext, env: RunEnvironment, report: Report): Promise<void> {
  if (!env.githubActions) return;
  const actions = await import('./actions.ts');
  if (actions.isActionsLogger(ctx.log)) actions.annotateReport(ctx.log, report);
  const runUrl = runUrlOf(env);
  await actions.writeSummary(env.githubStepSummary, ctx.redact(actions.actionsSummary(report, runUrl ? { runUrl } : {})));
}

/**
 * On a runner, for a phase with no run report (check-config, prepare) or a command that failed:
 * its own job summary and annotations. The logger annotates when it is the runner's; a plain one
 * (the config could not be read, so none was made) gets an Actions logger for the annotations.
 */
export async function publishPhase(
  env: RunEnvironment,
  log: Logger,
  redact: Redactor,
  markdown: string,
  annotations: readonly Annotation[] | ((actions: typeof import('./actions.ts')) => readonly Annotation[]),
): Promise<void> {
  if (!env.githubActions) return;
  const actions = await import('./actions.ts');
  const logger = actions.isActionsLogger(log) ? log : actions.createActionsLogger({ redact, verbose: false, secrets: [] });
  actions.annotateAll(logger, typeof annotations === 'function' ? annotations(actions) : annotations);
  await actions.writeSummary(env.githubStepSummary, redact(markdown));
}

/** A command that failed, on a runner: the error (each configuration problem at its line) in the summary and as annotations. */
export async function publishFailure(env: RunEnvironment, log: Logger, redact: Redactor, command: string, error: unknown): Promise<void> {
  if (!env.githubActions) return;
  const { failureAnnotations, failureSummary } = await import('./phase-summary.ts');
  await publishPhase(env, log, redact, failureSummary(command, error), (actions) =>
    failureAnnotations(error, env.githubWorkspace ?? process.cwd(), actions.isActionsLogger(log)),
  );
}

/** To a file, or with "-" (--report -, --json) to stdout. */
export async function writeReport(
  file: string,
  report: Report,
  redact: Redactor,
  stdout: (text: string) => void = (text) => void process.stdout.write(text),
): Promise<void> {
  const text = `${JSON.stringify(redactDeep(report, redact), null, 2)}\n`;
  if (file === '-') return stdout(text);
  const path = resolve(process.cwd(), file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Every report ends the same way: console, runner, file. */
export async function finishReport(ctx: TargetContext, env: RunEnvironment, report: Report, reportFile: string | undefined): Promise<void> {
  await printReport(ctx, report);
  await publishToActions(ctx, env, report);
  if (reportFile) await writeReport(reportFile, report, ctx.redact, ctx.stdout);
}

export function exitCodeOf(report: Report): number {
  return report.sources.some((s) => s.status === 'error' || s.outcome === 'error') ? 1 : 0;
}

export function printFailure(log: Logger, error: unknown): number {
  if (isSyncError(error)) {
    log.error(`${error.code}: ${error.message}`);
    for (const detail of error.details) for (const line of detail.split('\n')) if (line) log.info(`  - ${line}`);
    log.info(`  → ${error.hint}`);
    return error.exitCode;
  }
  // Not an expected failure: a bug. Show the stack so it can be reported.
  log.error(`INTERNAL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}
