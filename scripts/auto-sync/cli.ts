import { parseArgs } from 'node:util';
import { SyncError } from './errors.ts';

// The command line: a contract other tools script against. Parsing is pure; index.ts acts on it.
// Every option is declared once (OPTIONS) with the commands that take it; an option given to a
// command that does not take it is refused, and a misspelt command or option gets a suggestion.

export const COMMANDS = ['run', 'status', 'check-config', 'init', 'demo', 'prepare', 'verify', 'publish', 'accept', 'decline'] as const;
export type Command = (typeof COMMANDS)[number];
export type HelpTopic = Command | 'main';

export interface CliOptions {
  command: Command;
  help: boolean;
  /** Which help to print when help is set: `help run`, `run --help`, or the tool's. */
  helpTopic: HelpTopic;
  version: boolean;
  config: string | undefined;
  repo: string | undefined;
  dryRun: boolean;
  apply: boolean;
  sources: string[];
  /** A file, or "-" for stdout (then everything else goes to stderr); --json sets "-". */
  report: string | undefined;
  json: boolean;
  verbose: boolean;
  out: string | undefined;
  in: string | undefined;
  rebuildState: boolean;
  /** accept / decline: the proposal, by number or by source name. */
  proposal: string | undefined;
  /** init: the sources, as URL or NAME=URL. */
  from: string[];
}

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help after the flag, e.g. FILE. */
  arg?: string;
  /** The commands that take it; every command when absent. */
  commands?: readonly Command[];
  help: string;
}

const TARGET: readonly Command[] = ['run', 'status', 'prepare', 'verify', 'publish'];
/** Commands on one local proposal, named by their one argument. */
const PROPOSAL: readonly Command[] = ['accept', 'decline'];
/** The one positional argument a command takes, as its help shows it. */
const ARGUMENTS: Partial<Record<Command, string>> = { accept: 'ID|SOURCE', decline: 'ID|SOURCE' };

export const OPTIONS = {
  config: {
    type: 'string',
    arg: 'FILE',
    commands: [...TARGET, 'check-config', 'init', ...PROPOSAL],
    help: 'configuration (default: the first of auto-sync.config.json, .github/auto-sync.json, scripts/auto-sync/config.json in the target)',
  },
  repo: {
    type: 'string',
    arg: 'DIR',
    commands: [...TARGET, 'check-config', 'init', ...PROPOSAL],
    help: 'the target repository (default: the git repository of the current directory)',
  },
  source: { type: 'string', multiple: true, arg: 'NAME', commands: TARGET, help: 'only this source; repeat for more' },
  from: {
    type: 'string',
    multiple: true,
    arg: 'URL',
    commands: ['init'],
    help: 'a sibling repository to take commits from (URL, or NAME=URL); repeat for more',
  },
  'dry-run': {
    type: 'boolean',
    commands: ['run'],
    help: 'plan only; change nothing but auto-sync’s own source refs (the default outside CI)',
  },
  apply: { type: 'boolean', commands: ['run'], help: 'apply (the default in CI)' },
  out: {
    type: 'string',
    arg: 'DIR',
    commands: ['prepare', 'demo'],
    help: 'prepare: the hand-off directory to write; demo: where to build the sandbox',
  },
  in: { type: 'string', arg: 'DIR', commands: ['verify', 'publish'], help: 'the hand-off directory written by the previous phase' },
  'rebuild-state': {
    type: 'boolean',
    commands: ['status'],
    help: 'print the state rebuilt from the target’s history (Auto-Sync-Origin trailers) and the forge’s proposals',
  },
  report: {
    type: 'string',
    arg: 'FILE',
    commands: [...TARGET, 'demo'],
    help: 'also write the JSON report to FILE; "-" writes it to stdout',
  },
  json: {
    type: 'boolean',
    commands: [...TARGET, ...PROPOSAL],
    help: 'print the JSON report on stdout, everything else on stderr (= --report -; accept/decline: the result)',
  },
  verbose: { type: 'boolean', short: 'v', commands: [...TARGET, 'demo', ...PROPOSAL], help: 'show git commands (redacted) and timings' },
  help: { type: 'boolean', short: 'h', help: 'show help (also: help COMMAND)' },
  version: { type: 'boolean', help: 'print the version of auto-sync and exit' },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;
const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** The options a command takes, in declaration order. */
export function optionsOf(command: Command): OptionName[] {
  return OPTION_NAMES.filter((name) => {
    const spec: OptionSpec = OPTIONS[name];
    return spec.commands === undefined || spec.commands.includes(command);
  });
}

function optionLines(command: Command): string {
  const flags = optionsOf(command).map((name) => {
    const spec: OptionSpec = OPTIONS[name];
    return [`${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.arg ? ` ${spec.arg}` : ''}`, spec.help] as const;
  });
  const width = Math.max(...flags.map(([flag]) => flag.length)) + 2;
  return `Options:\n${flags.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`).join('\n')}`;
}

const NAME = 'auto-sync';
const usage = (command: string) => {
  const arg = ARGUMENTS[command as Command];
  return `Usage: ${NAME} ${command}${arg ? ` ${arg}` : ''} [options]`;
};

const DESCRIPTIONS: Record<Command, string> = {
  run: `Fetches every configured source, lists its new commits and decides, commit by commit, what would be
