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
  githubWebHost,
  runUrlOf
} from "./chunk-XUHSWI7S.mjs";
import {
  configPathInRepo,
  webRepositoryOf
} from "./chunk-Y6LXJMLO.mjs";
import {
  planRun,
  resolveTarget
} from "./chunk-CKRWNHAF.mjs";
import {
  stopRequested,
  throwIfStopped
} from "./chunk-EGVF3VTZ.mjs";
import {
  redactDeep
} from "./chunk-75ZOHKPX.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/steps.ts
init_define_AUTO_SYNC_BUILD();
async function applyModules() {
  const [handoff, prepare, verify, publish, dashboard, rebuild] = await Promise.all([
    import("./files-VB4MDODL.mjs"),
    import("./prepare-3JIXR3NC.mjs"),
    import("./verify-CRMLRVD3.mjs"),
    import("./publish-7IJ3AFWZ.mjs"),
    import("./dashboard-NXBFY3I6.mjs"),
    import("./rebuild-PSYQ37RU.mjs")
  ]);
  return { ...handoff, ...prepare, ...verify, ...publish, ...dashboard, ...rebuild };
}
function linksOf(ctx, env) {
  const runUrl = runUrlOf(env);
  const configPath = configPathInRepo(ctx.root, ctx.configPath);
  const host = githubWebHost(env);
  return { ...runUrl ? { runUrl } : {}, ...configPath ? { configPath } : {}, githubHosts: host ? [host] : [] };
}
function proposalStateOf(forge) {
  return async (id) => (await forge.getProposal(id))?.state;
}
var steps = {
  /** Sources the state file does not know: rebuilt from history and proposals, so a lost file duplicates nothing. */
  async reconcile(ctx, env, forge, state, names) {
    const missing = names.filter((name) => !state.sources[name]);
    if (missing.length === 0) return state;
    const m = await applyModules();
    const target = await resolveTarget(ctx.git, ctx.config, env);
    const rebuilt = await m.rebuildState({ git: ctx.git, config: ctx.config, forge, now: /* @__PURE__ */ new Date() }, target, missing);
    const found = Object.values(rebuilt.sources).reduce((n, s) => n + Object.keys(s.commits).length, 0);
    if (found > 0)
      ctx.log.info(
        `state: rebuilt ${missing.join(", ")} from history and proposals (${found} commit(s) already synced, proposed or declined)`
      );
    return m.mergeRebuilt(state, rebuilt);
  },
  async plan(ctx, env, state, names) {
    return planRun(
      { git: ctx.git, config: ctx.config, state, env, log: ctx.log },
      ctx.config.sources.filter((s) => names.includes(s.name))
    );
  },
  async integrate(ctx, forge, state, plan, dir, now) {
    throwIfStopped("integrate");
    const { prepare } = await applyModules();
    return prepare({ git: ctx.git, config: ctx.config, state, now, proposalState: proposalStateOf(forge) }, plan, dir);
  },
  async verify(ctx, env, plan) {
    throwIfStopped("verify");
    const { verify, defaultWorkDir } = await applyModules();
    const results = redactDeep(
      await verify(
        {
          git: ctx.git,
          runner: ctx.runner,
          config: ctx.config,
          env: env.vars,
          log: ctx.log,
          workDir: env.workDir ?? defaultWorkDir(ctx.root)
        },
        plan
      ),
      ctx.redact
    );
    throwIfStopped("verify", "checks were cut short, so their results are not used");
    return results;
  },
  async publish(ctx, env, forge, state, plan, results, dir, now) {
    throwIfStopped("publish");
    const { publish } = await applyModules();
    return publish({ git: ctx.git, config: ctx.config, forge, state, now, log: ctx.log, links: linksOf(ctx, env) }, plan, results, dir);
  },
  async record(ctx, store, state) {
    const where = await store.write(redactDeep(state, ctx.redact));
    if (where) ctx.log.info(`state recorded in ${where}`);
  },
  async dashboard(ctx, env, forge, state, report) {
    if (stopRequested()) return ctx.log.warn("dashboard not updated: stopping on a signal (the next run updates it)");
    const m = await applyModules();
    try {
      const links = linksOf(ctx, env);
      const webs = Object.fromEntries(
        ctx.config.sources.flatMap((s) => {
          const web = webRepositoryOf(s.url, links.githubHosts);
          return web ? [[s.name, web]] : [];
        })
      );
      const body = m.dashboardBody(state, report, { ...links.configPath ? { configPath: links.configPath } : {}, webs });
      const result = await forge.upsertDashboard({ title: m.DASHBOARD_TITLE, body });
      if (result.action !== "unchanged") ctx.log.info(`dashboard ${result.action}: ${result.url}`);
    } catch (error) {
      ctx.log.warn(`could not update the dashboard: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
};

export {
  steps
};
