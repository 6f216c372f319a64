import { summarizeError } from '../errors.ts';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { CheckConfig, Config, SmokeConfig } from '../config/schema.ts';
import type { EnvVars } from '../env.ts';
import type { Git } from '../git/git.ts';
import { treeOf } from '../git/refs.ts';
import { materializeTree } from '../git/worktree.ts';
import type { Logger } from '../output/log.ts';
import { compareWithBaseline, type Diagnosis } from '../checks/diagnose.ts';
import { validatePrismaSchema } from '../checks/prisma.ts';
import { planCheck, type RepoFacts } from '../checks/plan-check.ts';
import { readRepoFacts } from '../checks/repo-facts.ts';
import { runCheck } from '../checks/run-check.ts';
import { readTreeFile } from '../checks/tree-file.ts';
import { EMPTY_GITCONFIG, scrubEnv, type SafeEnv } from '../checks/scrub-env.ts';
import { runSmoke } from '../checks/smoke.ts';
import { judgeAgainstBaseline } from '../plan/baseline.ts';
import { createMatcher } from '../plan/paths.ts';
import type { ProcessRunner } from '../proc/run.ts';
import { grantToSandbox, sandboxFor, type Sandbox, type SandboxScope } from '../proc/sandbox.ts';
import { claimRunDir, makeTempDir, removeTempDir } from '../proc/temp.ts';
import { joinOutput, runStep } from '../output/progress.ts';
import type { CheckOutcome, LockfileOutcome, PlanFile, ResultsFile, SmokeOutcome, VerifiedSource } from '../handoff/files.ts';
import { regenerateLockfiles } from '../checks/regenerate-lockfiles.ts';
import { treeWithFiles } from '../git/lockfile-commit.ts';
import { regeneratedPaths } from '../plan/lockfiles.ts';

// Phase 2: run the sibling's code — install, checks, smoke probes — on the exact integration commit,
// in a directory with no .git (so no git config to read), with a scrubbed environment, a
// throwaway HOME and in the strongest sandbox this machine has (proc/sandbox.ts). Holds no token. Checks that fail are compared with the same checks on the target
// head (the baseline, cached by tree id) so that only new errors count.

export interface VerifyDeps {
  git: Git;
  runner: ProcessRunner;
  config: Config;
  env: EnvVars;
  log: Logger;
  /** Where validation directories and the baseline cache live (persistent, outside any repository). */
  workDir: string;
  /**
   * This run's own part of workDir (validation trees, npm caches): workDir itself unless another
   * live run has it (proc/temp.ts claimRunDir). The baseline cache, keyed by tree and written
   * atomically, is shared.
   */
  runDir?: string;
}

export function defaultWorkDir(repoRoot: string): string {
  return join(tmpdir(), `auto-sync-verify-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}`);
}

export async function verify(deps: VerifyDeps, plan: PlanFile): Promise<ResultsFile> {
  const run = await claimRunDir(deps.workDir, 'verify');
  if (run.shared) deps.log.info(`verify: another run is using ${deps.workDir}; this one works in ${run.dir}`);
  try {
    return await verifyIn({ ...deps, runDir: run.dir }, plan);
  } finally {
    await run.release();
  }
}

async function verifyIn(deps: VerifyDeps, plan: PlanFile): Promise<ResultsFile> {
  const sandbox = await sandboxFor(deps.runner, deps.config.verify.sandbox, (found) => deps.log.info(`sandbox: ${found.summary}`));
  const sources: VerifiedSource[] = [];
  for (const source of plan.sources) {
    if (!source.integration) continue;
    deps.log.info(`verify ${source.name}: ${source.integration.head.slice(0, 10)} (${source.integration.files.length} file(s) changed)`);
    const { head, base, files } = source.integration;
    // A source whose validation fails to run has no results: publish proposes it, never merges it.
    try {
      const regenerate = regeneratedPaths(source.integration.regenerate);
      sources.push(await verifySource(deps, sandbox, source.name, head, base, [...new Set([...files, ...regenerate])], regenerate));
    } catch (error) {
      const summary = summarizeError(error);
      deps.log.error(`verify ${source.name}: ${summary.code}: ${summary.message}`);
      if (summary.stack) deps.log.info(summary.stack);
    }
  }
  return { version: 1, createdAt: new Date().toISOString(), sources, sandbox: sandbox.mode };
}

