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
  PENDING_REASONS
} from "./chunk-ZXZMSE3Y.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/report/model.ts
init_define_AUTO_SYNC_BUILD();
var REPORT_VERSION = 1;
function toReportCommit(c) {
  return {
    sha: c.sha,
    subject: c.subject,
    type: c.type,
    scope: c.scope,
    breaking: c.breaking,
    author: c.author,
    decision: c.decision,
    reason: c.reason,
    pending: PENDING_REASONS.has(c.reason),
    detail: c.detail ?? null,
    files: c.files
  };
}
function countCommits(listed, commits) {
  return {
    listed,
    picked: commits.filter((c) => c.decision === "picked").length,
    skipped: commits.filter((c) => c.decision === "skipped").length,
    pending: commits.filter((c) => c.pending).length
  };
}
function buildReport(plan, mode, startedAt) {
  return {
    version: REPORT_VERSION,
    dryRun: !mode.apply,
    mode,
    startedAt,
    target: plan.target ? { branch: plan.target.branch, head: plan.target.head, identity: plan.target.identity } : null,
    sources: plan.sources.map((s) => {
      const commits = s.commits.map(toReportCommit);
      return {
        name: s.name,
        origin: s.origin,
        status: s.status,
        head: s.head,
        previousHead: s.previousHead,
        commits,
        counts: countCommits(s.listed.length, commits),
        error: s.error,
        durationMs: Math.round(s.durationMs)
      };
    }),
    error: null
  };
}
function buildAppliedReport(base, prepared, published) {
  return {
    ...base,
    sources: base.sources.map((source) => {
      const prep = prepared.find((p) => p.name === source.name);
      const pub = published.find((p) => p.name === source.name);
      const commits = prep ? prep.commits.map(toReportCommit) : source.commits;
      return {
        ...source,
        status: prep?.status ?? source.status,
        error: pub?.error ?? prep?.error ?? source.error,
        commits,
        counts: countCommits(source.counts.listed, commits),
        outcome: pub?.outcome ?? (source.status === "error" ? "error" : "nothing"),
        outcomeReason: pub?.reason ?? "",
        risk: pub?.risk ?? null,
        decision: pub?.decision ?? null,
        checks: pub?.checks ?? [],
        smoke: pub?.smoke ?? [],
        proposal: pub?.proposal ?? null,
        merge: pub?.merge ?? null,
        ...pub?.draft ? { draft: pub.draft } : {},
        integration: prep?.integration ? {
          branch: prep.integration.branch,
          head: prep.integration.head,
          applied: prep.integration.applied.length,
          conflicts: prep.integration.conflicts
        } : null
      };
    })
  };
}
var short = (sha) => sha ? sha.slice(0, 10) : "-";
function pad(text, width) {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}
function truncate(text, width) {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
function formatSource(source) {
  const lines = [];
  const title = `source ${source.name} (${source.origin})`;
  if (source.status === "error") {
    lines.push(`${title}: ERROR ${source.error?.code}: ${source.error?.message}`);
    if (source.error?.hint) lines.push(`  → ${source.error.hint}`);
    return lines.join("\n");
  }
  const proposed = (source.openProposals ?? []).map(
    (p) => `  proposed: ${p.shas.map(short).join(", ")} in open proposal ${p.id ? `#${p.id}` : "(number not recorded)"}`
  );
  if (source.status === "unchanged") return [`${title}: unchanged at ${short(source.head)} (not fetched)`, ...proposed].join("\n");
  const outcome = formatOutcome(source);
  const { picked, skipped, pending } = source.counts;
  lines.push(
    `${title}: head ${short(source.head)}, ${source.commits.length} new commit(s): ${picked} picked, ${skipped} skipped${pending ? ` (${pending} pending)` : ""}`
  );
  if (source.commits.length > 0) {
    lines.push(`  ${pad("SHA", 10)}  ${pad("TYPE", 9)}  ${pad("DECISION", 8)}  ${pad("REASON", 21)}  SUBJECT`);
    for (const c of source.commits) {
      const reason = c.decision === "picked" ? "" : c.reason;
      const decision = c.pending ? "pending" : c.decision;
      const detailWidth = c.pending ? 120 : 60;
      const subject = truncate(c.subject, 60) + (c.detail && c.decision === "skipped" ? `  [${truncate(c.detail, detailWidth)}]` : "");
      lines.push(`  ${pad(short(c.sha), 10)}  ${pad(c.type ?? "-", 9)}  ${pad(decision, 8)}  ${pad(reason, 21)}  ${subject}`);
    }
  }
  lines.push(...proposed);
  if (outcome) lines.push(outcome);
  return lines.join("\n");
}
function formatOutcome(source) {
  if (!source.outcome) return void 0;
  const parts = [`  → ${source.outcome.toUpperCase()}`];
  if (source.risk) parts.push(`risk ${source.risk.score} (${source.risk.level})`);
  if (source.merge) parts.push(`merged as ${short(source.merge.sha)}${source.merge.fastForward ? " (fast-forward)" : ""}`);
  if (source.proposal) parts.push(`proposal #${source.proposal.id} ${source.proposal.action}: ${source.proposal.url}`);
  const checks = (source.checks ?? []).filter((c) => c.status !== "skipped").map((c) => `${c.name} ${c.status}`);
  const smoke = (source.smoke ?? []).filter((s) => s.status !== "skipped").map((s) => `${s.name} ${s.status}`);
  if (checks.length + smoke.length > 0) parts.push(`checks: ${[...checks, ...smoke].join(", ")}`);
  const lines = [parts.join(" — ")];
  if (source.outcomeReason) lines.push(`    ${source.outcomeReason}`);
  return lines.join("\n");
}
function formatTotals(report) {
  const count = (status) => report.sources.filter((s) => s.status === status).length;
  const picked = report.sources.reduce((n, s) => n + s.counts.picked, 0);
  const skipped = report.sources.reduce((n, s) => n + s.counts.skipped, 0);
  if (report.sources.some((s) => s.outcome)) {
    const outcome = (o) => report.sources.filter((s) => s.outcome === o).length;
    return `total: ${report.sources.length} source(s) — ${outcome("merged")} merged, ${outcome("pull-request")} proposed, ${outcome("nothing")} with nothing to do, ${outcome("error")} failed; ${picked} commit(s) synced, ${skipped} skipped`;
  }
  return `total: ${report.sources.length} source(s) — ${count("ok")} planned, ${count("unchanged")} unchanged, ${count("error")} failed; ${picked} commit(s) would be synced, ${skipped} skipped`;
}

export {
  buildReport,
  buildAppliedReport,
  formatSource,
  formatTotals
};
