import { readFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { SyncError } from './errors.ts';
import { formatPath } from './config.ts';
import { PENDING_REASONS, type CommitDecision, type Reason } from './plan/types.ts';

// .neon/auto-sync-state.json: what was processed, so nothing is applied or proposed twice.
// Versioned, validated on read, written atomically, never overwritten when it cannot be read.

export const STATE_VERSION = 1;
export const DEFAULT_STATE_FILE = '.neon/auto-sync-state.json';

const reasonSchema = z.string() as z.ZodType<Reason>;

const commitRecordSchema = z.strictObject({
  decision: z.enum(['picked', 'skipped', 'applied', 'proposed', 'declined']),
  reason: reasonSchema,
  at: z.string(),
  detail: z.string().optional(),
  /** For proposed commits: the proposal (pull request) they are in. */
  proposal: z.number().int().optional(),
});

const sourceStateSchema = z.strictObject({
  /** The source head seen by the last run that recorded state. */
  lastHead: z.string().nullable(),
  /** Every commit up to here (and its ancestors) is decided for good. */
  watermark: z.string().nullable(),
  updatedAt: z.string(),
  commits: z.record(z.string(), commitRecordSchema),
  /** The integration branch as auto-sync last left it; a different head means a person added to it. */
  integration: z.strictObject({ branch: z.string(), head: z.string(), commits: z.array(z.string()) }).optional(),
});

const stateSchema = z.strictObject({
  version: z.literal(STATE_VERSION),
  sources: z.record(z.string(), sourceStateSchema),
});

export type State = z.infer<typeof stateSchema>;
export type SourceState = z.infer<typeof sourceStateSchema>;
export type CommitRecord = z.infer<typeof commitRecordSchema>;

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
  return parseStateText(text, file);
}

/** Validates state text read from anywhere; `origin` names where it came from in errors (a file, `branch:path`). */
export function parseStateText(text: string, origin: string): State {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SyncError('STATE_CORRUPT', `state file ${origin} is not valid JSON (${(error as Error).message})`);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof raw === 'object' && raw !== null && version !== STATE_VERSION) {
    throw new SyncError('STATE_VERSION', `state file ${origin} has version ${JSON.stringify(version)}; this auto-sync reads version ${STATE_VERSION}`);
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`);
    throw new SyncError('STATE_CORRUPT', `state file ${origin} is not a valid auto-sync state (${problems.length} problem(s))`, { details: problems.slice(0, 20) });
  }
  return parsed.data;
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
  await writeFileAtomic(file, text, { encoding: 'utf8' });
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
    outcomes?: ReadonlyMap<string, { decision: CommitRecord['decision']; reason: Reason; detail?: string }>;
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
      const outcome = update.outcomes?.get(sha) ?? { decision: decision.decision, reason: decision.reason, detail: decision.detail };
      const record: CommitRecord = { decision: outcome.decision, reason: outcome.reason, at: update.now, ...(outcome.detail ? { detail: outcome.detail } : {}) };
      const old = commits[sha];
      commits[sha] = old && old.decision === record.decision && old.reason === record.reason && old.detail === record.detail ? old : record;
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
  return { lastHead: update.head, watermark, updatedAt: update.now, commits };
}
