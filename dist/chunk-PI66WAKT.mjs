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
  DEFAULT_STATE_FILE,
  readState,
  writeState
} from "./chunk-3MHOMYTN.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/state/access.ts
init_define_AUTO_SYNC_BUILD();
import { join } from "node:path";
async function stateAccess(ctx, env) {
  const file = join(ctx.root, DEFAULT_STATE_FILE);
  if (ctx.config.forge.type !== "github" || !env.githubToken) {
    return { read: () => readState(file), write: async (state) => await writeState(file, state) ? DEFAULT_STATE_FILE : void 0 };
  }
  const repository = ctx.config.target.identity ?? env.githubRepository ?? "";
  const { createGitStateStore } = await import("./remote-store-U3RNUBOB.mjs");
  const store = createGitStateStore({
    git: ctx.git,
    remoteUrl: `${env.githubServerUrl.replace(/\/+$/, "")}/${repository}.git`,
    token: env.githubToken,
    tokenName: "GITHUB_TOKEN",
    branch: ctx.config.target.branch,
    stateBranch: `${ctx.config.target.integrationBranchPrefix}state`,
    path: DEFAULT_STATE_FILE,
    committer: ctx.config.target.committer,
    now: () => /* @__PURE__ */ new Date(),
    log: (line) => ctx.log.info(line)
  });
  return {
    read: async () => (await store.read()).state,
    write: async (state) => {
      const result = await store.write(state);
      if (result.status === "unchanged") return void 0;
      return result.status === "committed" ? `${DEFAULT_STATE_FILE} on ${ctx.config.target.branch}` : `${DEFAULT_STATE_FILE} on ${ctx.config.target.integrationBranchPrefix}state`;
    }
  };
}

export {
  stateAccess
};
