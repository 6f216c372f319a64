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
  stateAccess
} from "./chunk-PI66WAKT.mjs";
import {
  createForge
} from "./chunk-MYIJ2NBC.mjs";
import {
  batchMergeMessage,
  settleProposal
} from "./chunk-HMVQNQQ7.mjs";
import "./chunk-2QAPHAA3.mjs";
import "./chunk-QPJYUZDN.mjs";
import "./chunk-I3IPG4P4.mjs";
import "./chunk-Y6LXJMLO.mjs";
import "./chunk-2KJWHBMF.mjs";
import {
  sourceOrigin
} from "./chunk-CKRWNHAF.mjs";
import "./chunk-3MHOMYTN.mjs";
import "./chunk-AZ7N7DHR.mjs";
import "./chunk-7XIBXNUV.mjs";
import "./chunk-KYXXX33O.mjs";
import "./chunk-QUP47P7C.mjs";
import "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import "./chunk-JXGPT7T4.mjs";
import "./chunk-VXZ7WYPH.mjs";
import "./chunk-DUCIGC6T.mjs";
import "./chunk-DGVNAYVH.mjs";
import "./chunk-AQ7F6235.mjs";
import "./chunk-FE3YQVJZ.mjs";
import "./chunk-BIVVUVVJ.mjs";
import {
  redactDeep
} from "./chunk-75ZOHKPX.mjs";
import "./chunk-XKK76LSD.mjs";
import "./chunk-JRTADQU5.mjs";
import "./chunk-EUPQQH4K.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import "./chunk-4U3R6STH.mjs";
import "./chunk-F3D2PCZV.mjs";
import "./chunk-BBBARBGM.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import "./chunk-NHM2YDOV.mjs";
import "./chunk-UZQWDDPO.mjs";
import "./chunk-KLZKRLRV.mjs";
import "./chunk-RDSVHA4S.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/commands/accept.ts
init_define_AUTO_SYNC_BUILD();
async function acceptCommand(cli, env, ctx) {
  const { forge, proposal } = await openProposal(cli, env, ctx, "accept");
  if (proposal.draft)
    throw new SyncError("PROPOSAL_DRAFT", `proposal #${proposal.id} (${proposal.source}) is a conflict draft; auto-sync never merges one`);
  const source = ctx.config.sources.find((s) => s.name === proposal.source);
  if (!source)
    throw new SyncError(
      "PROPOSAL_NOT_FOUND",
      `proposal #${proposal.id} is from "${proposal.source}", which the configuration no longer has`,
      {
        hint: `Add the source back to ${ctx.configPath} to accept it, or decline it.`
      }
    );
  const head = await ctx.git.resolve(`refs/heads/${proposal.headBranch}`);
  if (head !== proposal.headSha)
    throw new SyncError(
      "PROPOSAL_MOVED",
      `${proposal.headBranch} is at ${head ?? "(missing)"}, not at ${proposal.headSha} which proposal #${proposal.id} records`
    );
  const baseBranch = ctx.config.target.branch;
  const base = await ctx.git.resolve(`refs/heads/${baseBranch}`);
  if (!base) throw new SyncError("TARGET_BRANCH_MISSING", `the target has no branch "${baseBranch}"`);
  const merge = await forge.merge({
    source: proposal.source,
    headBranch: proposal.headBranch,
    headSha: proposal.headSha,
    baseBranch,
    expectedBaseSha: base,
    method: ctx.config.forge.mergeMethod,
    message: batchMergeMessage(sourceOrigin(source), proposal.commits, ctx.config.forge.messagePrefix),
    committer: ctx.config.target.committer
  });
  if (merge.status !== "merged")
    throw new SyncError("MERGE_REFUSED", `proposal #${proposal.id} was not merged (${merge.code}): ${merge.reason}`);
  await forge.closeMerged(proposal.source, proposal.headBranch, merge.sha);
  const recorded = await recordSettlement(ctx, env, proposal, "merged");
  ctx.log.out(
    `accepted proposal #${proposal.id} (${proposal.source}): ${baseBranch} is at ${merge.sha}${merge.fastForward ? " (fast-forward)" : ""}; ${recorded} commit(s) recorded as applied`
  );
  return finish(ctx, cli, {
    version: 1,
    command: "accept",
    proposal: { id: proposal.id, url: proposal.url, source: proposal.source, state: "merged" },
    merge: { sha: merge.sha, fastForward: merge.fastForward },
    commits: proposal.commits,
    recorded
  });
}
async function declineCommand(cli, env, ctx) {
  const { forge, proposal } = await openProposal(cli, env, ctx, "decline");
  await forge.closeProposal(
    proposal.id,
    "Declined with `auto-sync decline`: its commits are not proposed again unless the source changes them."
  );
  const closed = await forge.getProposal(proposal.id);
  if (closed?.state !== "closed") throw new SyncError("FORGE_FAILED", `proposal #${proposal.id} could not be closed`);
  const recorded = await recordSettlement(ctx, env, proposal, "closed");
  ctx.log.out(`declined proposal #${proposal.id} (${proposal.source}): ${recorded} commit(s) recorded as declined, never proposed again`);
  return finish(ctx, cli, {
    version: 1,
    command: "decline",
    proposal: { id: proposal.id, url: proposal.url, source: proposal.source, state: "closed" },
    merge: null,
    commits: proposal.commits,
    recorded
  });
}
async function openProposal(cli, env, ctx, command) {
  if (ctx.config.forge.type !== "local")
    throw new SyncError("FORGE_NOT_LOCAL", `${command} acts on local proposals, and forge.type is "${ctx.config.forge.type}"`);
  const name = cli.proposal ?? "";
  const forge = await createForge(ctx, env);
  const byNumber = /^#?\d+$/.test(name);
  const proposal = byNumber ? await forge.getProposal(Number(name.replace(/^#/, ""))) : await forge.findOpenProposal(name, `${ctx.config.target.integrationBranchPrefix}${name}`);
  if (!proposal) {
    const known = ctx.config.sources.some((s) => s.name === name);
    throw new SyncError(
      "PROPOSAL_NOT_FOUND",
      byNumber ? `there is no proposal #${name.replace(/^#/, "")}` : known ? `source "${name}" has no open proposal` : `"${name}" is neither a proposal number nor a configured source`
    );
  }
  if (proposal.state !== "open")
    throw new SyncError("PROPOSAL_NOT_OPEN", `proposal #${proposal.id} (${proposal.source}) is ${proposal.state} already`);
  return { forge, proposal };
}
async function recordSettlement(ctx, env, proposal, outcome) {
  const store = await stateAccess(ctx, env);
  const state = await store.read();
  const { state: next, settled } = settleProposal(state.sources[proposal.source], proposal.id, outcome, (/* @__PURE__ */ new Date()).toISOString());
  if (!next || settled.length === 0) return 0;
  await store.write(redactDeep({ ...state, sources: { ...state.sources, [proposal.source]: next } }, ctx.redact));
  return settled.length;
}
function finish(ctx, cli, result) {
  if (cli.json) ctx.stdout(`${JSON.stringify(redactDeep(result, ctx.redact), null, 2)}
`);
  return 0;
}
export {
  acceptCommand,
  declineCommand
};
