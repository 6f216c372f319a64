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
  isWrittenByAutoSync
} from "./chunk-JXGPT7T4.mjs";
import {
  OID,
  ObjectReader
} from "./chunk-DGVNAYVH.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/ownership.ts
init_define_AUTO_SYNC_BUILD();
var MAX_COMMITS = 1e3;
function parseCommitObject(body) {
  const text = body.toString("utf8");
  const end = text.indexOf("\n\n");
  const headers = end < 0 ? text : text.slice(0, end);
  const committer = headers.split("\n").find((line) => line.startsWith("committer "))?.match(/<([^<>]*)>/)?.[1];
  return { committerEmail: committer ?? "", message: end < 0 ? "" : text.slice(end + 2) };
}
async function onlyAutoSyncCommits(git, tip, base, committer) {
  if (!OID.test(tip) || !OID.test(base)) return false;
  const listed = await git.run(["rev-list", `--max-count=${MAX_COMMITS + 1}`, tip, "--not", base, "--"], { allowFailure: true });
  if (!listed.ok) return false;
  const shas = listed.stdout.split("\n").filter((line) => OID.test(line));
  if (shas.length === 0 || shas.length > MAX_COMMITS) return false;
  const reader = new ObjectReader(git);
  try {
    const objects = await reader.readAll(shas);
    return objects.every((o) => "body" in o && o.type === "commit" && isWrittenByAutoSync(parseCommitObject(o.body), committer));
  } finally {
    await reader.close().catch(() => reader.abort());
  }
}

export {
  onlyAutoSyncCommits
};
