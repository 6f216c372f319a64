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
  printReport,
  publishPhase,
  writeReport
} from "./chunk-XUHSWI7S.mjs";
import {
  requireDir,
  selectSources
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
    const { prepareSummary } = await import("./phase-summary-NWEA6C63.mjs");
    const markdown = prepareSummary(shown, { dir: out, digest: prepared.digest });
    await publishPhase(env, ctx.log, ctx.redact, markdown, (actions) => actions.reportAnnotations(shown));
  }
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return prepared.plan.sources.some((s) => s.status === "error") ? 1 : 0;
}
export {
  prepareCommand
};
