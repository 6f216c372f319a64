import type { CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import { publishPhase } from '../output/print.ts';
import { redactDeep } from '../output/redact.ts';
import { steps } from '../pipeline/steps.ts';
import { requireDir, type TargetContext } from './context.ts';

// `verify` (phase 2; holds no token, runs the sibling code): checks the hand-off, loads each
// bundle, validates the integration commits, and writes results.json next to the plan.

export async function verifyCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const dir = requireDir(cli.in, '--in');
  const { verifyHandoff, writeResultsFile } = await import('../handoff/files.ts');
  const { loadBundle } = await import('../pipeline/publish.ts');
  // Checked here too, so a corrupted download fails early; publish checks again against the digest.
  const plan = await verifyHandoff(dir, undefined);
  for (const source of plan.sources) if (source.integration) await loadBundle(ctx.git, dir, source, `refs/auto-sync/verify/${source.name}`);
  const results = await steps.verify(ctx, env, plan);
  await writeResultsFile(dir, redactDeep(results, ctx.redact));
  const failed = results.sources.filter((s) => [...s.checks, ...s.smoke].some((c) => c.status !== 'passed' && c.status !== 'skipped'));
  ctx.log.out(`verified ${results.sources.length} source(s); with failures: ${failed.map((s) => s.name).join(', ') || 'none'}`);
  if (env.githubActions) {
    const { verifySummary } = await import('../output/phase-summary.ts');
    const planned = plan.sources.filter((s) => s.integration).map((s) => s.name);
    // A source whose validation could not run was annotated as it failed (log.error); the summary names it again.
    await publishPhase(env, ctx.log, ctx.redact, verifySummary(results, planned), []);
  }
  return 0;
}
