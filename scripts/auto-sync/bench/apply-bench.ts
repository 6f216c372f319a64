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

/**
 * `files`: size of the tree (cherry-pick's index and work tree grow with it; our merges do not).
 * `mainEditsAll`: main has edited every file since the fork, so no pick can be done without a
 * three-way merge (the worst case: each goes through git merge-tree).
 */
export async function benchApply(opts: { commits: number; files?: number; mainEditsAll?: boolean }): Promise<ApplyBenchResult> {
  const repo = TestRepo.init();
  const worktree = join(makeTempDir('auto-sync-bench-wt-'), 'wt');
  try {
    const { shas, names, contents } = buildSideBranch(repo, opts.commits, opts.files ?? 200);
    repo.checkout('main');
    // main has moved on, so no pick is a fast-forward; with mainEditsAll, on the first line of every
    // file (the picks edit lines further down, so the merges are clean).
    const edits = opts.mainEditsAll
      ? Object.fromEntries(names.map((name, file) => [name, text([`main's own line ${file}`, ...contents[file]!.slice(1)])]))
      : {};
    const base = repo.commit('main moves on', { 'README.md': 'main\n', ...edits });

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
function buildSideBranch(repo: TestRepo, count: number, files: number): { shas: string[]; names: string[]; contents: string[][] } {
  const names = Array.from({ length: files }, (_, file) => `src/dir-${Math.floor(file / FILES_PER_DIR)}/file-${file}.txt`);
  const contents = names.map((_, file) => Array.from({ length: LINES }, (_, line) => `file ${file} line ${line}`));
  const original = { names: [...names], contents: contents.map((lines) => [...lines]) };
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
    // Never the first two lines: main's edit of the first stays a separate hunk.
    const line = 2 + ((index * 13) % (LINES - 2));
    lines[line] = `file ${file} line ${line} edited in change ${index}`;
    shas.push(repo.commit(`change ${index}`, { [names[file]!]: text(lines) }));
  }
  return { shas, ...original };
}

function text(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
