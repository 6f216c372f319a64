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
  makeTempDir,
  removeTempDir
} from "./chunk-6AZSIFK2.mjs";
import {
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/commit.ts
init_define_AUTO_SYNC_BUILD();
import { join } from "node:path";
async function commitTree(git, input) {
  const { name, email } = input.identity;
  const date = `${Math.floor(input.date.getTime() / 1e3)} +0000`;
  const env = {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date
  };
  const message = input.message.endsWith("\n") ? input.message : `${input.message}
`;
  return git.read(["commit-tree", "--no-gpg-sign", ...input.parents.flatMap((parent) => ["-p", parent]), "-F", "-", input.tree], {
    env,
    input: message
  });
}
async function treeWithFile(git, base, path, text) {
  const blob = await git.read(["hash-object", "-w", "--stdin"], { input: text });
  const dir = await makeTempDir("state-index");
  try {
    const indexed = git.withEnv({ GIT_INDEX_FILE: join(dir, "index") });
    await indexed.run(["read-tree", "--end-of-options", base]);
    await indexed.run(["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`]);
    return await indexed.read(["write-tree"]);
  } finally {
    await removeTempDir(dir);
  }
}
async function fileAt(git, commit, path) {
  const result = await git.run(["cat-file", "blob", "--end-of-options", `${commit}:${path}`], { allowFailure: true });
  return result.ok ? { ok: true, text: result.stdout } : { ok: false, stderr: result.stderr };
}
async function mergeTrees(git, base, head) {
  const result = await git.run(["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", base, head], { allowFailure: true });
  if (result.signal || result.exitCode !== 0 && result.exitCode !== 1) {
    throw new SyncError(
      "GIT_FAILED",
      `git merge-tree ${base} ${head} failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`}`,
      { details: [result.stderr.trim()] }
    );
  }
  const [tree = "", ...paths] = result.stdout.split("\0");
  return result.exitCode === 0 ? { tree } : { paths: paths.filter((path) => path !== "") };
}

export {
  commitTree,
  treeWithFile,
  fileAt,
  mergeTrees
};
