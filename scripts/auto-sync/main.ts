import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { decideMode, HELP, parseCli, type CliOptions } from './cli.ts';
import type { Config, SourceConfig } from './config-schema.ts';
import { loadConfig } from './config.ts';
import { readEnvironment, type RunEnvironment } from './env.ts';
import { SyncError, isSyncError } from './errors.ts';
import { Git } from './git/git.ts';
import { createLogger, type Logger } from './log.ts';
import { planRun } from './pipeline/plan.ts';
import { ProcessRunner } from './proc/run.ts';
import { createRedactor, redactDeep, type Redactor } from './redact.ts';
import { buildReport, formatSource, formatTotals, type Report } from './report.ts';
import { DEFAULT_STATE_FILE, readState } from './state.ts';

// Wires the pieces together for one command; returns the exit code. No decision is made here
// that a pure module could make, and no I/O happens below it that a reader could not find.

export const DEFAULT_CONFIG = 'scripts/auto-sync/config.json';

export interface Io {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export async function main(argv: readonly string[], vars: Readonly<Record<string, string | undefined>>, io: Io = {}): Promise<number> {
  const env = readEnvironment(vars);
  let redact = createRedactor(secretsOf(env, []));
  let log = createLogger({ redact, verbose: false, ...io });
  try {
    const cli = parseCli(argv);
    if (cli.help) {
      log.out(HELP[argv.length === 0 || argv[0]?.startsWith('-') || argv[0] === 'help' ? 'main' : cli.command]);
      return 0;
    }
    log = createLogger({ redact, verbose: cli.verbose, ...io });
    if (cli.command === 'check-config') return await checkConfig(cli, env, log);
    if (cli.command === 'run' || cli.command === 'status') {
      const target = await openTarget(cli, env, log);
      redact = target.redact;
      log = createLogger({ redact, verbose: cli.verbose, ...io });
      return await runOrStatus(cli, env, { ...target, log });
    }
    throw new SyncError('USAGE', `"${cli.command}" comes with the next capability (apply, validate, decide)`, {
      hint: 'Use `run` (plans by default) or `status` for now.',
    });
  } catch (error) {
    return printFailure(log, error);
  }
}

/** Every value that must never be printed: configured token variables and anything named like a secret. */
export function secretsOf(env: RunEnvironment, tokenEnvs: readonly string[]): string[] {
  const names = new Set(['GITHUB_TOKEN', 'SOURCE_PAT', 'GH_TOKEN', ...tokenEnvs]);
  for (const name of Object.keys(env.vars)) if (/(TOKEN|SECRET|PASSWORD|_PAT)$/i.test(name)) names.add(name);
  return [...names].map((name) => env.vars[name]).filter((v): v is string => typeof v === 'string');
}

export function printFailure(log: Logger, error: unknown): number {
  if (isSyncError(error)) {
    log.error(`${error.code}: ${error.message}`);
    for (const detail of error.details) for (const line of detail.split('\n')) if (line) log.info(`  - ${line}`);
    log.info(`  → ${error.hint}`);
    return error.exitCode;
  }
  // Not an expected failure: a bug. Show the stack so it can be reported.
  log.error(`INTERNAL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}

interface TargetContext {
  root: string;
  git: Git;
  runner: ProcessRunner;
  config: Config;
  configPath: string;
  redact: Redactor;
}

async function repoRoot(cli: CliOptions, env: RunEnvironment, runner: ProcessRunner): Promise<string> {
  const dir = resolve(cli.repo ?? process.cwd());
  const git = new Git(dir, runner, env.vars);
  const result = await git.run(['rev-parse', '--show-toplevel'], { allowFailure: true });
  if (!result.ok) throw new SyncError('NOT_A_REPO', `${dir} is not inside a git repository`);
  return result.stdout.trim();
}

function configPathOf(cli: CliOptions, root: string): string {
  if (!cli.config) return join(root, DEFAULT_CONFIG);
  return isAbsolute(cli.config) ? cli.config : resolve(process.cwd(), cli.config);
}

async function openTarget(cli: CliOptions, env: RunEnvironment, log: Logger): Promise<TargetContext> {
  let redact: Redactor = (t) => t;
  const runner = new ProcessRunner((event) =>
    log.debug(redact(`git ${event.command.replace(/^git /, '')} (${event.durationMs.toFixed(0)} ms${event.exitCode ? `, exit ${event.exitCode}` : ''})`)),
  );
  const root = await repoRoot(cli, env, runner);
  const configPath = configPathOf(cli, root);
  const config = await loadConfig(configPath);
  redact = createRedactor(secretsOf(env, config.sources.map((s) => s.tokenEnv)));
  return { root, git: new Git(root, runner, env.vars), runner, config, configPath, redact };
}

async function checkConfig(cli: CliOptions, env: RunEnvironment, log: Logger): Promise<number> {
  const root = cli.config && !cli.repo ? process.cwd() : await repoRoot(cli, env, new ProcessRunner());
  const path = configPathOf(cli, root);
  const config = await loadConfig(path);
  log.out(`${path}: valid — ${config.sources.length} source(s): ${config.sources.map((s) => s.name).join(', ')}`);
  return 0;
}

function selectSources(config: Config, names: readonly string[]): SourceConfig[] {
  if (names.length === 0) return config.sources;
  const unknown = names.filter((n) => !config.sources.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new SyncError('USAGE', `unknown source ${unknown.map((n) => `"${n}"`).join(', ')}`, {
      hint: `Configured sources: ${config.sources.map((s) => s.name).join(', ')}.`,
    });
  }
  return config.sources.filter((s) => names.includes(s.name));
}

async function runOrStatus(cli: CliOptions, env: RunEnvironment, ctx: TargetContext & { log: Logger }): Promise<number> {
  const startedAt = new Date().toISOString();
  const { log } = ctx;
  const sources = selectSources(ctx.config, cli.sources);
  const mode = cli.command === 'status' ? { apply: false, reason: 'status: looking only' } : decideMode(cli, env.ci);
  log.info(`auto-sync: ${mode.reason}`);
  if (mode.apply) {
    throw new SyncError('APPLY_NOT_AVAILABLE', 'applying (integrate, validate, merge or propose) comes with the next capability; this version only plans', {
      hint: 'Run without --apply, or with --dry-run in CI, to see the plan.',
    });
  }
  const statePath = join(ctx.root, DEFAULT_STATE_FILE);
  const state = await readState(statePath);
  const plan = await planRun({ git: ctx.git, config: ctx.config, state, env, log }, sources);
  const report = buildReport(plan, mode, startedAt);
  if (cli.command === 'status') {
    for (const source of report.sources) {
      const recorded = state.sources[source.name];
      log.out(`${source.name}: last synced head ${recorded?.lastHead?.slice(0, 10) ?? 'none'}${recorded ? ` (recorded ${recorded.updatedAt})` : ' (never synced)'}`);
    }
  }
  for (const source of report.sources) log.out(formatSource(source));
  log.out(formatTotals(report));
  log.debug(`${ctx.runner.spawned} processes spawned`);
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return report.sources.some((s) => s.status === 'error') ? 1 : 0;
}

export async function writeReport(file: string, report: Report, redact: Redactor): Promise<void> {
  const path = resolve(process.cwd(), file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(redactDeep(report, redact), null, 2)}\n`);
}
