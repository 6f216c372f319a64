import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';
import { OID } from './objects.ts';

// The draft of a conflict: `commit` picked onto `head` by git's own merge (merge-tree, the commit's
// parent as base, exactly cherry-pick's), with the conflicted files committed as merge-tree wrote
// them — conflict markers included — on top of `head`. Object store only: no work tree, no ref.

export interface ConflictDraft {
  sha: string;
  paths: string[];
}

export async function writeConflictDraft(
  git: Git,
  options: { head: string; commit: string; message: string; committer: { name: string; email: string; date: string } },
): Promise<ConflictDraft> {
  for (const rev of [options.head, options.commit]) if (!OID.test(rev)) throw new Error(`writeConflictDraft: not a commit id: ${rev}`);
  const env = {
    GIT_AUTHOR_NAME: options.committer.name,
    GIT_AUTHOR_EMAIL: options.committer.email,
    GIT_AUTHOR_DATE: options.committer.date,
    GIT_COMMITTER_NAME: options.committer.name,
    GIT_COMMITTER_EMAIL: options.committer.email,
    GIT_COMMITTER_DATE: options.committer.date,
  };
  const parent = (await git.read(['rev-parse', '--verify', '--end-of-options', `${options.commit}^1`])).trim();
  const headTree = (await git.read(['rev-parse', '--verify', '--end-of-options', `${options.head}^{tree}`])).trim();
  // The head's tree with the commit's parent as its parent: merge-tree's merge base is that parent.
  const base = (await git.read(['commit-tree', '-p', parent, '-m', 'auto-sync: merge base', headTree], { env })).trim();
  const merged = await git.run(['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', base, options.commit], {
    allowFailure: true,
  });
  if (merged.exitCode !== 0 && merged.exitCode !== 1)
    throw new SyncError('GIT_FAILED', `git merge-tree failed for ${options.commit}: ${firstLine(merged.stderr)}`);
  const [tree = '', ...paths] = merged.stdout.split('\0');
  if (!OID.test(tree)) throw new SyncError('GIT_FAILED', `git merge-tree gave no tree for ${options.commit}`);
  const sha = (await git.read(['commit-tree', '-p', options.head, '-F', '-', tree], { env, input: options.message })).trim();
  return { sha, paths: paths.filter(Boolean) };
}
