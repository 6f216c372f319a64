import { decideMode, HELP, parseCli, type Command, type CliOptions } from './cli.ts';
import { toolVersion } from './build-info.ts';
import { openTarget, secretsOf, type Io, type TargetContext } from './commands/context.ts';
import { runCommand } from './commands/run.ts';
import { readEnvironment, type RunEnvironment } from './env.ts';
import { createLogger, type Logger } from './output/log.ts';
import { printFailure, publishFailure } from './output/print.ts';
import { createRedactor } from './output/redact.ts';
import { handleSignals, interruption, stopSignal } from './proc/interrupt.ts';
import { acquireLock, lockPathFor } from './proc/lock.ts';
import { sweepTempDirs } from './proc/temp.ts';

// Wiring only: parse argv, pick the command, turn what it throws into an exit code. Around a target
// command: signal handling (proc/interrupt.ts: a stop signal is exit 130 / 143) and, for commands
// that write, the target's run lock (proc/lock.ts) and the sweep of temp dirs left by killed runs.

export type { Io } from './commands/context.ts';

type TargetCommand = (cli: CliOptions, env: RunEnvironment, ctx: TargetContext) => Promise<number>;

// run (the hourly command) is loaded with main; the others when they are asked for.
const TARGET_COMMANDS: Record<Exclude<Command, 'check-config' | 'init' | 'demo'>, TargetCommand> = {
  run: runCommand,
  status: (cli, env, ctx) => import('./commands/status.ts').then((m) => m.statusCommand(cli, env, ctx)),
  prepare: (cli, env, ctx) => import('./commands/prepare.ts').then((m) => m.prepareCommand(cli, env, ctx)),
  verify: (cli, env, ctx) => import('./commands/verify.ts').then((m) => m.verifyCommand(cli, env, ctx)),
  publish: (cli, env, ctx) => import('./commands/publish.ts').then((m) => m.publishCommand(cli, env, ctx)),
  accept: (cli, env, ctx) => import('./commands/accept.ts').then((m) => m.acceptCommand(cli, env, ctx)),
  decline: (cli, env, ctx) => import('./commands/accept.ts').then((m) => m.declineCommand(cli, env, ctx)),
};

export async function main(argv: readonly string[], vars: Readonly<Record<string, string | undefined>>, io: Io = {}): Promise<number> {
  const env = readEnvironment(vars);
  let redact = createRedactor(secretsOf(env, []));
  let log: Logger = createLogger({ redact, verbose: false, ...io });
  let command = 'auto-sync';
  try {
    const cli = await parseCli(argv);
    command = cli.command;
    if (cli.help || cli.version) {
      log.out(cli.version && !cli.help ? toolVersion() : HELP[cli.helpTopic]);
      return 0;
    }
    log = createLogger({ redact: createRedactor(secretsOf(env, [])), verbose: cli.verbose, ...io });
    if (cli.command === 'check-config') {
      const { checkConfigCommand } = await import('./commands/check-config.ts');
      return await checkConfigCommand(cli, env, log);
    }
    if (cli.command === 'init') {
      const { initCommand } = await import('./commands/init.ts');
      return await initCommand(cli, env, log);
    }
    if (cli.command === 'demo') {
      const { runDemo } = await import('./demo/run-demo.ts');
      return await runDemo(cli, env, log, main);
    }
    const ctx = await openTarget(cli, env, io);
    log = ctx.log;
    redact = ctx.redact;
    const code = await runOnTarget(cli, env, ctx, TARGET_COMMANDS[cli.command]);
    return stoppedCode(log) ?? code;
  } catch (error) {
    const code = printFailure(log, error);
    // On a runner every phase says what failed in the job summary and annotations (a config problem at its line).
    await publishFailure(env, log, redact, command, error).catch((failure: unknown) =>
      log.warn(`the job summary could not be written: ${failure instanceof Error ? failure.message : String(failure)}`),
    );
    return stoppedCode(log) ?? code;
  }
}

/**
 * Commands that write take the lock: run when applying, prepare, verify (its work directory and
 * verify refs) and publish. A dry run and status write nothing but auto-sync's own source refs
 * (git locks each ref itself), so they stay usable while a long run goes on.
 */
export function takesLock(cli: CliOptions, env: RunEnvironment): boolean {
  if (cli.command === 'run') return decideMode(cli, env.ci).apply;
  return ['prepare', 'verify', 'publish', 'accept', 'decline'].includes(cli.command);
}

async function runOnTarget(cli: CliOptions, env: RunEnvironment, ctx: TargetContext, command: TargetCommand): Promise<number> {
  const signals = handleSignals({ warn: (line) => ctx.log.warn(line) });
  try {
    if (!takesLock(cli, env)) return await command(cli, env, ctx);
    const path = lockPathFor(ctx.root);
    const lock = await acquireLock(path, {
      command: [cli.command, ...(cli.command === 'run' ? ['--apply'] : []), ...cli.sources.flatMap((s) => ['--source', s])].join(' '),
      waitMs: env.lockWaitMs,
      staleMs: env.lockStaleMs,
      signal: stopSignal(),
      onWait: (holder) =>
        ctx.log.info(
          `waiting up to ${(env.lockWaitMs / 1000).toFixed(1)} s for the run holding ${path}${holder ? ` (pid ${holder.pid}, started ${holder.startedAt})` : ''}`,
        ),
    });
    try {
      if (lock.tookOver) {
        const was =
          lock.tookOver === 'unknown'
            ? 'an unreadable lock'
            : `pid ${lock.tookOver.pid} on ${lock.tookOver.host}, started ${lock.tookOver.startedAt}`;
        ctx.log.warn(`took over a stale run lock (${was}: its process is gone, or its lock untouched too long)`);
      }
      const swept = await sweepTempDirs();
      if (swept.length > 0)
        ctx.log.info(`removed ${swept.length} temporary director${swept.length === 1 ? 'y' : 'ies'} left by runs that were killed`);
      return await command(cli, env, ctx);
    } finally {
      await lock.release();
    }
  } finally {
    signals.dispose();
  }
}

/** After a stop signal: 130 (SIGINT) or 143 (SIGTERM), whatever the command returned. */
function stoppedCode(log: Logger): number | undefined {
  const stopped = interruption();
  if (!stopped) return undefined;
  log.warn(`stopped by ${stopped.signal}: exit ${stopped.exitCode}`);
  return stopped.exitCode;
}
