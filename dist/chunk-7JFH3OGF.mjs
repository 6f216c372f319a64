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
  STATE_VERSION
} from "./chunk-UZQWDDPO.mjs";
import {
  external_exports
} from "./chunk-KLZKRLRV.mjs";
import {
  formatPath
} from "./chunk-RDSVHA4S.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/state/schema.ts
init_define_AUTO_SYNC_BUILD();
var reasonSchema = external_exports.string();
var commitRecordSchema = external_exports.strictObject({
  decision: external_exports.enum(["picked", "skipped", "applied", "proposed", "declined"]),
  reason: reasonSchema,
  at: external_exports.string(),
  detail: external_exports.string().optional(),
  /** Picked, validated on a target that moved, and left for the next run to build and validate again (once). */
  deferred: external_exports.literal(true).optional(),
  /** For proposed commits: the proposal (pull request) they are in. */
  proposal: external_exports.number().int().optional()
});
var sourceStateSchema = external_exports.strictObject({
  /** The source head seen by the last run that recorded state. */
  lastHead: external_exports.string().nullable(),
  /** Every commit up to here (and its ancestors) is decided for good. */
  watermark: external_exports.string().nullable(),
  updatedAt: external_exports.string(),
  commits: external_exports.record(external_exports.string(), commitRecordSchema),
  /** The integration branch as auto-sync last left it; a different head means a person added to it. */
  integration: external_exports.strictObject({ branch: external_exports.string(), head: external_exports.string(), commits: external_exports.array(external_exports.string()) }).optional()
});
var stateSchema = external_exports.strictObject({
  version: external_exports.literal(STATE_VERSION),
  sources: external_exports.record(external_exports.string(), sourceStateSchema)
});
function parseStateText(text, origin) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SyncError("STATE_CORRUPT", `state file ${origin} is not valid JSON (${error.message})`);
  }
  const version = raw?.version;
  if (typeof raw === "object" && raw !== null && version !== STATE_VERSION) {
    throw new SyncError(
      "STATE_VERSION",
      `state file ${origin} has version ${JSON.stringify(version)}; this auto-sync reads version ${STATE_VERSION}`
    );
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path) || "(top level)"}: ${i.message}`);
    throw new SyncError("STATE_CORRUPT", `state file ${origin} is not a valid auto-sync state (${problems.length} problem(s))`, {
      details: problems.slice(0, 20)
    });
  }
  return parsed.data;
}

export {
  parseStateText
};
