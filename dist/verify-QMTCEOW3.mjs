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
  publishPhase
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
import "./chunk-YLQSCQUF.mjs";
import {
  redactDeep
} from "./chunk-75ZOHKPX.mjs";
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

// scripts/auto-sync/commands/verify.ts
init_define_AUTO_SYNC_BUILD();
async function verifyCommand(cli, env, ctx) {
  const dir = requireDir(cli.in, "--in");
  const { verifyHandoff, writeResultsFile } = await import("./files-VB4MDODL.mjs");
  const { loadBundle } = await import("./publish-7IJ3AFWZ.mjs");
  const plan = await verifyHandoff(dir, void 0);
  for (const source of plan.sources) if (source.integration) await loadBundle(ctx.git, dir, source, `refs/auto-sync/verify/${source.name}`);
  const results = await steps.verify(ctx, env, plan);
  await writeResultsFile(dir, redactDeep(results, ctx.redact));
  const failed = results.sources.filter((s) => [...s.checks, ...s.smoke].some((c) => c.status !== "passed" && c.status !== "skipped"));
  ctx.log.out(`verified ${results.sources.length} source(s); with failures: ${failed.map((s) => s.name).join(", ") || "none"}`);
  if (env.githubActions) {
    const { verifySummary } = await import("./phase-summary-NWEA6C63.mjs");
    const planned = plan.sources.filter((s) => s.integration).map((s) => s.name);
    await publishPhase(env, ctx.log, ctx.redact, verifySummary(results, planned), []);
  }
  return 0;
}
export {
  verifyCommand
};
