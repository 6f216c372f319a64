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
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/missing.ts
init_define_AUTO_SYNC_BUILD();
var MissingObjects = class extends SyncError {
  constructor(oids) {
    super("GIT_FAILED", `${oids.length} object(s) named by the source's commits are missing (${oids.slice(0, 3).join(", ")})`, {
      hint: "An earlier fetch was interrupted; auto-sync fetches the source again."
    });
  }
};
var MISSING = /unable to read (tree|blob|sha1 file)|could not read|bad object|missing (blob|tree|commit)|invalid object|is not a (tree|blob)/i;
function isMissingObjects(error) {
  if (error instanceof MissingObjects) return true;
  if (!(error instanceof SyncError) || error.code !== "GIT_FAILED") return false;
  return [error.message, ...error.details].some((text) => MISSING.test(text));
}

export {
  MissingObjects,
  isMissingObjects
};
