import { scriptOf, toolOf, type RepoFacts, type Tool } from '../checks/plan-check.ts';
import { splitCommandLine } from '../checks/command-line.ts';
import { checkSourceUrl } from './validate.ts';

// `init`: the configuration a repository starts with, from what is in it. Pure: commands/init.ts
// reads the facts (package.json, lockfiles, tsconfig files) and writes the text. The text is JSON
// with comments (JSONC, which the loader reads), each choice explained where it is made.

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry';

export interface InitFacts extends RepoFacts {
  /** Lockfiles and package-manager files at the root. */
  files: ReadonlySet<string>;
}

export interface InitSource {
  name: string;
  url: string;
}

export interface InitResult {
  text: string;
  /** What was detected, one line each, for the person running init. */
  detected: string[];
}

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

export function packageManagerOf(facts: InitFacts): { manager: PackageManager; lockfile?: string } {
  for (const [file, manager] of LOCKFILES)
    if (facts.files.has(file))
      return { manager: manager === 'yarn' && facts.files.has('.yarnrc.yml') ? 'yarn-berry' : manager, lockfile: file };
  return { manager: 'npm' };
}

/** Install without running any package's scripts (they would run sibling code outside the checks). */
export function installCommand(manager: PackageManager, lockfile: string | undefined): string {
  switch (manager) {
    case 'pnpm':
      return 'pnpm install --frozen-lockfile --ignore-scripts';
    case 'yarn':
      return 'yarn install --frozen-lockfile --ignore-scripts';
    case 'yarn-berry':
      return 'yarn install --immutable --mode=skip-build';
    case 'npm':
      return lockfile ? 'npm ci --ignore-scripts' : 'npm install --ignore-scripts --no-audit --no-fund';
  }
}

const PARSER_OF: Partial<Record<Tool, string>> = { jest: 'jest', vitest: 'vitest', 'node-test': 'node-test', eslint: 'eslint', tsc: 'tsc' };
const REPORT_OF: Partial<Record<Tool, string>> = {
  jest: 'jest --json',
  vitest: 'vitest --reporter=json',
  eslint: 'eslint -f json',
  tsc: 'tsc --pretty false',
  'node-test': 'node --test (its output parsed)',
};

/** Names a source from its URL: the last path segment without .git, made fit for ref names. */
export function sourceNameOf(url: string): string {
  const last =
    url
      .replace(/[/\\]+$/, '')
      .split(/[/\\:]/)
      .at(-1) ?? '';
  const name = last
    .replace(/\.git$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return name || 'source';
}

/** `NAME=URL` or a bare URL, named from the URL; problems for each bad one, all at once. */
export function parseInitSources(values: readonly string[]): { sources: InitSource[]; problems: string[] } {
  const sources: InitSource[] = [];
  const problems: string[] = [];
  const taken = new Set<string>();
  for (const value of values) {
    const named = /^([A-Za-z0-9][A-Za-z0-9._-]{0,62})=(.+)$/.exec(value);
    const url = named ? named[2]! : value;
    const problem = checkSourceUrl(url);
    if (problem) {
      problems.push(`--from ${JSON.stringify(shownUrl(url))}: ${problem}`);
      continue;
    }
    let name = named ? named[1]! : sourceNameOf(url);
    if (taken.has(name)) {
      if (named) {
        problems.push(`--from: two sources named "${name}"`);
        continue;
      }
      let i = 2;
      while (taken.has(`${name}-${i}`)) i++;
      name = `${name}-${i}`;
    }
    taken.add(name);
    sources.push({ name, url });
  }
  return { sources, problems };
}

/** A refused URL as it may be printed: no userinfo, no query or fragment (where a token would be). */
function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@').replace(/[?#].*$/s, '?***');
}

interface Entry {
  comment: string;
  value: Record<string, unknown>;
}

