import { posix } from 'node:path';
import { shellQuote, splitCommandLine } from './command-line.ts';
import type { Parser } from './diagnose.ts';
import type { ReportFormat } from './parse-json.ts';
import type { CheckSpec } from './run-check.ts';

// How a configured check fits the repository it runs in. Pure: verify reads the facts (package.json,
// tsconfig files) from the validation tree before any sibling code runs, and passes them in.
//
// - A check that runs a package.json script that is not there is skipped, and says so.
// - The test runner, linter or type checker behind a command or script is recognised, and with
//   `parser: "auto"` its parser is chosen; where the command is one plain invocation run through npm
//   (or directly), the tool is asked for its machine-readable report (jest --json, vitest's json
//   reporter, eslint -f json, node --test's TAP, tsc --pretty false), and the printed output is the
//   fallback.
// - A command that fixes what it checks (eslint --fix, prettier --write) never runs as a check:
//   a plain eslint is run without --fix, anything else is refused.
// - tsc runs only in a TypeScript project (a tsconfig and `typescript` in the dependencies): the
//   `tsc` npx finds elsewhere is an unrelated package.

export type ConfiguredParser = Parser | 'auto';

export interface ConfiguredCheck {
  name: string;
  run: string | readonly string[];
  timeoutMs: number;
  parser: ConfiguredParser;
}

/** What the validation tree says about the project, read before anything of it runs. */
export interface RepoFacts {
  /** package.json could be read (and parsed) at the root. */
  packageJson: boolean;
  scripts: Readonly<Record<string, string>>;
  /** Names in dependencies, devDependencies, optionalDependencies and peerDependencies. */
  dependencies: ReadonlySet<string>;
  /** Files at the root named tsconfig*.json. */
  tsconfigs: readonly string[];
}

export type Tool = 'jest' | 'vitest' | 'mocha' | 'node-test' | 'eslint' | 'tsc' | 'prettier' | 'stylelint' | 'biome';

export type PlannedCheck =
  | {
      kind: 'run';
      spec: CheckSpec;
      /** The program behind the command, when recognised. */
      tool?: Tool;
      /** The command as run, for progress lines. */
      display: string;
      /** What auto-sync changed or chose, in words ("runs eslint without --fix", "parser jest (from the test script)"). */
      notes: string[];
    }
  | { kind: 'skip'; reason: string }
  | { kind: 'refuse'; message: string };

const TOOL_PARSER: Partial<Record<Tool, Parser>> = {
  jest: 'jest',
  vitest: 'vitest',
  'node-test': 'node-test',
  eslint: 'eslint',
  tsc: 'tsc',
};

// npm init's placeholder: fails on every commit, target and batch alike, and says nothing.
const NPM_PLACEHOLDER = /^echo "Error: no test specified" && exit 1$/;

/** `reportPath`: a file the command may write its machine-readable report to (outside the tree). */
export function planCheck(check: ConfiguredCheck, facts: RepoFacts, reportPath: string): PlannedCheck {
  const given = typeof check.run === 'string' ? splitCommandLine(check.run) : { segments: [[...check.run]], simple: true };
  const words = given.simple ? given.segments[0]! : undefined;
  const script = words ? scriptOf(words) : undefined;
  const notes: string[] = [];

  let body: { segments: string[][]; simple: boolean } = given;
  if (script) {
    if (!facts.packageJson) return { kind: 'skip', reason: 'no package.json' };
    const text = facts.scripts[script.name];
    if (text === undefined) return { kind: 'skip', reason: `package.json has no "${script.name}" script` };
    if (script.name === 'test' && NPM_PLACEHOLDER.test(text.trim()))
      return { kind: 'skip', reason: 'the "test" script is npm\'s placeholder ("no test specified")' };
    const split = splitCommandLine(text);
    // Arguments after `--` go to the end of the script: they count as its words.
    body = split.simple ? { segments: [[...split.segments[0]!, ...script.extra]], simple: true } : split;
  }

  const tools = body.segments.map(toolOf);
  const known = [...new Set(tools.filter((t): t is Tool => t !== undefined))];
  const tool = known.length === 1 ? known[0] : undefined;
  const where = script ? ` (from the "${script.name}" script)` : '';

  if (tool === 'tsc' || check.parser === 'tsc') {
    const missing = typeScriptMissing(facts, body.segments[tools.indexOf('tsc')] ?? []);
    if (missing) return { kind: 'skip', reason: missing };
  }

  const parser: Parser = check.parser !== 'auto' ? check.parser : ((tool && TOOL_PARSER[tool]) ?? 'none');
  if (check.parser === 'auto') notes.push(`parser ${parser}${tool ? ` (${tool}${where})` : ''}`);

  const fixing = body.segments.map((segment, i) => fixingFlags(segment, tools[i])).find((flags) => flags.length > 0);
  if (fixing) {
    const segment = body.segments.find((s, i) => fixingFlags(s, tools[i]).length > 0)!;
    const eslintAlone = body.simple && tool === 'eslint' && fixing.every((flag) => flag === '--fix');
    if (!eslintAlone)
      return {
        kind: 'refuse',
        message: `\`${segment.map(shellQuote).join(' ')}\`${where} changes files (${fixing.join(', ')}): a check must not fix what it checks. Set checks[].run to a command that only checks (e.g. \`npx eslint .\`, \`npx prettier --check .\`).`,
      };
    // Run the same eslint without --fix, from the project's node_modules/.bin as npm run would.
    const plain = withoutFix(body.segments[0]!);
    const inject = parser === 'eslint' ? reportArgs('eslint', plain, reportPath) : undefined;
    notes.push(`runs eslint without --fix${where}`);
    const argv = [...plain, ...(inject?.args ?? [])];
    return run(check, parser, fromNodeModules(argv), inject?.report, argv.map(shellQuote).join(' '), tool, notes);
  }

  // Ask for the machine-readable report where the arguments reach the tool: one plain command,
  // run directly or through `npm run`/`npm test` (whose `--` passes them on).
  const base = words && (!script || script.manager === 'npm') && body.simple ? words : undefined;
  const inject = base && tool && TOOL_PARSER[tool] === parser ? reportArgs(tool, body.segments[0]!, reportPath) : undefined;
  if (!base || !inject) {
    const display = typeof check.run === 'string' ? check.run : check.run.map(shellQuote).join(' ');
    return run(check, parser, check.run, undefined, display, tool, notes);
  }
  const argv = script ? [...base, ...(script.hasSeparator ? [] : ['--']), ...inject.args] : [...base, ...inject.args];
  const runnable = /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] ?? '') ? ['env', ...argv] : argv;
  notes.push(inject.report ? `machine-readable report (${inject.report.format})` : `${inject.args.join(' ')}`);
  return run(check, parser, runnable, inject.report, argv.map(shellQuote).join(' '), tool, notes);
}

