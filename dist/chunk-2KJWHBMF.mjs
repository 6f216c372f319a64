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

// scripts/auto-sync/plan/prerequisites.ts
init_define_AUTO_SYNC_BUILD();
var ELIGIBLE = /* @__PURE__ */ new Set(["type-not-allowed", "not-conventional", "over-limit"]);
var NO_DEPENDENCY = /* @__PURE__ */ new Set(["already-applied", "from-target", "empty", "merge-commit"]);
function standingOf(decision) {
  if (!decision) return { kind: "none" };
  if (decision.decision === "picked") return decision.reason === "prerequisite" ? { kind: "eligible" } : { kind: "wanted" };
  if (ELIGIBLE.has(decision.reason)) return { kind: "eligible" };
  if (NO_DEPENDENCY.has(decision.reason)) return { kind: "none" };
  if (["conflict", "after-conflict", "blocked", "prerequisites-held"].includes(decision.reason)) return { kind: "wanted" };
  return { kind: "forbidden", reason: decision.reason };
}
function planPrerequisites(input) {
  const position = new Map(input.order.map((sha, i) => [sha, i]));
  const include = /* @__PURE__ */ new Map();
  const pending = [];
  const blockedBy = new Map(input.pendingBefore);
  const conflicting = [...input.conflicting].sort((a, b) => (position.get(a.sha) ?? 0) - (position.get(b.sha) ?? 0));
  for (const { sha, paths } of conflicting) {
    const needed = /* @__PURE__ */ new Set();
    const forbidden = /* @__PURE__ */ new Map();
    const queue = [{ sha, paths: paths.length > 0 ? paths : void 0 }];
    const seen = /* @__PURE__ */ new Set([sha]);
    while (queue.length > 0) {
      const next = queue.shift();
      for (const dep of input.dependsOn(next.sha, next.paths)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        if ((position.get(dep) ?? -1) >= (position.get(sha) ?? Infinity)) continue;
        const standing = input.standing(dep);
        if (standing.kind === "eligible") {
          needed.add(dep);
          queue.push({ sha: dep });
        } else if (standing.kind === "forbidden") forbidden.set(dep, standing.reason);
        else if (standing.kind === "wanted") for (const b of blockedBy.get(dep) ?? []) forbidden.set(b.sha, b.reason);
      }
    }
    const byOrder = (a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
    if (forbidden.size > 0) {
      const blockers = [...forbidden.keys()].sort(byOrder).map((b) => ({ sha: b, reason: forbidden.get(b) }));
      pending.push({ sha, reason: "blocked", blockers });
      blockedBy.set(sha, blockers);
    } else if (needed.size > 0 && input.mode === "hold") {
      pending.push({
        sha,
        reason: "prerequisites-held",
        blockers: [...needed].sort(byOrder).map((b) => ({ sha: b, reason: "prerequisite" }))
      });
    } else for (const dep of needed) if (!include.has(dep)) include.set(dep, sha);
  }
  const ordered = [...include.keys()].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  return { include: ordered.map((sha) => ({ sha, neededBy: include.get(sha) })), pending };
}
function describeBlockers(reason, blockers) {
  const shown = blockers.slice(0, 5).map((b) => `${b.sha.slice(0, 12)} (${b.reason})`);
  const more = blockers.length > 5 ? ` and ${blockers.length - 5} more` : "";
  return reason === "blocked" ? `blocked by ${shown.join(", ")}${more}: it changed the lines this commit changes, and policy keeps it out` : `needs ${shown.join(", ")}${more}: commits.prerequisites is "hold"`;
}
function blockersOf(detail) {
  if (!detail) return [];
  const lead = /^(?:blocked by|needs|conflicts with) (.*?)(?::| in |$)/.exec(detail);
  if (!lead) return [];
  return [...lead[1].matchAll(/\b([0-9a-f]{12})\b/g)].map((m) => m[1]);
}
function groupByBlocker(pending) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of pending) {
    const [blocker] = blockersOf(p.detail);
    if (!blocker) continue;
    const why = new RegExp(`${blocker} \\(([^)]+)\\)`).exec(p.detail ?? "")?.[1] ?? p.reason;
    const group = groups.get(blocker) ?? { blocker, reason: why, count: 0, example: p.sha };
    group.count++;
    groups.set(blocker, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.blocker < b.blocker ? -1 : 1));
}
function blockerLines(groups, max) {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const lines = [`Held back by other commits (${total} in all, one line per blocking commit):`, ""];
  for (const g of groups.slice(0, max))
    lines.push(
      `- \`${g.blocker}\` (${g.reason.replace(/[^a-z -]/gi, "")}) holds back ${g.count} ${g.count === 1 ? "commit" : "commits"}, e.g. \`${g.example.slice(0, 10)}\``
    );
  if (groups.length > max) lines.push(`- … and ${groups.length - max} more blocking commits`);
  return lines;
}

export {
  standingOf,
  planPrerequisites,
  describeBlockers,
  blockersOf,
  groupByBlocker,
  blockerLines
};
