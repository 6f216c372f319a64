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
  REVALIDATE,
  batchMergeMessage,
  deliveryOf,
  loadBundle,
  proposalContent,
  publish
} from "./chunk-BWO3VUSX.mjs";
import "./chunk-5LU5NJHT.mjs";
import "./chunk-6RHJINNU.mjs";
import "./chunk-4MFIV3Y2.mjs";
import "./chunk-2LRTPKUD.mjs";
import "./chunk-P63ZFZH3.mjs";
import "./chunk-MTAEIPEG.mjs";
import "./chunk-25BXWGVH.mjs";
import "./chunk-P672F67Q.mjs";
import "./chunk-SSA2DKFJ.mjs";
import "./chunk-G5BH5WI2.mjs";
import "./chunk-NSAGA2OZ.mjs";
import "./chunk-BGS6EXUY.mjs";
import "./chunk-3TG26LID.mjs";
import "./chunk-LX76LWDI.mjs";
import "./chunk-XOJF4YA4.mjs";
import "./chunk-BAC2M4RR.mjs";
import "./chunk-V4ORETBY.mjs";
import "./chunk-D4OSNLDI.mjs";
import "./chunk-U5XNFJPJ.mjs";
import "./chunk-PBUVULFU.mjs";
import "./chunk-JHPV3VKZ.mjs";
import "./chunk-JOKAZQPT.mjs";
import "./chunk-IL6ULC2M.mjs";
import "./chunk-CKICWHPJ.mjs";
import "./chunk-BRBT2LTL.mjs";
import "./chunk-TAMOUYYO.mjs";
import "./chunk-5DAOS4V6.mjs";
import "./chunk-6TND5ELP.mjs";
import "./chunk-EUBKBNR7.mjs";
import "./chunk-S4OQDW2N.mjs";
import "./chunk-DP5TVDHP.mjs";
import "./chunk-MBOQZTYI.mjs";
import "./chunk-RABHMILI.mjs";
export {
  REVALIDATE,
  batchMergeMessage,
  deliveryOf,
  loadBundle,
  proposalContent,
  publish
};
