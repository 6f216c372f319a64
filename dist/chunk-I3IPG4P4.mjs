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
  makeTempDir,
  removeTempDir
} from "./chunk-6AZSIFK2.mjs";
import {
  TRAILER
} from "./chunk-JXGPT7T4.mjs";
import {
  Channel,
  NewObjects,
  OID,
  ObjectReader,
  TREE_MODE,
  canonicalMode,
  commitObject,
  exited,
  isTreeMode,
  objectFormatOf,
  parseCommit,
  parseTree,
  treeObject
} from "./chunk-DGVNAYVH.mjs";
import {
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/plan/lockfiles.ts
init_define_AUTO_SYNC_BUILD();
var LOCKFILE_NAMES = /* @__PURE__ */ new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"]);
function isLockfile(path) {
  return LOCKFILE_NAMES.has(path.slice(path.lastIndexOf("/") + 1));
}
function isLockfileOnlyConflict(paths) {
  return paths.length > 0 && paths.every(isLockfile);
}
function regenerateCommand(path, head = "") {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "pnpm-lock.yaml") return { manager: "pnpm", file: "pnpm", args: ["install", "--lockfile-only", "--ignore-scripts"] };
  if (name === "yarn.lock")
    return /^__metadata:/m.test(head) ? { manager: "yarn", file: "yarn", args: ["install", "--mode=update-lockfile"] } : { manager: "yarn", file: "yarn", args: ["install", "--ignore-scripts", "--non-interactive"] };
  if (!isLockfile(path)) throw new Error(`regenerateCommand: not a lockfile: ${path}`);
  return { manager: "npm", file: "npm", args: ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"] };
}
function regeneratedPaths(entries) {
  return [...new Set((entries ?? []).flatMap((e) => e.paths))];
}
function lockfileCommitMessage(prefix, paths, origins) {
  const clean = paths.map((p) => p.replace(/[\u0000-\u001f\u007f]/g, "?"));
  const shown = clean.length <= 3 ? clean.join(", ") : `${clean.slice(0, 3).join(", ")} and ${clean.length - 3} more`;
  const body = "The synced commits conflicted with the target only in these lockfiles. auto-sync took the\ntarget's lockfiles and regenerated them with the project's package manager in the verify phase;\nthe checks ran on this tree.";
  const trailers = origins.map((o) => `${TRAILER}: ${o.origin}@${o.sha}`).join("\n");
  return `${prefix}: regenerate ${shown}

${body}

${trailers}
`;
}

// scripts/auto-sync/git/apply-commits.ts
init_define_AUTO_SYNC_BUILD();
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";

// scripts/auto-sync/git/tree-merge.ts
init_define_AUTO_SYNC_BUILD();
function parseDiffTree(output) {
  const tokens = output.toString("latin1").split("\0");
  const commits = /* @__PURE__ */ new Map();
  let current;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === "") continue;
    if (token.startsWith(":")) {
      const fields = token.slice(1).split(" ");
      const path = tokens[++i];
      if (!current || fields.length !== 5 || path === void 0)
        throw new SyncError("GIT_FAILED", `git diff-tree wrote an unexpected line: ${JSON.stringify(token)}`);
      const [oldMode, newMode, oldOid, newOid, status] = fields;
      current.push({ status, oldMode, newMode, oldOid, newOid, path });
    } else if (OID.test(token)) {
      current = [];
      commits.set(token, current);
    } else {
      throw new SyncError("GIT_FAILED", `git diff-tree wrote an unexpected line: ${JSON.stringify(token)}`);
    }
  }
  return commits;
}
var TreeStore = class {
  constructor(reader, writer, format) {
    this.reader = reader;
    this.writer = writer;
    this.format = format;
  }
  reader;
  writer;
  format;
  trees = /* @__PURE__ */ new Map();
  async get(oid) {
    const cached = this.trees.get(oid);
    if (cached) return cached;
    const object = await this.reader.read(oid);
    if ("missing" in object || object.type !== "tree") throw new SyncError("GIT_FAILED", `tree ${oid} is not in the object store`);
    const tree = parseTree(object.body, this.format);
    this.trees.set(oid, tree);
    return tree;
  }
  write(entries) {
    const oid = this.writer.write("tree", treeObject(entries));
    this.trees.set(oid, entries);
    return oid;
  }
  /** What `root` holds at `parts`; `existing` counts the directories above it that exist. */
  async walk(root, parts) {
    let tree = await this.get(root);
    for (let depth = 0; depth < parts.length; depth++) {
      const entry = tree.get(parts[depth]);
      if (depth === parts.length - 1) return entry ? { found: entry } : { absent: true, existing: depth };
      if (!entry) return { absent: true, existing: depth };
      if (!isTreeMode(entry.mode)) return { blocked: true };
      tree = await this.get(entry.oid);
    }
    throw new Error("walk: empty path");
  }
  /** A new tree: `root` with entries set (or removed, for null); directories left empty disappear. */
  async edit(root, edits) {
    return await this.editTree(root, edits) ?? this.write(/* @__PURE__ */ new Map());
  }
  async editTree(oid, edits) {
    const entries = new Map(oid === void 0 ? [] : await this.get(oid));
    const below = /* @__PURE__ */ new Map();
    for (const edit of edits) {
      const [name, ...rest] = edit.parts;
      if (rest.length === 0) {
        if (edit.entry) entries.set(name, edit.entry);
        else entries.delete(name);
      } else {
        const list = below.get(name) ?? [];
        list.push({ parts: rest, entry: edit.entry });
        below.set(name, list);
      }
    }
    for (const [name, list] of below) {
      const current = entries.get(name);
      const child = await this.editTree(current && isTreeMode(current.mode) ? current.oid : void 0, list);
      if (child === void 0) entries.delete(name);
      else entries.set(name, { mode: TREE_MODE, oid: child });
    }
    if (entries.size === 0) return void 0;
    return this.write(entries);
  }
};
async function pickWithoutMerge(store, tree, changes) {
  const addedDirs = /* @__PURE__ */ new Set();
  const leaves = [];
  for (const change of changes) {
    const oldTree = isTreeMode(change.oldMode);
    const newTree = isTreeMode(change.newMode);
    if (oldTree !== newTree && change.status !== "A" && change.status !== "D") return void 0;
    if (oldTree || newTree) {
      if (change.status === "A") addedDirs.add(change.path);
      else if (change.status === "D") {
        const walk = await store.walk(tree, change.path.split("/"));
        if (!("found" in walk) || walk.found.oid !== change.oldOid) return void 0;
      }
      continue;
    }
    if (!["A", "D", "M", "T"].includes(change.status)) return void 0;
    leaves.push(change);
  }
  const paths = new Set(leaves.map((change) => change.path));
  for (const change of leaves) {
    for (let slash = change.path.indexOf("/"); slash !== -1; slash = change.path.indexOf("/", slash + 1)) {
      if (paths.has(change.path.slice(0, slash))) return void 0;
    }
  }
  const edits = [];
  for (const change of leaves) {
    const parts = change.path.split("/");
    const walk = await store.walk(tree, parts);
    if ("blocked" in walk) return void 0;
    if (change.status === "A") {
      if ("found" in walk) return void 0;
      if (walk.existing < parts.length - 1 && !addedDirs.has(parts.slice(0, walk.existing + 1).join("/"))) return void 0;
    } else if (!("found" in walk) || walk.found.oid !== change.oldOid || canonicalMode(walk.found.mode) !== canonicalMode(change.oldMode)) {
      return void 0;
    }
    edits.push({ parts, entry: change.status === "D" ? null : { mode: canonicalMode(change.newMode), oid: change.newOid } });
  }
  if (edits.length === 0) return tree;
  return store.edit(tree, edits);
}

