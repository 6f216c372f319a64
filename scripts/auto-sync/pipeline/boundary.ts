import type { TargetContext } from '../commands/context.ts';
import { isSyncError, summarizeError, SyncError, type ErrorSummary } from '../errors.ts';
import type { PublishedSource } from './publish.ts';

// The per-source boundary every step goes through: a source's failure, expected (a SyncError) or
// not (a bug, its stack kept), becomes that source's error result, and never stops the others.

export async function withinSource<T>(
  ctx: TargetContext,
  name: string,
  work: () => Promise<T>,
): Promise<{ value: T } | { error: ErrorSummary }> {
  try {
    return { value: await work() };
  } catch (error) {
    const summary = summarizeError(error);
    ctx.log.error(`${name}: ${summary.code}: ${summary.message}`);
    if (summary.stack) ctx.log.info(summary.stack);
    return { error: summary };
  }
}

export function failedSource(name: string, error: ErrorSummary): PublishedSource {
  return {
    name,
    outcome: 'error',
    reason: error.message,
    risk: null,
    decision: null,
    checks: [],
    smoke: [],
    proposal: null,
    merge: null,
    error,
  };
}

/** A state write that failed after delivery: said as such (not as a bug), with the way forward. */
export function stateWriteFailed(error: unknown): SyncError {
  const message = isSyncError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return new SyncError('STATE_WRITE_FAILED', `the state could not be recorded: ${message}`, { cause: error });
}
