import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideMode, HELP, parseCli, type CliOptions } from './cli.ts';
import type { Config, SourceConfig } from './config/schema.ts';
import { loadConfig } from './config/load.ts';
import { readEnvironment, type RunEnvironment } from './env.ts';
import { SyncError, isSyncError } from './errors.ts';
import { Git } from './git/git.ts';
import { createLogger, type Logger } from './output/log.ts';
import { planRun, resolveTarget, type RunPlan } from './pipeline/plan.ts';
import type { PlanFile, ResultsFile } from './handoff/files.ts';
import type { PublishedSource } from './pipeline/publish.ts';
import type { Forge } from './forge/types.ts';
import { ProcessRunner } from './proc/run.ts';
import { createRedactor, redactDeep, type Redactor } from './output/redact.ts';
import { buildAppliedReport, buildReport, formatSource, formatTotals, type Report, type RunMode } from './report/model.ts';
import { DEFAULT_STATE_FILE, readState, writeState, type State } from './state/file.ts';

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
    if (cli.command === 'demo') {
      const { runDemo } = await import('./demo/run-demo.ts');
      return await runDemo(cli, env, log);
    }
    const target = await openTarget(cli, env, log);
    redact = target.redact;
    if (env.githubActions) {
      // On a runner: masks for every token first, then workflow commands only through @actions/core.
      const { createActionsLogger } = await import('./output/actions.ts');
      log = createActionsLogger({ redact, verbose: cli.verbose, secrets: secretsOf(env, target.config.sources.map((s) => s.tokenEnv)) });
    } else {
      log = createLogger({ redact, verbose: cli.verbose, ...io });
    }
    const ctx = { ...target, log };
    switch (cli.command) {
      case 'run':
      case 'status':
        return await runOrStatus(cli, env, ctx);
      case 'prepare':
        return await prepareCommand(cli, env, ctx);
      case 'verify':
        return await verifyCommand(cli, env, ctx);
      case 'publish':
        return await publishCommand(cli, env, ctx);
    }
    throw new SyncError('USAGE', `unknown command "${cli.command}"`);
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
  // The usual case (a checkout's root, as in CI) needs no git process to know it.
  if (existsSync(join(dir, '.git'))) return dir;
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

type Ctx = TargetContext & { log: Logger };

function statePathOf(ctx: Ctx): string {
  return join(ctx.root, DEFAULT_STATE_FILE);
}

interface StateAccess {
  read(): Promise<State>;
  /** Records the state; says where, or undefined when nothing changed. */
  write(state: State): Promise<string | undefined>;
}

/**
 * Where the state lives: with the local forge, the file in the work tree; with GitHub, the file on
 * the target branch of the remote (or on auto-sync/state when that branch is protected), because
 * each workflow job starts from a fresh checkout.
 */
async function stateAccess(ctx: Ctx, env: RunEnvironment): Promise<StateAccess> {
  const file = statePathOf(ctx);
  if (ctx.config.forge.type !== 'github' || !env.githubToken) {
    return { read: () => readState(file), write: async (state) => ((await writeState(file, state)) ? DEFAULT_STATE_FILE : undefined) };
  }
  const repository = ctx.config.target.identity ?? env.githubRepository ?? '';
  const { createGitStateStore } = await import('./state/remote-store.ts');
  const store = createGitStateStore({
    git: ctx.git,
    remoteUrl: `${env.githubServerUrl.replace(/\/+$/, '')}/${repository}.git`,
    token: env.githubToken,
    tokenName: 'GITHUB_TOKEN',
    branch: ctx.config.target.branch,
    stateBranch: `${ctx.config.target.integrationBranchPrefix}state`,
    path: DEFAULT_STATE_FILE,
    committer: ctx.config.target.committer,
    now: () => new Date(),
    log: (line) => ctx.log.info(line),
  });
  return {
    read: async () => (await store.read()).state,
    write: async (state) => {
      const result = await store.write(state);
      if (result.status === 'unchanged') return undefined;
      return result.status === 'committed' ? `${DEFAULT_STATE_FILE} on ${ctx.config.target.branch}` : `${DEFAULT_STATE_FILE} on ${ctx.config.target.integrationBranchPrefix}state`;
    },
  };
}

async function planFor(cli: CliOptions, env: RunEnvironment, ctx: Ctx, state: State): Promise<RunPlan> {
  return planRun({ git: ctx.git, config: ctx.config, state, env, log: ctx.log }, selectSources(ctx.config, cli.sources));
}

