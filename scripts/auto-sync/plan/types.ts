// Data handed between the steps: what git found, and what the plan decided.

import type { RawEntry } from './entries.ts';

/** How a check or smoke probe that ran ended. */
export type RunStatus = 'passed' | 'failed' | 'timed-out' | 'error';
/** A check's or probe's result: `skipped` when it did not apply. */
export type ResultStatus = RunStatus | 'skipped';

export interface FileChange {
  /** git's status letter: A, M, D, R, C, T. */
  status: string;
  path: string;
  /** The other side of a rename or copy. */
  from?: string;
}

export interface CommitInfo {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: string;
  message: string;
  files: FileChange[];
  /** The same changes with modes and object ids, as the listing gave them (for the content policy). */
  entries?: RawEntry[];
  /** git log --cherry-mark found a commit with the same patch-id in the target. */
  patchInTarget: boolean;
  /** A merge listed as one unit (commits.follow "first-parent"): the messages of its side-branch commits. */
  sideMessages?: string[];
}

export const SKIP_REASONS = [
  'not-conventional',
  'type-not-allowed',
  'breaking-change',
  'merge-commit',
  'path-denied',
  'outside-allowed-paths',
  'unsafe-entry',
  'file-too-large',
  'secret-detected',
  'empty',
  'skip-listed',
  'already-applied',
  'from-target',
  'over-limit',
  'conflict',
  'after-conflict',
  // A wanted commit that depends (line level) on a commit policy keeps out: pending, naming it.
  'blocked',
  // A wanted commit whose prerequisites wait, by commits.prerequisites "hold": pending, naming them.
  'prerequisites-held',
  // Not a reason to skip: a picked commit brought in because a wanted one needs it (detail names it).
  // Listed here so that the hand-off and the state take it like every other reason.
  'prerequisite',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];
export type Reason = 'picked' | SkipReason;

/** Reasons that leave a commit pending: it is looked at again on the next run. */
// secret-detected is held, not dropped: a person decides (commits.skip) once the secret is dealt with.
export const PENDING_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'over-limit',
  'breaking-change',
  'conflict',
  'after-conflict',
  'secret-detected',
  'blocked',
  'prerequisites-held',
]);

export interface CommitDecision {
  sha: string;
  subject: string;
  type: string | null;
  scope: string | null;
  breaking: boolean;
  author: string;
  files: string[];
  decision: 'picked' | 'skipped';
  reason: Reason;
  /** Why, in words: the denied file, the origin trailer, the conflicting paths… */
  detail?: string;
}
