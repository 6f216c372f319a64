import type { TargetContext } from '../commands/context.ts';
import { githubWebHost, runUrlOf, type RunEnvironment } from '../env.ts';
import type { Forge } from '../forge/types.ts';
import type { PlanFile, ResultsFile } from '../handoff/files.ts';
import { redactDeep } from '../output/redact.ts';
import { stopRequested, throwIfStopped } from '../proc/interrupt.ts';
import type { Report } from '../report/model.ts';
import type { StateAccess } from '../state/access.ts';
import type { State } from '../state/file.ts';
import { planRun, resolveTarget, type RunPlan } from './plan.ts';
import type { PublishedSource, PublishLinks } from './publish.ts';
import { configPathInRepo, webRepositoryOf } from '../report/links.ts';

// The steps of a sync, declared once. `run` chains them source by source; the phase commands
// (prepare, verify, publish) run the steps of their phase, with the hand-off directory between.
// A dry run is "stop after the dry-run-safe steps": no step checks a dry-run flag inside.
// After a stop signal (proc/interrupt.ts) integrate, verify and publish do not begin (INTERRUPTED,
// that source's error), a verify whose checks were killed gives no results, record still runs.

export type Phase = 'prepare' | 'verify' | 'publish';

export interface StepInfo {
  name: keyof typeof steps;
  phase: Phase;
  /** Safe in a dry run: writes nothing but auto-sync's own source refs. */
  dryRunSafe: boolean;
  what: string;
}

export const SYNC_STEPS: readonly StepInfo[] = [
  {
    name: 'reconcile',
    phase: 'prepare',
    dryRunSafe: false,
    what: 'rebuild the record of sources the state does not know, from history and proposals',
  },
  { name: 'plan', phase: 'prepare', dryRunSafe: true, what: 'ls-remote, fetch, list and decide commit by commit' },
  {
    name: 'integrate',
    phase: 'prepare',
    dryRunSafe: false,
    what: 'apply the picked commits on the integration branch; write the hand-off',
  },
  { name: 'verify', phase: 'verify', dryRunSafe: false, what: 'install, checks and smoke probes on the integration commit, with no token' },
  { name: 'publish', phase: 'publish', dryRunSafe: false, what: 'score risk, decide, merge or propose' },
  { name: 'record', phase: 'publish', dryRunSafe: false, what: 'write the state' },
  { name: 'dashboard', phase: 'publish', dryRunSafe: false, what: 'update the dashboard' },
];

export function stepsOf(phase: Phase): StepInfo[] {
  return SYNC_STEPS.filter((s) => s.phase === phase);
}

/** The modules that apply are loaded only when applying: an idle hourly run pays for planning alone. */
async function applyModules() {
  const [handoff, prepare, verify, publish, dashboard, rebuild] = await Promise.all([
    import('../handoff/files.ts'),
    import('./prepare.ts'),
    import('./verify.ts'),
    import('./publish.ts'),
    import('../report/dashboard.ts'),
    import('../state/rebuild.ts'),
  ]);
  return { ...handoff, ...prepare, ...verify, ...publish, ...dashboard, ...rebuild };
}

/** What proposals and the dashboard link to: the run's log, the configuration in use, GitHub hosts. */
function linksOf(ctx: TargetContext, env: RunEnvironment): PublishLinks {
  const runUrl = runUrlOf(env);
  const configPath = configPathInRepo(ctx.root, ctx.configPath);
  const host = githubWebHost(env);
  return { ...(runUrl ? { runUrl } : {}), ...(configPath ? { configPath } : {}), githubHosts: host ? [host] : [] };
}

function proposalStateOf(forge: Forge) {
  return async (id: number) => (await forge.getProposal(id))?.state;
}

