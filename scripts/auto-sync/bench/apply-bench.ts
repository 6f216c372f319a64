import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommits } from '../git/apply-commits.ts';
import { Git } from '../git/git.ts';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo, makeTempDir } from '../test/helpers/repo.ts';

// In-memory apply versus one `git cherry-pick -x <list>` in a worktree, on the same linear history.
// Only the apply and the cherry-pick are timed; building the repo and the worktree is not.

export interface ApplyBenchResult {
  ours: { ms: number; processes: number; mergedByGit: number };
  cherryPick: { ms: number };
  /** ours.ms / cherryPick.ms */
  ratio: number;
  sameTrees: boolean;
}

const LINES = 40;
const RENAME_EVERY = 25;
const FILES_PER_DIR = 25;

/** `files`: size of the tree (cherry-pick's index and work tree grow with it; our merges do not). */
export async function benchApply(opts: { commits: number; files?: number }): Promise<ApplyBenchResult> {
  const repo = TestRepo.init();
  const worktree = join(makeTempDir('auto-sync-bench-wt-'), 'wt');
  try {
    const shas = buildSideBranch(repo, opts.commits, opts.files ?? 200);
    repo.checkout('main');
    // main has moved on, so every pick is a real three-way merge rather than a fast-forward.
    const base = repo.commit('main moves on', { 'README.md': 'main\n' });

    const git = new Git(repo.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
    const commits = shas.map((sha, index) => ({ sha, message: `Change ${index}\n\n(cherry picked from commit ${sha})\n` }));
    const committer = { name: 'Bench', email: 'bench@example.test', date: '1700000000 +0000' };
    const before = git.processes;
    const oursStart = performance.now();
    const result = await applyCommits(git, { base, commits, committer, onConflict: 'stop' });
    const oursMs = performance.now() - oursStart;
    const processes = git.processes - before;

    await git.run(['worktree', 'add', '--quiet', '--detach', worktree, base]);
    const pickStart = performance.now();
    await git.run(['cherry-pick', '-x', ...shas], { cwd: worktree });
    const pickMs = performance.now() - pickStart;

    const ourTree = await git.read(['rev-parse', `${result.head}^{tree}`]);
    const theirTree = await git.read(['rev-parse', 'HEAD^{tree}'], { cwd: worktree });
    const allApplied = result.commits.every((commit) => commit.status === 'applied');
    return {
      ours: { ms: Math.round(oursMs), processes, mergedByGit: result.mergedByGit },
      cherryPick: { ms: Math.round(pickMs) },
      ratio: Math.round((oursMs / pickMs) * 1000) / 1000,
      sameTrees: allApplied && ourTree === theirTree,
    };
  } finally {
    repo.remove();
    rmSync(join(worktree, '..'), { recursive: true, force: true });
  }
}

/** N linear commits on branch `side`: one-line edits spread over the files, and a rename every so often. */
function buildSideBranch(repo: TestRepo, count: number, files: number): string[] {
  const names = Array.from({ length: files }, (_, file) => `src/dir-${Math.floor(file / FILES_PER_DIR)}/file-${file}.txt`);
  const contents = names.map((_, file) => Array.from({ length: LINES }, (_, line) => `file ${file} line ${line}`));
  repo.commit('base', Object.fromEntries(names.map((name, file) => [name, text(contents[file]!)])));
  repo.checkout('side', { create: true });
  const shas: string[] = [];
  for (let index = 0; index < count; index++) {
    const file = (index * 7919) % files;
    if (index % RENAME_EVERY === RENAME_EVERY - 1) {
      const to = `src/moved/file-${file}-${index}.txt`;
      shas.push(repo.rename(`move ${names[file]}`, names[file]!, to));
      names[file] = to;
      continue;
    }
    const lines = contents[file]!;
    lines[(index * 13) % LINES] = `file ${file} line ${(index * 13) % LINES} edited in change ${index}`;
    shas.push(repo.commit(`change ${index}`, { [names[file]!]: text(lines) }));
  }
  return shas;
}

function text(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