synced and why the others would not. When applying, syncs the picked commits (integrate, validate,
merge or propose) and records the state in .neon/auto-sync-state.json.

Mode: outside CI, run only plans unless --apply is given; in CI (CI or GITHUB_ACTIONS set)
it applies unless --dry-run is given. The output says which mode it is in and why.`,
  status: `Shows, per source, the last synced head and the commits still pending and why, from the state file
plus a fresh look at the source. Changes nothing but auto-sync's own source refs.`,
  'check-config': 'Validates the configuration and lists every problem with its field path. Exit 0 when valid, 2 when not.',
  init: `Writes auto-sync.config.json (or --config FILE) for the target repository, fitted to what is in it:
package manager and lockfile (install without scripts), TypeScript or not, the lint, build and test
scripts and the tools they run (read through their machine-readable reports), a smoke probe of the
start script. Each choice is explained in a comment. Never replaces an existing file (CONFIG_EXISTS).`,
  demo: `Builds a throwaway sandbox (a small target app and three sibling repositories), runs the real
pipeline on it with the local forge, and prints the summary and where to look. Works offline.`,
  prepare: `Phase 1 (holds the source tokens, runs no sibling code): fetch, plan and integrate every source,
then write the hand-off directory (--out DIR, required): plan.json, a git bundle of the integration commits, checksums.`,
  verify: `Phase 2 (holds no token, runs the sibling code): install, checks and smoke probes on the exact
integration commits of a hand-off directory (--in DIR, required); writes results.json into it.`,
  publish: `Phase 3 (holds the target's write access, runs no sibling code): verifies the bundle checksums,
scores risk, decides, merges or proposes, and records the state (--in DIR, required).`,
  accept: `Accepts a local proposal (forge.type "local"; .neon/proposals/N-<source>.json), named by its number N
or by its source: merges its branch into the target branch as auto-sync's own merge would (a fast-forward
or a merge commit with the Auto-Sync-Origin trailers, per forge.mergeMethod), only if the branch is still
at the commit the proposal recorded; then marks the proposal merged and records its commits as applied.
On GitHub, merge the pull request instead.`,
  decline: `Declines a local proposal (forge.type "local"), named by its number or by its source: closes it
without merging and records its commits as declined, so no later run proposes them again (unless the
source changes them). On GitHub, close the pull request instead.`,
};

const MAIN_HELP = `${usage('[command]')}

Keeps a repository supplied with the improvements made in its sibling repositories.
From this repository: npx tsx scripts/auto-sync …; bundled: node dist/auto-sync.mjs … (or npx auto-sync).

Commands:
  run            fetch every source, decide which new commits to sync, and (when applying) sync them [default]
  status         per source: last synced head, pending commits and why (state plus a fresh look)
  check-config   validate the configuration, list every problem, and exit
  init           write a configuration fitted to the repository (--from URL for each source)
  demo           build a throwaway sandbox and run the real pipeline on it (offline)
  prepare        phase 1 of run: fetch, plan, integrate; write a hand-off directory (--out DIR)
  verify         phase 2 of run: validate the integration commits with no token (--in DIR)
  publish        phase 3 of run: score, decide, merge or propose, record state (--in DIR)
  accept ID      merge a local proposal (by number or source name) and record its commits as applied
  decline ID     close a local proposal and record its commits as declined (never proposed again)
  help COMMAND   show a command's help (also: COMMAND --help)

Mode: outside CI, run only plans unless --apply is given; in CI (CI or GITHUB_ACTIONS set)
it applies unless --dry-run is given. The output says which mode it is in and why.

${optionLines('run').replace('Options:', "Options of run (each command's own: help COMMAND):")}

Exit codes: 0 finished (also when nothing was synced), 1 at least one source failed, 2 usage or configuration error.`;

export const HELP: Record<HelpTopic, string> = {
  main: MAIN_HELP,
  ...(Object.fromEntries(COMMANDS.map((c) => [c, `${usage(c)}\n\n${DESCRIPTIONS[c]}\n\n${optionLines(c)}`])) as Record<Command, string>),
};

const didYouMean = (guess: string | undefined) => (guess ? ` (did you mean ${guess}?)` : '');
const flagList = (command: Command) =>
  optionsOf(command)
    .map((n) => `--${n}`)
    .join(', ');

