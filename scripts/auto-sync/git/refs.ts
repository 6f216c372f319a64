import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';

// Reading and pointing refs, and questions about commits: the verbs callers outside git/ use
// instead of building rev-parse, update-ref or merge-base argv themselves.
// (Compare-and-swap of a ref is updateRef in apply-commits.ts.)

/**
 * Whether `ancestor` is reachable from `descendant`. By default any failure other than git's
 * plain "no" (exit 1) throws; with `unknownIsFalse` it is a "no" too: a commit we do not have
 * locally cannot be shown to be an ancestor.
 */
export async function isAncestor(
  git: Git,
  ancestor: string,
  descendant: string,
  options: { unknownIsFalse?: boolean } = {},
): Promise<boolean> {
  const result = await git.run(['merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true });
  if (result.ok) return true;
  if (options.unknownIsFalse || (result.exitCode === 1 && !result.signal)) return false;
  throw new SyncError(
    'GIT_FAILED',
    `git merge-base --is-ancestor failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`}`,
    { details: [result.stderr.trim()] },
  );
}

/** The tree of a revision (which must exist). */
export async function treeOf(git: Git, rev: string): Promise<string> {
  return git.read(['rev-parse', `${rev}^{tree}`]);
}

/** The commits the refs point at, in order; every one must exist. */
export async function resolveCommits(git: Git, refs: readonly string[]): Promise<string[]> {
  return (await git.read(['rev-parse', ...refs.map((ref) => `${ref}^{commit}`)])).split('\n');
}

/** The sha and committer time (unix seconds) of the commit a ref points at, or undefined. */
export async function readHead(git: Git, ref: string): Promise<{ sha: string; time: number } | undefined> {
  const result = await git.run(['log', '-1', '--format=%H %ct', '--end-of-options', ref, '--'], { allowFailure: true });
  const [sha, time] = result.ok ? result.stdout.trim().split(' ') : [];
  return sha && time ? { sha, time: Number(time) } : undefined;
}

/** Points a ref at `sha` unconditionally (no reflog message); false when git refuses (e.g. `sha` is not here). */
export async function pointRef(git: Git, ref: string, sha: string): Promise<boolean> {
  const result = await git.run(['update-ref', '--no-deref', ref, sha], { allowFailure: true });
  return result.ok;
}

/** Points a ref at `sha` unconditionally, with a reflog message; throws when git refuses. */
export async function setRef(git: Git, ref: string, sha: string, message: string): Promise<void> {
  await git.run(['update-ref', '-m', message, '--end-of-options', ref, sha]);
}

/** A config value of the repository, or '' when it is not set. */
export async function configValue(git: Git, key: string): Promise<string> {
  const result = await git.run(['config', '--get', key], { allowFailure: true });
  return result.stdout.trim();
}

/** The root of the work tree containing git.dir, or undefined when it is not inside one. */
export async function workTreeRoot(git: Git): Promise<string | undefined> {
  const result = await git.run(['rev-parse', '--show-toplevel'], { allowFailure: true });
  return result.ok ? result.stdout.trim() : undefined;
}

/** Deletes a ref (no-op when it does not exist). */
export async function deleteRef(git: Git, ref: string): Promise<void> {
  await git.run(['update-ref', '-d', ref], { allowFailure: true });
}
