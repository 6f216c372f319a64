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
  isSettled,
  pendingShas
} from "./chunk-3MHOMYTN.mjs";
import {
  fetchSource,
  lsRemoteHead,
  sourceRef
} from "./chunk-7XIBXNUV.mjs";
import {
  configValue,
  deleteRef,
  pointRef,
  readHead
} from "./chunk-KYXXX33O.mjs";
import {
  nowMs
} from "./chunk-EGVF3VTZ.mjs";
import {
  originIdentity
} from "./chunk-JXGPT7T4.mjs";
import {
  isMissingObjects
} from "./chunk-DUCIGC6T.mjs";
import {
  SyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/plan.ts
init_define_AUTO_SYNC_BUILD();
async function resolveTarget(git, config, env) {
  const branch = config.target.branch;
  const originOf = config.target.identity ?? env.githubRepository ? Promise.resolve("") : configValue(git, "remote.origin.url").then((url) => url ? originIdentity(url, "target") : "target");
  let ref = `refs/heads/${branch}`;
  let found = await readHead(git, ref);
  if (!found) {
    ref = `refs/remotes/origin/${branch}`;
    found = await readHead(git, ref);
  }
  if (!found)
    throw new SyncError(
      "TARGET_BRANCH_MISSING",
      `the target has no branch "${branch}" (neither refs/heads/${branch} nor origin/${branch})`
    );
  const identity = config.target.identity ?? env.githubRepository ?? await originOf;
  return { branch, ref, head: found.sha, headTime: found.time, identity: identity.toLowerCase() };
}
function sourceOrigin(source) {
  return originIdentity(source.url, source.name);
}
function remoteFor(source, env) {
  const https = /^https:\/\//i.test(source.url) || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//i.test(source.url);
  return {
    name: source.name,
    url: source.url,
    branch: source.branch,
    tokenEnv: source.tokenEnv,
    token: https ? env.token(source.tokenEnv) : void 0
  };
}
async function planRun(deps, sources) {
  const { git, config, env, log } = deps;
  let targetPromise;
  const getTarget = () => targetPromise ??= resolveTarget(git, config, env);
  let targetOrigins;
  const trustedOf = (target2) => /* @__PURE__ */ new Set([target2.identity, ...config.sources.map(sourceOrigin)]);
  let logModule;
  const gitLog = () => logModule ??= import("./log-KM6JFOYH.mjs");
  const appliedInTarget = (target2) => targetOrigins ??= gitLog().then(({ readTargetOrigins }) => readTargetOrigins(git, target2.head, trustedOf(target2)));
  const retry = {
    ...config.retry,
    onRetry: ({ source, attempt, attempts, waitMs, message }) => log.warn(`source "${source}": attempt ${attempt} of ${attempts} failed (${message}); retrying in ${(waitMs / 1e3).toFixed(1)} s`)
  };
  let planningModules;
  const planning = () => planningModules ??= loadPlanningModules();
  const planned = sources.some((source) => !deps.state.sources[source.name] || pendingShas(deps.state.sources[source.name]).length > 0);
  const looked = mapLimit(sources, 16, async (source) => {
    const started = nowMs();
    const previous = deps.state.sources[source.name];
    const base = {
      name: source.name,
      origin: sourceOrigin(source),
      status: "ok",
      head: null,
      previousHead: previous?.lastHead ?? null,
      listed: [],
      commits: [],
      error: null,
      durationMs: 0
    };
    const attempt = async (refetch) => {
      const remote = remoteFor(source, env);
      const remoteHead = await lsRemoteHead(git, remote, retry);
      if (previous && remoteHead === previous.lastHead && pendingShas(previous).length === 0) {
        return { ...base, status: "unchanged", head: remoteHead, durationMs: nowMs() - started };
      }
      if (refetch) await deleteRef(git, sourceRef(source.name));
      const [target2, known] = await Promise.all([getTarget(), refetch ? false : pointRef(git, sourceRef(source.name), remoteHead)]);
      const head = known ? remoteHead : await fetchSource(git, remote, retry);
      const since = source.since ? await git.resolve(source.since) : void 0;
      if (source.since && !previous?.watermark && !since) {
        throw new SyncError("SINCE_NOT_FOUND", `source "${source.name}": since ${source.since} is not a commit of the source`);
      }
      const exclude = [...previous?.watermark ? [previous.watermark] : [], ...since ? [since] : []];
      const commits = [];
      const waiting = [];
      let classify;
      let inspection;
      const follow = config.commits.follow;
      const { listCommitGraph, listCommits } = await gitLog();
      const listing = { target: target2.head, source: head, exclude, follow };
      let graph;
      let forGraph;
      let sides;
      const decide = (commit) => {
        if (commit.parents.length > 1 && sides) commit.sideMessages = sides(commit.sha);
        const decision = classify(commit);
        commits.push(decision);
        inspection.add(commit, decision);
      };
      const judge = (commit) => {
        if (isSettled(previous, commit.sha)) return;
        if (follow === "first-parent" && commit.parents.length > 1 && !sides && !graph) {
          forGraph = [];
          graph = Promise.all([listCommitGraph(git, listing), import("./merge-unit-QLDFJP46.mjs")]).then(([known2, { sideCommitsOf }]) => {
            sides = (merge) => sideCommitsOf(merge, known2).map((sha) => known2.get(sha).message);
            for (const held of forGraph.splice(0))
              if (classify) decide(held);
              else waiting.push(held);
            forGraph = void 0;
          });
          graph.catch(() => void 0);
        }
        if (forGraph) forGraph.push(commit);
        else if (classify) decide(commit);
        else waiting.push(commit);
      };
      const listed = listCommits(git, listing, judge);
      listed.catch(() => void 0);
      preloadScanner();
      const ready = planning().then((modules) => Promise.all([...modules, appliedInTarget(target2)])).then(([{ createClassifier }, { createPathPolicy }, { toolRuntimeGlobs, currentToolLocation }, { startInspection }, applied]) => {
        const paths = createPathPolicy({ ...config.paths, alwaysDeny: toolRuntimeGlobs(git.dir, currentToolLocation()) });
        classify = createClassifier({
          ...config.commits,
          paths,
          targetIdentity: target2.identity,
          trustedOrigins: trustedOf(target2),
          appliedInTarget: applied
        });
        inspection = startInspection(git, { denies: paths.denies, maxFileBytes: config.paths.maxFileBytes });
        for (const commit of waiting.splice(0)) decide(commit);
      });
      let listedCommits;
      try {
        [listedCommits] = await Promise.all([listed, ready]);
        await graph;
      } catch (error) {
        await inspection?.finish([]).catch(() => void 0);
        throw error;
      }
      if (listedCommits.some((c) => c.parents.length === 0)) {
        await inspection.finish([]).catch(() => void 0);
        if (exclude.length === 0)
          throw new SyncError("NO_COMMON_HISTORY", `source "${source.name}" shares no history with the target branch "${target2.branch}"`);
        throw new SyncError(
          "SOURCE_REWRITTEN",
          `source "${source.name}": the branch now holds a history that shares nothing with ${previous?.watermark?.slice(0, 12) ?? source.since}, which auto-sync synced up to`
        );
      }
      const inspected = await inspection.finish(commits);
      return { ...base, head, listed: listedCommits.map((c) => c.sha), commits: inspected, durationMs: nowMs() - started };
    };
    try {
      try {
        return await attempt(false);
      } catch (error) {
        if (!isMissingObjects(error)) throw error;
        log.warn(`source "${source.name}": objects missing after an interrupted fetch; fetching the source again`);
        return await attempt(true);
      }
    } catch (error) {
      return { ...base, status: "error", error: summarizeError(error), durationMs: nowMs() - started };
    }
  });
  if (planned) {
    getTarget().then(appliedInTarget, () => void 0).catch(() => void 0);
    planning().catch(() => void 0);
  }
  const plans = await looked;
  for (const plan of plans) log.debug(`source "${plan.name}": ${plan.status} in ${plan.durationMs.toFixed(0)} ms`);
  const target = targetPromise ? await targetPromise.catch(() => null) : null;
  return { target, sources: plans };
}
async function loadPlanningModules() {
  const classify = await import("./classify-IQ67PYIZ.mjs");
  await nextTurn();
  const paths = await import("./paths-WZTBCP3J.mjs");
  await nextTurn();
  const toolFiles = await import("./tool-files-WTHHAF42.mjs");
  await nextTurn();
  const inspect = await import("./inspect-OZPUAVOY.mjs");
  return [classify, paths, toolFiles, inspect];
}
function preloadScanner() {
  void nextTurn().then(() => import("./inspect-OZPUAVOY.mjs")).then((inspect) => inspect.loadScanner()).catch(() => void 0);
}
var nextTurn = () => new Promise((resolve) => setImmediate(resolve));
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export {
  resolveTarget,
  sourceOrigin,
  planRun
};
