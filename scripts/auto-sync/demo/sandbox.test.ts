import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate as validatePrismaSchema } from '@prisma/prisma-schema-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import type { Config } from '../config/schema.ts';
import { gitIn, makeTempDir } from '../test/helpers/repo.ts';
import { createDemoSandbox, type DemoSandbox, type DemoSource } from './sandbox.ts';

const TOOL_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

let dirs: string[] = [];
let sandbox: DemoSandbox;
let config: Config;
let buildMs = 0;
/** A clone of the target with every source fetched as refs/heads/<name>. */
let scratch: string;

beforeAll(async () => {
  const root = tempDir();
  const started = performance.now();
  sandbox = await createDemoSandbox(root, { toolRoot: TOOL_ROOT });
  buildMs = performance.now() - started;
  const result = validateConfig(JSON.parse(readFileSync(sandbox.configPath, 'utf8')));
  if (!result.ok) throw new Error(`demo config invalid: ${JSON.stringify(result.problems)}`);
  config = result.config;
  scratch = cloneTarget();
  for (const source of sandbox.sources) gitIn(scratch, ['fetch', '--quiet', source.dir, `main:${source.name}`]);
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('createDemoSandbox', () => {
  it('builds well under 10 s', () => {
    console.info(`demo sandbox built in ${Math.round(buildMs)} ms`);
    expect(buildMs).toBeLessThan(5_000);
  });

  it('gives the target its base history and two commits after the fork point', () => {
    const target = sandbox.targetDir;
    expect(subjects(target, 'main')).toEqual([
      'chore: scaffold the demo app',
      'feat: serve a home page and a health check',
      'feat: add the Prisma schema',
      'fix: correct the spelling of the home page heading',
      'fix(math): guard average() against an empty list',
    ]);
    expect(gitIn(target, ['rev-parse', 'main~2']).trim()).toBe(sandbox.forkPoint);
    expect(gitIn(target, ['log', '-1', '--format=%an <%ae> %ad', '--date=iso-strict', 'main'])).toContain(
      'Morgan Maintainer <morgan@target.example> 2025-03-03T14:00:00+00:00',
    );
  });

  it('forks every source at the fork point, with its own commits after it', () => {
    const expected: Record<string, string[]> = {
      'api-fork': [
        'docs: document the endpoints in the README',
        'feat: add slugify() for readable URLs',
        'fix: point production at the new database host',
      ],
      'web-fork': [
        'fix: correct the home page heading typo',
        'chore: add an .editorconfig',
        "Merge branch 'chore/editorconfig'",
        'feat: brand the home page as Acme Portal',
        'refactor!: rename renderHome() to renderHomePage()',
      ],
      'db-fork': ['fix: return 0 for the average of an empty list', 'feat(db): add an optional name to users'],
    };
    for (const source of sandbox.sources) {
      expect(gitIn(scratch, ['merge-base', 'main', source.name]).trim(), source.name).toBe(sandbox.forkPoint);
      expect(subjects(source.dir, `${sandbox.forkPoint}..main`), source.name).toEqual(expected[source.name]);
      expect(source.commits.map((c) => c.subject)).toEqual(expected[source.name]);
      expect(source.commits.map((c) => c.sha)).toEqual(
        gitIn(source.dir, ['log', '--reverse', '--format=%H', `${sandbox.forkPoint}..main`])
          .trim()
          .split('\n'),
      );
      // Clean work trees, only `main`, and no author of the target among the fork's own commits.
      expect(gitIn(source.dir, ['status', '--porcelain'])).toBe('');
      expect(gitIn(source.dir, ['for-each-ref', '--format=%(refname)', 'refs/heads'])).toBe('refs/heads/main\n');
      expect(gitIn(source.dir, ['log', '--format=%an', `${sandbox.forkPoint}..main`])).not.toContain('Morgan');
    }
    expect(gitIn(sandbox.targetDir, ['status', '--porcelain'])).toBe('');
  });

  it('gives web-fork one merge commit whose side branch holds the chore commit', () => {
    const web = source('web-fork');
    const merges = gitIn(web.dir, ['rev-list', '--merges', `${sandbox.forkPoint}..main`])
      .trim()
      .split('\n');
    expect(merges).toEqual([commit(web, 'merge-commit').sha]);
    const parents = gitIn(web.dir, ['rev-parse', `${merges[0]}^1`, `${merges[0]}^2`])
      .trim()
      .split('\n');
    expect(parents).toEqual([commit(web, 'conflict').sha, commit(web, 'type-not-allowed').sha]);
  });

  it('records the expectation of every commit and outcome of every source', () => {
    const table = Object.fromEntries(sandbox.sources.map((s) => [s.name, s.commits.map((c) => c.expect)]));
    expect(table).toEqual({
      'api-fork': ['type-not-allowed', 'apply', 'path-denied'],
      'web-fork': ['conflict', 'type-not-allowed', 'merge-commit', 'apply', 'held-breaking'],
      'db-fork': ['already-applied', 'apply'],
    });
    expect(Object.fromEntries(Object.entries(sandbox.expected).map(([name, e]) => [name, e.outcome]))).toEqual({
      'api-fork': 'merged',
      'web-fork': 'pull-request',
      'db-fork': 'merged',
    });
    for (const s of sandbox.sources) expect(s.story.length).toBeGreaterThan(40);
  });

  it('writes a config that validates and names only absolute programs', () => {
    expect(config.sources.map((s) => [s.name, s.url])).toEqual(sandbox.sources.map((s) => [s.name, s.dir]));
    expect(config.forge.type).toBe('local');
    expect(config.checks.map((c) => c.name)).toEqual(['typecheck', 'test', 'prisma']);
    for (const check of config.checks) if (Array.isArray(check.run)) expect(check.run[0]).toMatch(/^\//);
    for (const probe of config.smoke) expect(probe.start).toEqual([process.execPath, 'src/server.ts']);
  });

  it("passes the target's own checks on main: tsc, node --test, Prisma schema, /health and /", async () => {
    expectPass(runCheck('typecheck', sandbox.targetDir));
    expectPass(runCheck('test', sandbox.targetDir));
    expect(() => validateSchema(sandbox.targetDir)).not.toThrow();
    const port = await freePort();
    const server = spawn(config.smoke[0]!.start[0]!, config.smoke[0]!.start.slice(1) as string[], {
      cwd: sandbox.targetDir,
      env: { PATH: process.env.PATH, PORT: String(port) },
      stdio: 'ignore',
    });
    try {
      const health = await waitForOk(`http://127.0.0.1:${port}/health`);
      expect(await health.json()).toEqual({ ok: true });
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<h1>Welcome to the demo app</h1>');
    } finally {
      server.kill('SIGTERM');
    }
    const [code, signal] = await new Promise<[number | null, string | null]>((done) => server.once('exit', (c, s) => done([c, s])));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it("keeps the checks passing with api-fork's feat on top of target main", () => {
    const dir = cloneWith(commit(source('api-fork'), 'apply').sha);
    expectPass(runCheck('typecheck', dir));
    const test = runCheck('test', dir);
    expectPass(test);
    expect(test.stdout).toContain('slugify makes readable URL parts');
  });

  it("fails exactly one test with web-fork's feat, and its fix conflicts with the target", () => {
    const web = source('web-fork');
    const dir = cloneWith(commit(web, 'apply').sha);
    expectPass(runCheck('typecheck', dir));
    const test = runCheck('test', dir);
    expect(test.status).not.toBe(0);
    expect(test.stdout).toMatch(/ℹ fail 1\n/);
    expect(test.stdout).toContain('✖ the home page names the app in its title');
    expect(() => cloneWith(commit(web, 'conflict').sha)).toThrow('CONFLICT (content): Merge conflict in src/home.ts');
  });

  it("has db-fork's fix in the target under another message, and a valid schema change", () => {
    const db = source('db-fork');
    const fix = commit(db, 'already-applied').sha;
    expect(patchId(scratch, fix)).toBe(patchId(scratch, 'main'));
    expect(gitIn(scratch, ['log', '-1', '--format=%s', 'main'])).not.toBe(gitIn(scratch, ['log', '-1', '--format=%s', fix]));
    const feat = commit(db, 'apply').sha;
    expect(gitIn(scratch, ['diff', '--name-only', `${feat}^`, feat])).toBe('prisma/schema.prisma\n');
    const dir = cloneWith(feat);
    expect(() => validateSchema(dir)).not.toThrow();
    expectPass(runCheck('test', dir));
  });

  it('builds the same commits every time', async () => {
    const again = await createDemoSandbox(tempDir(), { toolRoot: TOOL_ROOT });
    const shas = (s: DemoSandbox) => ({
      forkPoint: s.forkPoint,
      target: gitIn(s.targetDir, ['rev-parse', 'main']),
      sources: s.sources.map((x) => [x.name, x.commits]),
    });
    expect(shas(again)).toEqual(shas(sandbox));
    const configText = (s: DemoSandbox) => readFileSync(s.configPath, 'utf8').replaceAll(s.root, '<root>');
    expect(configText(again)).toBe(configText(sandbox));
    expect(again.expected).toEqual(sandbox.expected);
  });

  it('refuses a directory that already holds a sandbox', async () => {
    await expect(createDemoSandbox(sandbox.root, { toolRoot: TOOL_ROOT })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

function tempDir(): string {
  const dir = makeTempDir('auto-sync-demo-');
  dirs.push(dir);
  return dir;
}

function source(name: string): DemoSource {
  const found = sandbox.sources.find((s) => s.name === name);
  if (!found) throw new Error(`no source ${name}`);
  return found;
}

function commit(s: DemoSource, expect: DemoSource['commits'][number]['expect']) {
  const found = s.commits.find((c) => c.expect === expect);
  if (!found) throw new Error(`${s.name} has no commit expected to be ${expect}`);
  return found;
}

function subjects(dir: string, range: string): string[] {
  return gitIn(dir, ['log', '--reverse', '--format=%s', range]).trim().split('\n');
}

function cloneTarget(): string {
  const dir = join(tempDir(), 'work');
  gitIn(sandbox.targetDir, ['clone', '--quiet', sandbox.targetDir, dir]);
  return dir;
}

/** Target main plus one source commit, cherry-picked the way auto-sync would replay it. */
function cloneWith(sha: string): string {
  const dir = cloneTarget();
  gitIn(dir, ['fetch', '--quiet', scratch, sha]);
  try {
    gitIn(dir, ['cherry-pick', sha]);
  } catch (error) {
    // execFileSync's message leaves git's stdout (where the CONFLICT lines are) out.
    throw new Error(`cherry-pick ${sha} failed: ${String((error as { stdout?: string }).stdout)}`, { cause: error });
  }
  return dir;
}

function patchId(dir: string, rev: string): string {
  const diff = gitIn(dir, ['show', '--format=', rev]);
  return gitIn(dir, ['patch-id', '--stable'], { input: diff }).split(' ')[0]!;
}

/** Runs a check exactly as the config gives it, in the scrubbed kind of env auto-sync uses. */
function runCheck(name: string, cwd: string): SpawnSyncReturns<string> {
  const run = config.checks.find((c) => c.name === name)?.run;
  if (!Array.isArray(run)) throw new Error(`check ${name} has no argv`);
  return spawnSync(run[0]!, run.slice(1), { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
}

function expectPass(result: SpawnSyncReturns<string>): void {
  expect({ status: result.status, output: result.status === 0 ? '' : result.stdout + result.stderr }).toEqual({ status: 0, output: '' });
}

function validateSchema(dir: string): void {
  const schema = readFileSync(join(dir, 'prisma', 'schema.prisma'), 'utf8');
  validatePrismaSchema(JSON.stringify({ prismaSchema: [['schema.prisma', schema]], noColor: true }));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function waitForOk(url: string): Promise<Response> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within 15 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
