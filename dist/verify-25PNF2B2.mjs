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
  publishPhase
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
import "./chunk-UC4Y4PM5.mjs";
import {
  redactDeep
} from "./chunk-RBCATAN5.mjs";
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

// scripts/auto-sync/commands/verify.ts
init_define_AUTO_SYNC_BUILD();
async function verifyCommand(cli, env, ctx) {
  const dir = requireDir(cli.in, "--in");
  const { verifyHandoff, writeResultsFile } = await import("./files-EVHD5L53.mjs");
  const { loadBundle } = await import("./publish-AZPU6MJO.mjs");
  const plan = await verifyHandoff(dir, void 0);
  for (const source of plan.sources) if (source.integration) await loadBundle(ctx.git, dir, source, `refs/auto-sync/verify/${source.name}`);
  const results = await steps.verify(ctx, env, plan);
  await writeResultsFile(dir, redactDeep(results, ctx.redact));
  const failed = results.sources.filter((s) => [...s.checks, ...s.smoke].some((c) => c.status !== "passed" && c.status !== "skipped"));
  ctx.log.out(`verified ${results.sources.length} source(s); with failures: ${failed.map((s) => s.name).join(", ") || "none"}`);
  if (env.githubActions) {
    const { verifySummary } = await import("./phase-summary-GUBJWSLH.mjs");
    const planned = plan.sources.filter((s) => s.integration).map((s) => s.name);
    await publishPhase(env, ctx.log, ctx.redact, verifySummary(results, planned), []);
  }
  return 0;
}
export {
  verifyCommand
};
