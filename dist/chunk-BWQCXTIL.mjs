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
  BUILD,
  CODE_DIR,
  PACKAGE_ROOT
} from "./chunk-N3FRCOHJ.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/config/validated-cache.ts
init_define_AUTO_SYNC_BUILD();
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
var HERE = CODE_DIR;
var CACHE_DIR = join(PACKAGE_ROOT, "node_modules", ".cache", "auto-sync");
function keyOf(kind, text, sources) {
  const hash = createHash("sha256").update(kind).update("\0").update(text);
  if (BUILD) hash.update("\0").update(BUILD.sourceHash);
  else for (const source of sources) hash.update("\0").update(readFileSync(join(HERE, source)));
  return hash.digest("hex");
}
async function cachedParse(kind, text, sources, parse) {
  const file = join(CACHE_DIR, `${kind}-${keyOf(kind, text, sources)}.json`);
  const hit = await readFile(file, "utf8").catch(() => void 0);
  if (hit !== void 0) {
    try {
      return JSON.parse(hit);
    } catch {
    }
  }
  const value = await parse();
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, file);
  } catch {
  }
  return value;
}

export {
  cachedParse
};
