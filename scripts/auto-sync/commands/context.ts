import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { CliOptions } from '../cli.ts';
import type { Config, SourceConfig } from '../config/schema.ts';
import { loadConfig } from '../config/load.ts';
import type { RunEnvironment } from '../env.ts';
import { SyncError } from '../errors.ts';
import { Git } from '../git/git.ts';
import { workTreeRoot } from '../git/refs.ts';
import { requireGitVersion } from '../git/version.ts';
import { createLogger, type Logger } from '../output/log.ts';
import { createRedactor, type Redactor } from '../output/redact.ts';
import { ProcessRunner } from '../proc/run.ts';

// What every command that works on a target needs, opened once: the repository, its config, the
// redaction that knows the config's token variables, and the logger for this run.

/** Where a target keeps its config, looked for in this order when --config is not given. */
export const DEFAULT_CONFIGS = ['auto-sync.config.json', '.github/auto-sync.json', 'scripts/auto-sync/config.json'] as const;

export interface Io {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export interface TargetContext {
  root: string;
  git: Git;
  runner: ProcessRunner;
  config: Config;
  configPath: string;
  redact: Redactor;
  log: Logger;
  /** The real stdout, unredacted: for the JSON report of --report - (redacted before it is written). */
  stdout: (text: string) => void;
}

/** Every value that must never be printed: configured token variables and anything named like a secret. */
export function secretsOf(env: RunEnvironment, tokenEnvs: readonly string[]): string[] {
  const names = new Set(['GITHUB_TOKEN', 'SOURCE_PAT', 'GH_TOKEN', ...tokenEnvs]);
  for (const name of Object.keys(env.vars)) if (/(TOKEN|SECRET|PASSWORD|_PAT)$/i.test(name)) names.add(name);
  return [...names].map((name) => env.vars[name]).filter((v): v is string => typeof v === 'string');
}

export async function repoRoot(cli: CliOptions, env: RunEnvironment, runner: ProcessRunner): Promise<string> {
  const dir = resolve(cli.repo ?? process.cwd());
  // The usual case (a checkout's root, as in CI) needs no git process to know it.
  if (existsSync(join(dir, '.git'))) return dir;
  const git = new Git(dir, runner, env.vars);
  const root = await workTreeRoot(git);
  if (root === undefined) throw new SyncError('NOT_A_REPO', `${dir} is not inside a git repository`);
  return root;
}

export function configPathOf(cli: Pick<CliOptions, 'config'>, root: string): string {
  if (cli.config) return isAbsolute(cli.config) ? cli.config : resolve(process.cwd(), cli.config);
  const found = DEFAULT_CONFIGS.map((name) => join(root, name)).find((path) => existsSync(path));
  if (found) return found;
  throw new SyncError('CONFIG_NOT_FOUND', `no configuration in ${root} (looked for ${DEFAULT_CONFIGS.join(', ')})`, {
    hint: 'Create auto-sync.config.json at the root of the target (see "Using it on your repository" in the README) or pass --config FILE.',
  });
}

/** Opens the target; on a runner the logger speaks the Actions workflow-command language. */
export async function openTarget(cli: CliOptions, env: RunEnvironment, io: Io): Promise<TargetContext> {
  let redact: Redactor = (t) => t;
  let log: Logger = createLogger({ redact: (t) => redact(t), verbose: cli.verbose, ...io });
  const runner = new ProcessRunner((event) =>
    log.debug(
      `git ${event.command.replace(/^git (-c \S+ )*/, '')} (${event.durationMs.toFixed(0)} ms${event.exitCode ? `, exit ${event.exitCode}` : ''})`,
    ),
  );
  await requireGitVersion(runner, env.vars);
  const root = await repoRoot(cli, env, runner);
  const configPath = configPathOf(cli, root);
  const config = await loadConfig(configPath);
  redact = createRedactor(
    secretsOf(
      env,
      config.sources.map((s) => s.tokenEnv),
    ),
  );
  if (env.githubActions) {
    // On a runner: masks for every token first, then workflow commands only through @actions/core.
    const { createActionsLogger } = await import('../output/actions.ts');
    log = createActionsLogger({
      redact,
      verbose: cli.verbose,
      secrets: secretsOf(
        env,
        config.sources.map((s) => s.tokenEnv),
      ),
    });
  }
  // --report - / --json: stdout is the report's alone; what is printed for people goes to stderr.
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  if (cli.report === '-') log = { ...log, out: (text) => log.info(text.replace(/\n$/, '')) };
  return { root, git: new Git(root, runner, env.vars), runner, config, configPath, redact, log, stdout };
}

export function selectSources(config: Config, names: readonly string[]): SourceConfig[] {
  if (names.length === 0) return config.sources;
  const unknown = names.filter((n) => !config.sources.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new SyncError('USAGE', `unknown source ${unknown.map((n) => `"${n}"`).join(', ')}`, {
      hint: `Configured sources: ${config.sources.map((s) => s.name).join(', ')}.`,
    });
  }
  return config.sources.filter((s) => names.includes(s.name));
}

export function requireDir(value: string | undefined, flag: string): string {
  if (!value) throw new SyncError('USAGE', `${flag} DIR is required`, { hint: `Pass ${flag} DIR: the hand-off directory between phases.` });
  return resolve(process.cwd(), value);
}
