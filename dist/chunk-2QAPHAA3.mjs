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
  applyCommits,
  isLockfile,
  updateRef
} from "./chunk-I3IPG4P4.mjs";
import {
  describeBlockers,
  planPrerequisites,
  standingOf
} from "./chunk-2KJWHBMF.mjs";
import {
  changedPaths,
  lastChangeOf,
  lineDependencies,
  mergeBaseOf,
  readMessages,
  readPatches
} from "./chunk-QUP47P7C.mjs";
import {
  provenanceMessage
} from "./chunk-JXGPT7T4.mjs";
import {
  readBlobs,
  readDiffSummary
} from "./chunk-VXZ7WYPH.mjs";
import {
  OID
} from "./chunk-DGVNAYVH.mjs";
import {
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import {
  writePlanFile
} from "./chunk-BIVVUVVJ.mjs";
import {
  summarizeChanges
} from "./chunk-JRTADQU5.mjs";
import {
  MODE
} from "./chunk-EUPQQH4K.mjs";
import {
  DEFAULT_MESSAGE_PREFIX
} from "./chunk-BBBARBGM.mjs";
import {
  code,
  fence,
  inline,
  oneLine
} from "./chunk-NHM2YDOV.mjs";
import {
  SyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/prepare.ts
init_define_AUTO_SYNC_BUILD();
import { mkdir } from "node:fs/promises";
import { join as join2 } from "node:path";

// scripts/auto-sync/git/bundle.ts
init_define_AUTO_SYNC_BUILD();
async function createBundle(git, file, ref, exclude) {
  await git.run(["bundle", "create", "--quiet", file, ref, `^${exclude}`]);
}
async function fetchFromBundle(git, file, ref, localRef) {
  await git.run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", file, `+${ref}:${localRef}`]);
}

// scripts/auto-sync/plan/proposals.ts
init_define_AUTO_SYNC_BUILD();
function proposalIdsOf(commits) {
  const ids = Object.values(commits).flatMap((r) => r.decision === "proposed" && r.proposal !== void 0 ? [r.proposal] : []);
  return [...new Set(ids)];
}
function settleProposals(commits, states) {
  const carried = [];
  const settled = [];
  for (const [sha, record] of Object.entries(commits)) {
    if (record.decision !== "proposed") continue;
    const id = record.proposal;
    const state = id === void 0 ? void 0 : states.get(id);
    if (state === "closed") settled.push({ sha, decision: "declined", proposal: id });
    else if (state === "merged") settled.push({ sha, decision: "applied", proposal: id });
    else carried.push(sha);
  }
  return { carried, settled };
}
function sameAsOpenProposal(previous, head, applied) {
  return previous !== void 0 && (previous.head === head || previous.commits.join() === applied.join());
}
function reviseAfterApply(decision, applied) {
  if (!applied || decision.decision !== "picked") return decision;
  switch (applied.status) {
    case "applied":
      return decision;
    case "empty":
      return { ...decision, decision: "skipped", reason: "already-applied", detail: "applying it onto the target changed nothing" };
    case "conflict":
      return {
        ...decision,
        decision: "skipped",
        reason: "conflict",
        detail: `conflicts in ${(applied.conflictPaths ?? []).join(", ") || "the tree"}`
      };
    case "not-attempted":
      return {
        ...decision,
        decision: "skipped",
        reason: "after-conflict",
        detail: 'an earlier commit conflicted and commits.onConflict is "stop"'
      };
  }
}

// scripts/auto-sync/pipeline/conflict-drafts.ts
init_define_AUTO_SYNC_BUILD();
import { join } from "node:path";

// scripts/auto-sync/git/conflict-draft.ts
init_define_AUTO_SYNC_BUILD();
async function writeConflictDraft(git, options) {
  for (const rev of [options.head, options.commit]) if (!OID.test(rev)) throw new Error(`writeConflictDraft: not a commit id: ${rev}`);
  const env = {
    GIT_AUTHOR_NAME: options.committer.name,
    GIT_AUTHOR_EMAIL: options.committer.email,
    GIT_AUTHOR_DATE: options.committer.date,
    GIT_COMMITTER_NAME: options.committer.name,
    GIT_COMMITTER_EMAIL: options.committer.email,
    GIT_COMMITTER_DATE: options.committer.date
  };
  const parent = (await git.read(["rev-parse", "--verify", "--end-of-options", `${options.commit}^1`])).trim();
  const headTree = (await git.read(["rev-parse", "--verify", "--end-of-options", `${options.head}^{tree}`])).trim();
  const base = (await git.read(["commit-tree", "-p", parent, "-m", "auto-sync: merge base", headTree], { env })).trim();
  const merged = await git.run(["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", base, options.commit], {
    allowFailure: true
  });
  if (merged.exitCode !== 0 && merged.exitCode !== 1)
    throw new SyncError("GIT_FAILED", `git merge-tree failed for ${options.commit}: ${firstLine(merged.stderr)}`);
  const [tree = "", ...paths] = merged.stdout.split("\0");
  if (!OID.test(tree)) throw new SyncError("GIT_FAILED", `git merge-tree gave no tree for ${options.commit}`);
  const sha = (await git.read(["commit-tree", "-p", options.head, "-F", "-", tree], { env, input: options.message })).trim();
  return { sha, paths: paths.filter(Boolean) };
}

// scripts/auto-sync/plan/conflict-draft.ts
init_define_AUTO_SYNC_BUILD();
function persistingConflicts(decisions, previous) {
  return decisions.filter((d) => d.reason === "conflict" && previous?.[d.sha]?.reason === "conflict");
}
function staleDrafts(drafts, conflicting) {
  return drafts.filter((d) => d.state === "open" && !(d.commits[0] !== void 0 && conflicting.has(d.commits[0]))).map((d) => ({ id: d.id, sha: d.commits[0] }));
}
function draftBranchName(prefix, source, sha) {
  return `${prefix}${source}-conflict-${sha.slice(0, 12)}`;
}
function draftInstructions(d) {
  const remote = d.remote ?? "origin";
  const paths = d.paths.map(shellQuote).join(" ");
  const commands = [
    `git fetch ${remote} ${shellQuote(d.branch)}`,
    `git switch -c ${shellQuote(d.branch)} ${shellQuote(`${remote}/${d.branch}`)}`,
    `# edit the files, remove the markers, then:`,
    `git add -- ${paths}`,
    `git commit --amend --no-edit`,
    `git push --force-with-lease ${remote} ${shellQuote(d.branch)}`
  ];
  return [
    `The commit ${code(d.sha.slice(0, 12))} does not apply on ${code(d.base)}. This draft holds it with the conflict committed:`,
    `the files below contain \`<<<<<<<\` / \`>>>>>>>\` markers. Resolve them, and the draft can be reviewed like any proposal.`,
    "",
    ...d.paths.slice(0, 20).map((p) => `- ${code(p, { max: 1e3 })}`),
    ...d.paths.length > 20 ? [`- … and ${d.paths.length - 20} more`] : [],
    "",
    fence(commands.join("\n"), "sh")
  ].join("\n");
}
function shellQuote(text) {
  return /^[A-Za-z0-9_./@:+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

// scripts/auto-sync/report/draft-body.ts
init_define_AUTO_SYNC_BUILD();
var DRAFT_LABELS = ["auto-sync", "conflict"];
function draftTitle(c) {
  return oneLine(
    `${c.messagePrefix ?? DEFAULT_MESSAGE_PREFIX}: resolve a conflict of ${c.commit.sha.slice(0, 12)} from ${oneLine(c.source.origin || c.source.name, 120)}`,
    256
  );
}
function draftBody(c) {
  return [
    "**Draft: a conflict for a person to resolve.** auto-sync never merges a draft and runs no checks on it.",
    "",
    `Commit ${code(c.commit.sha.slice(0, 12))} from ${inline(c.source.origin || c.source.name, 120)}: ${inline(c.commit.subject)}`,
    ...c.commit.detail ? ["", `It ${inline(c.commit.detail, 600)}.`] : [],
    "",
    c.base.isBatch ? `It sits on the open batch ${code(c.base.branch)}: the commits before it on this branch are that batch's.` : `It sits on ${code(c.base.branch)}.`,
    "",
    draftInstructions({ branch: c.branch, base: c.base.branch, sha: c.commit.sha, paths: c.paths }),
    "",
    "Once it is resolved, mark it ready and merge it: the commit keeps its `Auto-Sync-Origin` trailer, so auto-sync counts it as synced. auto-sync closes this draft when the commit later applies cleanly or is no longer pending; while a person has pushed to the branch, it leaves the branch alone. Closing it by hand means it is not opened again for this commit."
  ].join("\n");
}

// scripts/auto-sync/pipeline/conflict-drafts.ts
function draftRef(source) {
  return `refs/auto-sync/draft/${source}`;
}
async function prepareDraft(git, config, input, outDir) {
  if (config.commits.onConflict !== "propose") return void 0;
  const at = new Map(input.source.listed.map((sha, i) => [sha, i]));
  const [oldest] = persistingConflicts(input.commits, input.previous?.commits).sort(
    (a, b) => (at.get(a.sha) ?? Infinity) - (at.get(b.sha) ?? Infinity)
  );
  if (!oldest) return void 0;
  const message = (await readMessages(git, [oldest.sha])).get(oldest.sha) ?? `${oldest.subject}
`;
  const draft = await writeConflictDraft(git, {
    head: input.head,
    commit: oldest.sha,
    // The trailer stays: once a person resolves and merges it, the commit counts as synced.
    message: provenanceMessage(message, { origin: input.source.origin, sha: oldest.sha }),
    committer: { ...config.target.committer, date: `${input.target.headTime} +0000` }
  });
  if (draft.paths.length === 0) return void 0;
  const ref = draftRef(input.source.name);
  await updateRef(git, ref, draft.sha, await git.resolve(ref) ?? null);
  const bundle = `_draft.${input.source.name}.bundle`;
  await createBundle(git, join(outDir, bundle), ref, input.target.head);
  return {
    sha: oldest.sha,
    branch: draftBranchName(config.target.integrationBranchPrefix, input.source.name, oldest.sha),
    base: input.head,
    head: draft.sha,
    paths: draft.paths,
    bundle
  };
}
async function deliverDraft(deps, plan, source, dir) {
  const { git, config, forge } = deps;
  if (config.commits.onConflict !== "propose" || source.status !== "ok" || !plan.target) return void 0;
  const recorded = Object.values(deps.previous?.commits ?? {}).some((r) => r.reason === "conflict");
  if (!source.draft && !recorded) return void 0;
  const drafts = await forge.listDrafts(source.name);
  const conflicting = new Set(source.commits.filter((c) => c.reason === "conflict").map((c) => c.sha));
  const closed = [];
  for (const { id, sha } of staleDrafts(drafts, conflicting)) {
    await forge.closeProposal(
      id,
      `auto-sync closed this draft: ${sha ? `the commit ${sha.slice(0, 12)}` : "its commit"} no longer conflicts (it applied cleanly, or it is no longer pending).`
    );
    closed.push(id);
  }
  const draft = source.draft;
  if (!draft) return { draft: null, closed };
  const summary = (action, found) => ({
    draft: { id: found?.id ?? null, url: found?.url ?? null, branch: draft.branch, sha: draft.sha, action },
    closed
  });
  const mine = drafts.find((p) => p.headBranch === draft.branch);
  if (mine && mine.state !== "open") return summary("declined", mine);
  const local = `refs/auto-sync/publish-draft/${source.name}`;
  await fetchFromBundle(git, join(dir, draft.bundle), draftRef(source.name), local);
  if (await git.resolve(local) !== draft.head)
    throw new SyncError("BUNDLE_TAMPERED", `the draft bundle of "${source.name}" does not hold the planned ${draft.head}`);
  const branch = await forge.publishBranch({
    branch: draft.branch,
    sha: draft.head,
    expectedSha: null,
    // Moved only over auto-sync's own commits: a person's resolution pushed there is theirs.
    owner: { base: plan.target.head, committer: config.target.committer }
  });
  if (branch.status === "diverged") return summary("left-alone", mine);
  const decision = source.commits.find((c) => c.sha === draft.sha);
  const content = {
    source: { name: source.name, origin: source.origin },
    commit: { sha: draft.sha, subject: decision?.subject ?? "", ...decision?.detail ? { detail: decision.detail } : {} },
    branch: draft.branch,
    base: source.integration ? { branch: source.integration.branch, isBatch: true } : source.unchangedSince ? { branch: source.unchangedSince.branch, isBatch: true } : { branch: plan.target.branch, isBatch: false },
    paths: draft.paths,
    messagePrefix: config.forge.messagePrefix
  };
  const proposal = await forge.upsertProposal({
    source: source.name,
    title: draftTitle(content),
    body: draftBody(content),
    labels: [...DRAFT_LABELS],
    headBranch: draft.branch,
    headSha: draft.head,
    baseBranch: plan.target.branch,
    commits: [draft.sha],
    draft: true
  });
  return summary(proposal.action, proposal);
}
function describeDraft(outcome) {
  const parts = [];
  const d = outcome.draft;
  if (d) {
    const which = d.id !== null ? `draft #${d.id}` : `draft ${d.branch}`;
    const short = d.sha.slice(0, 12);
    if (d.action === "declined") parts.push(`the conflict of ${short} stays pending: its ${which} was closed by a person`);
    else if (d.action === "left-alone") parts.push(`the conflict of ${short}: ${d.branch} has a person's commits, left alone`);
    else parts.push(`the conflict of ${short} is delivered as ${which} (${d.action})`);
  }
  if (outcome.closed.length > 0) parts.push(`closed draft ${outcome.closed.map((id) => `#${id}`).join(", ")}: no longer a conflict`);
  return parts.join("; ");
}

// scripts/auto-sync/pipeline/land.ts
init_define_AUTO_SYNC_BUILD();
var MAX_ROUNDS = 3;
var MAX_TARGET_LOOKUPS = 20;
async function landCommits(git, config, input) {
  const { source } = input;
  const decisions = new Map(source.commits.map((c) => [c.sha, c]));
  const position = new Map(source.listed.map((sha, i) => [sha, i]));
  const follow = config.commits.follow;
  const wanted = source.commits.filter((c) => c.decision === "picked").map((c) => c.sha);
  const extra = /* @__PURE__ */ new Map();
  const held = /* @__PURE__ */ new Map();
  const deps = /* @__PURE__ */ new Map();
  const overlap = /* @__PURE__ */ new Map();
  const depPaths = /* @__PURE__ */ new Set();
  let patchOrder = [];
  const messages = /* @__PURE__ */ new Map();
  const apply = async () => {
    const picks = [...wanted, ...extra.keys()].filter((sha) => !held.has(sha));
    const at = (sha) => position.get(sha) ?? patchOrder.indexOf(sha) - patchOrder.length - 1;
    const order2 = [...input.carried, ...picks.sort((a, b) => at(a) - at(b))];
    const missing = order2.filter((sha) => !messages.has(sha));
    for (const [sha, message] of await readMessages(git, missing)) messages.set(sha, message);
    let kept = 0;
    let base = input.base;
    const before = last?.commits ?? [];
    while (kept < before.length && kept < order2.length && before[kept].sha === order2[kept] && before[kept].status !== "not-attempted") {
      if (before[kept].status === "applied") base = before[kept].newSha;
      kept++;
    }
    const rest = await applyCommits(git, {
      base,
      commits: order2.slice(kept).map((sha) => ({ sha, message: provenanceMessage(messages.get(sha) ?? "", { origin: source.origin, sha }) })),
      committer: { ...config.target.committer, date: `${input.headTime} +0000` },
      // 'propose' applies as 'skip' does; the draft of a persisting conflict is written afterwards (pipeline/conflict-drafts.ts).
      onConflict: config.commits.onConflict === "stop" ? "stop" : "skip",
      mergeUnits: follow === "first-parent",
      // A conflict only in lockfiles is regenerated in verify, the batch then proposed (plan/lockfiles.ts).
      lockfileConflicts: "target"
    });
    last = {
      head: rest.head,
      commits: [...before.slice(0, kept), ...rest.commits],
      mergedByGit: (last?.mergedByGit ?? 0) + rest.mergedByGit
    };
    return last;
  };
  let last;
  const standing = (sha) => {
    const decision = decisions.get(sha);
    if (decision) return standingOf(decision);
    const record = input.state?.commits[sha];
    if (!record) return { kind: "none" };
    if (record.decision === "declined") return { kind: "forbidden", reason: "declined" };
    if (record.decision !== "skipped") return { kind: "none" };
    const s = standingOf({ decision: "skipped", reason: record.reason });
    return s.kind === "eligible" ? { kind: "none" } : s;
  };
  const readDeps = async (paths) => {
    const more = [...paths].filter((p) => !depPaths.has(p) && !isLockfile(p)).sort();
    if (more.length === 0) return;
    for (const p of more) depPaths.add(p);
    const patches = await readPatches(git, { exclude: [input.base], head: source.listed.at(-1) ?? input.base, follow, paths: more });
    const known = new Set(patchOrder);
    patchOrder = [...patchOrder, ...patches.map((p) => p.sha).filter((sha) => !known.has(sha))];
    const strict = /* @__PURE__ */ new Map();
    for (const [target, found] of [
      [deps, lineDependencies(patches, strict)],
      [overlap, strict]
    ])
      for (const [sha, byPath] of found) {
        const into = target.get(sha) ?? /* @__PURE__ */ new Map();
        for (const [path, shas] of byPath) into.set(path, shas);
        target.set(sha, into);
      }
  };
  const predicted = /* @__PURE__ */ new Set();
  const skippedFiles = /* @__PURE__ */ new Set();
  for (const sha of source.listed) {
    const c = decisions.get(sha);
    if (!c) continue;
    if (c.decision === "picked") {
      for (const f of c.files) if (skippedFiles.has(f) && !isLockfile(f)) predicted.add(f);
    }
    if (c.decision === "skipped" && standingOf(c).kind !== "none") for (const f of c.files) skippedFiles.add(f);
  }
  const dependsOn = (sha, only, from = deps) => {
    const byPath = from.get(sha);
    if (!byPath) return [];
    const out = /* @__PURE__ */ new Set();
    for (const [path, shas] of byPath) if (!only || only.includes(path)) for (const s of shas) out.add(s);
    return [...out];
  };
  const order = () => [...patchOrder.filter((sha) => !position.has(sha)), ...source.listed];
  const heldBlockers = () => new Map([...held].filter(([, d]) => d.reason === "blocked").map(([sha, d]) => [sha, blockersIn(d)]));
  const decide = (conflicting, from = deps) => {
    const outcome2 = planPrerequisites({
      conflicting,
      dependsOn: (sha, only) => dependsOn(sha, only, from),
      standing,
      mode: config.commits.prerequisites,
      order: order(),
      pendingBefore: heldBlockers()
    });
    for (const p of outcome2.pending) {
      const decision = decisions.get(p.sha);
      if (decision) {
        held.set(p.sha, { ...decision, decision: "skipped", reason: p.reason, detail: describeBlockers(p.reason, p.blockers) });
        blockerLists.set(p.sha, p.blockers);
      }
    }
    const added = outcome2.include.filter((p) => !extra.has(p.sha) && decisions.has(p.sha));
    for (const p of added) extra.set(p.sha, p.neededBy);
    return added.length;
  };
  const blockerLists = /* @__PURE__ */ new Map();
  const blockersIn = (d) => blockerLists.get(d.sha) ?? [];
  if (predicted.size > 0) {
    await readDeps(predicted);
    const candidates = wanted.filter(
      (sha) => dependsOn(sha, void 0, overlap).some((dep) => standing(dep).kind !== "none" && standing(dep).kind !== "wanted")
    );
    decide(
      candidates.map((sha) => ({ sha, paths: [] })),
      overlap
    );
  }
  let result = await apply();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const conflicting = result.commits.filter((c) => c.status === "conflict");
    if (conflicting.length === 0) break;
    const paths = new Set(conflicting.flatMap((c) => c.conflictPaths ?? []));
    for (const sha of extra.keys()) for (const file of decisions.get(sha)?.files ?? []) paths.add(file);
    await readDeps(paths);
    const added = decide(conflicting.map((c) => ({ sha: c.sha, paths: c.conflictPaths ?? [] })));
    if (added === 0) break;
    result = await apply();
  }
  const outcome = new Map(result.commits.map((c) => [c.sha, c]));
  const targetSide = /* @__PURE__ */ new Map();
  const unexplained = result.commits.filter(
    (c) => c.status === "conflict" && !conflictDetail(c.conflictPaths ?? [], deps.get(c.sha), outcome, standing)
  );
  if (unexplained.length > 0) {
    const fork = source.listed.length > 0 ? await mergeBaseOf(git, input.base, source.listed.at(-1)) : void 0;
    for (const c of unexplained.slice(0, MAX_TARGET_LOOKUPS)) {
      const found = fork === input.base ? void 0 : await lastChangeOf(git, input.base, fork, c.conflictPaths ?? []);
      if (found) targetSide.set(c.sha, found);
    }
  }
  const commits = source.commits.map((c) => {
    const blocked = held.get(c.sha);
    if (blocked) return blocked;
    const needs = extra.get(c.sha);
    const applied = outcome.get(c.sha);
    if (needs !== void 0) {
      if (applied?.status !== "applied") return c;
      return {
        ...c,
        decision: "picked",
        reason: "prerequisite",
        detail: `needed by ${needs.slice(0, 12)}: it last changed lines that commit changes`
      };
    }
    const revised = reviseAfterApply(c, applied);
    if (applied?.status !== "conflict") return revised;
    const onTarget = targetSide.get(c.sha);
    const named = conflictDetail(applied.conflictPaths ?? [], deps.get(c.sha), outcome, standing) ?? (onTarget ? `conflicts with ${onTarget.slice(0, 12)} (the target's) in ${(applied.conflictPaths ?? []).join(", ")}` : void 0);
    return { ...revised, detail: named ?? revised.detail };
  });
  return { result, commits };
}
function conflictDetail(paths, byPath, outcome, standing) {
  const named = /* @__PURE__ */ new Map();
  for (const path of paths)
    for (const sha of byPath?.get(path) ?? []) {
      if (outcome.get(sha)?.status === "applied") continue;
      const s = standing(sha);
      if (s.kind === "none") continue;
      named.set(sha, s.kind === "forbidden" ? s.reason : s.kind === "wanted" ? "did not apply" : "skipped");
    }
  const where = `in ${paths.join(", ") || "the tree"}`;
  if (named.size === 0) return void 0;
  const shown = [...named].slice(0, 3).map(([sha, why]) => `${sha.slice(0, 12)} (${why})`);
  return `conflicts with ${shown.join(", ")}${named.size > 3 ? ` and ${named.size - 3} more` : ""} ${where}`;
}

// scripts/auto-sync/pipeline/prepare.ts
function integrationRef(name) {
  return `refs/auto-sync/integration/${name}`;
}
async function prepare(deps, plan, outDir) {
  await mkdir(outDir, { recursive: true });
  const sources = [];
  for (const source of plan.sources) {
    const base = { ...source, integration: null, unchangedSince: null, settled: [] };
    if (source.status !== "ok" || !plan.target) {
      sources.push(base);
      continue;
    }
    try {
      sources.push(await integrateSource(deps, plan.target, source, outDir));
    } catch (error) {
      sources.push({ ...base, status: "error", error: summarizeError(error) });
    }
  }
  const file = { version: 1, createdAt: deps.now.toISOString(), target: plan.target, sources };
  const digest = await writePlanFile(outDir, file);
  return { plan: file, digest };
}
async function carriedShas(deps, name) {
  const commits = deps.state.sources[name]?.commits ?? {};
  const states = /* @__PURE__ */ new Map();
  if (deps.proposalState) for (const id of proposalIdsOf(commits)) states.set(id, await deps.proposalState(id));
  return settleProposals(commits, states);
}
async function integrateSource(deps, target, source, outDir) {
  const { git, config } = deps;
  const picked = source.commits.filter((c) => c.decision === "picked");
  const earlier = await carriedShas(deps, source.name);
  const carried = earlier.carried.filter((sha) => !picked.some((c) => c.sha === sha));
  const none = { ...source, integration: null, unchangedSince: null, settled: earlier.settled };
  if (picked.length === 0 && carried.length === 0) return none;
  const { result, commits } = await landCommits(git, config, {
    base: target.head,
    carried,
    source,
    state: deps.state.sources[source.name],
    headTime: target.headTime
  });
  const applied = result.commits.filter((c) => c.status === "applied" && c.newSha).map((c) => ({ sha: c.sha, newSha: c.newSha }));
  const conflicts = result.commits.filter((c) => c.status === "conflict").map((c) => ({ sha: c.sha, paths: c.conflictPaths ?? [] }));
  const regenerate = result.commits.filter((c) => c.status === "applied" && c.regenerate).map((c) => ({ sha: c.sha, paths: c.regenerate }));
  const previousState = deps.state.sources[source.name];
  const draftInput = { source, commits, previous: previousState, head: result.head, target };
  const drafted = await prepareDraft(git, config, draftInput, outDir);
  const draft = drafted ? { draft: drafted } : {};
  if (applied.length === 0) return { ...none, commits, ...draft };
  const previous = deps.state.sources[source.name]?.integration;
  if (previous && sameAsOpenProposal(
    previous,
    result.head,
    applied.map((a) => a.sha)
  ))
    return { ...none, commits, unchangedSince: { branch: previous.branch, head: previous.head }, ...draft };
  const ref = integrationRef(source.name);
  await updateRef(git, ref, result.head, await git.resolve(ref) ?? null);
  const bundle = `${source.name}.bundle`;
  await createBundle(git, join2(outDir, bundle), ref, target.head);
  const files = await changedPaths(git, target.head, result.head);
  const changes = await readChangeFacts(git, target.head, result.head, config.risk.migrationGlobs);
  const integration = {
    branch: `${config.target.integrationBranchPrefix}${source.name}`,
    base: target.head,
    head: result.head,
    bundle,
    applied,
    conflicts,
    files,
    carried: carried.filter((sha) => applied.some((a) => a.sha === sha)),
    changes,
    ...regenerate.length > 0 ? { regenerate } : {}
  };
  return { ...source, commits, integration, unchangedSince: null, settled: earlier.settled, ...draft };
}
async function readChangeFacts(git, base, head, migrationGlobs) {
  const { entries, lines } = await readDiffSummary(git, base, head);
  const packages = entries.filter((e) => /(^|\/)package\.json$/.test(e.path) && e.newMode !== MODE.gitlink);
  const NONE = /^0+$/;
  const blobs = await readBlobs(
    git,
    packages.flatMap((e) => [e.oldOid, e.newOid].filter((oid) => !NONE.test(oid)))
  );
  const text = (oid) => NONE.test(oid) ? void 0 : blobs.get(oid)?.toString("utf8");
  return summarizeChanges(
    entries,
    lines,
    packages.map((e) => ({ path: e.path, before: text(e.oldOid), after: text(e.newOid) })),
    { migrationGlobs }
  );
}

export {
  fetchFromBundle,
  settleProposals,
  deliverDraft,
  describeDraft,
  integrationRef,
  prepare
};
