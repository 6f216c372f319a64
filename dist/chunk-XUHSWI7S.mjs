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
  formatSource,
  formatTotals
} from "./chunk-YLQSCQUF.mjs";
import {
  redactDeep
} from "./chunk-75ZOHKPX.mjs";
import {
  isSyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/env.ts
init_define_AUTO_SYNC_BUILD();
function readEnvironment(vars = process.env) {
  const set = (name) => {
    const value = vars[name];
    return value !== void 0 && value !== "" && value !== "false" && value !== "0";
  };
  const nonEmpty = (name) => vars[name] ? vars[name] : void 0;
  return {
    vars: { ...vars },
    ci: set("CI") || set("GITHUB_ACTIONS"),
    githubActions: set("GITHUB_ACTIONS"),
    githubRepository: nonEmpty("GITHUB_REPOSITORY"),
    githubToken: nonEmpty("GITHUB_TOKEN"),
    githubApiUrl: nonEmpty("GITHUB_API_URL") ?? "https://api.github.com",
    githubServerUrl: nonEmpty("GITHUB_SERVER_URL") ?? "https://github.com",
    githubStepSummary: nonEmpty("GITHUB_STEP_SUMMARY"),
    githubRunId: nonEmpty("GITHUB_RUN_ID"),
    githubWorkspace: nonEmpty("GITHUB_WORKSPACE"),
    handoffDigest: nonEmpty("AUTO_SYNC_HANDOFF_DIGEST"),
    githubPacing: vars.AUTO_SYNC_GITHUB_PACING !== "off",
    workDir: nonEmpty("AUTO_SYNC_WORK_DIR"),
    lockWaitMs: milliseconds(vars.AUTO_SYNC_LOCK_WAIT_MS, 5e3),
    lockStaleMs: milliseconds(vars.AUTO_SYNC_LOCK_STALE_MS, 15 * 6e4),
    token: (name) => nonEmpty(name)
  };
}
function runUrlOf(env) {
  if (!env.githubActions || !env.githubRunId || !env.githubRepository) return void 0;
  if (!/^[\w.-]+\/[\w.-]+$/.test(env.githubRepository) || !/^\d+$/.test(env.githubRunId)) return void 0;
  return `${env.githubServerUrl.replace(/\/+$/, "")}/${env.githubRepository}/actions/runs/${env.githubRunId}`;
}
function githubWebHost(env) {
  try {
    const url = new URL(env.githubServerUrl);
    return url.protocol === "https:" ? url.hostname.toLowerCase() : void 0;
  } catch {
    return void 0;
  }
}
function milliseconds(value, fallback) {
  const n = value === void 0 || value.trim() === "" ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

// scripts/auto-sync/output/print.ts
init_define_AUTO_SYNC_BUILD();
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
async function printReport(ctx, report) {
  const grouping = "group" in ctx.log && typeof ctx.log.group === "function" ? ctx.log : void 0;
  for (const source of report.sources) {
    if (grouping)
      await grouping.group(`auto-sync: ${source.name} — ${source.outcome ?? source.status}`, async () => ctx.log.out(formatSource(source)));
    else ctx.log.out(formatSource(source));
  }
  ctx.log.out(formatTotals(report));
  ctx.log.debug(`${ctx.runner.spawned} processes spawned`);
}
async function publishToActions(ctx, env, report) {
  if (!env.githubActions) return;
  const actions = await import("./actions-Z5XSWVYO.mjs");
  if (actions.isActionsLogger(ctx.log)) actions.annotateReport(ctx.log, report);
  const runUrl = runUrlOf(env);
  await actions.writeSummary(env.githubStepSummary, ctx.redact(actions.actionsSummary(report, runUrl ? { runUrl } : {})));
}
async function publishPhase(env, log, redact, markdown, annotations) {
  if (!env.githubActions) return;
  const actions = await import("./actions-Z5XSWVYO.mjs");
  const logger = actions.isActionsLogger(log) ? log : actions.createActionsLogger({ redact, verbose: false, secrets: [] });
  actions.annotateAll(logger, typeof annotations === "function" ? annotations(actions) : annotations);
  await actions.writeSummary(env.githubStepSummary, redact(markdown));
}
async function publishFailure(env, log, redact, command, error) {
  if (!env.githubActions) return;
  const { failureAnnotations, failureSummary } = await import("./phase-summary-NWEA6C63.mjs");
  await publishPhase(
    env,
    log,
    redact,
    failureSummary(command, error),
    (actions) => failureAnnotations(error, env.githubWorkspace ?? process.cwd(), actions.isActionsLogger(log))
  );
}
async function writeReport(file, report, redact, stdout = (text) => void process.stdout.write(text)) {
  const text = `${JSON.stringify(redactDeep(report, redact), null, 2)}
`;
  if (file === "-") return stdout(text);
  const path = resolve(process.cwd(), file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
async function finishReport(ctx, env, report, reportFile) {
  await printReport(ctx, report);
  await publishToActions(ctx, env, report);
  if (reportFile) await writeReport(reportFile, report, ctx.redact, ctx.stdout);
}
function exitCodeOf(report) {
  return report.sources.some((s) => s.status === "error" || s.outcome === "error") ? 1 : 0;
}
function printFailure(log, error) {
  if (isSyncError(error)) {
    log.error(`${error.code}: ${error.message}`);
    for (const detail of error.details) for (const line of detail.split("\n")) if (line) log.info(`  - ${line}`);
    log.info(`  → ${error.hint}`);
    return error.exitCode;
  }
  log.error(`INTERNAL: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  return 1;
}

export {
  readEnvironment,
  runUrlOf,
  githubWebHost,
  printReport,
  publishPhase,
  publishFailure,
  writeReport,
  finishReport,
  exitCodeOf,
  printFailure
};
