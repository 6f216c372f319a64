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
  cachedParse
} from "./chunk-BWQCXTIL.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/config/load.ts
init_define_AUTO_SYNC_BUILD();
import { readFile } from "node:fs/promises";
async function loadConfig(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT") throw new SyncError("CONFIG_NOT_FOUND", `config file not found: ${file}`);
    throw new SyncError("CONFIG_NOT_FOUND", `cannot read config file ${file}: ${error.message}`);
  }
  return cachedParse(
    "config",
    text,
    [
      "config/schema.ts",
      "config/validate.ts",
      "config/defaults.ts",
      "checks/scrub-env.ts",
      "checks/smoke.ts",
      "checks/plan-check.ts",
      "checks/command-line.ts"
    ],
    async () => {
      const { parseConfigText } = await import("./validate-LWYTG7BT.mjs");
      const result = parseConfigText(text);
      if (!result.ok) throw configError(file, result.problems);
      return result.config;
    }
  );
}
var ConfigInvalidError = class extends SyncError {
  constructor(file, problems) {
    const noun = problems.length === 1 ? "problem" : "problems";
    super("CONFIG_INVALID", `${file}: ${problems.length} ${noun} in the configuration`, {
      // file:line:column: path: message, as compilers print it (editors and terminals link it).
      details: problems.map(
        (p) => `${p.line !== void 0 ? `${file}:${p.line}:${p.column}: ` : ""}${p.path || "(top level)"}: ${p.message}`
      )
    });
    this.file = file;
    this.problems = problems;
  }
  file;
  problems;
};
function configError(file, problems) {
  return new ConfigInvalidError(file, problems);
}

export {
  loadConfig,
  ConfigInvalidError
};
