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
  formatNumber
} from "./chunk-XKK76LSD.mjs";
import {
  DEFAULT_MESSAGE_PREFIX
} from "./chunk-BBBARBGM.mjs";
import {
  code,
  fence,
  inline,
  oneLine,
  safeLink,
  table,
  tailOf
} from "./chunk-NHM2YDOV.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/report/pr-body.ts
init_define_AUTO_SYNC_BUILD();
var MAX_BODY_CHARS = 65536;
var MAX_TITLE_CHARS = 256;
function proposalTitle(c) {
  const n = c.commits.length;
  const title = `${c.messagePrefix ?? DEFAULT_MESSAGE_PREFIX}: sync ${n} commit${n === 1 ? "" : "s"} from ${oneLine(c.source.origin || c.source.name, 120)} (risk: ${c.risk.level})`;
  return oneLine(title, MAX_TITLE_CHARS);
}
function proposalLabels(risk) {
  return ["auto-sync", `risk:${risk.level}`];
}
var LADDER = [
  { tailLines: 80, tailChars: 8e3, firstLines: 10, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 40, tailChars: 3e3, firstLines: 10, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 10, tailChars: 1e3, firstLines: 5, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 0, tailChars: 0, firstLines: 5, rows: Infinity, paths: 50, commitMap: true },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 300, paths: 20, commitMap: true },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 100, paths: 10, commitMap: false },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 30, paths: 5, commitMap: false },
  { tailLines: 0, tailChars: 0, firstLines: 0, rows: 5, paths: 3, commitMap: false }
];
function proposalBody(c, maxChars = MAX_BODY_CHARS) {
  let body = "";
  for (const limits of LADDER) {
    body = render(c, limits);
    if (body.length <= maxChars) return body;
  }
  const note = "\n\n_The rest of this description was cut to fit GitHub’s size limit._\n";
  const cut = body.slice(0, Math.max(0, maxChars - note.length));
  return `${cut.slice(0, Math.max(0, cut.lastIndexOf("\n")))}${note}`;
}
function render(c, limits) {
  const sections = [
    intro(c),
    commitsSection(c, limits),
    skippedSection(c, limits),
    conflictsSection(c, limits),
    checksSection(c, limits),
    smokeSection(c, limits),
    riskSection(c.risk),
    gatesSection(c.decision),
    howToAct(c),
    c.runUrl ? `---

${safeLink("Run log", c.runUrl)}` : ""
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}
`;
}
function intro(c) {
  const source = c.source.url ? safeLink(c.source.origin, c.source.url) : `**${inline(c.source.origin)}**`;
  const counts = [
    plural(c.commits.length, "commit applied", "commits applied"),
    plural(c.skipped.length, "skipped"),
    plural(c.conflicts.length, "conflict left pending", "conflicts left pending")
  ].join(", ");
  return [
    `## auto-sync from ${inline(c.source.origin)}`,
    `Source ${source} (${code(c.source.name)}) · ${code(c.headBranch)} → ${code(c.targetBranch)} · ${counts}.`,
    `**Decision:** ${inline(c.decision.summary, 600)}`
  ].join("\n\n");
}
function commitsSection(c, limits) {
  const shown = c.commits.slice(0, limits.rows);
  const rows = shown.map((m) => [
    shortLinked(m.sha, m.url),
    m.type ? inline(m.type, 40) : "–",
    inline(m.subject, 200),
    inline(m.author, 80),
    m.newSha ? short(m.newSha) : "–"
  ]);
  let out = `### Commits (${c.commits.length})

`;
  if (c.commits.length === 0) return `${out}None.`;
  out += table(["Origin", "Type", "Subject", "Author", "Applied as"], rows) + more(c.commits.length, shown.length);
  if (limits.commitMap) {
    const map = shown.map((m) => `${oneLine(m.sha, 64)}${m.newSha ? ` -> ${oneLine(m.newSha, 64)}` : ""}`).join("\n");
    out += `

<details><summary>Full commit ids (origin -> applied)</summary>

${fence(map)}

</details>`;
  }
  return out;
}
function skippedSection(c, limits) {
  if (c.skipped.length === 0) return "";
  const shown = c.skipped.slice(0, limits.rows);
  const rows = shown.map((s) => [
    shortLinked(s.sha, s.url),
    inline(s.subject, 200),
    code(s.reason, { inTable: true, max: 40 }),
    s.detail ? inline(s.detail) : "–"
  ]);
  return `### Skipped (${c.skipped.length})

${table(["Origin", "Subject", "Reason", "Detail"], rows)}${more(c.skipped.length, shown.length)}`;
}
function conflictsSection(c, limits) {
  if (c.conflicts.length === 0) return "";
  const shown = c.conflicts.slice(0, limits.rows);
  const rows = shown.map((k) => {
    const paths = k.paths.slice(0, limits.paths).map((p) => code(p, { inTable: true }));
    const extra = k.paths.length > paths.length ? `, … and ${k.paths.length - paths.length} more` : "";
    return [shortLinked(k.sha, k.url), inline(k.subject, 200), paths.length > 0 ? paths.join(", ") + extra : "–"];
  });
  const lead = "These commits did not apply cleanly; they stay pending and are tried again on the next run.";
  return `### Conflicts (${c.conflicts.length})

${lead}

${table(["Origin", "Subject", "Conflicting paths"], rows)}${more(c.conflicts.length, shown.length)}`;
}
function checksSection(c, limits) {
  if (c.checks.length === 0) return "### Checks\n\nNo checks ran.";
  const shown = c.checks.slice(0, limits.rows);
  const rows = shown.map((k) => [
    inline(k.name, 80),
    statusText(k.status),
    k.durationMs === void 0 ? "–" : duration(k.durationMs),
    countCell(k.errors, k.newErrors),
    countCell(k.failures, k.newFailures)
  ]);
  const parts = [
    `### Checks

${table(["Check", "Result", "Time", "Errors (new)", "Failures (new)"], rows, ["l", "l", "r", "r", "r"])}${more(c.checks.length, shown.length)}`
  ];
  const skipped = shown.filter((k) => k.status === "skipped" && k.message);
  if (skipped.length > 0)
    parts.push(`Skipped: ${skipped.map((k) => `${inline(k.name, 80)} (${inline(k.message ?? "", 200)})`).join("; ")}.`);
  for (const k of shown) {
    if (k.status === "passed" || k.status === "skipped") continue;
    const first = (k.firstLines ?? []).slice(0, limits.firstLines);
    const tail = limits.tailLines > 0 && k.tail ? tailOf(k.tail, limits.tailLines, limits.tailChars) : "";
    if (first.length === 0 && tail === "") continue;
    let detail = `#### ${statusText(k.status)}: ${inline(k.name, 80)}`;
    if (k.message) detail += `

${inline(k.message, 600)}`;
    if (first.length > 0) detail += `

First errors:

${fence(first.join("\n"))}`;
    if (tail !== "") detail += `

<details><summary>End of the output</summary>

${fence(tail)}

</details>`;
    parts.push(detail);
  }
  return parts.join("\n\n");
}
function smokeSection(c, limits) {
  if (c.smoke.length === 0) return "### Smoke probes\n\nNo smoke probes ran.";
  const shown = c.smoke.slice(0, limits.rows);
  const rows = shown.map((s) => [
    inline(s.name, 80),
    statusText(s.status),
    s.httpStatus === void 0 ? "–" : String(s.httpStatus),
    s.detail ? inline(s.detail) : "–"
  ]);
  return `### Smoke probes

${table(["Probe", "Result", "HTTP", "Detail"], rows)}${more(c.smoke.length, shown.length)}`;
}
var FACTOR_LABELS = {
  filesChanged: "Files changed",
  typeErrors: "New type errors",
  testFailures: "New test failures",
  prismaSchema: "Prisma schema touched",
  dependencies: "Dependencies changed",
  lockfile: "Lockfile changed",
  scripts: "Package scripts changed",
  deletions: "Files deleted",
  symlinks: "Symbolic links",
  binaries: "Binary files",
  executables: "Files made executable",
  migrations: "Migrations",
  linesChanged: "Lines changed",
  prerequisites: "Prerequisites brought in",
  lockfileRegenerated: "Lockfile regenerated"
};
function riskSection(risk) {
  const rows = risk.factors.map((f) => [
    FACTOR_LABELS[f.name],
    formatNumber(f.value),
    formatNumber(f.weight),
    formatNumber(f.contribution),
    inline(f.note)
  ]);
  rows.push(["**Total**", "", "", `**${formatNumber(risk.score)}**`, `level: **${risk.level}**`]);
  return `### Risk: ${risk.level} (${formatNumber(risk.score)})

${table(["Factor", "Value", "Weight", "Contribution", "Note"], rows, ["l", "r", "r", "r", "l"])}`;
}
function gatesSection(d) {
  const rows = d.gates.map((g) => [
    code(g.name, { inTable: true }),
    g.passed ? "PASS" : g.name === d.decidedBy ? "**FAIL** (decided)" : "FAIL",
    inline(g.detail, 400)
  ]);
  const verdict = d.action === "merge" ? "Every gate passed, so auto-sync merges this on its own." : "A gate failed, so this waits for a person to review and merge.";
  return `### Gates

${verdict}

${table(["Gate", "Result", "Detail"], rows)}`;
}
function howToAct(c) {
  const config = c.configPath ? code(c.configPath) : "the auto-sync configuration";
  const lines = [
    "### How to act",
    "",
    `- **Accept:** review and merge this pull request; auto-sync records its commits as applied.`,
    `- **Decline:** close it without merging; auto-sync records its commits as declined and does not propose them again unless the source changes them.`,
    `- **Skip one commit:** add its full sha to ${code("commits.skip")} in ${config}; the next run rebuilds ${code(c.headBranch)} without it.`,
    `- **Change it:** push commits to ${code(c.headBranch)}; auto-sync never overwrites commits it did not write: it leaves the branch as it is and says so here, and goes on once this is merged or closed.`
  ];
  if (c.conflicts.length > 0)
    lines.push(
      `- **A conflict:** the commit stays pending. To take it by hand: ${code(`git cherry-pick -x <sha>`)} onto a branch from ${code(c.targetBranch)}, resolve, merge; auto-sync recognises it as applied (the cherry-pick line or the same patch).`
    );
  return lines.join("\n");
}
var STATUS_TEXT = { passed: "PASS", failed: "FAIL", "timed-out": "TIMEOUT", error: "ERROR", skipped: "SKIP" };
function statusText(status) {
  return STATUS_TEXT[status] ?? inline(status.toUpperCase(), 20);
}
function short(sha) {
  return code(oneLine(sha, 64).slice(0, 10), { inTable: true });
}
function shortLinked(sha, url) {
  if (!url) return short(sha);
  const link = safeLink(oneLine(sha, 64).slice(0, 10), url);
  return link.startsWith("[") ? link.replace(/\|/g, "\\|") : short(sha);
}
function countCell(total, fresh) {
  if (total === void 0 && fresh === void 0) return "–";
  return `${total ?? "?"}${fresh === void 0 ? "" : ` (${fresh} new)`}`;
}
function more(total, shown) {
  return total > shown ? `

… and ${total - shown} more.` : "";
}
function plural(n, one, many = one) {
  return `${n} ${n === 1 ? one : many}`;
}
function duration(ms) {
  if (ms < 1e3) return `${Math.round(ms)} ms`;
  if (ms < 6e4) return `${(ms / 1e3).toFixed(1)} s`;
  const s = Math.round(ms / 1e3);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export {
  MAX_BODY_CHARS,
  proposalTitle,
  proposalLabels,
  proposalBody
};
