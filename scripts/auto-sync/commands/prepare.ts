import type { CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import { createForge } from '../forge/create.ts';
import { printReport, publishPhase, writeReport } from '../output/print.ts';
import { steps } from '../pipeline/steps.ts';
import { buildAppliedReport, buildReport } from '../report/model.ts';
import { stateAccess } from '../state/access.ts';
import { requireDir, selectSources, type TargetContext } from './context.ts';

// `prepare` (phase 1; holds the source tokens, runs no sibling code): reconcile, plan, integrate,
// and write the hand-off directory; prints the digest that publish checks.

export async function prepareCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const out = requireDir(cli.out, '--out');
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  const forge = await createForge(ctx, env);
  const state = await steps.reconcile(ctx, env, forge, await (await stateAccess(ctx, env)).read(), names);
  const plan = await steps.plan(ctx, env, state, names);
  const prepared = await steps.integrate(ctx, forge, state, plan, out, new Date());
  const report = buildAppliedReport(
    buildReport(plan, { apply: true, reason: 'prepare' }, new Date().toISOString()),
    prepared.plan.sources,
    [],
  );
  const shown = { ...report, sources: report.sources.map(({ outcome: _o, ...s }) => s) };
  await printReport(ctx, shown);
  const withWork = prepared.plan.sources.filter((s) => s.integration).map((s) => s.name);
  ctx.log.out(`hand-off written to ${out}; sources with work: ${withWork.join(', ') || 'none'}`);
  ctx.log.out(`handoff-digest: ${prepared.digest}`);
  if (env.githubActions) {
    // On a runner: what was prepared in the job summary; failed sources, conflicts and held commits as annotations.
    const { prepareSummary } = await import('../output/phase-summary.ts');
    const markdown = prepareSummary(shown, { dir: out, digest: prepared.digest });
    await publishPhase(env, ctx.log, ctx.redact, markdown, (actions) => actions.reportAnnotations(shown));
  }
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return prepared.plan.sources.some((s) => s.status === 'error') ? 1 : 0;
}
