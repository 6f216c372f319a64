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

// scripts/auto-sync/report/links.ts
init_define_AUTO_SYNC_BUILD();
import { isAbsolute, relative, sep } from "node:path";
var HOSTS = {
  "github.com": { commit: "commit", minSegments: 2, maxSegments: 2 },
  "gitlab.com": { commit: "-/commit", minSegments: 2, maxSegments: 20 },
  "codeberg.org": { commit: "commit", minSegments: 2, maxSegments: 2 },
  "bitbucket.org": { commit: "commits", minSegments: 2, maxSegments: 2 }
};
var SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,99})$/;
var SHA = /^[0-9a-f]{7,64}$/;
function webRepositoryOf(gitUrl, githubHosts = []) {
  if (gitUrl.length > 2e3 || /[\s\u0000-\u001f\u007f-\u009f\\]/.test(gitUrl)) return void 0;
  if (!/^https:\/\//i.test(gitUrl)) return void 0;
  let parsed;
  try {
    parsed = new URL(gitUrl);
  } catch {
    return void 0;
  }
  if (parsed.protocol !== "https:" || parsed.port !== "") return void 0;
  const host = parsed.hostname.toLowerCase();
  const known = HOSTS[host] ?? (githubHosts.map((h) => h.toLowerCase()).includes(host) ? { commit: "commit", minSegments: 2, maxSegments: 2 } : void 0);
  if (!known) return void 0;
  const rawPath = gitUrl.replace(/^https:\/\/[^/?#]*/i, "").replace(/[?#].*$/s, "");
  if (rawPath.split("/").some((s) => /^(?:\.|%2e)+$/i.test(s))) return void 0;
  const segments = parsed.pathname.replace(/\/+$/, "").replace(/\.git$/, "").split("/").slice(1);
  if (segments.length < known.minSegments || segments.length > known.maxSegments) return void 0;
  if (!segments.every((s) => SEGMENT.test(s) && !/^\.+$/.test(s) && !s.endsWith("."))) return void 0;
  return { url: `https://${host}/${segments.join("/")}`, commitPath: known.commit };
}
function commitUrlOf(repository, sha) {
  if (!repository || !SHA.test(sha)) return void 0;
  return `${repository.url}/${repository.commitPath}/${sha}`;
}
function configPathInRepo(root, configPath) {
  const rel = relative(root, configPath);
  if (rel === "" || isAbsolute(rel) || rel === ".." || rel.startsWith(`..${sep}`)) return void 0;
  return rel.split(sep).join("/");
}

export {
  webRepositoryOf,
  commitUrlOf,
  configPathInRepo
};
