import type { CliOptions } from '../cli.ts';
import { loadConfig } from '../config/load.ts';
import type { RunEnvironment } from '../env.ts';
import type { Logger } from '../output/log.ts';
import { ProcessRunner } from '../proc/run.ts';
import { configPathOf, repoRoot } from './context.ts';

// `check-config`: validate the configuration, list every problem at once, and exit.

export async function checkConfigCommand(cli: CliOptions, env: RunEnvironment, log: Logger): Promise<number> {
  const root = cli.config && !cli.repo ? process.cwd() : await repoRoot(cli, env, new ProcessRunner());
  const path = configPathOf(cli, root);
  const config = await loadConfig(path);
  log.out(`${path}: valid — ${config.sources.length} source(s): ${config.sources.map((s) => s.name).join(', ')}`);
  return 0;
}
