import { decideMode, type CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import type { PlanFile } from '../handoff/files.ts';
import { exitCodeOf, finishReport } from '../output/print.ts';
import { resolveTarget } from '../pipeline/plan.ts';
import type { PublishedSource } from '../pipeline/publish.ts';
import { failedSource, stateWriteFailed, withinSource } from '../pipeline/boundary.ts';
import { steps } from '../pipeline/steps.ts';
import { interruptedError, stopRequested } from '../proc/interrupt.ts';
import { summarizeError } from '../errors.ts';
import { buildAppliedReport, buildReport } from '../report/model.ts';
import { makeTempDir, removeTempDir } from '../proc/temp.ts';
import { stateAccess } from '../state/access.ts';
import { selectSources, type TargetContext } from './context.ts';

// `run`: plan every source; when applying, the three phases the workflow runs as separate jobs,
// chained here one source at a time, so that each batch is built and validated on the target as
// the previous source left it (a merge moves the target; a batch validated before that is stale).

export async function runCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const startedAt = new Date().toISOString();
  const mode = decideMode(cli, env.ci);
  ctx.log.info(`auto-sync: ${mode.reason}`);
  const store = await stateAccess(ctx, env);
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  let state = await store.read();
  // The forge only when applying: a dry run (and the idle hourly run's start-up) never loads it.
  const forge = mode.apply ? await import('../forge/create.ts').then((m) => m.createForge(ctx, env)) : undefined;
  if (forge) state = await steps.reconcile(ctx, env, forge, state, names);
  const plan = await steps.plan(ctx, env, state, names);
  let report = buildReport(plan, mode, startedAt);

  if (!forge) {
    // A dry run stops after planning and says what applying would do.
    for (const source of report.sources) {
      if (source.status === 'ok' && source.counts.picked > 0) {
        ctx.log.info(
          `${source.name}: would apply ${source.counts.picked} commit(s) on ${ctx.config.target.integrationBranchPrefix}${source.name}, validate them, then merge or propose (run with --apply)`,
        );
      }
    }
  } else {
    const now = new Date();
    const prepared: PlanFile['sources'] = [];
    const published: PublishedSource[] = [];
    let recordFailure: unknown;
    try {
      for (const source of plan.sources) {
        // After SIGINT/SIGTERM no new source starts; what was delivered is still recorded below.
        if (stopRequested()) {
          published.push(failedSource(source.name, summarizeError(interruptedError(source.name))));
          continue;
        }
        // One source's failure, expected or not, is that source's result: the others go on.
        const outcome = await withinSource(ctx, source.name, async () => {
          const dir = await makeTempDir('handoff');
          try {
            const target = source.status === 'ok' ? await resolveTarget(ctx.git, ctx.config, env) : plan.target;
            const integrated = await steps.integrate(ctx, forge, state, { target, sources: [source] }, dir, now);
            prepared.push(...integrated.plan.sources);
            const results = await steps.verify(ctx, env, integrated.plan);
            return await steps.publish(ctx, env, forge, state, integrated.plan, results, dir, now);
          } finally {
            await removeTempDir(dir);
          }
        });
        if ('error' in outcome) published.push(failedSource(source.name, outcome.error));
        else {
          state = outcome.value.state;
          published.push(...outcome.value.sources);
        }
      }
    } finally {
      // Whatever happened above, what was delivered is recorded.
      recordFailure = await steps.record(ctx, store, state).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    report = buildAppliedReport(report, prepared, published);
    await steps.dashboard(ctx, env, forge, state, report);
    if (recordFailure !== undefined) {
      // The report is still written: main may have moved, and the reader must see what happened.
      await finishReport(ctx, env, report, cli.report);
      throw stateWriteFailed(recordFailure);
    }
  }
  await finishReport(ctx, env, report, cli.report);
  return exitCodeOf(report);
}
