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

// scripts/auto-sync/git/raw.ts
init_define_AUTO_SYNC_BUILD();
function parseRaw(text) {
  const tokens = text.split("\0");
  const entries = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = /^\n*:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([ACDMRTUX])(\d*)$/.exec(tokens[i] ?? "");
    if (!head) continue;
    const [, oldMode, newMode, oldOid, newOid, status] = head;
    if (status === "R" || status === "C") {
      entries.push({ status, oldMode, newMode, oldOid, newOid, from: tokens[i + 1] ?? "", path: tokens[i + 2] ?? "" });
      i += 2;
    } else {
      entries.push({ status, oldMode, newMode, oldOid, newOid, path: tokens[i + 1] ?? "" });
      i += 1;
    }
  }
  return entries;
}

export {
  parseRaw
};