async function printReport(ctx: Ctx, report: Report): Promise<void> {
  const grouping = 'group' in ctx.log && typeof ctx.log.group === 'function' ? (ctx.log as Logger & { group<T>(name: string, fn: () => Promise<T>): Promise<T> }) : undefined;
  for (const source of report.sources) {
    // On a runner each source gets its own collapsible group.
    if (grouping) await grouping.group(`auto-sync: ${source.name} — ${source.outcome ?? source.status}`, async () => ctx.log.out(formatSource(source)));
    else ctx.log.out(formatSource(source));
  }
  ctx.log.out(formatTotals(report));
  ctx.log.debug(`${ctx.runner.spawned} processes spawned`);
}

/** In GitHub Actions: annotations (conflicts, held commits, failures) and the job summary. */
async function publishToActions(ctx: Ctx, env: RunEnvironment, report: Report): Promise<void> {
  if (!env.githubActions) return;
  const actions = await import('./output/actions.ts');
  if (actions.isActionsLogger(ctx.log)) actions.annotateReport(ctx.log, report);
  const repository = ctx.config.target.identity ?? env.githubRepository;
  const runUrl = env.githubRunId && repository ? `${env.githubServerUrl.replace(/\/+$/, '')}/${repository}/actions/runs/${env.githubRunId}` : undefined;
  await actions.writeSummary(env.githubStepSummary, ctx.redact(actions.actionsSummary(report, runUrl ? { runUrl } : {})));
}

function exitCodeOf(report: Report): number {
  return report.sources.some((s) => s.status === 'error' || s.outcome === 'error') ? 1 : 0;
}

/**
 * The modules that apply (integrate, verify, publish, forges) are loaded only when applying:
 * an hourly run with nothing new should pay for planning alone.
 */
async function applyModules() {
  const [handoff, prepare, verify, publish, local, dashboard, reconcile] = await Promise.all([
    import('./handoff/files.ts'),
    import('./pipeline/prepare.ts'),
    import('./pipeline/verify.ts'),
    import('./pipeline/publish.ts'),
    import('./forge/local.ts'),
    import('./report/dashboard.ts'),
    import('./state/rebuild.ts'),
  ]);
  return { ...handoff, ...prepare, ...verify, ...publish, ...local, ...dashboard, ...reconcile };
}

type ApplyModules = Awaited<ReturnType<typeof applyModules>>;

export async function forgeFor(ctx: Ctx, env: RunEnvironment, { createLocalForge }: ApplyModules): Promise<Forge> {
  if (ctx.config.forge.type === 'github') {
    const repository = ctx.config.target.identity ?? env.githubRepository;
    if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new SyncError('USAGE', 'forge.type "github" needs the target repository as owner/name', { hint: 'Set GITHUB_REPOSITORY (Actions sets it) or target.identity in the config.' });
    }
    if (!env.githubToken) throw new SyncError('FORGE_AUTH', 'forge.type "github" needs GITHUB_TOKEN', { hint: 'Pass the workflow token or a GitHub App / PAT token as GITHUB_TOKEN (contents: write, pull-requests: write, issues: write).' });
    const [owner, repo] = repository.split('/') as [string, string];
    const { createGitHubForge } = await import('./forge/github.ts');
    return createGitHubForge({
      git: ctx.git,
      owner,
      repo,
      token: env.githubToken,
      tokenName: 'GITHUB_TOKEN',
      apiUrl: env.githubApiUrl,
      remoteUrl: `${env.githubServerUrl.replace(/\/+$/, '')}/${owner}/${repo}.git`,
      paceWrites: env.githubPacing,
      log: (line) => ctx.log.info(line),
    });
  }
  return createLocalForge({ git: ctx.git, repoRoot: ctx.root, proposalsDir: join(ctx.root, '.neon', 'proposals'), clock: () => new Date() });
}

/** Sources the state file does not know: rebuilt from history and proposals, so a lost file duplicates nothing. */
async function reconciled(ctx: Ctx, env: RunEnvironment, m: ApplyModules, forge: Forge, state: State, names: readonly string[]): Promise<State> {
  const missing = names.filter((name) => !state.sources[name]);
  if (missing.length === 0) return state;
  const target = await resolveTarget(ctx.git, ctx.config, env);
  const rebuilt = await m.rebuildState({ git: ctx.git, config: ctx.config, forge, now: new Date() }, target, missing);
  const found = Object.values(rebuilt.sources).reduce((n, s) => n + Object.keys(s.commits).length, 0);
  if (found > 0) ctx.log.info(`state: rebuilt ${missing.join(', ')} from history and proposals (${found} commit(s) already synced, proposed or declined)`);
  return m.mergeRebuilt(state, rebuilt);
}

