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
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/forge/create.ts
init_define_AUTO_SYNC_BUILD();
import { join } from "node:path";
async function createForge(ctx, env) {
  return redactingForge(await openForge(ctx, env), ctx.redact);
}
function redactingForge(forge, redact) {
  return {
    publishBranch: (input) => forge.publishBranch(input),
    findOpenProposal: (source, headBranch) => forge.findOpenProposal(source, headBranch),
    listDrafts: (source) => forge.listDrafts(source),
    closeProposal: (id, note) => forge.closeProposal(id, redact(note)),
    upsertProposal: (input) => forge.upsertProposal({ ...input, title: redact(input.title), body: redact(input.body) }),
    merge: (input) => forge.merge({ ...input, message: redact(input.message) }),
    closeMerged: (source, headBranch, mergeSha) => forge.closeMerged(source, headBranch, mergeSha),
    noteOnProposal: (id, text) => forge.noteOnProposal(id, redact(text)),
    listProposals: () => forge.listProposals(),
    getProposal: (id) => forge.getProposal(id),
    upsertDashboard: (input) => forge.upsertDashboard({ title: redact(input.title), body: redact(input.body) })
  };
}
async function openForge(ctx, env) {
  if (ctx.config.forge.type === "github") {
    const repository = ctx.config.target.identity ?? env.githubRepository;
    if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new SyncError("USAGE", 'forge.type "github" needs the target repository as owner/name', {
        hint: "Set GITHUB_REPOSITORY (Actions sets it) or target.identity in the config."
      });
    }
    if (!env.githubToken) {
      throw new SyncError("FORGE_AUTH", 'forge.type "github" needs GITHUB_TOKEN', {
        hint: "Pass the workflow token or a GitHub App / PAT token as GITHUB_TOKEN (contents: write, pull-requests: write, issues: write)."
      });
    }
    const [owner, repo] = repository.split("/");
    const { createGitHubForge } = await import("./github-O26726SE.mjs");
    return createGitHubForge({
      git: ctx.git,
      owner,
      repo,
      token: env.githubToken,
      tokenName: "GITHUB_TOKEN",
      apiUrl: env.githubApiUrl,
      remoteUrl: `${env.githubServerUrl.replace(/\/+$/, "")}/${owner}/${repo}.git`,
      paceWrites: env.githubPacing,
      log: (line) => ctx.log.info(line)
    });
  }
  const { createLocalForge } = await import("./local-AF7ZKJRH.mjs");
  return createLocalForge({
    git: ctx.git,
    repoRoot: ctx.root,
    proposalsDir: join(ctx.root, ".neon", "proposals"),
    clock: () => /* @__PURE__ */ new Date()
  });
}

export {
  createForge,
  redactingForge
};
