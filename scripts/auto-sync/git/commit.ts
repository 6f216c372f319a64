import { join } from 'node:path';
import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';
import { makeTempDir, removeTempDir } from '../proc/temp.ts';

// Building commits and trees in the object store only: no index, work tree, HEAD or branch of the
// user's is touched.

export interface Identity {
  name: string;
  email: string;
}

/** A commit whose author and committer are both `identity`, dated `date` (UTC). */
export async function commitTree(
  git: Git,
  input: { tree: string; parents: readonly string[]; message: string; identity: Identity; date: Date },
): Promise<string> {
  const { name, email } = input.identity;
  const date = `${Math.floor(input.date.getTime() / 1000)} +0000`;
  const env = {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date,
  };
  const message = input.message.endsWith('\n') ? input.message : `${input.message}\n`;
  return git.read(['commit-tree', '--no-gpg-sign', ...input.parents.flatMap((parent) => ['-p', parent]), '-F', '-', input.tree], {
    env,
    input: message,
  });
}

/** The tree of `base` with the file at `path` set to `text`, built in a temporary index. */
export async function treeWithFile(git: Git, base: string, path: string, text: string): Promise<string> {
  const blob = await git.read(['hash-object', '-w', '--stdin'], { input: text });
  const dir = await makeTempDir('state-index');
  try {
    const indexed = git.withEnv({ GIT_INDEX_FILE: join(dir, 'index') });
    await indexed.run(['read-tree', '--end-of-options', base]);
    await indexed.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`]);
    return await indexed.read(['write-tree']);
  } finally {
    await removeTempDir(dir);
  }
}

/** The text of `path` in `commit`; the failed result's stderr when it cannot be read. */
export async function fileAt(git: Git, commit: string, path: string): Promise<{ ok: true; text: string } | { ok: false; stderr: string }> {
  const result = await git.run(['cat-file', 'blob', '--end-of-options', `${commit}:${path}`], { allowFailure: true });
  return result.ok ? { ok: true, text: result.stdout } : { ok: false, stderr: result.stderr };
}

/** Merges two commits' trees (no work tree): the merged tree, or the conflicting paths. */
export async function mergeTrees(git: Git, base: string, head: string): Promise<{ tree: string } | { paths: string[] }> {
  const result = await git.run(['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', base, head], { allowFailure: true });
  if (result.signal || (result.exitCode !== 0 && result.exitCode !== 1)) {
    throw new SyncError(
      'GIT_FAILED',
      `git merge-tree ${base} ${head} failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`}`,
      { details: [result.stderr.trim()] },
    );
  }
  const [tree = '', ...paths] = result.stdout.split('\0');
  return result.exitCode === 0 ? { tree } : { paths: paths.filter((path) => path !== '') };
}
