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
  PENDING_REASONS
} from "./chunk-ZXZMSE3Y.mjs";
import {
  cachedParse
} from "./chunk-BWQCXTIL.mjs";
import {
  STATE_VERSION
} from "./chunk-UZQWDDPO.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/state/file.ts
init_define_AUTO_SYNC_BUILD();
import { readFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
var DEFAULT_STATE_FILE = ".neon/auto-sync-state.json";
function emptyState() {
  return { version: STATE_VERSION, sources: {} };
}
async function readState(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return emptyState();
    throw new SyncError("STATE_CORRUPT", `cannot read state file ${file}: ${error.message}`);
  }
  return cachedParse("state", text, ["state/schema.ts"], async () => (await import("./schema-HHRPB3Z6.mjs")).parseStateText(text, file));
}
function serializeState(state) {
  return `${JSON.stringify(sortKeys(state), null, 2)}
`;
}
async function writeState(file, state) {
  const text = serializeState(state);
  const current = await readFile(file, "utf8").catch(() => void 0);
  if (current === text) return false;
  await mkdir(dirname(file), { recursive: true });
  const { default: writeFileAtomic } = await import("./lib-4IMCZMZC.mjs");
  await writeFileAtomic(file, text, { encoding: "utf8" }).catch((error) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.includes(file) ? message : `${message} (writing ${file})`, { cause: error });
  });
  return true;
}
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([k, v]) => [k, sortKeys(v)])
    );
  }
  return value;
}
function pendingShas(source) {
  if (!source) return [];
  return Object.entries(source.commits).filter(([, record]) => record.decision === "picked" || record.decision === "skipped" && PENDING_REASONS.has(record.reason)).map(([sha]) => sha);
}
function isSettled(source, sha) {
  const record = source?.commits[sha];
  if (!record) return false;
  return !(record.decision === "skipped" && PENDING_REASONS.has(record.reason)) && record.decision !== "picked";
}
function recordSource(previous, update) {
  const commits = { ...previous?.commits ?? {} };
  const decided = new Map(update.decisions.map((d) => [d.sha, d]));
  let watermark = previous?.watermark ?? null;
  let blocked = false;
  for (const sha of update.listed) {
    const decision = decided.get(sha);
    if (decision) {
      const outcome = update.outcomes?.get(
        sha
      ) ?? {
        decision: decision.decision,
        reason: decision.reason,
        ...decision.detail ? { detail: decision.detail } : {}
      };
      const record2 = {
        decision: outcome.decision,
        reason: outcome.reason,
        at: update.now,
        ...outcome.detail ? { detail: outcome.detail } : {},
        ...outcome.deferred ? { deferred: true } : {}
      };
      const old = commits[sha];
      commits[sha] = old && old.decision === record2.decision && old.reason === record2.reason && old.detail === record2.detail && old.deferred === record2.deferred ? old : record2;
    }
    const record = commits[sha];
    const pending = !record || record.decision === "picked" || record.decision === "skipped" && PENDING_REASONS.has(record.reason);
    if (pending) blocked = true;
    else if (!blocked) watermark = sha;
  }
  const changed = !previous || previous.lastHead !== update.head || previous.watermark !== watermark || Object.keys(commits).length !== Object.keys(previous.commits).length || Object.entries(commits).some(([sha, record]) => previous.commits[sha] !== record);
  if (!changed) return previous;
  return {
    lastHead: update.head,
    watermark,
    updatedAt: update.now,
    commits,
    ...previous?.integration ? { integration: previous.integration } : {}
  };
}

export {
  DEFAULT_STATE_FILE,
  emptyState,
  readState,
  serializeState,
  writeState,
  pendingShas,
  isSettled,
  recordSource
};
