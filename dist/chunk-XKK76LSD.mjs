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
  EMPTY_CHANGE_FACTS
} from "./chunk-JRTADQU5.mjs";
import {
  createMatcher
} from "./chunk-4U3R6STH.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/plan/risk.ts
init_define_AUTO_SYNC_BUILD();
function scoreRisk(input, config) {
  for (const key of ["newTypeErrors", "newLintErrors", "newTestFailures"]) {
    const n = input[key];
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`scoreRisk: ${key} must be a whole number ≥ 0, got ${n}`);
  }
  const w = config.weights;
  const files = [...new Set(input.filesChanged)];
  const isPrisma = createMatcher(config.prismaGlobs);
  const prismaFiles = files.filter((file) => isPrisma(file));
  const factors = [
    factor("filesChanged", files.length, w.filesChanged, plural(files.length, "file changed", "files changed")),
    factor("typeErrors", input.newTypeErrors, w.typeErrors, plural(input.newTypeErrors, "new type error", "new type errors")),
    factor("testFailures", input.newTestFailures, w.testFailures, plural(input.newTestFailures, "new test failure", "new test failures")),
    factor(
      "prismaSchema",
      prismaFiles.length > 0 ? 1 : 0,
      w.prismaSchema,
      prismaFiles.length > 0 ? `Prisma schema touched: ${prismaFiles.slice(0, 3).join(", ")}${prismaFiles.length > 3 ? ` and ${prismaFiles.length - 3} more` : ""}` : "no Prisma schema touched"
    ),
    ...changeFactors(input.changes ?? EMPTY_CHANGE_FACTS, w),
    factor(
      "prerequisites",
      input.prerequisites?.length ?? 0,
      w.prerequisites,
      listNote(
        (input.prerequisites ?? []).map((sha) => sha.slice(0, 12)),
        "prerequisite brought in",
        "prerequisites brought in"
      )
    ),
    regeneratedFactor(input.regenerated, w.lockfileRegenerated)
  ];
  const score = round(factors.reduce((sum, f) => sum + f.contribution, 0));
  return { score, level: riskLevel(score, config.levels), factors };
}
function changeFactors(c, w) {
  const once = (list) => list.length > 0 ? 1 : 0;
  return [
    factor("dependencies", c.dependencies.length, w.dependencies, listNote(c.dependencies, "dependency changed", "dependencies changed")),
    factor(
      "lockfile",
      once(c.lockfiles),
      w.lockfile,
      c.lockfiles.length > 0 ? `lockfile changed: ${sample(c.lockfiles)}` : "no lockfile changed"
    ),
    factor(
      "scripts",
      once(c.scripts),
      w.scripts,
      c.scripts.length > 0 ? `package scripts changed: ${sample(c.scripts)}` : "no package script changed"
    ),
    factor("deletions", c.deleted.length, w.deletions, listNote(c.deleted, "file deleted", "files deleted")),
    factor("symlinks", c.symlinks.length, w.symlinks, listNote(c.symlinks, "symbolic link", "symbolic links")),
    factor("binaries", c.binaries.length, w.binaries, listNote(c.binaries, "binary file", "binary files")),
    factor("executables", c.executables.length, w.executables, listNote(c.executables, "file made executable", "files made executable")),
    factor("migrations", once(c.migrations), w.migrations, c.migrations.length > 0 ? `migration: ${sample(c.migrations)}` : "no migration"),
    factor("linesChanged", c.linesChanged, w.linesChanged, plural(c.linesChanged, "line changed", "lines changed"))
  ];
}
function regeneratedFactor(r, weight) {
  const paths = [...r?.paths ?? []];
  if (paths.length === 0) return factor("lockfileRegenerated", 0, weight, "no lockfile regenerated");
  const note = r?.failure ? `conflict only in ${sample(paths)}: kept as the target has it, regenerating failed (${r.failure.slice(0, 300)}); regenerate it before merging` : `conflict only in ${sample(paths)}: regenerated in verify with the project's package manager`;
  return factor("lockfileRegenerated", 1, weight, note);
}
function listNote(list, one, many) {
  return list.length === 0 ? `no ${many}` : `${plural(list.length, one, many)}: ${sample(list)}`;
}
function sample(list) {
  return `${list.slice(0, 3).join(", ")}${list.length > 3 ? ` and ${list.length - 3} more` : ""}`;
}
function riskLevel(score, levels) {
  if (score <= levels.lowMax) return "low";
  if (score <= levels.mediumMax) return "medium";
  return "high";
}
function explainRisk(risk) {
  const parts = risk.factors.filter((f) => f.contribution !== 0).map(
    (f) => ONCE.has(f.name) ? `${UNITS[f.name](1)} × ${formatNumber(f.weight)}` : `${f.value} ${UNITS[f.name](f.value)} × ${formatNumber(f.weight)}`
  );
  return parts.length > 0 ? parts.join(" + ") : "no risk factors";
}
function formatNumber(n) {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
var UNITS = {
  filesChanged: (n) => n === 1 ? "file" : "files",
  typeErrors: (n) => n === 1 ? "new type error" : "new type errors",
  testFailures: (n) => n === 1 ? "new test failure" : "new test failures",
  prismaSchema: () => "Prisma schema",
  dependencies: (n) => n === 1 ? "dependency" : "dependencies",
  lockfile: () => "lockfile",
  scripts: () => "package scripts",
  deletions: (n) => n === 1 ? "deleted file" : "deleted files",
  symlinks: (n) => n === 1 ? "symlink" : "symlinks",
  binaries: (n) => n === 1 ? "binary" : "binaries",
  executables: (n) => n === 1 ? "executable" : "executables",
  migrations: () => "migration",
  linesChanged: (n) => n === 1 ? "line" : "lines",
  prerequisites: (n) => n === 1 ? "prerequisite" : "prerequisites",
  lockfileRegenerated: () => "lockfile regenerated"
};
var ONCE = /* @__PURE__ */ new Set([
  "prismaSchema",
  "lockfile",
  "scripts",
  "migrations",
  "lockfileRegenerated"
]);
function factor(name, value, weight, note) {
  return { name, value, weight, contribution: round(value * weight), note };
}
function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}
function round(n) {
  return Math.round(n * 1e9) / 1e9;
}

export {
  scoreRisk,
  explainRisk,
  formatNumber
};
