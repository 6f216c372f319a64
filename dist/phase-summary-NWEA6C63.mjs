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
  ConfigInvalidError
} from "./chunk-PJWMB5KA.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import {
  code,
  inline,
  table
} from "./chunk-NHM2YDOV.mjs";
import "./chunk-RDSVHA4S.mjs";
import {
  isSyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/output/phase-summary.ts
init_define_AUTO_SYNC_BUILD();
import { isAbsolute, relative } from "node:path";
function workspaceFile(file, workspace) {
  const path = isAbsolute(file) ? relative(workspace, file) : file;
  return path === "" || path.startsWith("..") || isAbsolute(path) ? void 0 : path;
}
function configOkSummary(file, config) {
  const rows = config.sources.map((s) => [inline(s.name, 80), code(s.url, { inTable: true, max: 200 }), code(s.branch, { inTable: true })]);
  return [
    "## auto-sync check-config",
    `${code(file, { max: 300 })} is valid: ${config.sources.length} source(s), forge ${code(config.forge.type)}, target branch ${code(config.target.branch)}.`,
    table(["Source", "URL", "Branch"], rows)
  ].join("\n\n");
}
function failureSummary(command, error) {
  const summary = summarizeError(error);
  const parts = [
    `## auto-sync ${inline(command, 40)}`,
    `**Failed:** ${code(summary.code)} ${inline(summary.message, 600)}${summary.hint ? ` — ${inline(summary.hint, 400)}` : ""}`
  ];
  const details = isSyncError(error) ? error.details : [];
  if (details.length > 0) {
    const shown = details.slice(0, 100).map((d) => `- ${inline(d, 600)}`);
    if (details.length > shown.length) shown.push(`- and ${details.length - shown.length} more (see the log)`);
    parts.push(shown.join("\n"));
  }
  return parts.join("\n\n");
}
function failureAnnotations(error, workspace, logged) {
  if (error instanceof ConfigInvalidError) {
    const file = workspaceFile(error.file, workspace);
    return error.problems.map((p) => ({
      kind: "error",
      title: "auto-sync: configuration",
      message: `${p.path || "(top level)"}: ${p.message}`,
      place: {
        ...file !== void 0 ? { file } : {},
        ...file !== void 0 && p.line !== void 0 ? { line: p.line, column: p.column } : {}
      }
    }));
  }
  if (logged) return [];
  const summary = summarizeError(error);
  return [{ kind: "error", title: `auto-sync: ${summary.code}`, message: `${summary.code}: ${summary.message}
${summary.hint}` }];
}
function prepareSummary(report, handoff) {
  const target = report.target ? ` · target ${code(report.target.branch)} at ${code(short(report.target.head))}` : "";
  const rows = report.sources.map((s) => [inline(s.name, 80), statusCell(s), commitsCell(s), preparedCell(s)]);
  const parts = [
    "## auto-sync prepare",
    `${report.sources.length} source(s)${target} · hand-off ${code(handoff.dir, { max: 300 })}, digest ${code(handoff.digest)}`,
    table(["Source", "Status", "Commits", "Prepared"], rows)
  ];
  for (const s of report.sources) {
    const conflicts = s.integration?.conflicts ?? [];
    if (conflicts.length > 0)
      parts.push(
        `**${inline(s.name, 80)}, conflicts (pending):** ${conflicts.slice(0, 20).map(
          (c) => `${code(short(c.sha))} in ${c.paths.length > 0 ? c.paths.slice(0, 5).map((p) => code(p, { max: 200 })).join(", ") : "unknown paths"}`
        ).join("; ")}${conflicts.length > 20 ? `; and ${conflicts.length - 20} more` : ""}`
      );
    if (s.error)
      parts.push(`**${inline(s.name, 80)}:** ${code(s.error.code)} ${inline(s.error.message, 600)} — ${inline(s.error.hint, 400)}`);
  }
  return parts.join("\n\n");
}
function verifySummary(results, planned) {
  const rows = results.sources.map((s) => [
    inline(s.name, 80),
    s.install.status === "failed" ? "**failed**" : s.install.status,
    resultsCell([...s.checks, ...s.smoke.map((p) => ({ ...p, name: `smoke ${p.name}` }))]),
    s.baseline ? `target head${s.baseline.cached ? " (cached)" : ""}` : "–"
  ]);
  const missing = planned.filter((name) => !results.sources.some((s) => s.name === name));
  const parts = [
    "## auto-sync verify",
    `${results.sources.length} source(s) verified${results.sandbox ? `, sandbox ${code(results.sandbox)}` : ""}.`,
    ...rows.length > 0 ? [table(["Source", "Install", "Checks", "Compared with"], rows)] : []
  ];
  if (missing.length > 0)
    parts.push(`**Could not be verified** (proposed, never merged; see the log): ${missing.map((n) => inline(n, 80)).join(", ")}`);
  return parts.join("\n\n");
}
function resultsCell(results) {
  const shown = results.filter((r) => r.status !== "skipped");
  if (shown.length === 0) return "–";
  return shown.map((r) => {
    const news = (r.newErrors ?? 0) + (r.newFailures ?? 0);
    const status = r.status === "passed" ? r.status : `**${r.status}**${news > 0 ? ` (${news} new)` : ""}`;
    return `${inline(r.name, 80)} ${status}`;
  }).join(", ");
}
function statusCell(s) {
  if (s.status === "error") return `**error**${s.error ? ` ${code(s.error.code, { inTable: true })}` : ""}`;
  return s.status;
}
function commitsCell(s) {
  if (s.status !== "ok") return "–";
  const { picked, skipped, pending } = s.counts;
  return `${picked} picked, ${skipped} skipped${pending ? ` (${pending} pending)` : ""}`;
}
function preparedCell(s) {
  const i = s.integration;
  if (!i) return s.status === "ok" ? "nothing to prepare" : "–";
  const conflicts = i.conflicts.length > 0 ? `, ${i.conflicts.length} conflict${i.conflicts.length === 1 ? "" : "s"}` : "";
  return `${code(i.branch, { inTable: true })} at ${code(short(i.head), { inTable: true })}: ${i.applied} applied${conflicts}`;
}
var short = (sha) => sha.slice(0, 10);
export {
  configOkSummary,
  failureAnnotations,
  failureSummary,
  prepareSummary,
  verifySummary,
  workspaceFile
};
