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

// scripts/auto-sync/plan/types.ts
init_define_AUTO_SYNC_BUILD();
var SKIP_REASONS = [
  "not-conventional",
  "type-not-allowed",
  "breaking-change",
  "merge-commit",
  "path-denied",
  "outside-allowed-paths",
  "unsafe-entry",
  "file-too-large",
  "secret-detected",
  "empty",
  "skip-listed",
  "already-applied",
  "from-target",
  "over-limit",
  "conflict",
  "after-conflict",
  // A wanted commit that depends (line level) on a commit policy keeps out: pending, naming it.
  "blocked",
  // A wanted commit whose prerequisites wait, by commits.prerequisites "hold": pending, naming them.
  "prerequisites-held",
  // Not a reason to skip: a picked commit brought in because a wanted one needs it (detail names it).
  // Listed here so that the hand-off and the state take it like every other reason.
  "prerequisite"
];
var PENDING_REASONS = /* @__PURE__ */ new Set([
  "over-limit",
  "breaking-change",
  "conflict",
  "after-conflict",
  "secret-detected",
  "blocked",
  "prerequisites-held"
]);

export {
  SKIP_REASONS,
  PENDING_REASONS
};
