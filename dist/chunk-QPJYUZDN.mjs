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
  TreeStore,
  indexPack
} from "./chunk-I3IPG4P4.mjs";
import {
  NewObjects,
  ObjectReader,
  commitObject,
  isTreeMode,
  objectFormatOf,
  parseCommit
} from "./chunk-DGVNAYVH.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/lockfile-commit.ts
init_define_AUTO_SYNC_BUILD();
async function buildTree(git, commit, files) {
  const reader = new ObjectReader(git);
  try {
    const object = await reader.read(`${commit}^{commit}`);
    if ("missing" in object || object.type !== "commit") throw new SyncError("GIT_FAILED", `commit ${commit} is not in ${git.dir}`);
    const parsed = parseCommit(object.oid, object.body);
    const format = objectFormatOf(object.oid);
    const objects = new NewObjects(format);
    const store = new TreeStore(reader, objects, format);
    const edits = [];
    for (const file of files) {
      const parts = file.path.split("/");
      if (parts.some((p) => p === "" || p === "." || p === ".." || p === ".git"))
        throw new SyncError("GIT_FAILED", `not a file path in a tree: ${JSON.stringify(file.path)}`);
      const walk = await store.walk(parsed.tree, parts);
      const mode = "found" in walk && walk.found.mode === "100755" ? "100755" : "100644";
      if ("found" in walk && isTreeMode(walk.found.mode)) throw new SyncError("GIT_FAILED", `${file.path} is a directory in ${commit}`);
      edits.push({ parts, entry: { mode, oid: objects.write("blob", file.content) } });
    }
    return { tree: edits.length === 0 ? parsed.tree : await store.edit(parsed.tree, edits), objects };
  } finally {
    await reader.close().catch(() => reader.abort());
  }
}
async function treeWithFiles(git, commit, files) {
  return (await buildTree(git, commit, files)).tree;
}
async function writeFilesCommit(git, options) {
  const { tree, objects } = await buildTree(git, options.parent, options.files);
  const who = `${options.committer.name} <${options.committer.email}> ${options.committer.date}`;
  if (/[\n\r\0]/.test(who)) throw new Error("writeFilesCommit: invalid committer");
  const sha = objects.write(
    "commit",
    commitObject({ tree, parents: [options.parent], author: Buffer.from(who, "utf8"), committer: who, message: options.message })
  );
  await indexPack(git, objects.pack());
  return { sha, tree };
}

export {
  treeWithFiles,
  writeFilesCommit
};