function run(
  check: ConfiguredCheck,
  parser: Parser,
  command: string | readonly string[],
  report: CheckSpec['report'],
  display: string,
  tool: Tool | undefined,
  notes: string[],
): PlannedCheck {
  const spec: CheckSpec = { name: check.name, run: command, timeoutMs: check.timeoutMs, parser, ...(report ? { report } : {}) };
  return { kind: 'run', spec, display, notes, ...(tool ? { tool } : {}) };
}

/** sh with the project's node_modules/.bin first on PATH, as `npm run` gives a script. */
function fromNodeModules(argv: readonly string[]): string[] {
  const words = /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] ?? '') ? ['env', ...argv] : [...argv];
  return ['/bin/sh', '-c', 'PATH="$PWD/node_modules/.bin:$PATH" exec "$@"', 'sh', ...words];
}

interface ScriptCall {
  manager: 'npm' | 'pnpm' | 'yarn';
  name: string;
  /** Words after `--` (npm) or after the script name (pnpm, yarn): they reach the script. */
  extra: string[];
  hasSeparator: boolean;
}

const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NPM_TEST = new Set(['test', 't', 'tst']);

/** `npm test`, `npm run [--if-present] X [-- args]`, `pnpm test`, `pnpm run X`, `yarn test`, `yarn run X`. */
export function scriptOf(words: readonly string[]): ScriptCall | undefined {
  const manager = posix.basename(words[0] ?? '');
  if (manager !== 'npm' && manager !== 'pnpm' && manager !== 'yarn') return undefined;
  let i = 1;
  while (words[i]?.startsWith('-')) i++;
  const command = words[i];
  let name: string | undefined;
  if (command !== undefined && NPM_TEST.has(command) && (manager === 'npm' || command === 'test')) name = 'test';
  else if (command === 'start') name = 'start';
  else if (command !== undefined && (manager === 'npm' ? NPM_RUN.has(command) : command === 'run')) {
    i++;
    while (words[i]?.startsWith('-') && words[i] !== '--') i++;
    name = words[i];
  }
  if (name === undefined || name === '--') return undefined;
  const rest = words.slice(i + 1);
  const separator = rest.indexOf('--');
  if (manager === 'npm') return { manager, name, extra: separator === -1 ? [] : rest.slice(separator + 1), hasSeparator: separator !== -1 };
  return { manager, name, extra: rest[0] === '--' ? rest.slice(1) : rest, hasSeparator: separator !== -1 };
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PROGRAMS: Record<string, Tool> = {
  jest: 'jest',
  'jest.js': 'jest',
  vitest: 'vitest',
  'vitest.mjs': 'vitest',
  mocha: 'mocha',
  _mocha: 'mocha',
  eslint: 'eslint',
  'eslint.js': 'eslint',
  tsc: 'tsc',
  prettier: 'prettier',
  stylelint: 'stylelint',
  biome: 'biome',
};

/** The index of the word that names the program, past env assignments and runners (npx, npm exec, cross-env…). */
function programIndex(words: readonly string[]): number {
  let i = 0;
  for (;;) {
    while (ASSIGNMENT.test(words[i] ?? '')) i++;
    const name = posix.basename(words[i] ?? '');
    if (name === 'npx' || name === 'cross-env' || name === 'env') {
      i++;
      while (words[i]?.startsWith('-')) i += words[i] === '-p' || words[i] === '--package' ? 2 : 1;
    } else if ((name === 'npm' || name === 'pnpm' || name === 'yarn') && (words[i + 1] === 'exec' || words[i + 1] === 'dlx')) {
      i += 2;
      while (words[i]?.startsWith('-') && words[i] !== '--') i++;
      if (words[i] === '--') i++;
    } else if (name === 'node' || name === 'tsx') {
      // node [flags] path/to/tool/bin.js …: the script names the tool.
      let j = i + 1;
      while (words[j]?.startsWith('-') && words[j] !== '--test') j++;
      return words[j] === '--test' || words[j] === undefined ? i : j;
    } else return i;
  }
}

export function toolOf(words: readonly string[]): Tool | undefined {
  const i = programIndex(words);
  const name = posix.basename(words[i] ?? '');
  if ((name === 'node' || name === 'tsx') && words.slice(i + 1).includes('--test')) return 'node-test';
  if (name === 'react-scripts' && words[i + 1] === 'test') return 'jest';
  return PROGRAMS[name] ?? (/^(jest|vitest|eslint|tsc)\.[cm]?js$/.test(name) ? PROGRAMS[name.replace(/\.[cm]?js$/, '')] : undefined);
}

/** The flags in one command that make it write to the files it checks. */
function fixingFlags(words: readonly string[], tool: Tool | undefined): string[] {
  const args = words.slice(programIndex(words) + 1);
  const flags = args.filter((w) => w === '--fix' || w.startsWith('--fix='));
  if (tool === 'prettier') flags.push(...args.filter((w) => w === '--write' || w === '-w'));
  if (tool === 'biome') flags.push(...args.filter((w) => w === '--write' || w.startsWith('--apply') || w === '--unsafe'));
  return flags;
}

function withoutFix(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--fix') continue;
    if (w === '--fix-type') {
      i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** The arguments that make `tool` write its report to `path`, unless the command already chose an output. */
function reportArgs(
  tool: Tool,
  words: readonly string[],
  path: string,
): { args: string[]; report?: { path: string; format: ReportFormat } } | undefined {
  const has = (...flags: string[]) => words.some((w) => flags.some((f) => w === f || w.startsWith(`${f}=`)));
  switch (tool) {
    case 'jest':
      if (has('--json', '--outputFile', '--reporters', '--watch', '--watchAll')) return undefined;
      return { args: ['--json', `--outputFile=${path}`], report: { path, format: 'jest-json' } };
    case 'vitest':
      if (has('--reporter', '--outputFile', '--watch', '-w')) return undefined;
      return {
        args: ['--reporter=default', '--reporter=json', `--outputFile.json=${path}`],
        report: { path, format: 'jest-json' },
      };
    case 'eslint':
      if (has('--format', '-f', '--output-file', '-o')) return undefined;
      return { args: ['--format', 'json', '--output-file', path], report: { path, format: 'eslint-json' } };
    case 'node-test': {
      // TAP, read by the node-test parser like the spec reporter. Node takes the option only before
      // the first file argument, and arguments can only be added at the end: so only when every
      // word after --test is an option (`node --test`, the usual script).
      const after = words.slice(words.indexOf('--test') + 1);
      if (has('--test-reporter', '--test-reporter-destination', '--watch') || after.some((w) => !w.startsWith('-'))) return undefined;
      return { args: ['--test-reporter=tap'] };
    }
    case 'tsc':
      if (has('--pretty', '--watch', '-w')) return undefined;
      return { args: ['--pretty', 'false'] };
    default:
      return undefined;
  }
}

/** Why tsc must not run here, or undefined when this is a TypeScript project. */
function typeScriptMissing(facts: RepoFacts, words: readonly string[]): string | undefined {
  const at = words.findIndex((w) => w === '-p' || w === '--project');
  const project = at === -1 ? undefined : words[at + 1]?.replace(/^\.\//, '');
  // Only files at the root are known; a project elsewhere is taken as given.
  const needed =
    project === undefined || project === '.' ? 'tsconfig.json' : /\.json$/.test(project) && !project.includes('/') ? project : undefined;
  if (needed && !facts.tsconfigs.includes(needed)) return `not a TypeScript project: no ${needed}`;
  // A tsc named by path is the one the config chose; a bare `tsc` is whatever npx or PATH finds.
  const program = words[programIndex(words)] ?? 'tsc';
  if (!program.includes('/') && !facts.dependencies.has('typescript'))
    return 'not a TypeScript project: "typescript" is not in package.json\'s dependencies (the tsc npx would find is another package)';
  return undefined;
}