/** What commands in one validation directory get: their environment and their sandbox. */
interface Scope {
  env: SafeEnv;
  sandbox: SandboxScope;
  /** Where checks write their machine-readable reports: outside the tree they check. */
  reports: string;
  close(): Promise<void>;
}

/**
 * A throwaway HOME (with TMPDIR inside) for the commands run in `dir`, given with `dir` to the
 * sandbox's uid. Sandboxed, npm gets a cache of its own per directory: the caller's is not writable
 * there, and a shared one would let one sibling plant entries for another or for the baseline.
 */
async function openScope(deps: VerifyDeps, sandbox: Sandbox, dir: string): Promise<Scope> {
  const home = await makeTempDir('home');
  await writeFile(join(home, EMPTY_GITCONFIG), '', { mode: 0o444 });
  await mkdir(join(home, 'tmp'));
  await mkdir(join(home, 'reports'));
  const callerHome = deps.env.HOME;
  const sandboxed = sandbox.mode !== 'none';
  const npmCache = sandboxed
    ? join(deps.runDir ?? deps.workDir, 'npm-cache', relative(deps.runDir ?? deps.workDir, dir))
    : (deps.env.npm_config_cache ?? (callerHome ? join(callerHome, '.npm') : undefined));
  if (sandboxed) await mkdir(npmCache!, { recursive: true });
  for (const path of [dir, home, ...(sandboxed ? [npmCache!] : [])]) await grantToSandbox(sandbox, path);
  const env = scrubEnv({ ...deps.env, ...(npmCache ? { npm_config_cache: npmCache } : {}), CI: 'true' }, deps.config.verify.envAllow, {
    home,
    tmp: join(home, 'tmp'),
  });
  const scope = sandbox.scope({
    writable: [dir, home, ...(sandboxed ? [npmCache!] : [])],
    readOnly: [deps.git.dir, deps.workDir, ...(callerHome ? [callerHome] : [])],
    // The target's .git may hold a token (actions/checkout keeps one in .git/config); the runtime
    // directory holds the caller's agent sockets (a read-only socket still takes connections).
    hidden: [join(deps.git.dir, '.git'), ...[callerHome, deps.env.XDG_RUNTIME_DIR].flatMap((dir) => (dir ? [dir] : []))],
  });
  return { env, sandbox: scope, reports: join(home, 'reports'), close: () => removeTempDir(home) };
}

/** Writes the tree of `commit` into `dir` (no .git), keeping an existing node_modules for reuse. */
async function materialize(git: Git, commit: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(dir)) if (entry !== 'node_modules') await rm(join(dir, entry), { recursive: true, force: true });
  const index = join(dir, '..', `.index-${process.pid}`);
  try {
    await materializeTree(git, commit, dir, index);
  } finally {
    await rm(index, { force: true });
  }
}

function hasDependencies(pkg: { dependencies?: object; devDependencies?: object; optionalDependencies?: object } | undefined): boolean {
  return [pkg?.dependencies, pkg?.devDependencies, pkg?.optionalDependencies].some((deps) => deps && Object.keys(deps).length > 0);
}

async function readJsonFile<T>(path: string): Promise<T | undefined> {
  try {
    const body = await readTreeFile(path);
    return body === undefined ? undefined : (JSON.parse(body.toString('utf8')) as T);
  } catch {
    return undefined;
  }
}

const INSTALL_MARK = '.auto-sync-installed';
// install.run may be any package manager's, and a project may have no lockfile at all: the
// declared dependencies count too, or a dependency added without a lockfile is never installed.
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'resolutions'];

