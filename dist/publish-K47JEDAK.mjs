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
} from "./chunk-LLPEHS23.mjs";
import {
  steps
} from "./chunk-OW35SMKN.mjs";
import {
  stateAccess
} from "./chunk-GIBL3UMA.mjs";
import {
  createForge
} from "./chunk-NT7NLBXA.mjs";
import {
  exitCodeOf,
  finishReport
} from "./chunk-XJRBYVX6.mjs";
import {
  requireDir
} from "./chunk-MHX6W62I.mjs";
import "./chunk-2LRTPKUD.mjs";
import "./chunk-HPMMENS6.mjs";
import "./chunk-MTAEIPEG.mjs";
import "./chunk-XVXQMWOP.mjs";
import "./chunk-P672F67Q.mjs";
import "./chunk-G5BH5WI2.mjs";
import "./chunk-NSAGA2OZ.mjs";
import "./chunk-BGS6EXUY.mjs";
import "./chunk-LX76LWDI.mjs";
import "./chunk-V4ORETBY.mjs";
import {
  buildAppliedReport,
  buildReport
} from "./chunk-UC4Y4PM5.mjs";
import "./chunk-RBCATAN5.mjs";
import "./chunk-JOKAZQPT.mjs";
import "./chunk-I2CUW2I3.mjs";
import "./chunk-TAMOUYYO.mjs";
import "./chunk-5DAOS4V6.mjs";
import "./chunk-EUBKBNR7.mjs";
import "./chunk-DP5TVDHP.mjs";
import "./chunk-MBOQZTYI.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-RABHMILI.mjs";

// scripts/auto-sync/commands/publish.ts
init_define_AUTO_SYNC_BUILD();
async function publishCommand(cli, env, ctx) {
  const dir = requireDir(cli.in, "--in");
  const { verifyHandoff, readResultsFile } = await import("./files-EVHD5L53.mjs");
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
