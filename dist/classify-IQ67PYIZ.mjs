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
  parseCherryPickedFrom,
  parseOrigins
} from "./chunk-JXGPT7T4.mjs";
import {
  judgeMergeUnit,
  parseConventional
} from "./chunk-PCNUL5PB.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/plan/classify.ts
init_define_AUTO_SYNC_BUILD();
function classifyCommits(commits, options) {
  return commits.map(createClassifier(options));
}
function createClassifier(options) {
  const allowedTypes = new Set(options.types);
  let picked = 0;
  return (commit) => {
    const unit = commit.parents.length > 1 && options.follow === "first-parent";
    const info = unit ? judgeMergeUnit(commit.message, commit.sideMessages ?? [], allowedTypes) : parseConventional(commit.message);
    const files = [...new Set(commit.files.flatMap((f) => f.from ? [f.from, f.path] : [f.path]))];
    const base = {
      sha: commit.sha,
      subject: info.subject,
      type: info.type,
      scope: info.scope,
      breaking: info.breaking,
      author: `${commit.authorName} <${commit.authorEmail}>`,
      files
    };
    const skipped = (reason, detail) => ({
      ...base,
      decision: "skipped",
      reason,
      ...detail ? { detail } : {}
    });
    const skipEntry = options.skip.find((prefix) => commit.sha.startsWith(prefix));
    if (skipEntry) return skipped("skip-listed", `listed in commits.skip as ${skipEntry}`);
    if (commit.parents.length > 1 && !unit) return skipped("merge-commit");
    const origins = parseOrigins(commit.message).filter((o) => options.trustedOrigins.has(o.origin));
    const fromTarget = origins.find((o) => o.origin === options.targetIdentity);
    if (fromTarget) return skipped("from-target", `came from the target (${fromTarget.origin}@${fromTarget.sha.slice(0, 12)})`);
    if (options.appliedInTarget.has(commit.sha)) return skipped("already-applied", "the target has a commit with this origin");
    const appliedOrigin = [...origins.map((o) => o.sha), ...parseCherryPickedFrom(commit.message)].find(
      (sha) => options.appliedInTarget.has(sha)
    );
    if (appliedOrigin) return skipped("already-applied", `its origin ${appliedOrigin.slice(0, 12)} is already in the target`);
    if (commit.patchInTarget) return skipped("already-applied", "the target has a commit with the same patch-id");
    if (commit.files.length === 0) return skipped("empty");
    if (!info.type) return skipped("not-conventional");
    if (!allowedTypes.has(info.type)) return skipped("type-not-allowed", `type "${info.type}" is not in commits.types`);
    if (info.breaking && options.breaking === "hold")
      return skipped("breaking-change", 'breaking change held: set commits.breaking to "allow" or list it in commits.skip');
    const blocked = options.paths.check(files);
    if (blocked) return skipped(blocked.reason, blocked.file);
    picked++;
    if (picked > options.maxPerRun)
      return skipped("over-limit", `beyond commits.maxPerRun (${options.maxPerRun}); pending for the next run`);
    return { ...base, decision: "picked", reason: "picked" };
  };
}
export {
  classifyCommits,
  createClassifier
};
