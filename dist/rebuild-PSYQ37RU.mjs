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
  sourceOrigin
} from "./chunk-CKRWNHAF.mjs";
import "./chunk-3MHOMYTN.mjs";
import "./chunk-7XIBXNUV.mjs";
import "./chunk-KYXXX33O.mjs";
import {
  provenanceMessages
} from "./chunk-QUP47P7C.mjs";
import "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import {
  parseOrigins
} from "./chunk-JXGPT7T4.mjs";
import "./chunk-DUCIGC6T.mjs";
import "./chunk-AQ7F6235.mjs";
import "./chunk-FE3YQVJZ.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import "./chunk-UZQWDDPO.mjs";
import "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/state/rebuild.ts
init_define_AUTO_SYNC_BUILD();
async function rebuildState(deps, target, names) {
  const { git, config, forge } = deps;
  const at = deps.now.toISOString();
  const origins = (await provenanceMessages(git, target.head)).flatMap(parseOrigins);
  const proposals = await forge.listProposals();
  const sources = {};
  for (const source of config.sources.filter((s) => names.includes(s.name))) {
    const origin = sourceOrigin(source);
    const commits = {};
    for (const o of origins)
      if (o.origin === origin) commits[o.sha] = { decision: "applied", reason: "picked", at, detail: "found in the target history" };
    let integration;
    for (const proposal of [...proposals].reverse().filter((p) => p.source === source.name && !p.draft)) {
      for (const sha of proposal.commits) {
        if (commits[sha]?.decision === "applied" && proposal.state !== "merged") continue;
        const decision = proposal.state === "open" ? "proposed" : proposal.state === "merged" ? "applied" : "declined";
        commits[sha] = { decision, reason: "picked", at, proposal: proposal.id, detail: `proposal #${proposal.id} is ${proposal.state}` };
      }
      if (proposal.state === "open") integration = { branch: proposal.headBranch, head: proposal.headSha, commits: [...proposal.commits] };
    }
    sources[source.name] = { lastHead: null, watermark: null, updatedAt: at, commits, ...integration ? { integration } : {} };
  }
  return { version: 1, sources };
}
function mergeRebuilt(state, rebuilt) {
  const sources = { ...state.sources };
  for (const [name, record] of Object.entries(rebuilt.sources)) if (!sources[name]) sources[name] = record;
  return { ...state, sources };
}
export {
  mergeRebuilt,
  rebuildState
};
