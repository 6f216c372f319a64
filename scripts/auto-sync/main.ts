import { HELP, parseCli, type Command, type CliOptions } from './cli.ts';
import { toolVersion } from './build-info.ts';
import { checkConfigCommand } from './commands/check-config.ts';
import { openTarget, secretsOf, type Io, type TargetContext } from './commands/context.ts';
import { prepareCommand } from './commands/prepare.ts';
import { publishCommand } from './commands/publish.ts';
import { runCommand } from './commands/run.ts';
import { statusCommand } from './commands/status.ts';
import { verifyCommand } from './commands/verify.ts';
import { readEnvironment, type RunEnvironment } from './env.ts';
import { createLogger, type Logger } from './output/log.ts';
import { printFailure } from './output/print.ts';
import { createRedactor } from './output/redact.ts';

// Wiring only: parse argv, pick the command, turn what it throws into an exit code.

export type { Io } from './commands/context.ts';

type TargetCommand = (cli: CliOptions, env: RunEnvironment, ctx: TargetContext) => Promise<number>;

const TARGET_COMMANDS: Record<Exclude<Command, 'check-config' | 'demo'>, TargetCommand> = {
  run: runCommand,
  status: statusCommand,
  prepare: prepareCommand,
  verify: verifyCommand,
  publish: publishCommand,
};

export async function main(argv: readonly string[], vars: Readonly<Record<string, string | undefined>>, io: Io = {}): Promise<number> {
  const env = readEnvironment(vars);
  let log: Logger = createLogger({ redact: createRedactor(secretsOf(env, [])), verbose: false, ...io });
  try {
    const cli = parseCli(argv);
    if (cli.help || cli.version) {
      log.out(cli.version && !cli.help ? toolVersion() : HELP[cli.helpTopic]);
      return 0;
    }
    log = createLogger({ redact: createRedactor(secretsOf(env, [])), verbose: cli.verbose, ...io });
    if (cli.command === 'check-config') return await checkConfigCommand(cli, env, log);
    if (cli.command === 'demo') {
      const { runDemo } = await import('./demo/run-demo.ts');
      return await runDemo(cli, env, log, main);
    }
    const ctx = await openTarget(cli, env, io);
    log = ctx.log;
    return await TARGET_COMMANDS[cli.command](cli, env, ctx);
  } catch (error) {
    return printFailure(log, error);
  }
}