/** Installs unless the installed tree was made from these very lockfiles and dependencies. */
async function install(deps: VerifyDeps, sandbox: Sandbox, scope: Scope, dir: string, label: string): Promise<VerifiedSource['install']> {
  const pkg = await readJsonFile<Record<string, unknown> & { dependencies?: object; devDependencies?: object }>(join(dir, 'package.json'));
  if (!pkg) return { status: 'skipped', reason: 'no package.json', durationMs: 0 };
  if (!hasDependencies(pkg)) return { status: 'skipped', reason: 'no dependencies', durationMs: 0 };
  const hash = createHash('sha256');
  for (const name of LOCKFILES)
    hash
      .update(`${name}\0`)
      .update((await readTreeFile(join(dir, name))) ?? '')
      .update('\0');
  const lockHash = hash
    .update(JSON.stringify(DEPENDENCY_FIELDS.map((field) => pkg[field] ?? null)))
    .update(JSON.stringify(deps.config.install.run))
    .digest('hex');
  const mark = join(dir, 'node_modules', INSTALL_MARK);
  if (((await readTreeFile(mark))?.toString('utf8') ?? '') === lockHash)
    return { status: 'skipped', reason: 'node_modules matches the lockfiles and dependencies', durationMs: 0 };
  const command = deps.config.install.run;
  const [file, args] = typeof command === 'string' ? ['sh', ['-c', command]] : [command[0]!, command.slice(1)];
  const run = () =>
    deps.runner.run(file, args, {
      cwd: dir,
      env: scope.env,
      sandbox: scope.sandbox,
      timeoutMs: deps.config.install.timeoutMs,
      group: true,
      maxOutputChars: 64 * 1024,
    });
  const result = await runStep(
    deps.log,
    { label: `${label} install`, command: display(command), limitMs: deps.config.install.timeoutMs },
    run,
    (r) => ({
      status: r.ok ? 'passed' : r.timedOut ? 'timed-out' : 'failed',
      durationMs: r.durationMs,
      output: joinOutput(r.stdout, r.stderr),
    }),
  );
  if (!result.ok)
    return {
      status: 'failed',
      reason: `${result.startError ?? `exit ${result.exitCode ?? result.signal}`}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`,
      durationMs: result.durationMs,
    };
  await writeMark(sandbox, dir, lockHash);
  return { status: 'ran', reason: 'lockfile or dependencies changed, or nothing installed yet', durationMs: result.durationMs };
}

/**
 * node_modules is sibling code's: it may have made it, or the mark in it, a symbolic link to a file
 * of ours for us to overwrite. Neither is followed: a link is removed, the mark written exclusively.
 */
async function writeMark(sandbox: Sandbox, dir: string, lockHash: string): Promise<void> {
  const modules = join(dir, 'node_modules');
  if ((await lstat(modules).catch(() => undefined))?.isSymbolicLink()) await rm(modules);
  await mkdir(modules, { recursive: true });
  await grantToSandbox(sandbox, modules);
  await rm(join(modules, INSTALL_MARK), { force: true, recursive: true });
  await writeFile(join(modules, INSTALL_MARK), lockHash, { flag: 'wx' });
}

interface RunOutcome {
  status: CheckOutcome['status'];
  /** The parser that read the output, as chosen for this repository (tsc counts as type errors). */
  parser: string;
  durationMs: number;
  diagnosis: Diagnosis;
  message?: string;
}

const NO_DIAGNOSIS: Diagnosis = { errors: 0, failures: 0, findings: [], firstLines: [], tail: '' };

