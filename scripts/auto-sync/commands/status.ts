import type { CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import { createForge } from '../forge/create.ts';
import { exitCodeOf, finishReport } from '../output/print.ts';
import { resolveTarget } from '../pipeline/plan.ts';
import { steps } from '../pipeline/steps.ts';
import { buildReport } from '../report/model.ts';
import { withRecordedState } from '../report/recorded.ts';
import { stateAccess } from '../state/access.ts';
import { selectSources, type TargetContext } from './context.ts';

// `status`: the state plus a fresh look at each source (planning only); `--rebuild-state` prints
// what a run would rebuild from the target's history and the forge's proposals.

export async function statusCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const startedAt = new Date().toISOString();
  const mode = { apply: false, reason: 'status: looking only' };
  ctx.log.info(`auto-sync: ${mode.reason}`);
  const store = await stateAccess(ctx, env);
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  const state = await store.read();
  if (cli.rebuildState) {
    const forge = await createForge(ctx, env);
    const { rebuildState } = await import('../state/rebuild.ts');
    const target = await resolveTarget(ctx.git, ctx.config, env);
    ctx.log.out(JSON.stringify(await rebuildState({ git: ctx.git, config: ctx.config, forge, now: new Date() }, target, names), null, 2));
    return 0;
  }
  const plan = await steps.plan(ctx, env, state, names);
  // What the state records (a conflict on the last run, open proposals) over what the plan alone would say.
  const report = withRecordedState(buildReport(plan, mode, startedAt), state);
  for (const source of report.sources) {
    const recorded = state.sources[source.name];
    const proposed = Object.values(recorded?.commits ?? {}).filter((c) => c.decision === 'proposed').length;
    ctx.log.out(
      `${source.name}: last synced head ${recorded?.lastHead?.slice(0, 10) ?? 'none'}${recorded ? ` (recorded ${recorded.updatedAt})` : ' (never synced)'}${proposed ? `, ${proposed} commit(s) in an open proposal` : ''}`,
    );
  }
  await finishReport(ctx, env, report, cli.report);
  return exitCodeOf(report);
}
