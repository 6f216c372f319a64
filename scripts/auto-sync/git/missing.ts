import { SyncError } from '../errors.ts';

// Missing objects, as an interrupted fetch leaves them (commits written, their trees or blobs not):
// recognised however git words it, so the planner fetches again instead of failing every run.

/** Objects a commit names are not in the repository (an interrupted fetch): fetching again repairs it. */
export class MissingObjects extends SyncError {
  constructor(oids: readonly string[]) {
    super('GIT_FAILED', `${oids.length} object(s) named by the source's commits are missing (${oids.slice(0, 3).join(', ')})`, {
      hint: 'An earlier fetch was interrupted; auto-sync fetches the source again.',
    });
  }
}

const MISSING =
  /unable to read (tree|blob|sha1 file)|could not read|bad object|missing (blob|tree|commit)|invalid object|is not a (tree|blob)/i;

/** Whether a failure means objects are missing, however git worded it. */
export function isMissingObjects(error: unknown): boolean {
  if (error instanceof MissingObjects) return true;
  if (!(error instanceof SyncError) || error.code !== 'GIT_FAILED') return false;
  return [error.message, ...error.details].some((text) => MISSING.test(text));
}