/** Fits the check to the tree (checks/plan-check.ts), says what it starts, runs it. */
async function runOne(
  deps: VerifyDeps,
  scope: Scope,
  check: CheckConfig,
  dir: string,
  facts: RepoFacts,
  label: string,
): Promise<RunOutcome> {
  if (check.builtin === 'prisma-validate') {
    const started = performance.now();
    const target = existsSync(join(dir, 'prisma')) ? join(dir, 'prisma') : dir;
    const diagnosis = await validatePrismaSchema(target, { root: dir });
    return {
      status: diagnosis.errors > 0 ? 'failed' : 'passed',
      parser: 'prisma-validate',
      durationMs: performance.now() - started,
      diagnosis,
    };
  }
  const planned = planCheck(
    { name: check.name, run: check.run!, timeoutMs: check.timeoutMs, parser: check.parser },
    facts,
    join(scope.reports, `${check.name}.json`),
  );
  if (planned.kind === 'skip') {
    deps.log.info(`auto-sync: ${label} ${check.name} skipped (${planned.reason})`);
    return { status: 'skipped', parser: check.parser, durationMs: 0, diagnosis: NO_DIAGNOSIS, message: planned.reason };
  }
  if (planned.kind === 'refuse') {
    deps.log.warn(`${label} ${check.name}: not run: ${planned.message}`);
    return {
      status: 'error',
      parser: check.parser,
      durationMs: 0,
      diagnosis: { ...NO_DIAGNOSIS, firstLines: [planned.message] },
      message: planned.message,
    };
  }
  const notes = planned.notes.length > 0 ? `; ${planned.notes.join('; ')}` : '';
  const result = await runStep(
    deps.log,
    { label: `${label} ${check.name}`, command: `${planned.display}${notes}`, limitMs: check.timeoutMs },
    () => runCheck(deps.runner, planned.spec, { cwd: dir, env: scope.env, sandbox: scope.sandbox }),
    (r) => ({ status: r.status, durationMs: r.durationMs, output: r.output ? joinOutput(r.output.stdout, r.output.stderr) : '' }),
  );
  const message = result.message && result.hint ? `${result.message} — ${result.hint}` : result.message;
  return {
    status: result.status,
    parser: planned.spec.parser,
    durationMs: result.durationMs,
    diagnosis: result.diagnosis,
    ...(message ? { message } : {}),
  };
}

function selectChecks(checks: readonly CheckConfig[], files: readonly string[]): { check: CheckConfig; run: boolean }[] {
  return checks.map((check) => ({ check, run: !check.when || files.some(createMatcher(check.when)) }));
}