export function initialConfig(facts: InitFacts, sources: readonly InitSource[], options: { schema: string; github: boolean }): InitResult {
  const detected: string[] = [];
  const { manager, lockfile } = packageManagerOf(facts);
  const run = manager === 'npm' ? 'npm run' : manager === 'pnpm' ? 'pnpm run' : 'yarn run';
  const test = manager === 'npm' ? 'npm test' : manager === 'pnpm' ? 'pnpm test' : 'yarn test';
  const install = installCommand(manager, lockfile);
  detected.push(
    facts.packageJson
      ? `package manager: ${manager === 'yarn-berry' ? 'yarn (berry)' : manager}${lockfile ? ` (${lockfile})` : ' (no lockfile: installs resolve afresh each time)'}`
      : 'no package.json: no install, no checks; smoke probes only if you add them',
  );

  const checks: Entry[] = [];
  const typescript = facts.tsconfigs.length > 0 && facts.dependencies.has('typescript');
  if (typescript) {
    checks.push({
      comment: `TypeScript (${facts.tsconfigs.join(', ')}): tsc's errors counted, configuration errors never taken for known failures`,
      value: { name: 'typecheck', run: 'npx --no-install tsc --noEmit', parser: 'tsc', timeoutMs: 600_000 },
    });
    detected.push(`typecheck: tsc --noEmit (${facts.tsconfigs.join(', ')})`);
  } else
    detected.push(
      facts.tsconfigs.length > 0 ? 'typecheck: none (a tsconfig, but typescript is not a dependency)' : 'typecheck: none (not TypeScript)',
    );

  const scriptCheck = (name: 'lint' | 'build' | 'test', timeoutMs: number) => {
    const body = facts.scripts[name];
    if (body === undefined || (name === 'test' && /no test specified/.test(body))) {
      detected.push(`${name}: none (no "${name}" script in package.json)`);
      return;
    }
    const tool = toolOfScript(body);
    const parser = tool ? (PARSER_OF[tool] ?? 'auto') : 'auto';
    const report = tool ? REPORT_OF[tool] : undefined;
    const fixes = /(^|\s)--fix(\s|$)/.test(body);
    const notes = [
      `the "${name}" script: ${JSON.stringify(body)}`,
      tool ? `runs ${tool}` : 'its tool not recognised: failures are shown, never excused as known',
      report ? `read through ${report}` : '',
      fixes ? 'run without --fix (a check must not fix what it checks)' : '',
    ].filter(Boolean);
    checks.push({
      comment: notes.join('; '),
      value: { name, run: name === 'test' ? test : `${run} ${name}`, parser, timeoutMs },
    });
    detected.push(`${name}: ${tool ?? 'a script'}${report ? ` (${report})` : ''}`);
  };
  if (facts.packageJson) {
    scriptCheck('lint', 600_000);
    scriptCheck('build', 900_000);
    scriptCheck('test', 900_000);
  }
  checks.push({
    comment: 'the Prisma schema validated offline, only when a batch touches it',
    value: { name: 'prisma', builtin: 'prisma-validate', when: ['prisma/**', '**/schema.prisma'], timeoutMs: 60_000 },
  });

  const smoke: Entry[] = [];
  if (facts.scripts.start !== undefined) {
    smoke.push({
      comment: `the "start" script, probed on 127.0.0.1:$PORT (set url to your health route)`,
      value: {
        name: 'start',
        start: manager === 'npm' ? 'npm start' : `${manager.replace('-berry', '')} start`,
        url: '/',
        timeoutMs: 30_000,
      },
    });
    detected.push('smoke: the "start" script, probed at /');
  } else detected.push('smoke: none (no "start" script)');

  const lines = [
    '// auto-sync configuration, written by `auto-sync init`. JSON with comments; `auto-sync check-config` checks it.',
    '// Reference: the README of auto-sync, section "Configuration".',
    '{',
    `  "$schema": ${JSON.stringify(options.schema)},`,
    '  // The sibling repositories to take commits from (https URLs read their token from SOURCE_PAT).',
    `  "sources": ${block(
      sources.map((s) => ({ comment: '', value: { name: s.name, url: s.url } })),
      '  ',
    )},`,
    options.github
      ? '  // On GitHub: merges and pull requests through the API (GITHUB_TOKEN, GITHUB_REPOSITORY).'
      : '  // local: merges into the branch and writes proposals under .neon/proposals/; "github" on GitHub Actions.',
    `  "forge": { "type": ${JSON.stringify(options.github ? 'github' : 'local')} },`,
    `  // Installed before the checks, in the sandbox, with no token in reach; no package scripts run.`,
    `  "install": { "run": ${JSON.stringify(install)} },`,
    '  // Each check runs on the integration branch, and again on the target head when it fails there too.',
    `  "checks": ${block(checks, '  ')},`,
    `  "smoke": ${block(smoke, '  ')}`,
    '}',
    '',
  ];
  return { text: lines.join('\n'), detected };
}

function block(entries: readonly Entry[], indent: string): string {
  if (entries.length === 0) return '[]';
  const inner = entries.flatMap((e, i) => [
    ...(e.comment ? [`${indent}  // ${e.comment.replace(/[\r\n\u2028\u2029]+/g, ' ')}`] : []),
    `${indent}  ${oneLineObject(e.value)}${i < entries.length - 1 ? ',' : ''}`,
  ]);
  return `[\n${inner.join('\n')}\n${indent}]`;
}

/** `{ "a": 1, "b": [..] }`: each key and value through JSON.stringify, so no value can break out. */
function oneLineObject(value: Record<string, unknown>): string {
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

/** The one tool a script runs, when it runs exactly one that auto-sync knows. */
function toolOfScript(body: string): Tool | undefined {
  const split = splitCommandLine(body);
  const tools = new Set(split.segments.map((words) => (scriptOf(words) ? undefined : toolOf(words))).filter((t) => t !== undefined));
  return tools.size === 1 ? [...tools][0] : undefined;
}
