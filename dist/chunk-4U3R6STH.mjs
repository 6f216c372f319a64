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
  require_picomatch
} from "./chunk-F3D2PCZV.mjs";
import {
  BUILTIN_DENY
} from "./chunk-BBBARBGM.mjs";
import {
  __toESM,
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/plan/paths.ts
init_define_AUTO_SYNC_BUILD();
var import_picomatch = __toESM(require_picomatch(), 1);
function createPathPolicy(options) {
  const builtin = createMatcher([...BUILTIN_DENY, ...options.alwaysDeny ?? []], { nocase: true });
  const configured = createMatcher(options.deny);
  const denied = /* @__PURE__ */ new Map();
  const deny = (file) => {
    let result = denied.get(file);
    if (result === void 0) denied.set(file, result = builtin(file) || configured(file));
    return result;
  };
  const allow = options.allow.length > 0 ? createMatcher(options.allow) : void 0;
  return {
    denies: deny,
    check(files) {
      for (const file of files) if (deny(file)) return { reason: "path-denied", file };
      if (allow) {
        for (const file of files) if (!allow(file)) return { reason: "outside-allowed-paths", file };
      }
      return void 0;
    }
  };
}
function createMatcher(globs, options = {}) {
  if (globs.length === 0) return () => false;
  const nocase = options.nocase ?? false;
  const regexes = globs.map((glob) => import_picomatch.default.makeRe(glob, { dot: true, nocase }));
  if (regexes.some((re) => re.flags !== regexes[0].flags)) return (0, import_picomatch.default)([...globs], { dot: true, nocase });
  const one = new RegExp(regexes.map((re) => `(?:${re.source})`).join("|"), regexes[0].flags);
  const fold = nocase ? (t) => t.toLowerCase() : (t) => t;
  const literal = new Set(globs.map(fold));
  return (file) => file !== "" && (literal.has(fold(file)) || one.test(file));
}

export {
  createPathPolicy,
  createMatcher
};
