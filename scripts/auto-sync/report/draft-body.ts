import { draftInstructions } from '../plan/conflict-draft.ts';
import { DEFAULT_MESSAGE_PREFIX } from '../config/defaults.ts';
import { code, inline, oneLine } from './markdown.ts';

// The title and body of a conflict draft (commits.onConflict "propose"). Pure; every source text
// (subject, detail, origin, paths) goes through the Markdown helpers.

export interface DraftContent {
  source: { name: string; origin: string };
  /** The conflicting source commit. */
  commit: { sha: string; subject: string; detail?: string };
  /** The draft branch, and what it sits on: the open batch's integration branch or the target branch. */
  branch: string;
  base: { branch: string; isBatch: boolean };
  paths: readonly string[];
  /** forge.messagePrefix. */
  messagePrefix?: string;
}

export const DRAFT_LABELS: readonly string[] = ['auto-sync', 'conflict'];

export function draftTitle(c: DraftContent): string {
  // chore, like every auto-sync title: a downstream auto-sync does not sync it onward.
  return oneLine(
    `${c.messagePrefix ?? DEFAULT_MESSAGE_PREFIX}: resolve a conflict of ${c.commit.sha.slice(0, 12)} from ${oneLine(c.source.origin || c.source.name, 120)}`,
    256,
  );
}

export function draftBody(c: DraftContent): string {
  return [
    '**Draft: a conflict for a person to resolve.** auto-sync never merges a draft and runs no checks on it.',
    '',
    `Commit ${code(c.commit.sha.slice(0, 12))} from ${inline(c.source.origin || c.source.name, 120)}: ${inline(c.commit.subject)}`,
    ...(c.commit.detail ? ['', `It ${inline(c.commit.detail, 600)}.`] : []),
    '',
    c.base.isBatch
      ? `It sits on the open batch ${code(c.base.branch)}: the commits before it on this branch are that batch's.`
      : `It sits on ${code(c.base.branch)}.`,
    '',
    draftInstructions({ branch: c.branch, base: c.base.branch, sha: c.commit.sha, paths: c.paths }),
    '',
    'Once it is resolved, mark it ready and merge it: the commit keeps its `Auto-Sync-Origin` trailer, so auto-sync counts it as synced. ' +
      'auto-sync closes this draft when the commit later applies cleanly or is no longer pending; while a person has pushed to the branch, it leaves the branch alone. ' +
      'Closing it by hand means it is not opened again for this commit.',
  ].join('\n');
}
