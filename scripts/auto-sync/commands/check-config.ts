import type { CliOptions } from '../cli.ts';
import { loadConfig } from '../config/load.ts';
import type { RunEnvironment } from '../env.ts';
import type { Logger } from '../output/log.ts';
import { ProcessRunner } from '../proc/run.ts';
import { publishPhase } from '../output/print.ts';
import { createRedactor } from '../output/redact.ts';
import { configPathOf, repoRoot, secretsOf } from './context.ts';

// `check-config`: validate the configuration, list every problem at once, and exit.

export async function checkConfigCommand(cli: CliOptions, env: RunEnvironment, log: Logger): Promise<number> {
  const root = cli.config && !cli.repo ? process.cwd() : await repoRoot(cli, env, new ProcessRunner());
  const path = configPathOf(cli, root);
  // Invalid: loadConfig throws CONFIG_INVALID with every problem; main prints it (and on a runner annotates each at its line).
  const config = await loadConfig(path);
  log.out(`${path}: valid — ${config.sources.length} source(s): ${config.sources.map((s) => s.name).join(', ')}`);
  if (env.githubActions) {
    const { configOkSummary, workspaceFile } = await import('../output/phase-summary.ts');
    const redact = createRedactor(
      secretsOf(
        env,
        config.sources.map((s) => s.tokenEnv),
      ),
    );
    await publishPhase(env, log, redact, configOkSummary(workspaceFile(path, env.githubWorkspace ?? root) ?? path, config), []);
  }
  return 0;
}
