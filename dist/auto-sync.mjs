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
  BUILD,
  PACKAGE_ROOT
} from "./chunk-N3FRCOHJ.mjs";
import {
  ERROR_CODES
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/index.ts
init_define_AUTO_SYNC_BUILD();

// scripts/auto-sync/runtime-check.ts
init_define_AUTO_SYNC_BUILD();
var MIN_NODE_MAJOR = 24;
function nodeVersionProblem(version, min) {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isFinite(major) && major >= min) return void 0;
  return `auto-sync needs Node ${min} or newer; this is Node ${version.replace(/^v/, "")}`;
}
var problem = nodeVersionProblem(process.versions.node, MIN_NODE_MAJOR);
if (problem) {
  process.stderr.write(`error: RUNTIME_UNSUPPORTED: ${problem}
  → ${ERROR_CODES.RUNTIME_UNSUPPORTED.hint}
`);
  process.exit(ERROR_CODES.RUNTIME_UNSUPPORTED.exit);
}

// scripts/auto-sync/source-loader.ts
init_define_AUTO_SYNC_BUILD();
import { lstatSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
async function loadDependenciesAsNodeDoes(nodeModules) {
  const { findPackageJSON, registerHooks } = await import("node:module");
  const own = new URL("./", import.meta.url).href;
  const prefix = pathToFileURL(nodeModules).href + "/";
  const typeOf = /* @__PURE__ */ new Map();
  const isModule = (url) => {
    if (url.endsWith(".mjs")) return true;
    if (!url.endsWith(".js")) return false;
    const manifest = findPackageJSON(url);
    if (!manifest) return false;
    if (!typeOf.has(manifest)) typeOf.set(manifest, JSON.parse(readFileSync(manifest, "utf8")).type);
    return typeOf.get(manifest) === "module";
  };
  registerHooks({
    // The tool's own imports name their files exactly (`./x.ts`): resolved here, without tsx's
    // search for other extensions (about 0.1 ms an import, 50 of them on an idle run). tsx still
    // loads (compiles) them.
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (parent?.startsWith(own) && !parent.includes("/node_modules/") && /^\.\.?\/[^?#]*\.ts$/.test(specifier))
        return { url: new URL(specifier, parent).href, format: "module", shortCircuit: true };
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (url.startsWith(prefix) && !url.includes("?") && !url.includes("#") && isModule(url))
        return { format: "module", source: readFileSync(fileURLToPath(url)), shortCircuit: true };
      return nextLoad(url, context);
    }
  });
}
async function enableStartUpCaches(packageRoot) {
  const { constants, enableCompileCache } = await import("node:module");
  const dir = `${packageRoot}/node_modules/.cache/auto-sync-v8`;
  if (ownPrivateDirectory(dir)) {
    const result = enableCompileCache(dir);
    if (result.status === constants.compileCacheStatus.FAILED) return;
  }
  const asked = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--enable-source-maps");
  if (!asked) process.setSourceMapsEnabled(false);
}
function ownPrivateDirectory(dir) {
  try {
    mkdirSync(dir, { recursive: true, mode: 448 });
    const info = lstatSync(dir);
    return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 18) === 0;
  } catch {
    return false;
  }
}

// scripts/auto-sync/index.ts
if (!BUILD) {
  await enableStartUpCaches(PACKAGE_ROOT);
  await loadDependenciesAsNodeDoes(`${PACKAGE_ROOT}/node_modules`);
}
var { main } = await import("./main-ZOVECZFP.mjs");
process.exitCode = await main(process.argv.slice(2), process.env);
