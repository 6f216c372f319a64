import type { Git } from './git.ts';
import type { RunResult } from '../proc/run.ts';

// Work trees: writing a commit's files out, listing checkouts, and the one way auto-sync moves a
// checked-out branch (a fast-forward of a clean work tree).

/** Writes the tree of `commit` into `dir` (files only, no .git) through the index file `index`. */
export async function materializeTree(git: Git, commit: string, dir: string, index: string): Promise<void> {
  await git.run(['read-tree', commit], { env: { GIT_INDEX_FILE: index } });
  await git.run([`--work-tree=${dir}`, 'checkout-index', '--all', '--force'], { env: { GIT_INDEX_FILE: index } });
}

/** Fast-forwards the branch checked out in `worktree` to `sha`; the failed result is returned, not thrown. */
export async function fastForward(git: Git, worktree: string, sha: string): Promise<RunResult> {
  return git.run(['merge', '--ff-only', '--quiet', '--no-stat', '--no-autostash', '--no-verify-signatures', sha], {
    cwd: worktree,
    env: { GIT_REFLOG_ACTION: 'auto-sync' },
    allowFailure: true,
  });
}

export interface Worktree {
  path: string;
  branch?: string;
  prunable: boolean;
}

export async function listWorktrees(git: Git): Promise<Worktree[]> {
  const trees: Worktree[] = [];
  for (const line of (await git.read(['worktree', 'list', '--porcelain', '-z'])).split('\0')) {
    const tree = trees.at(-1);
    if (line.startsWith('worktree ')) trees.push({ path: line.slice('worktree '.length), prunable: false });
    else if (tree && line.startsWith('branch ')) tree.branch = line.slice('branch '.length);
    else if (tree && (line === 'prunable' || line.startsWith('prunable '))) tree.prunable = true;
  }
  return trees;
}

/** `git status --porcelain=v1 -z` entries (staged, unstaged, untracked) of `worktree`. */
export async function statusEntries(git: Git, worktree: string): Promise<string[]> {
  const out = await git.read(['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal'], { cwd: worktree });
  return out.split('\0');
}