// scripts/auto-sync/git/apply-commits.ts
async function applyCommits(git, options) {
  const committer = formatIdentity(options.committer);
  const shas = options.commits.map((pick) => pick.sha);
  for (const rev of [options.base, ...shas])
    if (/[\n\r]/.test(rev) || rev === "") throw new Error(`applyCommits: invalid revision ${JSON.stringify(rev)}`);
  const changes = options.inMemory === false && options.lockfileConflicts !== "target" || shas.length === 0 ? void 0 : listChanges(git, shas);
  changes?.catch(() => void 0);
  const reader = new ObjectReader(git);
  const work = { readers: [reader] };
  try {
    const read = await Promise.all([options.base, ...shas].map((rev) => readCommit(reader, rev, git.dir)));
    const [base, sources] = [read[0], read.slice(1)];
    for (const source of sources) {
      if (source.parents.length > 1 && !options.mergeUnits)
        throw new Error(`applyCommits: ${source.sha} is a merge commit; callers must filter merges out`);
    }
    const results = options.commits.map((pick) => ({ sha: pick.sha, status: "not-attempted" }));
    if (results.length === 0) return { head: base.sha, commits: results, mergedByGit: 0 };
    const format = objectFormatOf(base.sha);
    const objects = new NewObjects(format);
    const store = new TreeStore(reader, objects, format);
    const listed = await changes;
    let head = base.sha;
    let tree = base.tree;
    let mergedByGit = 0;
    for (const [index, pick] of options.commits.entries()) {
      const source = sources[index];
      const plain = listed?.get(source.sha);
      const parents = source.parents.slice(0, 1);
      const inMemory = plain && parents.length === 1 && options.inMemory !== false ? await pickWithoutMerge(store, tree, plain) : void 0;
      let merge;
      if (inMemory) {
        merge = { tree: inMemory };
      } else {
        const merger = await openMerger(git, work, objects, store, options, base.sha);
        const author = Buffer.from(committer);
        const neutral = options.lockfileConflicts === "target" && plain && parents.length === 1 ? await lockfileNeutral(reader, store, tree, parents[0], source.tree, plain) : void 0;
        if (neutral) {
          const neutralBase = objects.write(
            "commit",
            commitObject({ tree: neutral.base, parents: [], author, committer, message: "auto-sync: merge base\n" })
          );
          const ours = objects.write(
            "commit",
            commitObject({ tree, parents: [neutralBase], author, committer, message: "auto-sync: ours\n" })
          );
          const theirs = objects.write(
            "commit",
            commitObject({ tree: neutral.theirs, parents: [neutralBase], author, committer, message: "auto-sync: theirs\n" })
          );
          const first = await merger.merge(ours, theirs);
          if (first.conflictPaths && !isLockfileOnlyConflict(first.conflictPaths)) merge = first;
        }
        if (!merge) {
          const synthetic = objects.write("commit", commitObject({ tree, parents, author, committer, message: "auto-sync: merge base\n" }));
          merge = await merger.merge(synthetic, source.sha);
        }
        mergedByGit++;
      }
      let regenerate;
      if (merge.conflictPaths && options.lockfileConflicts === "target" && isLockfileOnlyConflict(merge.conflictPaths)) {
        const kept = await keepPaths(store, merge.tree, tree, merge.conflictPaths);
        if (kept !== tree) {
          regenerate = merge.conflictPaths;
          merge = { tree: kept };
        }
      }
      if (merge.conflictPaths) {
        results[index] = { sha: pick.sha, status: "conflict", conflictPaths: merge.conflictPaths };
        if (options.onConflict === "stop") break;
      } else if (merge.tree === tree) {
        results[index] = { sha: pick.sha, status: "empty" };
      } else {
        const fields = { tree: merge.tree, parents: [head], author: source.author, committer, message: pick.message };
        head = objects.write("commit", commitObject(fields));
        results[index] = { sha: pick.sha, status: "applied", newSha: head, ...regenerate ? { regenerate } : {} };
        tree = merge.tree;
      }
      if (objects.bytes > (options.maxBytesInMemory ?? MAX_BYTES_IN_MEMORY)) await openScratch(git, work, objects, store, tmpdir());
    }
    await work.merger?.close();
    for (const open of work.readers) await open.close();
    if (head !== base.sha) {
      if (work.scratch) await movePack(work.scratch.git, git, head, base.sha);
      else await indexPack(git, objects.pack());
    }
    return { head, commits: results, mergedByGit };
  } finally {
    work.merger?.abort();
    for (const open of work.readers) open.abort();
    if (work.scratch) await removeTempDir(work.scratch.dir);
  }
}
async function keepPaths(store, merged, current, paths) {
  const edits = [];
  for (const path of paths) {
    const parts = path.split("/");
    const walk = await store.walk(current, parts);
    edits.push({ parts, entry: "found" in walk && !isTreeMode(walk.found.mode) ? walk.found : null });
  }
  return store.edit(merged, edits);
}
async function lockfileNeutral(reader, store, current, parent, pickTree, changes) {
  const edits = [];
  for (const change of changes) {
    if (!isLockfile(change.path)) continue;
    if (change.status !== "M" || isTreeMode(change.oldMode) || isTreeMode(change.newMode)) return void 0;
    const parts = change.path.split("/");
    const walk = await store.walk(current, parts);
    if (!("found" in walk) || isTreeMode(walk.found.mode)) return void 0;
    if (walk.found.oid === change.oldOid || walk.found.oid === change.newOid) continue;
    edits.push({ parts, entry: walk.found });
  }
  if (edits.length === 0) return void 0;
  const parentTree = (await readCommit(reader, parent, "the repository")).tree;
  return { base: await store.edit(parentTree, edits), theirs: await store.edit(pickTree, edits) };
}
var MAX_BYTES_IN_MEMORY = 256 * 1024 * 1024;
async function openScratch(git, work, objects, store, parent) {
  if (work.scratch) return work.scratch.git;
  const repoObjects = (await git.read(["rev-parse", "--path-format=absolute", "--git-path", "objects"])).trim();
  const dir = await makeTempDir("objects", parent);
  const inScratch = git.withEnv({ GIT_OBJECT_DIRECTORY: dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: repoObjects });
  work.scratch = { dir, git: inScratch };
  objects.spill(dir);
  const reader = new ObjectReader(inScratch);
  work.readers.push(reader);
  store.reader = reader;
  return inScratch;
}
async function openMerger(git, work, objects, store, options, probe) {
  if (work.merger) return work.merger;
  const inScratch = await openScratch(git, work, objects, store, existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
  work.merger = options.merges === "per-commit" ? processMerger(inScratch) : await startMerger(inScratch, probe);
  return work.merger;
}
async function readCommit(reader, rev, dir) {
  const object = await reader.read(`${rev}^{commit}`);
  if ("missing" in object || object.type !== "commit") {
    throw new SyncError("GIT_FAILED", `commit ${rev} is not in the object store of ${dir}`, {
      hint: "Fetch the source again; the commit may have been rewritten."
    });
  }
  return parseCommit(object.oid, object.body);
}
async function listChanges(git, shas) {
  const args = [
    "diff-tree",
    "--stdin",
    "-z",
    "-r",
    "-t",
    "--raw",
    "--no-renames",
    "--ignore-submodules=none",
    "--always",
    "--diff-merges=first-parent"
  ];
  const child = git.start(args, { buffered: true });
  const done = exited(child, "diff-tree --stdin");
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  child.stdin.end(shas.map((sha) => `${sha}
`).join(""));
  await done;
  return parseDiffTree(Buffer.concat(chunks));
}
async function indexPack(git, pack) {
  const index = git.start(["index-pack", "--strict", "--stdin"]);
  const done = exited(index, "index-pack --strict");
  index.stdout.resume();
  index.stdin.end(pack);
  await done;
}
async function movePack(inScratch, git, head, base) {
  const pack = inScratch.start(["pack-objects", "--revs", "--local", "--stdout", "--quiet"]);
  const index = git.start(["index-pack", "--strict", "--stdin"]);
  const done = Promise.all([exited(pack, "pack-objects"), exited(index, "index-pack --strict")]);
  index.stdout.resume();
  pack.stdout.pipe(index.stdin);
  pack.stdin.end(`${head}
^${base}
`);
  try {
    await done;
  } catch (error) {
    for (const child of [pack, index]) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw error;
  }
}
async function updateRef(git, ref, newSha, oldSha) {
  if (!OID.test(newSha) || oldSha !== null && !OID.test(oldSha))
    throw new Error(`updateRef: expected full object ids, got ${newSha} / ${oldSha}`);
  const expected = oldSha ?? "0".repeat(newSha.length);
  const result = await git.run(["update-ref", "-m", "auto-sync", "--end-of-options", ref, newSha, expected], { allowFailure: true });
  if (result.ok) return;
  const reason = firstLine(result.stderr);
  if (/is at [0-9a-f]+ but expected|reference already exists|unable to resolve reference|\.lock': File exists/.test(reason)) {
    throw new SyncError("TARGET_MOVED", `${ref} was not updated: it is no longer at ${oldSha ?? "(absent)"}`, { details: [reason] });
  }
  throw new SyncError("GIT_FAILED", `git update-ref ${ref} failed: ${reason || `exit ${result.exitCode ?? result.signal}`}`, {
    details: [result.stderr.trim()]
  });
}
var MERGE_TREE = ["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", "--allow-unrelated-histories"];
var PROBE_TIMEOUT_MS = 3e3;
async function startMerger(git, probe) {
  const channel = new Channel(git.start([...MERGE_TREE, "--stdin"], { unbuffered: true }), "merge-tree --stdin", "\0\0");
  const merge = async (ours, theirs, timeoutMs) => {
    channel.send(`${ours} ${theirs}
`);
    const [status, ...fields] = (await channel.next(timeoutMs)).split("\0");
    if (status !== "0" && status !== "1")
      throw new SyncError("GIT_FAILED", `git merge-tree --stdin answered status ${status} for ${theirs}`);
    return toMergeResult(status === "1", fields, theirs);
  };
  try {
    await merge(probe, probe, PROBE_TIMEOUT_MS);
  } catch {
    channel.abort();
    return processMerger(git);
  }
  return { merge: (ours, theirs) => merge(ours, theirs), close: () => channel.close(), abort: () => channel.abort() };
}
function processMerger(git) {
  const merge = async (ours, theirs) => {
    const result = await git.run([...MERGE_TREE, ours, theirs], { allowFailure: true });
    if (result.signal || result.exitCode !== 0 && result.exitCode !== 1) {
      const reason = firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
      throw new SyncError("GIT_FAILED", `git merge-tree failed for ${theirs}: ${reason}`, { details: [result.stderr.trim()] });
    }
    return toMergeResult(result.exitCode === 0, result.stdout.split("\0"), theirs);
  };
  return { merge, close: async () => void 0, abort: () => void 0 };
}
function toMergeResult(clean, fields, theirs) {
  const [tree = "", ...paths] = fields;
  if (!OID.test(tree)) throw new SyncError("GIT_FAILED", `git merge-tree gave no tree for ${theirs}`, { details: [fields.join(" ")] });
  return clean ? { tree } : { tree, conflictPaths: paths.filter((path) => path !== "") };
}
function formatIdentity(identity) {
  for (const field of [identity.name, identity.email]) {
    if (/[<>\n\r\0]/.test(field)) throw new Error(`applyCommits: invalid committer field ${JSON.stringify(field)}`);
  }
  if (!/^\d+ [+-]\d{4}$/.test(identity.date))
    throw new Error(`applyCommits: committer date must look like '1700000000 +0000', got ${JSON.stringify(identity.date)}`);
  return `${identity.name} <${identity.email}> ${identity.date}`;
}

export {
  TreeStore,
  isLockfile,
  regenerateCommand,
  regeneratedPaths,
  lockfileCommitMessage,
  applyCommits,
  indexPack,
  updateRef
};
