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
  CopyFinder,
  ObjectFetcher,
  listTreeNames,
  listTreePaths
} from "./chunk-VXZ7WYPH.mjs";
import "./chunk-DUCIGC6T.mjs";
import "./chunk-DGVNAYVH.mjs";
import "./chunk-AQ7F6235.mjs";
import "./chunk-FE3YQVJZ.mjs";
import {
  MODE,
  gitDirCandidates,
  isBinary,
  judgeEntries,
  looksLikeGitDir
} from "./chunk-EUPQQH4K.mjs";
import "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/inspect.ts
init_define_AUTO_SYNC_BUILD();
var NO_OID = /^0+$/;
function startInspection(git, policy) {
  const entriesOf = /* @__PURE__ */ new Map();
  const picked = [];
  const denied = [];
  const addingFiles = [];
  const seen = /* @__PURE__ */ new Set();
  const parents = /* @__PURE__ */ new Set();
  let deniedPathAdded = false;
  const objects = new ObjectFetcher(git, policy.maxFileBytes);
  const startTrees = /* @__PURE__ */ new Map();
  const deniedIn = (commit) => {
    let found = startTrees.get(commit);
    if (!found) {
      found = listTreePaths(git, commit).then((paths) => paths.some((path) => policy.denies(path)));
      found.catch(() => void 0);
      startTrees.set(commit, found);
    }
    return found;
  };
  const written = (entry) => entry.status !== "D" && !NO_OID.test(entry.newOid) && entry.newMode !== MODE.gitlink;
  return {
    add(commit, decision) {
      const entries = commit.entries ?? [];
      seen.add(commit.sha);
      for (const p of commit.parents) parents.add(p);
      if (!deniedPathAdded) deniedPathAdded = entries.some((e) => e.status !== "D" && e.status !== "M" && policy.denies(e.path));
      if (decision.decision === "picked") {
        picked.push(decision);
        entriesOf.set(commit.sha, entries);
        if (entries.some((e) => e.status === "A")) {
          if (addingFiles.length === 0 && !deniedPathAdded && parents.size <= 8) {
            for (const p of parents) if (!seen.has(p)) void deniedIn(p).catch(() => void 0);
          }
          addingFiles.push(commit.sha);
        }
        for (const e of entries.filter(written)) {
          objects.add(e.newOid);
          if (e.newMode !== MODE.symlink && !NO_OID.test(e.oldOid)) objects.add(e.oldOid);
        }
      } else if (decision.reason === "path-denied") {
        denied.push(decision);
        entriesOf.set(commit.sha, entries);
      }
    },
    async finish(decisions) {
      const findCopies = async () => {
        if (addingFiles.length === 0 || decisions.length === 0) return /* @__PURE__ */ new Map();
        const starts = [...parents].filter((p) => !seen.has(p));
        if (!deniedPathAdded && !await anyDeniedPath(starts, deniedIn)) return /* @__PURE__ */ new Map();
        const copies = new CopyFinder(git);
        for (const sha of addingFiles) copies.add(sha);
        return copies.finish();
      };
      const [harder] = await Promise.all([findCopies(), objects.finish()]);
      if (picked.length === 0) return [...decisions];
      const raw = new Map(entriesOf);
      for (const [sha, entries] of harder) raw.set(sha, entries);
      const revised = await judge(git, policy, picked, denied, raw, objects);
      return decisions.map((d) => revised.get(d.sha) ?? d);
    }
  };
}
async function anyDeniedPath(commits, deniedIn) {
  if (commits.length > 8) return true;
  for (const commit of commits) if (await deniedIn(commit)) return true;
  return false;
}
async function judge(git, policy, picked, denied, raw, objects) {
  const deniedBlobs = /* @__PURE__ */ new Map();
  for (const d of denied)
    for (const entry of raw.get(d.sha) ?? [])
      for (const [path, oid] of [
        [entry.path, entry.newOid],
        [entry.from ?? entry.path, entry.oldOid]
      ])
        if (policy.denies(path) && !NO_OID.test(oid)) deniedBlobs.set(oid, path);
  const { sizes, bodies } = objects;
  const symlinkTargets = /* @__PURE__ */ new Map();
  for (const d of picked)
    for (const entry of raw.get(d.sha) ?? [])
      if (entry.newMode === MODE.symlink && bodies.has(entry.newOid))
        symlinkTargets.set(entry.newOid, bodies.get(entry.newOid).toString("utf8"));
  const revised = /* @__PURE__ */ new Map();
  const scanned = [];
  for (const d of picked) {
    const entries = raw.get(d.sha) ?? [];
    const gitDirs = /* @__PURE__ */ new Set();
    for (const dir of gitDirCandidates(entries)) if (looksLikeGitDir(await listTreeNames(git, d.sha, dir))) gitDirs.add(dir);
    const verdict = judgeEntries(entries, { sizes, symlinkTargets, deniedBlobs, gitDirs }, policy);
    if (verdict) {
      revised.set(d.sha, skip(d, verdict.reason, verdict.detail));
      continue;
    }
    for (const entry of entries) {
      if (entry.status === "D" || entry.newMode === MODE.symlink || entry.newMode === MODE.gitlink) continue;
      const after = bodies.get(entry.newOid);
      if (!after || isBinary(after)) continue;
      const before = NO_OID.test(entry.oldOid) || entry.status === "C" ? void 0 : bodies.get(entry.oldOid);
      scanned.push({
        decision: d,
        file: { path: entry.path, after: after.toString("utf8"), ...before ? { before: before.toString("utf8") } : {} }
      });
    }
  }
  const findings = scanned.length > 0 ? await (await loadScanner()).scanForSecrets(
    scanned.map((s) => s.file),
    { maxFindings: 1e3 }
  ) : [];
  const shown = /* @__PURE__ */ new Map();
  for (const f of findings) {
    const decision = scanned[f.index].decision;
    const list = shown.get(decision) ?? [];
    if (list.length < 3) list.push(`${f.path}:${f.line} ${f.rule} ${f.shown}`);
    shown.set(decision, list);
  }
  for (const [d, list] of shown) revised.set(d.sha, skip(d, "secret-detected", `a secret in the added lines: ${list.join("; ")}`));
  return revised;
}
function skip(decision, reason, detail) {
  return { ...decision, decision: "skipped", reason, detail };
}
var scanner;
function loadScanner() {
  return scanner ??= import("./secrets-NFJAPDYN.mjs");
}
export {
  loadScanner,
  startInspection
};
