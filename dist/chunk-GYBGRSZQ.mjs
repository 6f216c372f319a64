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
  SyncError,
  isSyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/boundary.ts
init_define_AUTO_SYNC_BUILD();
async function withinSource(ctx, name, work) {
  try {
    return { value: await work() };
  } catch (error) {
    const summary = summarizeError(error);
    ctx.log.error(`${name}: ${summary.code}: ${summary.message}`);
    if (summary.stack) ctx.log.info(summary.stack);
    return { error: summary };
  }
}
function failedSource(name, error) {
  return {
    name,
    outcome: "error",
    reason: error.message,
    risk: null,
    decision: null,
    checks: [],
    smoke: [],
    proposal: null,
    merge: null,
    error
  };
}
function stateWriteFailed(error) {
  const message = isSyncError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return new SyncError("STATE_WRITE_FAILED", `the state could not be recorded: ${message}`, { cause: error });
}

export {
  withinSource,
  failedSource,
  stateWriteFailed
};
