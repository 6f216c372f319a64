import { parseArgs } from 'node:util';
import { SyncError } from './errors.ts';

// The command line: a contract other tools script against. Parsing is pure; index.ts acts on it.

export const COMMANDS = ['run', 'status', 'check-config', 'demo', 'prepare', 'verify', 'publish'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliOptions {
  command: Command;
  help: boolean;
  config: string | undefined;
  repo: string | undefined;
  dryRun: boolean;
  apply: boolean;
  sources: string[];
  report: string | undefined;
  verbose: boolean;
  out: string | undefined;
  in: string | undefined;
  rebuildState: boolean;
}

const USAGE_HEAD = 'Usage: npx tsx scripts/auto-sync [command] [options]';

const COMMON_OPTIONS = `Options:
  --config FILE     configuration (default: scripts/auto-sync/config.json in the target repository)
  --repo DIR        the target repository (default: the git repository of the current directory)
  --source NAME     only this source; repeat for more
  --report FILE     also write the JSON report to FILE
  --verbose         show git commands (redacted) and timings
  -h, --help        show help for the command`;

export const HELP: Record<Command | 'main', string> = {
  main: `${USAGE_HEAD}

Keeps this repository supplied with the improvements made in its sibling repositories.

Commands:
  run            fetch every source, decide which new commits to sync, and (when applying) sync them [default]
  status         per source: last synced head, pending commits and why (state plus a fresh look)
  check-config   validate the configuration, list every problem, and exit
  demo           build a throwaway sandbox and run the real pipeline on it (offline)
  prepare        phase 1 of run: fetch, plan, integrate; write a hand-off directory (--out DIR)
  verify         phase 2 of run: validate the integration commits with no token (--in DIR)
  publish        phase 3 of run: score, decide, merge or propose, record state (--in DIR)

Mode: outside CI, run only plans unless --apply is given; in CI (CI or GITHUB_ACTIONS set)
it applies unless --dry-run is given. The output says which mode it is in and why.

${COMMON_OPTIONS}
  --dry-run         plan only; change nothing
  --apply           apply (outside CI)

Exit codes: 0 finished (also when nothing was synced), 1 at least one source failed, 2 usage or configuration error.
Run 'npx tsx scripts/auto-sync COMMAND --help' for a command's help.`,
  run: `${USAGE_HEAD.replace('[command]', 'run')}

Fetches every configured source, lists its new commits and decides, commit by commit, what would be
synced and why the others would not. When applying, syncs the picked commits (integrate, validate,
merge or propose) and records the state in .neon/auto-sync-state.json.

${COMMON_OPTIONS}
  --dry-run         plan only (the default outside CI); nothing is written but auto-sync's own source refs
  --apply           apply (the default in CI)`,
  status: `${USAGE_HEAD.replace('[command]', 'status')}

Shows, per source, the last synced head and the commits still pending and why, from the state file
plus a fresh look at the source. Changes nothing but auto-sync's own source refs.

${COMMON_OPTIONS}
  --rebuild-state   print the state rebuilt from the target's history (Auto-Sync-Origin trailers)
                    and the forge's proposals, as a run does for sources the state file lacks`,
  'check-config': `${USAGE_HEAD.replace('[command]', 'check-config')}

Validates the configuration and lists every problem with its field path. Exit 0 when valid, 2 when not.

Options:
  --config FILE     configuration (default: scripts/auto-sync/config.json in the target repository)
  --repo DIR        the target repository
  -h, --help        show this help`,
  demo: `${USAGE_HEAD.replace('[command]', 'demo')}

Builds a throwaway sandbox (a small target app and three sibling repositories), runs the real
pipeline on it with the local forge, and prints the summary and where to look. Works offline.

Options:
  --out DIR         build the sandbox in DIR (default: a new temporary directory)
  --report FILE     also write the JSON report to FILE
  --verbose         show git commands and timings
  -h, --help        show this help`,
  prepare: `${USAGE_HEAD.replace('[command]', 'prepare')}

Phase 1 (holds the source tokens, runs no sibling code): fetch, plan and integrate every source,
then write the hand-off directory: plan.json, a git bundle of the integration commits, checksums.

${COMMON_OPTIONS}
  --out DIR         the hand-off directory to write (required)`,
  verify: `${USAGE_HEAD.replace('[command]', 'verify')}

Phase 2 (holds no token, runs the sibling code): install, checks and smoke probes on the exact
integration commits of a hand-off directory; writes results.json into it.

${COMMON_OPTIONS}
  --in DIR          the hand-off directory written by prepare (required)`,
  publish: `${USAGE_HEAD.replace('[command]', 'publish')}

Phase 3 (holds the target's write access, runs no sibling code): verifies the bundle checksums,
scores risk, decides, merges or proposes, and records the state.

${COMMON_OPTIONS}
  --in DIR          the hand-off directory written by prepare and verify (required)`,
};

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        config: { type: 'string' },
        repo: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        apply: { type: 'boolean', default: false },
        source: { type: 'string', multiple: true, default: [] },
        report: { type: 'string' },
        verbose: { type: 'boolean', short: 'v', default: false },
        out: { type: 'string' },
        in: { type: 'string' },
        'rebuild-state': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new SyncError('USAGE', (error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new SyncError('USAGE', `unexpected argument "${positionals[1]}"`);
  const name = positionals[0] ?? 'run';
  if (name === 'help') return { ...defaults(), help: true };
  if (!(COMMANDS as readonly string[]).includes(name))
    throw new SyncError('USAGE', `unknown command "${name}" (commands: ${COMMANDS.join(', ')})`);
  const options: CliOptions = {
    command: name as Command,
    help: values.help ?? false,
    config: values.config,
    repo: values.repo,
    dryRun: values['dry-run'] ?? false,
    apply: values.apply ?? false,
    sources: values.source ?? [],
    report: values.report,
    verbose: values.verbose ?? false,
    out: values.out,
    in: values.in,
    rebuildState: values['rebuild-state'] ?? false,
  };
  if (options.dryRun && options.apply) throw new SyncError('USAGE', '--dry-run and --apply cannot be used together');
  return options;
}

function defaults(): CliOptions {
  return {
    command: 'run',
    help: false,
    config: undefined,
    repo: undefined,
    dryRun: false,
    apply: false,
    sources: [],
    report: undefined,
    verbose: false,
    out: undefined,
    in: undefined,
    rebuildState: false,
  };
}

/** Safe by default: plan locally unless --apply; apply in CI unless --dry-run. */
export function decideMode(options: { dryRun: boolean; apply: boolean }, ci: boolean): { apply: boolean; reason: string } {
  if (options.dryRun) return { apply: false, reason: 'dry run: --dry-run was given' };
  if (options.apply) return { apply: true, reason: 'applying: --apply was given' };
  if (ci) return { apply: true, reason: 'applying: running in CI (CI/GITHUB_ACTIONS is set); pass --dry-run to only plan' };
  return { apply: false, reason: 'dry run: not in CI, so only planning; pass --apply to sync' };
}
