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

// scripts/auto-sync/checks/tree-file.ts
init_define_AUTO_SYNC_BUILD();
import { constants } from "node:fs";
import { open } from "node:fs/promises";
var TREE_FILE_MAX_BYTES = 64 * 1024 * 1024;
async function readTreeFile(path, maxBytes = TREE_FILE_MAX_BYTES) {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return void 0;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return void 0;
    const body = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const { bytesRead } = await handle.read(body, read, info.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return body.subarray(0, read);
  } finally {
    await handle.close();
  }
}

// scripts/auto-sync/checks/repo-facts.ts
init_define_AUTO_SYNC_BUILD();
import { readdir } from "node:fs/promises";
import { join } from "node:path";
var DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];
async function readRepoFacts(dir) {
  const pkg = parseObject((await readTreeFile(join(dir, "package.json")))?.toString("utf8"));
  const scripts = {};
  const rawScripts = pkg?.scripts;
  if (isRecord(rawScripts)) {
    for (const [name, body] of Object.entries(rawScripts)) if (typeof body === "string") scripts[name] = body;
  }
  const dependencies = /* @__PURE__ */ new Set();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = pkg?.[field];
    if (isRecord(deps)) for (const name of Object.keys(deps)) dependencies.add(name);
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const tsconfigs = entries.filter((e) => e.isFile() && /^tsconfig.*\.json$/.test(e.name)).map((e) => e.name);
  return { packageJson: pkg !== void 0, scripts, dependencies, tsconfigs };
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseObject(text) {
  if (text === void 0) return void 0;
  try {
    const value = JSON.parse(text);
    return isRecord(value) ? value : void 0;
  } catch {
    return void 0;
  }
}

export {
  readTreeFile,
  readRepoFacts
};
