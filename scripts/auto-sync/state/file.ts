import { readFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SyncError } from '../errors.ts';
import { PENDING_REASONS, type CommitDecision, type Reason } from '../plan/types.ts';
import { cachedParse } from '../config/validated-cache.ts';

// .neon/auto-sync-state.json: what was processed, so nothing is applied or proposed twice.
// Versioned, validated on read, written atomically, never overwritten when it cannot be read.

export { STATE_VERSION } from './version.ts';
import { STATE_VERSION } from './version.ts';
export const DEFAULT_STATE_FILE = '.neon/auto-sync-state.json';

export type { State, SourceState, CommitRecord } from './schema.ts';
import type { State, SourceState, CommitRecord } from './schema.ts';

export function emptyState(): State {
  return { version: STATE_VERSION, sources: {} };
}

export async function readState(file: string): Promise<State> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new SyncError('STATE_CORRUPT', `cannot read state file ${file}: ${(error as Error).message}`);
  }
  // Validated with zod (schema.ts) whenever the text is new; see config/validated-cache.ts.
  return cachedParse('state', text, ['state/schema.ts'], async () => (await import('./schema.ts')).parseStateText(text, file));
}

/** Stable text: keys sorted, so an unchanged state is byte-identical and never rewritten. */
export function serializeState(state: State): string {
  return `${JSON.stringify(sortKeys(state), null, 2)}\n`;
}

/** Writes the state if it changed; returns whether it wrote. */
export async function writeState(file: string, state: State): Promise<boolean> {
  const text = serializeState(state);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return false;
  await mkdir(dirname(file), { recursive: true });
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(file, text, { encoding: 'utf8' }).catch((error: unknown) => {
    // Some errors (ENOSPC on write) do not name the file: say which one.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.includes(file) ? message : `${message} (writing ${file})`, { cause: error });
  });
  return true;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Pending commits (held, over the limit, conflicted, waiting to be validated again) recorded for a source. */
export function pendingShas(source: SourceState | undefined): string[] {
  if (!source) return [];
  return Object.entries(source.commits)
    .filter(([, record]) => record.decision === 'picked' || (record.decision === 'skipped' && PENDING_REASONS.has(record.reason)))
    .map(([sha]) => sha);
}

/** Whether a commit was decided for good earlier (it is not shown or decided again). */
export function isSettled(source: SourceState | undefined, sha: string): boolean {
  const record = source?.commits[sha];
  if (!record) return false;
  return !(record.decision === 'skipped' && PENDING_REASONS.has(record.reason)) && record.decision !== 'picked';
}

/**
 * The next state of one source after a run (pure). `listed` is every commit the run listed, in
 * order; `decisions` are the ones decided this time (settled ones keep their record);
 * `outcomes` says what happened to picked commits (applied, proposed, conflict…).
 * Returns `previous` itself when nothing changed, so an idle run rewrites nothing.
 */
export function recordSource(
  previous: SourceState | undefined,
  update: {
    head: string;
    listed: readonly string[];
    decisions: readonly CommitDecision[];
    outcomes?: ReadonlyMap<string, { decision: CommitRecord['decision']; reason: Reason; detail?: string; deferred?: true }>;
    now: string;
  },
): SourceState {
  const commits: Record<string, CommitRecord> = { ...(previous?.commits ?? {}) };
  const decided = new Map(update.decisions.map((d) => [d.sha, d]));
  let watermark = previous?.watermark ?? null;
  let blocked = false;
  for (const sha of update.listed) {
    const decision = decided.get(sha);
    if (decision) {
      const outcome: { decision: CommitRecord['decision']; reason: Reason; detail?: string; deferred?: true } = update.outcomes?.get(
        sha,
      ) ?? {
        decision: decision.decision,
        reason: decision.reason,
        ...(decision.detail ? { detail: decision.detail } : {}),
      };
      const record: CommitRecord = {
        decision: outcome.decision,
        reason: outcome.reason,
        at: update.now,
        ...(outcome.detail ? { detail: outcome.detail } : {}),
        ...(outcome.deferred ? { deferred: true as const } : {}),
      };
      const old = commits[sha];
      commits[sha] =
        old &&
        old.decision === record.decision &&
        old.reason === record.reason &&
        old.detail === record.detail &&
        old.deferred === record.deferred
          ? old
          : record;
    }
    const record = commits[sha];
    const pending = !record || record.decision === 'picked' || (record.decision === 'skipped' && PENDING_REASONS.has(record.reason));
    if (pending) blocked = true;
    else if (!blocked) watermark = sha;
  }
  const changed =
    !previous ||
    previous.lastHead !== update.head ||
    previous.watermark !== watermark ||
    Object.keys(commits).length !== Object.keys(previous.commits).length ||
    Object.entries(commits).some(([sha, record]) => previous.commits[sha] !== record);
  if (!changed) return previous;
  // The open proposal's branch stays recorded until publish says otherwise (merged, closed):
  // dropping it here made the next run take auto-sync's own branch for a person's work.
  return {
    lastHead: update.head,
    watermark,
    updatedAt: update.now,
    commits,
    ...(previous?.integration ? { integration: previous.integration } : {}),
  };
}
