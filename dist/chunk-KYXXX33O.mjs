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
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/refs.ts
init_define_AUTO_SYNC_BUILD();
async function isAncestor(git, ancestor, descendant, options = {}) {
  const result = await git.run(["merge-base", "--is-ancestor", ancestor, descendant], { allowFailure: true });
  if (result.ok) return true;
  if (options.unknownIsFalse || result.exitCode === 1 && !result.signal) return false;
  throw new SyncError(
    "GIT_FAILED",
    `git merge-base --is-ancestor failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`}`,
    { details: [result.stderr.trim()] }
  );
}
async function treeOf(git, rev) {
  return git.read(["rev-parse", `${rev}^{tree}`]);
}
async function resolveCommits(git, refs) {
  return (await git.read(["rev-parse", ...refs.map((ref) => `${ref}^{commit}`)])).split("\n");
}
async function readHead(git, ref) {
  const result = await git.run(["log", "-1", "--format=%H %ct", "--end-of-options", ref, "--"], { allowFailure: true });
  const [sha, time] = result.ok ? result.stdout.trim().split(" ") : [];
  return sha && time ? { sha, time: Number(time) } : void 0;
}
async function pointRef(git, ref, sha) {
  const result = await git.run(["update-ref", "--no-deref", ref, sha], { allowFailure: true });
  return result.ok;
}
async function setRef(git, ref, sha, message) {
  await git.run(["update-ref", "-m", message, "--end-of-options", ref, sha]);
}
async function configValue(git, key) {
  const result = await git.run(["config", "--get", key], { allowFailure: true });
  return result.stdout.trim();
}
async function workTreeRoot(git) {
  const result = await git.run(["rev-parse", "--show-toplevel"], { allowFailure: true });
  return result.ok ? result.stdout.trim() : void 0;
}
async function deleteRef(git, ref) {
  await git.run(["update-ref", "-d", ref], { allowFailure: true });
}

export {
  isAncestor,
  treeOf,
  resolveCommits,
  readHead,
  pointRef,
  setRef,
  configValue,
  workTreeRoot,
  deleteRef
};
