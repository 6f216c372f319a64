import type { ActionsLogger } from './actions.ts';
import type { Logger } from './log.ts';
import { nowMs } from '../proc/run.ts';

// Progress of a long step (an install, a check, a smoke probe: each may take many minutes): one
// line when it starts, one when it ends with its elapsed time, on stderr through the run's logger.
// On a GitHub runner the step's output follows the end line in a collapsible group, printed as
// untrusted text (redacted, workflow commands switched off): it is sibling code's output.

export interface StepStart {
  /** What runs, as "verify alpha: check test". */
  label: string;
  /** The command, shown in the start line. */
  command?: string;
  /** Its time limit. */
  limitMs?: number;
}

export interface StepEnd {
  /** passed, failed, timed-out, error… */
  status: string;
  durationMs: number;
  /** Said after the time: "(HTTP 200)". */
  note?: string;
  /** What the step printed; shown on a runner only. */
  output?: string;
}

export async function runStep<T>(log: Logger, start: StepStart, run: () => Promise<T>, end: (value: T) => StepEnd): Promise<T> {
  const limit = start.limitMs !== undefined ? `, up to ${formatDuration(start.limitMs)}` : '';
  log.info(`auto-sync: ${start.label}${start.command ? ` (${start.command})` : ''} started${limit}`);
  const began = nowMs();
  let value: T;
  try {
    value = await run();
  } catch (error) {
    log.info(`auto-sync: ${start.label} stopped after ${seconds(nowMs() - began)}`);
    throw error;
  }
  const result = end(value);
  const line = `auto-sync: ${start.label} ${STATUS_WORDS[result.status] ?? result.status} in ${seconds(result.durationMs)}${result.note ? ` ${result.note}` : ''}`;
  const output = result.output?.trim() ?? '';
  if (isGrouping(log) && output !== '') await log.group(line, async () => log.untrusted(output));
  else log.info(line);
  return value;
}

const STATUS_WORDS: Record<string, string> = { 'timed-out': 'timed out', error: 'could not run' };

/** A command's two streams as one text (the runner shows it in a group). */
export function joinOutput(stdout: string, stderr: string): string {
  const parts = [stdout.trimEnd(), stderr.trimEnd() ? `--- stderr ---\n${stderr.trimEnd()}` : ''];
  return parts.filter((part) => part !== '').join('\n');
}

function isGrouping(log: Logger): log is ActionsLogger {
  const maybe = log as Partial<ActionsLogger>;
  return typeof maybe.group === 'function' && typeof maybe.untrusted === 'function';
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const formatDuration = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : seconds(ms));
