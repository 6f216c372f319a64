import { describe, expect, it } from 'vitest';
import { COMMANDS, HELP, optionsOf, parseCli, type CliOptions } from './cli.ts';
import { suggest } from './did-you-mean.ts';
import { SyncError } from './errors.ts';

// The command line as a table: what each argv parses to, and what each refused argv says.

async function refusal(argv: string[]): Promise<{ message: string; hint: string }> {
  try {
    await parseCli(argv);
  } catch (error) {
    if (error instanceof SyncError && error.code === 'USAGE') return { message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error(`parsed: ${argv.join(' ')}`);
}

describe('parseCli', () => {
  const accepted: [string[], Partial<CliOptions>][] = [
    [[], { command: 'run', help: false, dryRun: false, apply: false }],
    [['run', '--apply'], { command: 'run', apply: true }],
    [['--dry-run'], { command: 'run', dryRun: true }],
    [['status', '--rebuild-state', '--source', 'a', '--source', 'b'], { command: 'status', rebuildState: true, sources: ['a', 'b'] }],
    [['prepare', '--out', 'h'], { command: 'prepare', out: 'h' }],
    [['verify', '--in', 'h'], { command: 'verify', in: 'h' }],
    [['publish', '--in', 'h', '--json'], { command: 'publish', in: 'h', json: true, report: '-' }],
    [['run', '--report', '-'], { report: '-', json: false }],
    [['run', '--report', 'r.json'], { report: 'r.json' }],
    [['check-config', '--config', 'c.json', '--repo', '.'], { command: 'check-config', config: 'c.json', repo: '.' }],
    [['demo', '--out', 'd', '--verbose'], { command: 'demo', out: 'd', verbose: true }],
    [['--version'], { version: true, help: false }],
    [['status', '--version'], { version: true }],
    [['--help'], { help: true, helpTopic: 'main' }],
    [['-h'], { help: true, helpTopic: 'main' }],
    [['help'], { help: true, helpTopic: 'main' }],
    [['help', 'status'], { help: true, helpTopic: 'status' }],
    [['status', '--help'], { help: true, helpTopic: 'status' }],
    // Help wins over options the command would refuse: it explains them.
    [['status', '--help', '--apply'], { help: true, helpTopic: 'status' }],
    [['accept', '3', '--json'], { command: 'accept', proposal: '3', json: true }],
    [['decline', 'web', '--config', 'c.json'], { command: 'decline', proposal: 'web', config: 'c.json' }],
    [['help', 'accept'], { help: true, helpTopic: 'accept', proposal: undefined }],
    [['accept', '--help'], { help: true, helpTopic: 'accept' }],
    [['status'], { proposal: undefined }],
  ];
  it.each(accepted)('%j parses', async (argv, expected) => {
    expect(await parseCli(argv)).toMatchObject(expected);
  });

  const refused: [string[], RegExp, RegExp?][] = [
    [
      ['status', '--apply'],
      /^option --apply not valid for "status"$/,
      /"status" takes --config, .*--rebuild-state.*Taken by: --apply: run/,
    ],
    [['run', '--out', 'x'], /^option --out not valid for "run"$/, /Taken by: --out: prepare, demo/],
    [['check-config', '--apply', '--json'], /^options --apply, --json not valid for "check-config"$/],
    [['demo', '--source', 'a'], /^option --source not valid for "demo"$/],
    [['stauts'], /^unknown command "stauts" \(did you mean status\?\)$/, /Commands: run, status/],
    [['check'], /did you mean check-config\?/],
    [['frobnicate'], /^unknown command "frobnicate"$/],
    [['help', 'publsh'], /did you mean publish\?/],
    [['hlep'], /did you mean help\?/],
    [['run', '--aply'], /^unknown option --aply \(did you mean --apply\?\)$/],
    [['run', '--dryrun'], /did you mean --dry-run\?/],
    [['run', '--zzzzzz'], /^unknown option --zzzzzz$/],
    [['run', 'extra'], /^unexpected argument "extra"$/],
    [['run', '--dry-run', '--apply'], /cannot be used together/],
    [['run', '--json', '--report', 'r.json'], /--json and --report cannot be used together/],
    [['run', '--config'], /--config/],
    [['accept'], /^accept needs ID\|SOURCE/, /status/],
    [['decline', '1', '2'], /^unexpected argument "2"$/],
    [['accept', '1', '--source', 'web'], /^option --source not valid for "accept"$/],
    [['status', 'web'], /^unexpected argument "web"$/],
  ];
  it.each(refused)('%j is refused', async (argv, message, hint) => {
    const error = await refusal(argv);
    expect(error.message).toMatch(message);
    if (hint) expect(error.hint).toMatch(hint);
  });
});

describe('help', () => {
  it.each(COMMANDS)('%s: shows exactly the options the command takes', (command) => {
    const flags = [...HELP[command].matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);
    expect(flags).toEqual(optionsOf(command));
    // accept and decline name their one argument before the options.
    expect(HELP[command]).toMatch(new RegExp(`^Usage: auto-sync ${command} (ID\\|SOURCE )?\\[options\\]`));
  });

  it('lists every command in the main help', () => {
    for (const command of COMMANDS) expect(HELP.main).toMatch(new RegExp(`^ {2}${command} `, 'm'));
  });
});

describe('suggest', () => {
  const cases: [string, string[], string | undefined][] = [
    ['stauts', ['run', 'status'], 'status'],
    ['aply', ['apply', 'dry-run'], 'apply'],
    ['check', ['check-config', 'run'], 'check-config'],
    ['rn', ['run', 'in'], 'run'],
    ['x', ['run', 'in'], undefined],
    ['brnch', ['branch', 'since', 'name'], 'branch'],
    ['retyr', ['retry', 'risk'], 'retry'],
    ['completely-else', ['run'], undefined],
  ];
  it.each(cases)('%s → %s', (word, candidates, expected) => {
    expect(suggest(word, candidates)).toBe(expected);
  });
});
