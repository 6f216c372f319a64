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
  commitUrlOf
} from "./chunk-Y6LXJMLO.mjs";
import {
  blockerLines,
  blockersOf,
  groupByBlocker
} from "./chunk-2KJWHBMF.mjs";
import {
  PENDING_REASONS
} from "./chunk-ZXZMSE3Y.mjs";
import {
  code,
  inline,
  safeLink,
  table
} from "./chunk-NHM2YDOV.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/report/dashboard.ts
init_define_AUTO_SYNC_BUILD();
var DASHBOARD_TITLE = "auto-sync dashboard";
var MAX_BODY_CHARS = 65536;
var ROW_LADDER = [50, 20, 5];
function dashboardBody(state, report, options = {}) {
  let body = "";
  for (const rows of ROW_LADDER) {
    body = render(state, report, options, rows);
    if (body.length <= MAX_BODY_CHARS) return body;
  }
  return body.slice(0, MAX_BODY_CHARS - 60).replace(/\n[^\n]*$/, "\n\n_The rest was cut to fit GitHub’s size limit._\n");
}
function render(state, report, options, maxRows) {
  const config = configName(options.configPath);
  const lines = [
    "Commits from sibling repositories that auto-sync is holding back, why, and what to do about each. Updated by each run;",
    `the configuration in use is ${config}: list a commit in ${code("commits.skip")} there to drop it for good.`,
    ""
  ];
  for (const source of report.sources) {
    const recorded = state.sources[source.name];
    const web = options.webs?.[source.name];
    lines.push(`## ${web ? safeLink(source.name, web.url) : inline(source.name)}`, "");
    if (source.status === "error" && source.error)
      lines.push(`**Last run failed:** ${code(source.error.code)} ${inline(source.error.message)}`, "");
    const records = Object.entries(recorded?.commits ?? {}).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    const waiting = records.filter(([, r]) => r.decision === "skipped" && PENDING_REASONS.has(r.reason));
    const declined = records.filter(([, r]) => r.decision === "declined");
    const proposed = records.filter(([, r]) => r.decision === "proposed");
    const applied = records.filter(([, r]) => r.decision === "applied");
    const last = [...records].sort(([, a], [, b]) => a.at < b.at ? 1 : -1).find(([, r]) => r.decision === "applied" || r.decision === "proposed");
    lines.push(
      `Last head seen: ${recorded?.lastHead ? code(recorded.lastHead.slice(0, 12)) : "none"} · applied so far: ${applied.length} · in an open proposal: ${proposed.length}${recorded?.integration ? ` (${code(recorded.integration.branch)})` : ""}${last ? ` · last delivery: ${last[1].decision} on ${last[1].at.slice(0, 10)}` : ""}`,
      ""
    );
    const subjects = new Map(source.commits?.map((c) => [c.sha, c.subject]) ?? []);
    const groups = groupByBlocker(waiting.map(([sha, r]) => ({ sha, reason: r.reason, detail: r.detail })));
    const blockedShas = new Set(waiting.filter(([, r]) => blockersOf(r.detail).length > 0).map(([sha]) => sha));
    if (groups.length > 0)
      lines.push(
        ...blockerLines(groups, maxRows),
        "",
        "They follow on their own once the blocking commit is let through (see its row) or dropped with `commits.skip`.",
        ""
      );
    const listed = [...waiting.filter(([sha]) => !blockedShas.has(sha)), ...declined];
    const rows = listed.slice(0, maxRows).map(([sha, r]) => {
      const url = commitUrlOf(web, sha);
      const id = sha.slice(0, 10);
      const subject = subjects.get(sha);
      return [
        url ? safeLink(id, url) : code(id, { inTable: true }),
        subject ? inline(subject, 120) : "–",
        `${r.decision === "declined" ? "declined" : code(r.reason, { inTable: true })}${r.detail ? `: ${inline(r.detail, 200)}` : ""}`,
        whatToDo(sha, r, options.configPath)
      ];
    });
    if (rows.length === 0) {
      if (groups.length === 0) lines.push("Nothing held back.", "");
    } else {
      lines.push(table(["Commit", "Subject", "Why", "What to do"], rows), "");
      if (listed.length > rows.length) lines.push(`… and ${listed.length - rows.length} more.`, "");
    }
  }
  return lines.join("\n");
}
function whatToDo(sha, record, configPath) {
  const cellCode = (text) => code(text, { inTable: true });
  const config = configPath ? cellCode(configPath) : "the configuration";
  const pick = cellCode(`git cherry-pick -x ${sha}`);
  const skip = `drop it: add it to ${cellCode("commits.skip")}`;
  const byHand = `take it by hand: fetch the source, ${pick} onto a branch from the target, merge (auto-sync then counts it as applied)`;
  if (record.decision === "declined")
    return `Declined${record.proposal ? ` (proposal #${record.proposal} closed without merging)` : ""}: never proposed again. To ${byHand}.`;
  switch (record.reason) {
    case "breaking-change":
      return `To accept it: set ${cellCode("commits.breaking")} to ${cellCode('"allow"')} in ${config} for the next run, or ${byHand}; to ${skip}.`;
    case "conflict":
      return `Tried again on each run. To ${byHand} and resolve the conflict; or ${skip}.`;
    case "after-conflict":
      return `Waits for the commit that conflicted before it (${cellCode("commits.onConflict")} is ${cellCode('"stop"')}): resolve or skip that one first.`;
    case "over-limit":
      return `Nothing: ${cellCode("commits.maxPerRun")} was reached; it goes on a later run.`;
    case "secret-detected":
      return `Deal with the secret at the source (rotate it); then ${skip}, or, if it is a false alarm, ${byHand}.`;
    case "blocked":
    case "prerequisites-held":
      return `Let through or drop the commit the detail names; this one follows.`;
    default:
      return `See the reason; to ${skip}.`;
  }
}
function configName(configPath) {
  return configPath ? code(configPath) : "the file passed with `--config` (outside the repository)";
}
export {
  DASHBOARD_TITLE,
  dashboardBody,
  whatToDo
};