async function verifySource(
  deps: VerifyDeps,
  sandbox: Sandbox,
  name: string,
  head: string,
  base: string,
  files: string[],
  regenerate: readonly string[] = [],
): Promise<VerifiedSource> {
  const dir = join(deps.runDir ?? deps.workDir, 'sources', name);
  await materialize(deps.git, head, dir);
  // Read before any sibling code runs in dir: afterwards it could be a link to a file of ours.
  const pkg = await readJsonFile<{ scripts?: Record<string, string> }>(join(dir, 'package.json'));
  const facts = await readRepoFacts(dir);
  const scope = await openScope(deps, sandbox, dir);
  try {
    const label = `verify ${name}:`;
    // Lockfiles kept as the target had them (a conflict only there) are regenerated first: install and
    // checks run on the regenerated tree, which publish commits (checks/regenerate-lockfiles.ts).
    const lockfiles = regenerate.length > 0 ? await regenerateIn(deps, scope, dir, head, regenerate, label) : undefined;
    const installed = await install(deps, sandbox, scope, dir, label);
    const checks: CheckOutcome[] = [];
    const failed: Failure[] = [];
    for (const { check, run } of selectChecks(deps.config.checks, files)) {
      if (!run) {
        checks.push(skippedCheck(check, `no changed file matches ${check.when!.join(', ')}`));
        continue;
      }
      if (installed.status === 'failed') {
        checks.push({ ...skippedCheck(check, 'install failed'), status: 'error', message: `install failed: ${installed.reason}` });
        continue;
      }
      const result = await runOne(deps, scope, check, dir, facts, `${label} check`);
      const outcome: CheckOutcome = {
        name: check.name,
        parser: result.parser,
        status: result.status,
        durationMs: Math.round(result.durationMs),
        errors: result.diagnosis.errors,
        failures: result.diagnosis.failures,
        newErrors: result.diagnosis.errors,
        newFailures: result.diagnosis.failures,
        newFindings: result.diagnosis.findings,
        firstLines: result.diagnosis.firstLines,
        tail: result.diagnosis.tail,
        ...(result.message ? { message: result.message } : {}),
      };
      // Only a plain failure can turn out to be known; an error or a timeout says nothing about the batch.
      if (result.status === 'failed') failed.push({ check, diagnosis: result.diagnosis, index: checks.length });
      checks.push(outcome);
    }
    const baseline = failed.length > 0 ? await judgeOnBaseline(deps, sandbox, base, failed, checks, label) : null;
    const smoke: SmokeOutcome[] = [];
    for (const probe of deps.config.smoke) {
      const skip = smokeSkipReason(probe, pkg, installed.status);
      if (skip) {
        smoke.push({ name: probe.name, status: 'skipped', durationMs: 0, outputTail: '', message: skip });
        continue;
      }
      const start = {
        label: `${label} smoke ${probe.name}`,
        command: `${display(probe.start)}, GET ${probe.url}`,
        limitMs: probe.timeoutMs,
      };
      const result = await runStep(
        deps.log,
        start,
        () => runSmoke(deps.runner, probe, { cwd: dir, env: scope.env, sandbox: scope.sandbox }),
        (r) => ({
          status: r.status,
          durationMs: r.durationMs,
          output: r.outputTail,
          ...(r.httpStatus ? { note: `(HTTP ${r.httpStatus})` } : {}),
        }),
      );
      smoke.push({
        name: result.name,
        status: result.status,
        ...(result.httpStatus ? { httpStatus: result.httpStatus } : {}),
        durationMs: Math.round(result.durationMs),
        outputTail: result.outputTail,
        ...(result.message ? { message: result.message } : {}),
      });
    }
    return { name, head, install: installed, checks, smoke, baseline, ...(lockfiles ? { lockfiles } : {}) };
  } finally {
    await scope.close();
  }
}

async function regenerateIn(
  deps: VerifyDeps,
  scope: Scope,
  dir: string,
  head: string,
  paths: readonly string[],
  label: string,
): Promise<LockfileOutcome> {
  const run = await regenerateLockfiles(
    { runner: deps.runner, log: deps.log, timeoutMs: deps.config.install.timeoutMs },
    scope,
    dir,
    paths,
    label,
  );
  if (run.status !== 'ran') {
    deps.log.warn(`${label} lockfiles not regenerated (${run.reason}); the batch keeps the target's and is proposed`);
    return { ...run, tree: null };
  }
  const tree = await treeWithFiles(
    deps.git,
    head,
    run.files.map((f) => ({ path: f.path, content: Buffer.from(f.content, 'utf8') })),
  );
  return { ...run, tree };
}

type Failure = { check: CheckConfig; diagnosis: Diagnosis; index: number };

