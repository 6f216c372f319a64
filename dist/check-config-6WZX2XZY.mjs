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
  publishPhase
} from "./chunk-XUHSWI7S.mjs";
import {
  configPathOf,
  repoRoot,
  secretsOf
} from "./chunk-44GCHEUP.mjs";
import "./chunk-KYXXX33O.mjs";
import {
  ProcessRunner
} from "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import "./chunk-FE3YQVJZ.mjs";
import "./chunk-YLQSCQUF.mjs";
import {
  createRedactor
} from "./chunk-75ZOHKPX.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import {
  loadConfig
} from "./chunk-PJWMB5KA.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import "./chunk-RDSVHA4S.mjs";
import "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/commands/check-config.ts
init_define_AUTO_SYNC_BUILD();
async function checkConfigCommand(cli, env, log) {
  const root = cli.config && !cli.repo ? process.cwd() : await repoRoot(cli, env, new ProcessRunner());
  const path = configPathOf(cli, root);
  const config = await loadConfig(path);
  log.out(`${path}: valid — ${config.sources.length} source(s): ${config.sources.map((s) => s.name).join(", ")}`);
  if (env.githubActions) {
    const { configOkSummary, workspaceFile } = await import("./phase-summary-NWEA6C63.mjs");
    const redact = createRedactor(
      secretsOf(
        env,
        config.sources.map((s) => s.tokenEnv)
      )
    );
    await publishPhase(env, log, redact, configOkSummary(workspaceFile(path, env.githubWorkspace ?? root) ?? path, config), []);
  }
  return 0;
}
export {
  checkConfigCommand
};