// The suggestions (did-you-mean.ts, and its Levenshtein dependency) are loaded only for a refused
// argv: a run whose argv parses never loads them.
const suggest = async (word: string, candidates: readonly string[]) => (await import('./did-you-mean.ts')).suggest(word, candidates);

/** parseArgs' own message for an unknown or malformed option, made into one line with a suggestion. */
async function usageErrorOf(error: unknown): Promise<SyncError> {
  const { code, message } = error as { code?: string; message: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'(-[^']*)'/.exec(message)?.[1] ?? '';
    const name = flag.replace(/^-+/, '').replace(/=.*$/, '');
    const guess = await suggest(name, OPTION_NAMES);
    return new SyncError('USAGE', `unknown option ${flag}${didYouMean(guess && `--${guess}`)}`);
  }
  return new SyncError('USAGE', message.split('\n')[0] ?? 'invalid arguments');
}

export async function parseCli(argv: readonly string[]): Promise<CliOptions> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (error) {
    throw await usageErrorOf(error);
  }
  const { values, positionals, tokens } = parsed;
  const given = [...new Set(tokens.flatMap((t) => (t.kind === 'option' ? [t.name as OptionName] : [])))];

  let name = positionals[0] ?? 'run';
  let helpTopic: HelpTopic | undefined;
  if (name === 'help') {
    // `help` alone, or `help COMMAND`.
    if (positionals.length > 2) throw new SyncError('USAGE', `unexpected argument "${positionals[2]}"`);
    name = positionals[1] ?? 'run';
    helpTopic = positionals[1] === undefined ? 'main' : (name as Command);
  } else if (positionals.length > (ARGUMENTS[name as Command] ? 2 : 1)) {
    const extra = positionals[ARGUMENTS[name as Command] ? 2 : 1];
    throw new SyncError('USAGE', `unexpected argument "${extra}"`, { hint: `Run '${NAME} ${name} --help' for its usage.` });
  }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    throw new SyncError('USAGE', `unknown command "${name}"${didYouMean(await suggest(name, [...COMMANDS, 'help']))}`, {
      hint: `Commands: ${COMMANDS.join(', ')}; run '${NAME} --help' for what each does.`,
    });
  }
  const command = name as Command;
  const help = helpTopic !== undefined || (values.help ?? false);
  // With no command, --help is the tool's help; `run --help` is run's.
  helpTopic ??= positionals.length === 0 ? 'main' : command;
  const options: CliOptions = {
    command,
    help,
    helpTopic,
    version: values.version ?? false,
    config: values.config,
    repo: values.repo,
    dryRun: values['dry-run'] ?? false,
    apply: values.apply ?? false,
    sources: values.source ?? [],
    report: values.json ? '-' : values.report,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    out: values.out,
    in: values.in,
    rebuildState: values['rebuild-state'] ?? false,
    from: values.from ?? [],
    proposal: positionals[0] === command && ARGUMENTS[command] ? positionals[1] : undefined,
  };
  if (help || options.version) return options;
  const argument = ARGUMENTS[command];
  if (argument && options.proposal === undefined)
    throw new SyncError('USAGE', `${command} needs ${argument}: the proposal's number or its source's name`, {
      hint: `Run '${NAME} status' to see the open proposals; '${NAME} help ${command}' for its usage.`,
    });

  const valid = optionsOf(command);
  const invalid = given.filter((n) => !valid.includes(n));
  if (invalid.length > 0) {
    const list = invalid.map((n) => `--${n}`).join(', ');
    const takers = invalid.flatMap((n) => {
      const spec: OptionSpec = OPTIONS[n];
      return spec.commands ? [`--${n}: ${spec.commands.join(', ')}`] : [];
    });
    throw new SyncError('USAGE', `${invalid.length === 1 ? 'option' : 'options'} ${list} not valid for "${command}"`, {
      hint: `"${command}" takes ${flagList(command)}.${takers.length > 0 ? ` Taken by: ${takers.join('; ')}.` : ''}`,
    });
  }
  if (options.dryRun && options.apply) throw new SyncError('USAGE', '--dry-run and --apply cannot be used together');
  if (options.json && values.report !== undefined)
    throw new SyncError('USAGE', '--json and --report cannot be used together', { hint: '--json is --report - (the report on stdout).' });
  return options;
}

/** Safe by default: plan locally unless --apply; apply in CI unless --dry-run. */
export function decideMode(options: { dryRun: boolean; apply: boolean }, ci: boolean): { apply: boolean; reason: string } {
  if (options.dryRun) return { apply: false, reason: 'dry run: --dry-run was given' };
  if (options.apply) return { apply: true, reason: 'applying: --apply was given' };
  if (ci) return { apply: true, reason: 'applying: running in CI (CI/GITHUB_ACTIONS is set); pass --dry-run to only plan' };
  return { apply: false, reason: 'dry run: not in CI, so only planning; pass --apply to sync' };
}
