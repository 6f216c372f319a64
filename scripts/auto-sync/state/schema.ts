import { z } from 'zod';
import { formatPath } from '../config/format-path.ts';
import { SyncError } from '../errors.ts';
import type { Reason } from '../plan/types.ts';

// The state file's schema (version 1) and its validation; loaded only when a state text is new.

import { STATE_VERSION } from './version.ts';

const reasonSchema = z.string() as z.ZodType<Reason>;

const commitRecordSchema = z.strictObject({
  decision: z.enum(['picked', 'skipped', 'applied', 'proposed', 'declined']),
  reason: reasonSchema,
  at: z.string(),
  detail: z.string().optional(),
  /** Picked, validated on a target that moved, and left for the next run to build and validate again (once). */
  deferred: z.literal(true).optional(),
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
    throw new SyncError(
      'STATE_VERSION',
      `state file ${origin} has version ${JSON.stringify(version)}; this auto-sync reads version ${STATE_VERSION}`,
    );
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`);
    throw new SyncError('STATE_CORRUPT', `state file ${origin} is not a valid auto-sync state (${problems.length} problem(s))`, {
      details: problems.slice(0, 20),
    });
  }
  return parsed.data;
}