/** Runs the failed checks on the target head (cached by tree) and judges each against it, in place. */
async function judgeOnBaseline(
  deps: VerifyDeps,
  sandbox: Sandbox,
  base: string,
  failed: readonly Failure[],
  checks: CheckOutcome[],
  label: string,
): Promise<VerifiedSource['baseline']> {
  const tree = await treeOf(deps.git, base);
  const known: Record<string, BaselineEntry> = (await readBaseline(deps, tree)) ?? {};
  const dir = join(deps.runDir ?? deps.workDir, 'baseline');
  let ran = 0;
  let prepared: 'no' | 'yes' | 'failed' = 'no';
  let scope: Scope | undefined;
  let baseFacts: RepoFacts | undefined;
  try {
    for (const { check, diagnosis, index } of failed) {
      const key = checkKey(check, deps.config);
      if (!known[key]) {
        if (!scope) {
          await materialize(deps.git, base, dir);
          baseFacts = await readRepoFacts(dir);
          scope = await openScope(deps, sandbox, dir);
          const baselineInstall = await install(deps, sandbox, scope, dir, `${label} baseline (target head)`);
          prepared = baselineInstall.status === 'failed' ? 'failed' : 'yes';
          if (prepared === 'failed')
            deps.log.warn(`  baseline: install failed on the target head (${baselineInstall.reason}); every failure counts as new`);
        }
        if (prepared === 'failed') break;
        const result = await runOne(deps, scope, check, dir, baseFacts!, `${label} baseline (target head) check`);
        known[key] = { status: result.status, diagnosis: result.diagnosis };
        ran++;
      }
      const before = known[key]!;
      const current = checks[index]!;
      checks[index] = { ...current, ...judgeAgainstBaseline(current, before, compareWithBaseline(diagnosis, before.diagnosis)) };
    }
  } finally {
    await scope?.close();
  }
  if (ran > 0) await writeBaseline(deps, tree, known);
  return prepared === 'failed' ? null : { tree, cached: ran === 0 };
}

function skippedCheck(check: CheckConfig, message: string): CheckOutcome {
  return {
    name: check.name,
    parser: check.builtin ?? check.parser,
    status: 'skipped',
    durationMs: 0,
    errors: 0,
    failures: 0,
    newErrors: 0,
    newFailures: 0,
    newFindings: [],
    firstLines: [],
    tail: '',
    message,
  };
}

/** `npm start` with no start script means the project has no server to probe. */
const display = (command: string | readonly string[]) => (typeof command === 'string' ? command : command.join(' '));

function smokeSkipReason(probe: SmokeConfig, pkg: { scripts?: Record<string, string> } | undefined, install: string): string | undefined {
  const usesNpmStart = (typeof probe.start === 'string' ? probe.start.trim() : probe.start.join(' ')) === 'npm start';
  if (usesNpmStart && !pkg?.scripts?.start) return 'package.json has no "start" script';
  if (install === 'failed') return 'install failed';
  return undefined;
}

// Bumped when checks/plan-check.ts fits a check differently: results cached before no longer hold.
const PLAN_VERSION = 2;

/** A cached baseline result holds for the same command, parser and install on the same tree (which fixes how the check is fitted). */
function checkKey(check: CheckConfig, config: Config): string {
  return createHash('sha256')
    .update(JSON.stringify([PLAN_VERSION, check.run, check.builtin, check.parser, config.install.run]))
    .digest('hex')
    .slice(0, 16);
}

interface BaselineEntry {
  status: CheckOutcome['status'];
  diagnosis: Diagnosis;
}

async function readBaseline(deps: VerifyDeps, tree: string): Promise<Record<string, BaselineEntry> | undefined> {
  return readJsonFile<Record<string, BaselineEntry>>(join(deps.workDir, 'baseline-cache', `${tree}.json`));
}

/** Baselines of the last few target trees; a result that timed out or errored is not kept (it may not recur). */
async function writeBaseline(deps: VerifyDeps, tree: string, diagnoses: Record<string, BaselineEntry>): Promise<void> {
  const dir = join(deps.workDir, 'baseline-cache');
  await mkdir(dir, { recursive: true });
  const kept = Object.fromEntries(Object.entries(diagnoses).filter(([, entry]) => entry.status === 'passed' || entry.status === 'failed'));
  // Shared by concurrent runs: written whole under another name, then renamed into place.
  const tmp = join(dir, `.${tree}.json.${process.pid}-${Date.now()}.tmp`);
  await writeFile(tmp, JSON.stringify(kept));
  await rename(tmp, join(dir, `${tree}.json`));
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  const files = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  for (const old of files.sort((a, b) => b.mtime - a.mtime).slice(BASELINES_KEPT)) await rm(join(dir, old.name), { force: true });
}

const BASELINES_KEPT = 20;
