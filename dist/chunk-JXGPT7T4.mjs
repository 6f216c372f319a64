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
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/plan/provenance.ts
init_define_AUTO_SYNC_BUILD();
var TRAILER = "Auto-Sync-Origin";
var TRAILER_LINE = /^Auto-Sync-Origin:[ \t]*([^\s@]+)@([0-9a-f]{40,64})[ \t]*$/gim;
var CHERRY_LINE = /^\(cherry picked from commit ([0-9a-f]{40,64})\)[ \t]*$/gim;
var HAS_TRAILER = /auto-sync-origin:/i;
var HAS_CHERRY = /cherry picked from commit/i;
function parseOrigins(message) {
  if (!HAS_TRAILER.test(message)) return [];
  return [...message.matchAll(TRAILER_LINE)].map((m) => ({ origin: m[1].toLowerCase(), sha: m[2].toLowerCase() }));
}
function parseCherryPickedFrom(message) {
  if (!HAS_CHERRY.test(message)) return [];
  return [...message.matchAll(CHERRY_LINE)].map((m) => m[1].toLowerCase());
}
function originIdentity(url, fallbackName) {
  const trimmed = url.replace(/\/+$/, "").replace(/\.git$/, "");
  const match = /^(?:https?|ssh|git):\/\/[^/]+\/(?:.*\/)?([^/]+)\/([^/]+)$/i.exec(trimmed) ?? /^[^/:@\s]+@[^:]+:(?:.*\/)?([^/]+)\/([^/]+)$/.exec(trimmed);
  if (match && !/^file:/i.test(url)) return `${match[1]}/${match[2]}`.toLowerCase();
  return fallbackName.toLowerCase();
}
function provenanceMessage(message, origin) {
  const body = message.replace(/\s+$/, "");
  const existing = parseOrigins(body);
  const lines = [];
  if (!parseCherryPickedFrom(body).includes(origin.sha)) lines.push(`(cherry picked from commit ${origin.sha})`);
  if (existing.length === 0) lines.push(`${TRAILER}: ${origin.origin}@${origin.sha}`);
  if (lines.length === 0) return `${body}
`;
  const lastParagraph = body.split(/\n\s*\n/).at(-1) ?? "";
  const endsInTrailers = body.includes("\n") && lastParagraph.split("\n").every((l) => /^[\w-]+:\s|^\(cherry picked from commit /.test(l));
  return `${body}${endsInTrailers ? "\n" : "\n\n"}${lines.join("\n")}
`;
}
function isWrittenByAutoSync(commit, committer) {
  if (commit.committerEmail.toLowerCase() !== committer.email.toLowerCase()) return false;
  return parseOrigins(commit.message).length > 0 || commit.message === "auto-sync: merge base\n";
}

export {
  TRAILER,
  parseOrigins,
  parseCherryPickedFrom,
  originIdentity,
  provenanceMessage,
  isWrittenByAutoSync
};
