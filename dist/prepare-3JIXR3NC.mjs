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
  integrationRef,
  prepare
} from "./chunk-2QAPHAA3.mjs";
import "./chunk-I3IPG4P4.mjs";
import "./chunk-2KJWHBMF.mjs";
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
import "./chunk-JRTADQU5.mjs";
import "./chunk-EUPQQH4K.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import "./chunk-4U3R6STH.mjs";
import "./chunk-F3D2PCZV.mjs";
import "./chunk-BBBARBGM.mjs";
import "./chunk-NHM2YDOV.mjs";
import "./chunk-KLZKRLRV.mjs";
import "./chunk-RDSVHA4S.mjs";
import "./chunk-3MHVHWDU.mjs";
import "./chunk-CUXXW3P5.mjs";
export {
  integrationRef,
  prepare
};
