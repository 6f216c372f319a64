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

const OPERATIONS: readonly { file: string; what: string; namesBranch?: 'ref' | 'short' }[] = [
  // Rebases detach HEAD and name the branch they will move back.
  { file: 'rebase-merge/head-name', what: 'a rebase', namesBranch: 'ref' },
  { file: 'rebase-apply/head-name', what: 'a rebase (am)', namesBranch: 'ref' },
  { file: 'BISECT_START', what: 'a bisect', namesBranch: 'short' },
  // These keep HEAD on the branch.
  { file: 'MERGE_HEAD', what: 'a merge' },
  { file: 'CHERRY_PICK_HEAD', what: 'a cherry-pick' },
  { file: 'REVERT_HEAD', what: 'a revert' },
  { file: 'sequencer/todo', what: 'a cherry-pick or revert sequence' },
];

/**
 * An operation a person has in progress on `ref` (refs/heads/<name>) in any work tree: moving the
 * branch under it would break their `--continue`. Returns "a rebase in /path", or undefined.
 */
export async function operationInProgress(git: Git, ref: string, trees?: readonly Worktree[]): Promise<string | undefined> {
  const { readFile } = await import('node:fs/promises');
  const short = ref.replace(/^refs\/heads\//, '');
  for (const tree of trees ?? (await listWorktrees(git))) {
    if (tree.prunable) continue;
    const dir = await git.run(['rev-parse', '--absolute-git-dir'], { cwd: tree.path, allowFailure: true });
    if (!dir.ok) continue;
    const gitDir = dir.stdout.trim();
    for (const op of OPERATIONS) {
      const text = await readFile(`${gitDir}/${op.file}`, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const named = text.split('\n')[0]!.trim();
      const onBranch =
        op.namesBranch === 'ref' ? named === ref : op.namesBranch === 'short' ? named === short || named === ref : tree.branch === ref;
      if (onBranch) return `${op.what} of ${short} is in progress in ${tree.path}`;
    }
  }
  return undefined;
}
