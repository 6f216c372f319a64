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

// scripts/auto-sync/output/redact.ts
init_define_AUTO_SYNC_BUILD();
var MASK = "***";
var SHORTEST = 4;
var BASIC_PREFIXES = ["", "x-access-token:", "x-oauth-basic:", ":"];
function secretForms(secret) {
  const forms = /* @__PURE__ */ new Set([secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]);
  for (const prefix of BASIC_PREFIXES) {
    const full = Buffer.from(prefix + secret).toString("base64");
    forms.add(full);
    forms.add(full.replace(/=+$/, ""));
  }
  for (const inner of innerBase64(secret)) {
    if (inner === void 0) continue;
    forms.add(inner);
    forms.add(inner.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...forms].filter((form) => form.length >= 4);
}
function innerBase64(secret) {
  const bytes = Buffer.from(secret);
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64");
    const start = Math.ceil(pad * 4 / 3) + (pad > 0 ? 1 : 0);
    const usableBytes = pad + bytes.length - (pad + bytes.length) % 3;
    const inner = encoded.slice(start, usableBytes / 3 * 4);
    return inner.length >= 8 ? inner : void 0;
  });
}
var CSI = String.raw`\x1b\[[0-?]*[ -/]*[@-~]`;
var STRIP = new RegExp(String.raw`(?:${CSI}|[\r\n])[ \t+>-]*`, "g");
var STRIPPED_WITH = /* @__PURE__ */ new Set([" ", "	", "+", ">", "-"]);
var LAYOUT = new RegExp(String.raw`${CSI}|(?:\r\n?|\n)[ \t]*`, "g");
var made = /* @__PURE__ */ new Map();
function createRedactor(secrets) {
  const usable = [...new Set(secrets)].filter((secret) => !!secret && secret.length >= SHORTEST);
  const key = JSON.stringify(usable);
  let redactor = made.get(key);
  if (!redactor) made.set(key, redactor = buildRedactor(usable));
  return redactor;
}
function buildRedactor(secrets) {
  if (secrets.length === 0) return (text) => text;
  const forms = secrets.map(formsOf);
  const exotic = secrets.some((secret) => secret.includes("\x1B"));
  const precheck = exotic ? void 0 : buildPrecheck(forms.flatMap(seedsOf));
  let matchers;
  return (text) => {
    if (precheck && !precheck.test(text.replace(STRIP, ""))) return text;
    matchers ??= forms.map(buildMatcher);
    const { stripped, origin } = stripWithMap(text);
    const spans = [];
    for (const matcher of matchers) {
      for (const [start, end] of findSpans(matcher, stripped)) spans.push([origin(start), origin(end - 1) + 1]);
      if (exotic) spans.push(...findSpans(matcher, text));
    }
    return maskSpans(text, spans, !exotic);
  };
}
function redactDeep(value, redact) {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact);
    return out;
  }
  return value;
}
function formsOf(secret) {
  const inners = innerBase64(secret);
  const forms = [{ units: [...secret].map(urlEncodings), padding: 0, cuttable: true, seeded: true }];
  for (const inner of inners) if (inner !== void 0) forms.push({ ...base64Form(inner), cuttable: true, seeded: true });
  for (const prefix of BASIC_PREFIXES) {
    const seeded = inners[Buffer.byteLength(prefix) % 3] === void 0;
    forms.push({ ...base64Form(Buffer.from(prefix + secret).toString("base64")), cuttable: false, seeded });
  }
  return forms.flatMap(piecesOf);
}
var PIECE = 128;
function piecesOf(form) {
  const n = form.units.length;
  if (n <= PIECE) return [form];
  const starts = [];
  for (let start = 0; start + PIECE < n; start += PIECE - LONGEST_CUT) starts.push(start);
  starts.push(n - PIECE);
  return starts.map((start) => ({
    units: form.units.slice(start, start + PIECE),
    padding: start + PIECE === n ? form.padding : 0,
    cuttable: form.cuttable,
    seeded: true
  }));
}
function urlEncodings(char) {
  try {
    const once = encodeURIComponent(char);
    return [.../* @__PURE__ */ new Set([/[\r\n]/.test(char) ? "" : char, once, encodeURIComponent(once)])];
  } catch {
    return [char];
  }
}
function base64Form(encoded) {
  const body = encoded.replace(/=+$/, "");
  const units = [...body].map((c) => c === "+" ? ["+", "-"] : c === "/" ? ["/", "_"] : [c]);
  return { units, padding: encoded.length - body.length };
}
var LONGEST_CUT = 12;
function cutLength(n) {
  const cut = Math.min(LONGEST_CUT, Math.max(8, Math.ceil(n / 2)));
  return cut < n ? cut : void 0;
}
function longestFirst(forms) {
  return [...forms].sort((a, b) => b.units.length - a.units.length);
}
function seedsOf(forms) {
  const seeds = [];
  for (const form of longestFirst(forms)) {
    const n = form.units.length;
    const cut = form.cuttable ? cutLength(n) : void 0;
    if (form.seeded) seeds.push(form.units.slice(0, cut ?? n));
    if (cut !== void 0) seeds.push(form.units.slice(n - cut));
  }
  return seeds;
}
function buildMatcher(forms) {
  const prefixes = [];
  const suffixes = [];
  for (const form of longestFirst(forms)) {
    const units = form.units.map(unitPattern);
    const n = units.length;
    const tail = form.padding > 0 ? `={0,${form.padding}}` : "";
    const cut = form.cuttable ? cutLength(n) : void 0;
    const shortest = cut ?? n;
    let longer = tail;
    for (let i = n - 1; i >= shortest; i--) longer = `(?:${units[i]}${longer})?`;
    prefixes.push(units.slice(0, shortest).join("") + longer);
    if (cut === void 0) continue;
    const last = units.slice(n - cut).join("");
    let before = "";
    for (let i = 0; i < n - cut; i++) before = `(?:${before}${units[i]})?`;
    suffixes.push(`${last}(?<=(${before})${last})${tail}`);
  }
  return {
    prefix: alternations(prefixes),
    suffix: alternations(suffixes)
  };
}
var ALTERNATIVES = 16;
function alternations(patterns) {
  const out = [];
  for (let i = 0; i < patterns.length; i += ALTERNATIVES) out.push(new RegExp(patterns.slice(i, i + ALTERNATIVES).join("|"), "g"));
  return out;
}
function unitPattern(alternatives) {
  const patterns = alternatives.map((a) => [...a].map((c) => escapeRegExp(c) + (STRIPPED_WITH.has(c) ? "?" : "")).join(""));
  return patterns.length === 1 ? patterns[0] : `(?:${patterns.join("|")})`;
}
var WINDOW = 6;
function buildPrecheck(seeds) {
  const chosen = /* @__PURE__ */ new Set();
  let left = [];
  for (const seed of seeds) {
    const windows = windowsOf(seed);
    const plain = windows.filter((w) => w.start !== "");
    if (plain.length > 0) left.push(plain);
    else chosen.add(windows[0].pattern);
  }
  while (left.length > 0) {
    const counts = /* @__PURE__ */ new Map();
    for (const windows of left) for (const start of new Set(windows.map((w) => w.start))) counts.set(start, (counts.get(start) ?? 0) + 1);
    const best = [...counts].reduce((a, b) => b[1] > a[1] ? b : a)[0];
    left = left.filter((windows) => {
      const window = windows.find((w) => w.start === best);
      if (window) chosen.add(window.pattern);
      return !window;
    });
  }
  return new RegExp([...chosen].join("|"));
}
function windowsOf(seed) {
  const size = Math.min(WINDOW, seed.length);
  const windows = [];
  for (let i = 0; i + size <= seed.length; i++) {
    const first = seed[i];
    const plain = first.length === 1 && first[0].length === 1 && !STRIPPED_WITH.has(first[0]);
    windows.push({
      start: plain ? first[0] : "",
      pattern: seed.slice(i, i + size).map(unitPattern).join("")
    });
  }
  return windows;
}
function stripWithMap(text) {
  const from = [0];
  const to = [0];
  let stripped = "";
  let at = 0;
  for (const m of text.matchAll(STRIP)) {
    stripped += text.slice(at, m.index);
    at = m.index + m[0].length;
    from.push(stripped.length);
    to.push(at);
  }
  stripped += text.slice(at);
  const origin = (index) => {
    let lo = 0;
    let hi = from.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (from[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return to[lo] + index - from[lo];
  };
  return { stripped, origin };
}
function findSpans(matcher, text) {
  const spans = [];
  for (const pattern of matcher.prefix) for (const m of matchesOf(pattern, text)) spans.push([m.index, m.index + m[0].length]);
  for (const pattern of matcher.suffix)
    for (const m of matchesOf(pattern, text)) {
      const before = m.slice(1).find((group) => group !== void 0) ?? "";
      spans.push([m.index - before.length, m.index + m[0].length]);
    }
  return spans.filter(([start, end]) => end - start >= SHORTEST);
}
function* matchesOf(pattern, text) {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    yield m;
    pattern.lastIndex = m.index + 1;
  }
}
function maskSpans(text, spans, keepLayout) {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (let i = 0; i < spans.length; ) {
    const start = spans[i][0];
    let end = spans[i][1];
    for (i++; i < spans.length && spans[i][0] < end; i++) end = Math.max(end, spans[i][1]);
    const layout = keepLayout ? (text.slice(start, end).match(LAYOUT) ?? []).join("") : "";
    out += text.slice(at, start) + MASK + layout;
    at = end;
  }
  return out + text.slice(at);
}
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export {
  secretForms,
  createRedactor,
  redactDeep
};
