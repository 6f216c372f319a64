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
  steps
} from "./chunk-KIBFWFE3.mjs";
import {
  stateAccess
} from "./chunk-PI66WAKT.mjs";
import {
  createForge
} from "./chunk-MYIJ2NBC.mjs";
import {
  exitCodeOf,
  finishReport
} from "./chunk-XUHSWI7S.mjs";
import {
  selectSources
} from "./chunk-44GCHEUP.mjs";
import "./chunk-Y6LXJMLO.mjs";
import {
  resolveTarget
} from "./chunk-CKRWNHAF.mjs";
import "./chunk-3MHOMYTN.mjs";
import "./chunk-7XIBXNUV.mjs";
import "./chunk-KYXXX33O.mjs";
import "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import "./chunk-JXGPT7T4.mjs";
import "./chunk-DUCIGC6T.mjs";
import "./chunk-FE3YQVJZ.mjs";
import {
  buildReport
} from "./chunk-YLQSCQUF.mjs";
import "./chunk-75ZOHKPX.mjs";
import {
  PENDING_REASONS
} from "./chunk-ZXZMSE3Y.mjs";
import "./chunk-PJWMB5KA.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import "./chunk-UZQWDDPO.mjs";
import "./chunk-RDSVHA4S.mjs";
import "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/commands/status.ts
init_define_AUTO_SYNC_BUILD();

// scripts/auto-sync/report/recorded.ts
init_define_AUTO_SYNC_BUILD();
function withRecordedState(report, state) {
  return { ...report, sources: report.sources.map((source) => withRecords(source, state.sources[source.name])) };
}
function withRecords(source, recorded) {
  if (!recorded) return source;
  const commits = source.commits.map((commit) => asRecorded(commit, recorded));
  const proposals = openProposals(recorded);
  const changed = commits.some((c, i) => c !== source.commits[i]);
  if (!changed && proposals.length === 0) return source;
  return {
    ...source,
    commits,
    counts: {
      listed: source.counts.listed,
      picked: commits.filter((c) => c.decision === "picked").length,
      skipped: commits.filter((c) => c.decision === "skipped").length,
      pending: commits.filter((c) => c.pending).length
    },
    ...proposals.length > 0 ? { openProposals: proposals } : {}
  };
}
function asRecorded(commit, recorded) {
  const record = recorded.commits[commit.sha];
  if (!record || commit.decision !== "picked" || record.decision !== "skipped" || !PENDING_REASONS.has(record.reason)) return commit;
  if (commit.reason === record.reason) return commit;
  return {
    ...commit,
    decision: "skipped",
    reason: record.reason,
    pending: true,
    // The recorded words first (annotations read the paths from "conflicts in …"), then when.
    detail: `${record.detail ?? record.reason} (recorded ${record.at}; tried again on the next run)`
  };
}
function openProposals(recorded) {
  const byId = /* @__PURE__ */ new Map();
  for (const [sha, record] of Object.entries(recorded.commits)) {
    if (record.decision !== "proposed") continue;
    const id = record.proposal ?? Number(/#(\d+)/.exec(record.detail ?? "")?.[1] ?? 0);
    byId.set(id, [...byId.get(id) ?? [], sha]);
  }
  return [...byId].sort(([a], [b]) => a - b).map(([id, shas]) => ({ id, shas: shas.sort() }));
}

// scripts/auto-sync/commands/status.ts
async function statusCommand(cli, env, ctx) {
  const startedAt = (/* @__PURE__ */ new Date()).toISOString();
  const mode = { apply: false, reason: "status: looking only" };
  ctx.log.info(`auto-sync: ${mode.reason}`);
  const store = await stateAccess(ctx, env);
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  const state = await store.read();
  if (cli.rebuildState) {
    const forge = await createForge(ctx, env);
    const { rebuildState } = await import("./rebuild-PSYQ37RU.mjs");
    const target = await resolveTarget(ctx.git, ctx.config, env);
    ctx.log.out(JSON.stringify(await rebuildState({ git: ctx.git, config: ctx.config, forge, now: /* @__PURE__ */ new Date() }, target, names), null, 2));
    return 0;
  }
  const plan = await steps.plan(ctx, env, state, names);
  const report = withRecordedState(buildReport(plan, mode, startedAt), state);
  for (const source of report.sources) {
    const recorded = state.sources[source.name];
    const proposed = Object.values(recorded?.commits ?? {}).filter((c) => c.decision === "proposed").length;
    ctx.log.out(
      `${source.name}: last synced head ${recorded?.lastHead?.slice(0, 10) ?? "none"}${recorded ? ` (recorded ${recorded.updatedAt})` : " (never synced)"}${proposed ? `, ${proposed} commit(s) in an open proposal` : ""}`
    );
  }
  await finishReport(ctx, env, report, cli.report);
  return exitCodeOf(report);
}
export {
  statusCommand
};
