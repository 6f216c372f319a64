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

// scripts/auto-sync/report/markdown.ts
init_define_AUTO_SYNC_BUILD();
var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
var ANSI = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
var REFERENCE = /(?<![\w`@#/.-])(?:@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9][\w.-]*)?|(?:[A-Za-z0-9][\w.-]*\/[\w.-]+)?#\d+|GH-\d+)(?![\w-])/g;
var SPECIAL = /[\\`*_[\]<>|~&$]/g;
var LEADING_BLOCK = /^(?:[#=+-]|\d+(?=[.)]))/;
function oneLine(text, max = 300) {
  const flat = text.replace(ANSI, "").replace(CONTROLS, " ").replace(/ {2,}/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
function inline(text, max = 300) {
  const flat = oneLine(text, max);
  let out = "";
  let last = 0;
  for (const match of flat.matchAll(REFERENCE)) {
    out += escapeText(flat.slice(last, match.index), last === 0) + code(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeText(flat.slice(last), last === 0);
}
function escapeText(text, atStart) {
  const escaped = text.replace(SPECIAL, (c) => `\\${c}`);
  return atStart ? escaped.replace(LEADING_BLOCK, (m) => /\d/.test(m) ? `${m}\\` : `\\${m}`) : escaped;
}
function code(text, options = {}) {
  let body = oneLine(text, options.max ?? 300);
  if (options.inTable) body = body.replace(/\|/g, "\\|");
  if (body === "") return "` `";
  const ticks = "`".repeat(longestRun(body, "`") + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body.startsWith(" ") && body.endsWith(" ") ? " " : "";
  return `${ticks}${pad}${body}${pad}${ticks}`;
}
function fence(text, info = "text") {
  const body = cleanBlock(text);
  const ticks = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${ticks}${info}
${body}
${ticks}`;
}
function cleanBlock(text) {
  return text.replace(ANSI, "").replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").replace(/[ \t]+$/gm, "").replace(/^\n+|\n+$/g, "");
}
function tailOf(text, maxLines, maxChars) {
  const lines = cleanBlock(text).split("\n");
  let kept = lines.slice(Math.max(0, lines.length - maxLines));
  let size = kept.reduce((n, line) => n + line.length + 1, 0);
  while (kept.length > 1 && size > maxChars) {
    size -= (kept[0]?.length ?? 0) + 1;
    kept = kept.slice(1);
  }
  let body = kept.join("\n");
  const cut = lines.length - kept.length;
  if (body.length > maxChars) body = `[…]${body.slice(body.length - maxChars)}`;
  return cut > 0 ? `[… ${cut} earlier line${cut === 1 ? "" : "s"} not shown]
${body}` : body;
}
function table(header, rows, align) {
  const rule = header.map((_, i) => align?.[i] === "r" ? "---:" : "---");
  return [header, rule, ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
}
function safeLink(label, url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return `${inline(label)} (${code(url.replace(/\/\/[^/@\s]*@/, "//"))})`;
  }
  parsed.username = "";
  parsed.password = "";
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `${inline(label)} (${code(parsed.href)})`;
  const href = parsed.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `[${inline(label)}](${href})`;
}
function longestRun(text, char) {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

export {
  oneLine,
  inline,
  code,
  fence,
  tailOf,
  table,
  safeLink
};
