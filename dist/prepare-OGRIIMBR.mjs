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
} from "./chunk-OW35SMKN.mjs";
import {
  stateAccess
} from "./chunk-GIBL3UMA.mjs";
import {
  createForge
} from "./chunk-NT7NLBXA.mjs";
import {
  printReport,
  publishPhase,
  writeReport
} from "./chunk-XJRBYVX6.mjs";
import {
  requireDir,
  selectSources
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

// scripts/auto-sync/commands/prepare.ts
init_define_AUTO_SYNC_BUILD();
async function prepareCommand(cli, env, ctx) {
  const out = requireDir(cli.out, "--out");
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  const forge = await createForge(ctx, env);
  const state = await steps.reconcile(ctx, env, forge, await (await stateAccess(ctx, env)).read(), names);
  const plan = await steps.plan(ctx, env, state, names);
  const prepared = await steps.integrate(ctx, forge, state, plan, out, /* @__PURE__ */ new Date());
  const report = buildAppliedReport(
    buildReport(plan, { apply: true, reason: "prepare" }, (/* @__PURE__ */ new Date()).toISOString()),
    prepared.plan.sources,
    []
  );
  const shown = { ...report, sources: report.sources.map(({ outcome: _o, ...s }) => s) };
  await printReport(ctx, shown);
  const withWork = prepared.plan.sources.filter((s) => s.integration).map((s) => s.name);
  ctx.log.out(`hand-off written to ${out}; sources with work: ${withWork.join(", ") || "none"}`);
  ctx.log.out(`handoff-digest: ${prepared.digest}`);
  if (env.githubActions) {
    const { prepareSummary } = await import("./phase-summary-GUBJWSLH.mjs");
    const markdown = prepareSummary(shown, { dir: out, digest: prepared.digest });
    await publishPhase(env, ctx.log, ctx.redact, markdown, (actions) => actions.reportAnnotations(shown));
  }
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return prepared.plan.sources.some((s) => s.status === "error") ? 1 : 0;
}
export {
  prepareCommand
};
