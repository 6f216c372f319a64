import type { Git } from './git.ts';

// Bundles carry prepared commits from the prepare job to the publish job.

/** Writes `ref` and the commits it has beyond `exclude` into the bundle file `file`. */
export async function createBundle(git: Git, file: string, ref: string, exclude: string): Promise<void> {
  await git.run(['bundle', 'create', '--quiet', file, ref, `^${exclude}`]);
}

/** Fetches `ref` from the bundle file `file` into `localRef` (forced); no tags, no FETCH_HEAD. */
export async function fetchFromBundle(git: Git, file: string, ref: string, localRef: string): Promise<void> {
  await git.run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', file, `+${ref}:${localRef}`]);
}
