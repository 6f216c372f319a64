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
  CODE_DIR
} from "./chunk-N3FRCOHJ.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/config/tool-files.ts
init_define_AUTO_SYNC_BUILD();
import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
var PACKAGE_FILES = [
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  "bun.lock",
  "bun.lockb",
  ".yarnrc.yml",
  ".pnpmfile.cjs",
  "tsconfig.json",
  ".npmrc",
  ".nvmrc",
  ".node-version",
  ".tool-versions",
  "node_modules/**",
  // The bundle and the action that runs it (a workflow runs dist/auto-sync.mjs from the checkout).
  "dist/**",
  "action.yml"
];
function toolRuntimeGlobs(targetRoot, where) {
  const inside = (path) => {
    const rel = relative(targetRoot, path).split(sep).join("/");
    return rel === "" || !rel.startsWith("../") && rel !== ".." && !rel.startsWith("/") ? rel : void 0;
  };
  const globs = /* @__PURE__ */ new Set();
  const prefix = (rel) => rel ? `${rel}/` : "";
  const tool = inside(where.toolDir);
  if (tool !== void 0) globs.add(`${prefix(tool)}**`);
  const pkg = inside(where.packageRoot);
  if (pkg !== void 0) for (const file of PACKAGE_FILES) globs.add(`${prefix(pkg)}${file}`);
  const cwd = inside(where.cwd);
  if (cwd !== void 0) globs.add(`${prefix(cwd)}tsconfig.json`);
  return [...globs];
}
function currentToolLocation(cwd = process.cwd()) {
  const toolDir = CODE_DIR;
  let packageRoot = toolDir;
  while (!existsSync(join(packageRoot, "package.json")) && dirname(packageRoot) !== packageRoot) packageRoot = dirname(packageRoot);
  return { toolDir, packageRoot, cwd };
}
export {
  currentToolLocation,
  toolRuntimeGlobs
};
