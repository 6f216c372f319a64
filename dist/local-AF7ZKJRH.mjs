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
  fastForward,
  listWorktrees,
  operationInProgress,
  statusEntries
} from "./chunk-2KSAOAM6.mjs";
import {
  updateRef
} from "./chunk-I3IPG4P4.mjs";
import {
  commitTree,
  mergeTrees
} from "./chunk-XHRSU2SA.mjs";
import {
  onlyAutoSyncCommits
} from "./chunk-ZXGEE23B.mjs";
import {
  isAncestor,
  treeOf
} from "./chunk-KYXXX33O.mjs";
import {
  require_lib
} from "./chunk-F6HHE5SW.mjs";
import {
  readMessages
} from "./chunk-QUP47P7C.mjs";
import "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import "./chunk-JXGPT7T4.mjs";
import "./chunk-DGVNAYVH.mjs";
import "./chunk-AQ7F6235.mjs";
import {
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import {
  external_exports
} from "./chunk-KLZKRLRV.mjs";
import {
  SyncError,
  isSyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  __toESM,
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/forge/local.ts
init_define_AUTO_SYNC_BUILD();
var import_write_file_atomic = __toESM(require_lib(), 1);
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
function createLocalForge(options) {
  const { git, proposalsDir: dir, clock } = options;
  return {
    publishBranch: (input) => publishBranch(git, input),
    merge: (input) => mergeInto(git, input, clock),
    // One open proposal per source, whatever its branch is called now.
    findOpenProposal: async (source) => {
      const open = findOpen(await loadProposals(dir), source);
      return open && toProposal(open);
    },
    upsertProposal: (input) => upsertProposal(dir, input, clock),
    listDrafts: async (source) => (await loadProposals(dir)).proposals.filter((p) => p.record.source === source && p.record.draft === true).sort((a, b) => b.number - a.number).map(toProposal),
    closeProposal: async (id, note) => {
      const found = (await loadProposals(dir)).proposals.find((p) => p.number === id);
      if (!found || found.record.state !== "open") return;
      await saveProposal(found.file, { ...found.record, state: "closed", note, updatedAt: clock().toISOString() });
    },
    // The head branch is kept: a local run may want to inspect it afterwards.
    closeMerged: async (source, _headBranch, mergeSha) => {
      const open = findOpen(await loadProposals(dir), source);
      if (open) await saveProposal(open.file, { ...open.record, state: "merged", mergeSha, updatedAt: clock().toISOString() });
    },
    // A note is a field of the record (shown in the Markdown view); rewritten only when it changes.
    noteOnProposal: async (id, text) => {
      const found = (await loadProposals(dir)).proposals.find((p) => p.number === id);
      if (!found || found.record.note === text) return;
      await saveProposal(found.file, { ...found.record, note: text, updatedAt: clock().toISOString() });
    },
    listProposals: async () => (await loadProposals(dir)).proposals.sort((a, b) => b.number - a.number).map(toProposal),
    getProposal: async (id) => {
      const found = (await loadProposals(dir)).proposals.find((p) => p.number === id);
      return found && toProposal(found);
    },
    // The dashboard is a Markdown file beside the proposals, rewritten only when it changes.
    upsertDashboard: async ({ title, body }) => {
      const file = join(dir, "dashboard.md");
      const text = `# ${title}

${body.replace(/\n*$/, "\n")}`;
      const before = await readFile(file, "utf8").catch(() => void 0);
      const url = pathToFileURL(file).href;
      if (before === text) return { id: 0, url, action: "unchanged" };
      await mkdir(dir, { recursive: true });
      await (0, import_write_file_atomic.default)(file, text, { encoding: "utf8" });
      return { id: 0, url, action: before === void 0 ? "created" : "updated" };
    }
  };
}
async function publishBranch(git, input) {
  const { branch, sha, expectedSha } = input;
  const ref = `refs/heads/${branch}`;
  const current = await git.resolve(ref);
  if (current === sha) return { status: "not-updated", sha };
  const holder = (await listWorktrees(git)).find((tree) => tree.branch === ref);
  if (holder)
    return {
      status: "diverged",
      sha: current ?? sha,
      reason: `${branch} is checked out in ${holder.path}; auto-sync never moves a checked-out branch`
    };
  const safe = current === void 0 || current === expectedSha || await isAncestor(git, current, sha) || expectedSha !== null && await git.resolve(expectedSha) !== void 0 && await isAncestor(git, current, expectedSha) || input.owner !== void 0 && await onlyAutoSyncCommits(git, current, input.owner.base, input.owner.committer);
  if (!safe) {
    return {
      status: "diverged",
      sha: current,
      reason: `${branch} is at ${current}, which has commits auto-sync did not write; it was left alone`
    };
  }
  try {
    await updateRef(git, ref, sha, current ?? null);
  } catch (error) {
    if (isSyncError(error) && error.code === "TARGET_MOVED")
      return { status: "diverged", sha: await git.resolve(ref) ?? sha, reason: `${branch} moved while it was being published` };
    throw error;
  }
  return { status: current === void 0 ? "created" : "updated", sha };
}
var refuse = (code, reason) => ({ status: "refused", code, reason });
var OWN_UNTRACKED = ".neon/";
async function mergeInto(git, input, clock) {
  const ref = `refs/heads/${input.baseBranch}`;
  const base = await git.resolve(ref);
  if (base !== input.expectedBaseSha) {
    const done = base === void 0 ? void 0 : await alreadyMerged(git, input, base);
    if (done) return done;
    return refuse("target-moved", `${input.baseBranch} is at ${base ?? "(missing)"}, not at ${input.expectedBaseSha} which was validated`);
  }
  if (await git.resolve(input.headSha) !== input.headSha) return refuse("other", `commit ${input.headSha} is not in ${git.dir}`);
  const busy = await operationInProgress(git, ref);
  if (busy) return refuse("target-dirty", `${busy}; auto-sync does not move a branch under it`);
  const built = await buildMerge(git, input, base, clock);
  if ("code" in built) return built;
  if (built.sha === base) return { status: "merged", sha: base, fastForward: true };
  const holder = (await listWorktrees(git)).find((tree) => tree.branch === ref);
  if (!holder) {
    try {
      await updateRef(git, ref, built.sha, base);
    } catch (error) {
      if (isSyncError(error) && error.code === "TARGET_MOVED") return refuse("target-moved", `${input.baseBranch} moved while merging`);
      throw error;
    }
    return { status: "merged", ...built };
  }
  if (holder.prunable)
    return refuse("other", `${input.baseBranch} is checked out in ${holder.path}, which no longer exists; run \`git worktree prune\``);
  const changes = await localChanges(git, holder.path);
  if (changes.length > 0) {
    const shown = changes.slice(0, 5).join(", ") + (changes.length > 5 ? `, … (${changes.length} in all)` : "");
    return refuse("target-dirty", `${input.baseBranch} is checked out in ${holder.path} with local changes: ${shown}`);
  }
  const result = await fastForward(git, holder.path, built.sha);
  if (!result.ok) {
    const reason = firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
    if (/would be overwritten|local changes|uncommitted|unmerged/i.test(result.stderr))
      return refuse("target-dirty", `${holder.path}: ${reason}`);
    if (/not possible to fast-forward/i.test(result.stderr)) return refuse("target-moved", `${input.baseBranch} moved while merging`);
    throw new SyncError("GIT_FAILED", `git merge --ff-only in ${holder.path} failed: ${reason}`, { details: [result.stderr.trim()] });
  }
  if (await git.resolve(ref) !== built.sha)
    throw new SyncError("GIT_FAILED", `after merging, ${input.baseBranch} is not at ${built.sha}`);
  return { status: "merged", ...built };
}
async function alreadyMerged(git, input, base) {
  if (base === input.headSha) return { status: "merged", sha: base, fastForward: true };
  if (await git.resolve(`${base}^1`) !== input.expectedBaseSha) return void 0;
  const second = await git.resolve(`${base}^2`);
  if (input.method === "merge") return second === input.headSha ? { status: "merged", sha: base, fastForward: false } : void 0;
  if (second !== void 0) return void 0;
  const message = (await readMessages(git, [base])).get(base) ?? "";
  return message.trim() === input.message.trim() ? { status: "merged", sha: base, fastForward: false } : void 0;
}
async function buildMerge(git, input, base, clock) {
  const head = input.headSha;
  const descends = await isAncestor(git, base, head);
  if (input.method === "merge" && descends) return { sha: head, fastForward: true };
  if (input.method === "merge" && await isAncestor(git, head, base)) return { sha: base, fastForward: true };
  const merged = descends ? { tree: await treeOf(git, head) } : await mergeTrees(git, base, head);
  if ("paths" in merged)
    return refuse(
      "conflict",
      `merging ${head} into ${input.baseBranch} conflicts in: ${merged.paths.slice(0, 10).join(", ") || "(unknown paths)"}`
    );
  if (input.method === "squash" && merged.tree === await treeOf(git, base)) return { sha: base, fastForward: true };
  const parents = input.method === "merge" ? [base, head] : [base];
  return { sha: await commitTree2(git, merged.tree, parents, input, clock()), fastForward: false };
}
async function commitTree2(git, tree, parents, input, now) {
  return commitTree(git, { tree, parents, message: input.message, identity: input.committer, date: now });
}
async function localChanges(git, worktree) {
  return (await statusEntries(git, worktree)).filter(
    (entry) => entry !== "" && !(entry.startsWith("?? ") && entry.slice(3).startsWith(OWN_UNTRACKED))
  );
}
var recordSchema = external_exports.looseObject({
  number: external_exports.number().int().positive(),
  title: external_exports.string(),
  body: external_exports.string(),
  labels: external_exports.array(external_exports.string()),
  source: external_exports.string(),
  headBranch: external_exports.string(),
  headSha: external_exports.string(),
  baseBranch: external_exports.string(),
  commits: external_exports.array(external_exports.string()),
  state: external_exports.enum(["open", "closed", "merged"]),
  createdAt: external_exports.string(),
  updatedAt: external_exports.string(),
  mergeSha: external_exports.string().optional(),
  note: external_exports.string().optional(),
  /** A conflict draft: never the source's open proposal, never merged by auto-sync. */
  draft: external_exports.boolean().optional()
});
var FILE_NAME = /^(\d+)-.*\.(json|md)$/;
async function loadProposals(dir) {
  let names;
  try {
    names = await readdir(dir);
  } catch (error) {
    if (error.code === "ENOENT") return { proposals: [], highest: 0 };
    throw unreadable(dir, dir, error);
  }
  const found = { proposals: [], highest: 0 };
  for (const name of names.sort()) {
    const match = FILE_NAME.exec(name);
    if (!match) continue;
    const number = Number(match[1]);
    found.highest = Math.max(found.highest, number);
    if (match[2] !== "json") continue;
    const file = join(dir, name);
    let raw;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw unreadable(dir, file, error);
    }
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`);
      throw unreadable(dir, file, new Error(problems.join("; ")));
    }
    found.proposals.push({ number, file, record: parsed.data });
  }
  return found;
}
function unreadable(dir, file, error) {
  return new SyncError(
    "FORGE_FAILED",
    `proposal file ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    {
      hint: `Fix the file or move it out of ${dir}; auto-sync never overwrites a proposal it cannot read.`,
      cause: error
    }
  );
}
function findOpen(files, source) {
  return files.proposals.filter((p) => p.record.source === source && p.record.state === "open" && p.record.draft !== true).sort((a, b) => a.number - b.number).at(-1);
}
function findOpenDraft(files, source, headBranch) {
  return files.proposals.find(
    (p) => p.record.source === source && p.record.state === "open" && p.record.draft === true && p.record.headBranch === headBranch
  );
}
async function upsertProposal(dir, input, clock) {
  const files = await loadProposals(dir);
  const open = input.draft ? findOpenDraft(files, input.source, input.headBranch) : findOpen(files, input.source);
  const fields = {
    title: input.title,
    body: input.body,
    labels: [...input.labels],
    source: input.source,
    headBranch: input.headBranch,
    headSha: input.headSha,
    baseBranch: input.baseBranch,
    commits: [...input.commits],
    ...input.draft ? { draft: true } : {}
  };
  if (open) {
    const before = open.record;
    const same = Object.keys(fields).every(
      (key) => JSON.stringify(before[key]) === JSON.stringify(fields[key])
    );
    if (same) return { ...toProposal(open), action: "unchanged" };
    const updated = { ...open, record: { ...before, ...fields, number: open.number, updatedAt: clock().toISOString() } };
    await saveProposal(updated.file, updated.record);
    return { ...toProposal(updated), action: "updated" };
  }
  const number = files.highest + 1;
  const now = clock().toISOString();
  const created = {
    number,
    file: join(dir, `${number}-${fileSafe(input.source)}.json`),
    record: { number, ...fields, state: "open", createdAt: now, updatedAt: now }
  };
  await mkdir(dir, { recursive: true });
  await saveProposal(created.file, created.record);
  return { ...toProposal(created), action: "created" };
}
async function saveProposal(file, record) {
  await (0, import_write_file_atomic.default)(markdownPath(file), renderMarkdown(record), { encoding: "utf8" });
  await (0, import_write_file_atomic.default)(file, `${JSON.stringify(record, null, 2)}
`, { encoding: "utf8" });
}
function renderMarkdown(record) {
  const state = record.state === "merged" && record.mergeSha ? `merged as ${record.mergeSha}` : record.state;
  return [
    `# ${record.title.replace(/\s*\n\s*/g, " ")}`,
    "",
    `Labels: ${record.labels.length > 0 ? record.labels.join(", ") : "(none)"}  `,
    `Branches: \`${record.headBranch}\` (${record.headSha.slice(0, 12)}) → \`${record.baseBranch}\`  `,
    `State: ${state}`,
    // What a reviewer runs instead of editing the record (commands/accept.ts).
    ...record.state === "open" && !record.draft ? [
      "",
      `To accept: \`auto-sync accept ${record.number}\` (merges it) · to decline: \`auto-sync decline ${record.number}\` (never proposed again)`
    ] : [],
    ...record.draft ? ["", "**Draft**: a conflict to resolve; auto-sync never merges it."] : [],
    ...record.note ? ["", `> **auto-sync:** ${record.note.replace(/\n/g, " ")}`] : [],
    "",
    record.body.replace(/\n*$/, "\n")
  ].join("\n");
}
function toProposal(stored) {
  const { record } = stored;
  return {
    id: stored.number,
    url: pathToFileURL(markdownPath(stored.file)).href,
    source: record.source,
    state: record.state,
    headBranch: record.headBranch,
    headSha: record.headSha,
    commits: [...record.commits],
    labels: [...record.labels],
    ...record.draft ? { draft: true } : {}
  };
}
function markdownPath(jsonFile) {
  return jsonFile.replace(/\.json$/, ".md");
}
function fileSafe(source) {
  return source.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+/, "") || "source";
}
export {
  createLocalForge
};
