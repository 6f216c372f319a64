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
  stateWriteFailed
} from "./chunk-GYBGRSZQ.mjs";
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
  requireDir
} from "./chunk-44GCHEUP.mjs";
import "./chunk-Y6LXJMLO.mjs";
import "./chunk-CKRWNHAF.mjs";
import "./chunk-3MHOMYTN.mjs";
import "./chunk-7XIBXNUV.mjs";
import "./chunk-KYXXX33O.mjs";
import "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import "./chunk-JXGPT7T4.mjs";
import "./chunk-DUCIGC6T.mjs";
import "./chunk-FE3YQVJZ.mjs";
import {
  buildAppliedReport,
  buildReport
} from "./chunk-YLQSCQUF.mjs";
import "./chunk-75ZOHKPX.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import "./chunk-PJWMB5KA.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import "./chunk-UZQWDDPO.mjs";
import "./chunk-RDSVHA4S.mjs";
import "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/commands/publish.ts
init_define_AUTO_SYNC_BUILD();
async function publishCommand(cli, env, ctx) {
  const dir = requireDir(cli.in, "--in");
  const { verifyHandoff, readResultsFile } = await import("./files-VB4MDODL.mjs");
  const plan = await verifyHandoff(dir, env.handoffDigest);
  const results = await readResultsFile(dir);
  const store = await stateAccess(ctx, env);
  const state = await store.read();
  const now = /* @__PURE__ */ new Date();
  const forge = await createForge(ctx, env);
  const published = await steps.publish(ctx, env, forge, state, plan, results, dir, now);
  const recordFailure = await steps.record(ctx, store, published.state).then(
    () => void 0,
    (error) => error
  );
  const runPlan = { target: plan.target, sources: plan.sources.map((s) => ({ ...s, durationMs: 0 })) };
  const report = buildAppliedReport(
    buildReport(runPlan, { apply: true, reason: "publish" }, now.toISOString()),
    plan.sources,
    published.sources
  );
  await steps.dashboard(ctx, env, forge, published.state, report);
  await finishReport(ctx, env, report, cli.report);
  if (recordFailure !== void 0) throw stateWriteFailed(recordFailure);
  return exitCodeOf(report);
}
export {
  publishCommand
};
