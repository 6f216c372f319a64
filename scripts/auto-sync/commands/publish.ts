import type { CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import { createForge } from '../forge/create.ts';
import { exitCodeOf, finishReport } from '../output/print.ts';
import type { RunPlan } from '../pipeline/plan.ts';
import { stateWriteFailed } from '../pipeline/boundary.ts';
import { steps } from '../pipeline/steps.ts';
import { buildAppliedReport, buildReport } from '../report/model.ts';
import { stateAccess } from '../state/access.ts';
import { requireDir, type TargetContext } from './context.ts';

// `publish` (phase 3; holds the target's write access, runs nothing from the integration commits):
// checks the hand-off against the digest, then scores, decides, delivers and records.

export async function publishCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const dir = requireDir(cli.in, '--in');
  const { verifyHandoff, readResultsFile } = await import('../handoff/files.ts');
  const plan = await verifyHandoff(dir, env.handoffDigest);
  const results = await readResultsFile(dir);
  const store = await stateAccess(ctx, env);
  const state = await store.read();
  const now = new Date();
  const forge = await createForge(ctx, env);
  const published = await steps.publish(ctx, env, forge, state, plan, results, dir, now);
  const recordFailure = await steps.record(ctx, store, published.state).then(
    () => undefined,
    (error: unknown) => error,
  );
  const runPlan: RunPlan = { target: plan.target, sources: plan.sources.map((s) => ({ ...s, durationMs: 0 })) };
  const report = buildAppliedReport(
    buildReport(runPlan, { apply: true, reason: 'publish' }, now.toISOString()),
    plan.sources,
    published.sources,
  );
  await steps.dashboard(ctx, env, forge, published.state, report);
  await finishReport(ctx, env, report, cli.report);
  // Delivered but not recorded: the report above says what happened; the code says what to do.
  if (recordFailure !== undefined) throw stateWriteFailed(recordFailure);
  return exitCodeOf(report);
}
