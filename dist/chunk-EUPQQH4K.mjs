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

// scripts/auto-sync/plan/entries.ts
init_define_AUTO_SYNC_BUILD();
import { posix } from "node:path";
var MODE = { file: "100644", executable: "100755", symlink: "120000", gitlink: "160000" };
function judgeEntries(entries, facts, policy) {
  for (const entry of entries) {
    const dir = [...facts.gitDirs].find((d) => entry.path === d || entry.path.startsWith(`${d}/`));
    if (dir !== void 0) return { reason: "unsafe-entry", detail: `${dir || "."} is an embedded git repository (HEAD, objects, refs)` };
    if (entry.from !== void 0 && policy.denies(entry.from))
      return { reason: "path-denied", detail: `${entry.path} is a copy of the denied ${entry.from}` };
    if (entry.status === "D") continue;
    if (entry.newMode === MODE.gitlink) return { reason: "unsafe-entry", detail: `${entry.path} is a submodule (gitlink)` };
    const size = facts.sizes.get(entry.newOid)?.size;
    if (size !== void 0 && size > policy.maxFileBytes)
      return { reason: "file-too-large", detail: `${entry.path} is ${size} bytes (paths.maxFileBytes is ${policy.maxFileBytes})` };
    const copied = facts.deniedBlobs.get(entry.newOid);
    if (copied !== void 0 && copied !== entry.path)
      return { reason: "path-denied", detail: `${entry.path} has the content of the denied ${copied}` };
    if (entry.newMode === MODE.symlink) {
      const target = facts.symlinkTargets.get(entry.newOid);
      const problem = target === void 0 ? `symlink ${entry.path} could not be read` : symlinkProblem(entry.path, target, policy);
      if (problem) return { reason: "unsafe-entry", detail: problem };
    }
  }
  return void 0;
}
function symlinkProblem(link, target, policy) {
  if (target === "" || /[\u0000-\u001f\u007f\\]/.test(target)) return `symlink ${link} has a target auto-sync does not follow`;
  if (target.startsWith("/")) return `symlink ${link} points outside the repository (${target})`;
  const resolved = posix.normalize(posix.join(posix.dirname(link), target));
  if (resolved === ".." || resolved.startsWith("../")) return `symlink ${link} points outside the repository (${target})`;
  if (resolved === "." || resolved === "./") return `symlink ${link} points at the repository root`;
  if (resolved.split("/").some((segment) => segment.toLowerCase() === ".git")) return `symlink ${link} points into a .git directory`;
  if (policy.denies(resolved) || policy.denies(`${resolved}/x`)) return `symlink ${link} points at the denied ${resolved}`;
  return void 0;
}
function gitDirCandidates(entries) {
  const dirs = /* @__PURE__ */ new Set();
  for (const entry of entries) {
    if (entry.status === "D") continue;
    const segments = entry.path.split("/");
    segments.forEach((segment, i) => {
      if (/^(head|objects|refs|config)$/i.test(segment)) dirs.add(segments.slice(0, i).join("/"));
    });
  }
  return [...dirs];
}
function looksLikeGitDir(names) {
  const lower = new Set(names.map((name) => name.toLowerCase()));
  return lower.has("head") && lower.has("objects") && lower.has("refs");
}
function isBinary(body) {
  return body.subarray(0, 8e3).includes(0);
}

export {
  MODE,
  judgeEntries,
  gitDirCandidates,
  looksLikeGitDir,
  isBinary
};
