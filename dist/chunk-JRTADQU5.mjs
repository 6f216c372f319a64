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
  MODE
} from "./chunk-EUPQQH4K.mjs";
import {
  createMatcher
} from "./chunk-4U3R6STH.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/plan/change-facts.ts
init_define_AUTO_SYNC_BUILD();
import { posix } from "node:path";
var EMPTY_CHANGE_FACTS = {
  dependencies: [],
  lockfiles: [],
  scripts: [],
  deleted: [],
  symlinks: [],
  binaries: [],
  executables: [],
  migrations: [],
  linesChanged: 0
};
var LOCKFILE_NAMES = /* @__PURE__ */ new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "bun.lockb",
  "Cargo.lock",
  "Gemfile.lock",
  "poetry.lock",
  "go.sum",
  "composer.lock"
]);
var DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "overrides", "resolutions"];
function summarizeChanges(entries, lines, packages, options) {
  const isMigration = createMatcher(options.migrationGlobs);
  const facts = { ...EMPTY_CHANGE_FACTS, linesChanged: 0 };
  const lists = {
    deleted: /* @__PURE__ */ new Set(),
    symlinks: /* @__PURE__ */ new Set(),
    executables: /* @__PURE__ */ new Set(),
    lockfiles: /* @__PURE__ */ new Set(),
    migrations: /* @__PURE__ */ new Set()
  };
  for (const entry of entries) {
    if (entry.status === "D") lists.deleted.add(entry.path);
    else {
      if (entry.newMode === MODE.symlink) lists.symlinks.add(entry.path);
      if (entry.newMode === MODE.executable && entry.oldMode !== MODE.executable) lists.executables.add(entry.path);
    }
    if (LOCKFILE_NAMES.has(posix.basename(entry.path))) lists.lockfiles.add(entry.path);
    if (isMigration(entry.path)) lists.migrations.add(entry.path);
  }
  const binaries = [];
  for (const line of lines) {
    if (line.added === void 0 || line.deleted === void 0) {
      if (!lists.deleted.has(line.path)) binaries.push(line.path);
    } else facts.linesChanged += line.added + line.deleted;
  }
  const dependencies = [];
  const scripts = [];
  for (const pkg of packages) {
    const before = parsePackage(pkg.before);
    const after = parsePackage(pkg.after);
    if (before === "invalid" || after === "invalid") {
      scripts.push(`${pkg.path} (not valid JSON)`);
      continue;
    }
    for (const field of DEPENDENCY_FIELDS)
      for (const name of changedKeys(before?.[field], after?.[field])) dependencies.push(`${name} (${pkg.path} ${field})`);
    scripts.push(...changedKeys(before?.scripts, after?.scripts).map((name) => `${pkg.path} scripts.${name}`));
  }
  return {
    dependencies,
    lockfiles: [...lists.lockfiles],
    scripts,
    deleted: [...lists.deleted],
    symlinks: [...lists.symlinks],
    binaries,
    executables: [...lists.executables],
    migrations: [...lists.migrations],
    linesChanged: facts.linesChanged
  };
}
function parsePackage(text) {
  if (text === void 0) return void 0;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : "invalid";
  } catch {
    return "invalid";
  }
}
function changedKeys(before, after) {
  const a = asRecord(before);
  const b = asRecord(after);
  const keys = /* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)]);
  const changed = [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
  if (changed.length === 0 && JSON.stringify(before) !== JSON.stringify(after)) return ["*"];
  return changed;
}
function asRecord(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export {
  EMPTY_CHANGE_FACTS,
  summarizeChanges
};