export const steps = {
  /** Sources the state file does not know: rebuilt from history and proposals, so a lost file duplicates nothing. */
  async reconcile(ctx: TargetContext, env: RunEnvironment, forge: Forge, state: State, names: readonly string[]): Promise<State> {
    const missing = names.filter((name) => !state.sources[name]);
    if (missing.length === 0) return state;
    const m = await applyModules();
    const target = await resolveTarget(ctx.git, ctx.config, env);
    const rebuilt = await m.rebuildState({ git: ctx.git, config: ctx.config, forge, now: new Date() }, target, missing);
    const found = Object.values(rebuilt.sources).reduce((n, s) => n + Object.keys(s.commits).length, 0);
    if (found > 0)
      ctx.log.info(
        `state: rebuilt ${missing.join(', ')} from history and proposals (${found} commit(s) already synced, proposed or declined)`,
      );
    return m.mergeRebuilt(state, rebuilt);
  },

  async plan(ctx: TargetContext, env: RunEnvironment, state: State, names: readonly string[]): Promise<RunPlan> {
    return planRun(
      { git: ctx.git, config: ctx.config, state, env, log: ctx.log },
      ctx.config.sources.filter((s) => names.includes(s.name)),
    );
  },

  async integrate(
    ctx: TargetContext,
    forge: Forge,
    state: State,
    plan: RunPlan,
    dir: string,
    now: Date,
  ): Promise<{ plan: PlanFile; digest: string }> {
    throwIfStopped('integrate');
    const { prepare } = await applyModules();
    return prepare({ git: ctx.git, config: ctx.config, state, now, proposalState: proposalStateOf(forge) }, plan, dir);
  },

  async verify(ctx: TargetContext, env: RunEnvironment, plan: PlanFile): Promise<ResultsFile> {
    throwIfStopped('verify');
    const { verify, defaultWorkDir } = await applyModules();
    // Check output is the sibling's text: it may quote any variable it could see. Redacted once,
    // here, so results.json, proposals and the report all get the redacted copy.
    const results = redactDeep(
      await verify(
        {
          git: ctx.git,
          runner: ctx.runner,
          config: ctx.config,
          env: env.vars,
          log: ctx.log,
          workDir: env.workDir ?? defaultWorkDir(ctx.root),
        },
        plan,
      ),
      ctx.redact,
    );
    // Checks killed by the signal are no verdict: nothing may be merged or proposed on them.
    throwIfStopped('verify', 'checks were cut short, so their results are not used');
    return results;
  },

  async publish(
    ctx: TargetContext,
    env: RunEnvironment,
    forge: Forge,
    state: State,
    plan: PlanFile,
    results: ResultsFile,
    dir: string,
    now: Date,
  ): Promise<{ sources: PublishedSource[]; state: State }> {
    throwIfStopped('publish');
    const { publish } = await applyModules();
    return publish({ git: ctx.git, config: ctx.config, forge, state, now, log: ctx.log, links: linksOf(ctx, env) }, plan, results, dir);
  },

  async record(ctx: TargetContext, store: StateAccess, state: State): Promise<void> {
    const where = await store.write(redactDeep(state, ctx.redact));
    if (where) ctx.log.info(`state recorded in ${where}`);
  },

  async dashboard(ctx: TargetContext, env: RunEnvironment, forge: Forge, state: State, report: Report): Promise<void> {
    if (stopRequested()) return ctx.log.warn('dashboard not updated: stopping on a signal (the next run updates it)');
    const m = await applyModules();
    try {
      const links = linksOf(ctx, env);
      const webs = Object.fromEntries(
        ctx.config.sources.flatMap((s) => {
          const web = webRepositoryOf(s.url, links.githubHosts);
          return web ? [[s.name, web] as const] : [];
        }),
      );
      const body = m.dashboardBody(state, report, { ...(links.configPath ? { configPath: links.configPath } : {}), webs });
      const result = await forge.upsertDashboard({ title: m.DASHBOARD_TITLE, body });
      if (result.action !== 'unchanged') ctx.log.info(`dashboard ${result.action}: ${result.url}`);
    } catch (error) {
      // The dashboard is a view: failing to update it never fails the run.
      ctx.log.warn(`could not update the dashboard: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};