function proposalStateOf(forge: Forge) {
  return async (id: number) => (await forge.getProposal(id))?.state;
}

async function updateDashboard(ctx: Ctx, forge: Forge, m: ApplyModules, state: State, report: Report): Promise<void> {
  try {
    const result = await forge.upsertDashboard({ title: m.DASHBOARD_TITLE, body: m.dashboardBody(state, report) });
    if (result.action !== 'unchanged') ctx.log.info(`dashboard ${result.action}: ${result.url}`);
  } catch (error) {
    // The dashboard is a view: failing to update it never fails the run.
    ctx.log.warn(`could not update the dashboard: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function runOrStatus(cli: CliOptions, env: RunEnvironment, ctx: Ctx): Promise<number> {
  const startedAt = new Date().toISOString();
  const { log } = ctx;
  const mode: RunMode = cli.command === 'status' ? { apply: false, reason: 'status: looking only' } : decideMode(cli, env.ci);
  log.info(`auto-sync: ${mode.reason}`);
  const stateStore = await stateAccess(ctx, env);
  let state = await stateStore.read();
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  const m = mode.apply || cli.rebuildState ? await applyModules() : undefined;
  const forge = m ? await forgeFor(ctx, env, m) : undefined;
  if (m && forge && cli.rebuildState) {
    const rebuilt = await m.rebuildState({ git: ctx.git, config: ctx.config, forge, now: new Date() }, await resolveTarget(ctx.git, ctx.config, env), names);
    log.out(JSON.stringify(rebuilt, null, 2));
    return 0;
  }
  if (m && forge) state = await reconciled(ctx, env, m, forge, state, names);
  const plan = await planFor(cli, env, ctx, state);
  let report = buildReport(plan, mode, startedAt);
  if (cli.command === 'status') {
    for (const source of report.sources) {
      const recorded = state.sources[source.name];
      const proposed = Object.values(recorded?.commits ?? {}).filter((c) => c.decision === 'proposed').length;
      log.out(`${source.name}: last synced head ${recorded?.lastHead?.slice(0, 10) ?? 'none'}${recorded ? ` (recorded ${recorded.updatedAt})` : ' (never synced)'}${proposed ? `, ${proposed} commit(s) in an open proposal` : ''}`);
    }
  }
  if (mode.apply && m && forge) {
    // Plan, then act: the same three phases the workflow runs as separate jobs, chained here one
    // source at a time, so that each batch is built and validated on the target as the previous
    // source left it (a merge moves the target; a batch validated before that is stale).
    const now = new Date();
    const { prepare, verify, publish, defaultWorkDir } = m;
    const preparedSources: PlanFile['sources'] = [];
    const publishedSources: PublishedSource[] = [];
    let current = state;
    for (const source of plan.sources) {
      const dir = await mkdtemp(join(tmpdir(), 'auto-sync-handoff-'));
      try {
        const target = source.status === 'ok' ? await resolveTarget(ctx.git, ctx.config, env) : plan.target;
        const prepared = await prepare({ git: ctx.git, config: ctx.config, state: current, now, proposalState: proposalStateOf(forge) }, { target, sources: [source] }, dir);
        const results = await verify({ git: ctx.git, runner: ctx.runner, config: ctx.config, env: env.vars, log, workDir: env.workDir ?? defaultWorkDir(ctx.root) }, prepared.plan);
        const published = await publish({ git: ctx.git, config: ctx.config, forge, state: current, now, log }, prepared.plan, results, dir);
        current = published.state;
        preparedSources.push(...prepared.plan.sources);
        publishedSources.push(...published.sources);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const where = await stateStore.write(current);
    if (where) log.info(`state recorded in ${where}`);
    report = buildAppliedReport(report, preparedSources, publishedSources);
    await updateDashboard(ctx, forge, m, current, report);
  } else if (cli.command === 'run') {
    for (const source of report.sources) {
      const picked = source.counts.picked;
      if (source.status === 'ok' && picked > 0) {
        log.info(`${source.name}: would apply ${picked} commit(s) on ${ctx.config.target.integrationBranchPrefix}${source.name}, validate them, then merge or propose (run with --apply)`);
      }
    }
  }
  await printReport(ctx, report);
  await publishToActions(ctx, env, report);
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return exitCodeOf(report);
}

function requireDir(value: string | undefined, flag: string): string {
  if (!value) throw new SyncError('USAGE', `${flag} DIR is required`, { hint: `Pass ${flag} DIR: the hand-off directory between phases.` });
  return resolve(process.cwd(), value);
}

async function prepareCommand(cli: CliOptions, env: RunEnvironment, ctx: Ctx): Promise<number> {
  const out = requireDir(cli.out, '--out');
  const m = await applyModules();
  const forge = await forgeFor(ctx, env, m);
  const state = await reconciled(ctx, env, m, forge, await (await stateAccess(ctx, env)).read(), selectSources(ctx.config, cli.sources).map((s) => s.name));
  const plan = await planFor(cli, env, ctx, state);
  const prepared = await m.prepare({ git: ctx.git, config: ctx.config, state, now: new Date(), proposalState: proposalStateOf(forge) }, plan, out);
  const report = buildAppliedReport(buildReport(plan, { apply: true, reason: 'prepare' }, new Date().toISOString()), prepared.plan.sources, []);
  await printReport(ctx, { ...report, sources: report.sources.map(({ outcome: _o, ...s }) => s) });
  const withWork = prepared.plan.sources.filter((s) => s.integration).map((s) => s.name);
  ctx.log.out(`hand-off written to ${out}; sources with work: ${withWork.join(', ') || 'none'}`);
  ctx.log.out(`handoff-digest: ${prepared.digest}`);
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return prepared.plan.sources.some((s) => s.status === 'error') ? 1 : 0;
}

async function verifyCommand(cli: CliOptions, env: RunEnvironment, ctx: Ctx): Promise<number> {
  const dir = requireDir(cli.in, '--in');
  const { verifyHandoff, loadBundle, verify, defaultWorkDir, writeResultsFile } = await applyModules();
  // Checked here too, so a corrupted download fails early; publish checks again against the digest.
  const plan: PlanFile = await verifyHandoff(dir, undefined);
  for (const source of plan.sources) if (source.integration) await loadBundle(ctx.git, dir, source, `refs/auto-sync/verify/${source.name}`);
  const results = await verify({ git: ctx.git, runner: ctx.runner, config: ctx.config, env: env.vars, log: ctx.log, workDir: env.workDir ?? defaultWorkDir(ctx.root) }, plan);
  await writeResultsFile(dir, redactDeep(results, ctx.redact));
  const failed = results.sources.filter((s) => [...s.checks, ...s.smoke].some((c) => c.status !== 'passed' && c.status !== 'skipped'));
  ctx.log.out(`verified ${results.sources.length} source(s); with failures: ${failed.map((s) => s.name).join(', ') || 'none'}`);
  return 0;
}

async function publishCommand(cli: CliOptions, env: RunEnvironment, ctx: Ctx): Promise<number> {
  const dir = requireDir(cli.in, '--in');
  const m = await applyModules();
  const { verifyHandoff, readResultsFile, publish } = m;
  const plan = await verifyHandoff(dir, env.handoffDigest);
  const results: ResultsFile = await readResultsFile(dir);
  const stateStore = await stateAccess(ctx, env);
  const state = await stateStore.read();
  const now = new Date();
  const forge = await forgeFor(ctx, env, m);
  const published = await publish({ git: ctx.git, config: ctx.config, forge, state, now, log: ctx.log }, plan, results, dir);
  const where = await stateStore.write(published.state);
  if (where) ctx.log.info(`state recorded in ${where}`);
  const runPlan: RunPlan = { target: plan.target, sources: plan.sources.map((s) => ({ ...s, durationMs: 0 })) };
  const report = buildAppliedReport(buildReport(runPlan, { apply: true, reason: 'publish' }, now.toISOString()), plan.sources, published.sources);
  await updateDashboard(ctx, forge, m, published.state, report);
  await printReport(ctx, report);
  await publishToActions(ctx, env, report);
  if (cli.report) await writeReport(cli.report, report, ctx.redact);
  return exitCodeOf(report);
}

export const TOOL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function writeReport(file: string, report: Report, redact: Redactor): Promise<void> {
  const path = resolve(process.cwd(), file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(redactDeep(report, redact), null, 2)}\n`);
}
