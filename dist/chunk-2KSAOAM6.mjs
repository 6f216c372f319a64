#!/usr/bin/env node
// auto-sync, bundled by scripts/build.ts from scripts/auto-sync/ (do not edit: run `npm run build`).
if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(`error: RUNTIME_UNSUPPORTED: ${"auto-sync needs Node 24 or newer; this is Node "}${process.versions.node}\n  → ${"Use Node 24 or newer (in this repository `npx node` is Node 24; on a runner actions/setup-node with node-version: 24) and git 2.38 or newer (for merge-tree --write-tree)."}\n`);
  process.exit(2);
}
import { createRequire as __autoSyncCreateRequire } from 'node:module';
import { dirname as __autoSyncDirname } from 'node:path';
import { fileURLToPath as __autoSyncFileURLToPath } from 'node:url';
const require = __autoSyncCreateRequire(import.meta.url);
const __filename = __autoSyncFileURLToPath(import.meta.url);
const __dirname = __autoSyncDirname(__filename);
const __autoSyncDistDir = __dirname;
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/worktree.ts
init_define_AUTO_SYNC_BUILD();
async function materializeTree(git, commit, dir, index) {
  await git.run(["read-tree", commit], { env: { GIT_INDEX_FILE: index } });
  await git.run([`--work-tree=${dir}`, "checkout-index", "--all", "--force"], { env: { GIT_INDEX_FILE: index } });
}
async function fastForward(git, worktree, sha) {
  return git.run(["merge", "--ff-only", "--quiet", "--no-stat", "--no-autostash", "--no-verify-signatures", sha], {
    cwd: worktree,
    env: { GIT_REFLOG_ACTION: "auto-sync" },
    allowFailure: true
  });
}
async function listWorktrees(git) {
  const trees = [];
  for (const line of (await git.read(["worktree", "list", "--porcelain", "-z"])).split("\0")) {
    const tree = trees.at(-1);
    if (line.startsWith("worktree ")) trees.push({ path: line.slice("worktree ".length), prunable: false });
    else if (tree && line.startsWith("branch ")) tree.branch = line.slice("branch ".length);
    else if (tree && (line === "prunable" || line.startsWith("prunable "))) tree.prunable = true;
  }
  return trees;
}
async function statusEntries(git, worktree) {
  const out = await git.read(["--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=normal"], { cwd: worktree });
  return out.split("\0");
}
var OPERATIONS = [
  // Rebases detach HEAD and name the branch they will move back.
  { file: "rebase-merge/head-name", what: "a rebase", namesBranch: "ref" },
  { file: "rebase-apply/head-name", what: "a rebase (am)", namesBranch: "ref" },
  { file: "BISECT_START", what: "a bisect", namesBranch: "short" },
  // These keep HEAD on the branch.
  { file: "MERGE_HEAD", what: "a merge" },
  { file: "CHERRY_PICK_HEAD", what: "a cherry-pick" },
  { file: "REVERT_HEAD", what: "a revert" },
  { file: "sequencer/todo", what: "a cherry-pick or revert sequence" }
];
async function operationInProgress(git, ref, trees) {
  const { readFile } = await import("node:fs/promises");
  const short = ref.replace(/^refs\/heads\//, "");
  for (const tree of trees ?? await listWorktrees(git)) {
    if (tree.prunable) continue;
    const dir = await git.run(["rev-parse", "--absolute-git-dir"], { cwd: tree.path, allowFailure: true });
    if (!dir.ok) continue;
    const gitDir = dir.stdout.trim();
    for (const op of OPERATIONS) {
      const text = await readFile(`${gitDir}/${op.file}`, "utf8").catch(() => void 0);
      if (text === void 0) continue;
      const named = text.split("\n")[0].trim();
      const onBranch = op.namesBranch === "ref" ? named === ref : op.namesBranch === "short" ? named === short || named === ref : tree.branch === ref;
      if (onBranch) return `${op.what} of ${short} is in progress in ${tree.path}`;
    }
  }
  return void 0;
}

export {
  materializeTree,
  fastForward,
  listWorktrees,
  statusEntries,
  operationInProgress
};
