import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportCommit, ReportSource } from '../report/model.ts';
import { ENTRY, runCli, writeConfig, type CliResult } from './helpers/cli.ts';
import { startGitHttpServer, type GitHttpServer } from './helpers/git-http-server.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { filesUnder, findTokens, targetChannels, type Channel } from './helpers/token-scan.ts';

// The attacker's side of the threat model (README "Threat model"): hostile commits built on real
// repositories, served over smart HTTP with a token, synced by the real CLI with `run --apply`.
// Each attack class asserts its outcome; after every run, every channel auto-sync writes is
// searched for every form of both tokens.

const SOURCE_TOKEN = `srcpat_${randomBytes(18).toString('hex')}`;
const FORGE_TOKEN = `ghs_${randomBytes(18).toString('base64url')}`;
const TOKENS = [SOURCE_TOKEN, FORGE_TOKEN];
// Built at run time, so the repository holds no literal token (push protection).
const FAKE_GITHUB_PAT = ['gh', 'p_', 'R8x2kLq9TzW4mNv7Yb3Jc6Hd1Fs5Gp0Ae2Qw'].join('');
const FAKE_PRIVATE_KEY = [
  '-----BEGIN RSA ' + 'PRIVATE KEY-----',
  ...('MII' + 'EowIBAAKCAQEA' + randomBytes(700).toString('base64')).match(/.{1,64}/g)!,
  '-----END RSA ' + 'PRIVATE KEY-----',
].join('\n');

let work: string;
let server: GitHttpServer;
let echo: Server;
let target: TestRepo;
const sha: Record<string, string> = {};
let run: CliResult;
let report: Report;
const channels: Channel[] = [];

function commitOf(source: ReportSource, key: string): ReportCommit {
  const found = source.commits.find((c) => c.sha === sha[key]);
  if (!found) throw new Error(`commit ${key} is not in the report`);
  return found;
}

/** A smart-HTTP host that answers every request with a git ERR line echoing the Authorization header. */
async function startEchoServer(): Promise<Server> {
  const s = createServer((req, res) => {
    const header = req.headers.authorization ?? '';
    const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
    const text = `ERR denied for ${header} (${decoded})\n`;
    const pkt = `${(text.length + 4).toString(16).padStart(4, '0')}${text}`;
    if (!header) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement' });
    res.end(`001e# service=git-upload-pack\n0000${pkt}`);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return s;
}

/** A commit adding `<dir>/<inner>/<name>` to HEAD's tree, built with mktree (no name checks). */
function plumbCommit(repo: TestRepo, message: string, dir: string, inner: string, name: string, content: string): string {
  const blob = repo.git(['hash-object', '-w', '--stdin'], { input: content }).trim();
  const innerTree = repo.git(['mktree'], { input: `100644 blob ${blob}\t${name}\n` }).trim();
  const dirTree = repo.git(['mktree'], { input: `040000 tree ${innerTree}\t${inner}\n` }).trim();
  const root = repo.git(['mktree'], { input: `${repo.git(['ls-tree', 'HEAD'])}040000 tree ${dirTree}\t${dir}\n` }).trim();
  const commit = repo.git(['commit-tree', root, '-p', 'HEAD', '-m', message]).trim();
  repo.git(['update-ref', 'refs/heads/main', commit]);
  return commit;
}

beforeAll(async () => {
  work = makeTempDir('auto-sync-attacks-');
  target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', {
    'package.json': `${JSON.stringify({ name: 'target', version: '1.0.0', scripts: { test: 'node test.js' } }, null, 2)}\n`,
    'src/app.ts': 'export const app = 1;\n',
    'deploy/prod.yml': Array.from({ length: 30 }, (_, i) => `setting_${i}: value-${i}`).join('\n') + '\n',
    'README.md': '# target\n',
  });
  mkdirSync(join(work, 'served'));
  const bare = join(work, 'served', 'fork.git');
  TestRepo.clone(target.dir, { dir: bare, bare: true });
  const scriptsBare = join(work, 'served', 'scripts.git');
  TestRepo.clone(target.dir, { dir: scriptsBare, bare: true });
  const fork = TestRepo.clone(bare, { dir: join(work, 'fork') });
  const commit = (key: string, message: string, files: Record<string, string | null>) => (sha[key] = fork.commit(message, files));
  const link = (key: string, message: string, path: string, to: string) => {
    mkdirSync(join(fork.dir, path, '..'), { recursive: true });
    symlinkSync(to, join(fork.dir, path));
    sha[key] = fork.commit(message);
  };

  // 1. Planner record forgery: the old separators and a forged record in the message.
  commit('forgery', `fix: harmless\n\n\x1e\x1f${'f'.repeat(40)}\x1f\x1fEvil\x1f\x1e\nfeat: forged record`, {
    '.github/workflows/x.yml': 'on: push\n',
  });
  // 2. Case variants of the built-in deny list.
  commit('caseEnv', 'fix: settings', { '.ENV': 'A=1\n' });
  commit('caseSecrets', 'fix: vault', { 'Secrets/db.txt': 'x\n' });
  commit('casePem', 'fix: cert', { 'certs/server.PEM': 'x\n' });
  commit('caseGithub', 'fix: ci', { '.GitHub/workflows/ci.yml': 'on: push\n' });
  commit('caseTool', 'fix: tool config', { 'Scripts/Auto-Sync/config.json': '{}\n' });
  // 3. Names that hold credentials or change how tools run.
  for (const [key, path] of [
    ['aws', '.aws/credentials'],
    ['ssh', '.ssh/id_rsa'],
    ['npmrc', '.npmrc'],
    ['netrc', '.netrc'],
    ['gitCredentials', '.git-credentials'],
    ['p12', 'certs/client.p12'],
    ['codeowners', 'docs/CODEOWNERS'],
    ['husky', '.husky/pre-commit'],
    ['vscodeTasks', '.vscode/tasks.json'],
    ['gitmodules', '.gitmodules'],
    ['nodeModules', 'node_modules/zod/index.js'],
  ] as const)
    commit(key, `fix: add ${path}`, { [path]: 'x\n' });
  // 4. Symbolic links: to a denied file, out of the tree, into .git, to devices, to a denied directory.
  link('linkEnv', 'fix: link settings', 'ok.txt', '.env');
  link('linkEnviron', 'fix: link environ', 'environ', '/proc/self/environ');
  link('linkGitConfig', 'fix: link config', 'cfg', '../.git/config');
  link('linkDevZero', 'fix: lockfile', 'package-lock.json', '/dev/zero');
  link('linkStdin', 'fix: input', 'input.txt', '/dev/stdin');
  link('linkDir', 'fix: shortcut', 'gh', '.github');
  link('linkUp', 'fix: parent', 'src/up', '../../..');
  // 5. Content of a denied file under another name: an exact copy of a denied commit's file, and
  // a near copy of a denied file that is already in the tree.
  const settings = 'DATABASE_URL=postgres://prod\nSESSION_KEY=0123456789abcdef\n';
  commit('deniedOriginal', 'fix: backup the settings', { '.env.backup': settings });
  commit('deniedRemoval', 'fix: drop the backup', { '.env.backup': null });
  commit('exactCopy', 'fix: settings as text', { 'src/settings.txt': settings });
  const prod = readFileSync(join(fork.dir, 'deploy/prod.yml'), 'utf8').replace('value-3', 'value-three');
  commit('nearCopy', 'fix: local settings', { 'src/prod.yml': prod });
  // 6. Embedded repositories: a bare repository laid out in the tree, and a .git segment in any case.
  commit('bareRepo', 'feat: vendor a tool', {
    'vendor/tool/HEAD': 'ref: refs/heads/main\n',
    'vendor/tool/config': '[core]\n\tfsmonitor = touch /tmp/pwned\n',
    'vendor/tool/objects/info/alternates': '\n',
    'vendor/tool/refs/heads/main': `${'0'.repeat(40)}\n`,
  });
  // 8. A file over paths.maxFileBytes (5 MiB).
  commit('bigBlob', 'feat: data set', { 'data/big.bin': 'x'.repeat(6 * 1024 * 1024) });
  // 9. Secrets in the added lines.
  commit('secretToken', 'feat: client', { 'src/client.ts': `export const token = '${FAKE_GITHUB_PAT}';\n` });
  commit('secretKey', 'feat: signing', { 'src/signing.pem.txt': `${FAKE_PRIVATE_KEY}\n` });
  // 10. What is allowed but must show in the risk: a plain symlink and an executable.
  link('benignLink', 'feat: latest docs link', 'docs/latest.md', 'v2.md');
  writeFileSync(join(fork.dir, 'bin-run.sh'), '#!/bin/sh\necho run\n');
  chmodSync(join(fork.dir, 'bin-run.sh'), 0o755);
  sha.executable = fork.commit('feat: a run script');
  commit('good', 'feat: add a helper', { 'src/helper.ts': 'export const helper = () => 1;\n' });
  // Last, with plumbing (git add refuses the name, a crafted tree does not): a .GIT segment.
  sha.dotGit = plumbCommit(fork, 'fix: sub config', 'sub', '.GIT', 'config', '[core]\n\tfsmonitor = touch /tmp/pwned\n');
  // 7. A gitlink (submodule entry) without .gitmodules.
  const root = fork.git(['mktree'], { input: `${fork.git(['ls-tree', 'HEAD'])}160000 commit ${sha.good}\tsubmodule\n` }).trim();
  sha.gitlink = fork.git(['commit-tree', root, '-p', 'HEAD', '-m', 'feat: add a submodule']).trim();
  fork.git(['update-ref', 'refs/heads/main', sha.gitlink]);
  fork.git(['push', '--quiet', 'origin', 'main']);

  // A second sibling only edits the test script to always pass.
  const scriptsFork = TestRepo.clone(scriptsBare, { dir: join(work, 'scripts-fork') });
  sha.scripts = scriptsFork.commit('fix: make the test script quieter', {
    'package.json': `${JSON.stringify({ name: 'target', version: '1.0.0', scripts: { test: 'node test.js || true' } }, null, 2)}\n`,
  });
  scriptsFork.git(['push', '--quiet', 'origin', 'main']);

  server = await startGitHttpServer({ root: join(work, 'served'), token: SOURCE_TOKEN });
  echo = await startEchoServer();
  const config = writeConfig(work, {
    sources: [
      { name: 'fork', url: server.urlFor('fork'), tokenEnv: 'SOURCE_PAT' },
      { name: 'scripts', url: server.urlFor('scripts'), tokenEnv: 'SOURCE_PAT' },
      { name: 'echo', url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo.git`, tokenEnv: 'SOURCE_PAT' },
    ],
    target: { identity: 'acme/target' },
    commits: { maxPerRun: 200 },
    retry: { attempts: 1, backoffMs: 0 },
    checks: [],
    smoke: [],
  });
  const reportPath = join(work, 'report.json');
  run = await runCli(['run', '--apply', '--config', config, '--report', reportPath], {
    cwd: target.dir,
    env: { SOURCE_PAT: SOURCE_TOKEN, GITHUB_TOKEN: FORGE_TOKEN, AUTO_SYNC_WORK_DIR: join(work, 'verify') },
  });
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  channels.push(
    { name: 'stdout', text: run.stdout },
    { name: 'stderr', text: run.stderr },
    { name: 'report', text: readFileSync(reportPath, 'latin1') },
    ...targetChannels(target.dir),
    ...filesUnder(join(work, 'verify'), 'verify work dir'),
  );
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (echo) await new Promise((resolve) => echo.close(resolve));
});

const fork = () => report.sources.find((s) => s.name === 'fork')!;

describe('hostile commits', () => {
  it('the run completes, the hostile source is judged commit by commit', () => {
    expect(run.code, run.stderr).toBe(1); // the echo source fails; the others go on
    expect(fork().status).toBe('ok');
  });

  it('planner record forgery: the forged record does not exist, the real commit is denied', () => {
    expect(commitOf(fork(), 'forgery')).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
    expect(fork().commits.some((c) => c.sha === 'f'.repeat(40))).toBe(false);
    expect(fork().commits.filter((c) => c.sha === sha.forgery)).toHaveLength(1);
  });

  it.each(['caseEnv', 'caseSecrets', 'casePem', 'caseGithub', 'caseTool'])('deny list under case tricks: %s is path-denied', (key) => {
    expect(commitOf(fork(), key)).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
  });

  it.each(['aws', 'ssh', 'npmrc', 'netrc', 'gitCredentials', 'p12', 'codeowners', 'husky', 'vscodeTasks', 'gitmodules', 'nodeModules'])(
    'credential and control files: %s is path-denied',
    (key) => {
      expect(commitOf(fork(), key)).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
    },
  );

  it.each([
    ['linkEnv', /points at the denied \.env/],
    ['linkEnviron', /points outside the repository/],
    ['linkGitConfig', /points outside the repository/],
    ['linkDevZero', /points outside the repository/],
    ['linkStdin', /points outside the repository/],
    ['linkDir', /points at the denied \.github/],
    ['linkUp', /points outside the repository/],
  ])('symbolic links: %s is an unsafe entry', (key, detail) => {
    const c = commitOf(fork(), key);
    expect(c).toMatchObject({ decision: 'skipped', reason: 'unsafe-entry' });
    expect(c.detail).toMatch(detail);
  });

  it('copies: the content of a denied file under another name is denied (exact and near copies)', () => {
    expect(commitOf(fork(), 'deniedOriginal')).toMatchObject({ reason: 'path-denied' });
    expect(commitOf(fork(), 'exactCopy')).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
    expect(commitOf(fork(), 'exactCopy').detail).toMatch(/has the content of the denied \.env\.backup/);
    expect(commitOf(fork(), 'nearCopy')).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
    expect(commitOf(fork(), 'nearCopy').detail).toMatch(/is a copy of the denied deploy\/prod\.yml/);
  });

  it('embedded repositories: a bare repository in the tree and a .GIT segment are refused', () => {
    expect(commitOf(fork(), 'bareRepo')).toMatchObject({ decision: 'skipped', reason: 'unsafe-entry' });
    expect(commitOf(fork(), 'bareRepo').detail).toMatch(/vendor\/tool is an embedded git repository/);
    expect(commitOf(fork(), 'dotGit')).toMatchObject({ decision: 'skipped', reason: 'path-denied' });
  });

  it('gitlinks: a submodule entry is refused', () => {
    expect(commitOf(fork(), 'gitlink')).toMatchObject({ decision: 'skipped', reason: 'unsafe-entry' });
    expect(commitOf(fork(), 'gitlink').detail).toMatch(/submodule is a submodule/);
  });

  it('sizes: a file over paths.maxFileBytes is held as file-too-large', () => {
    expect(commitOf(fork(), 'bigBlob')).toMatchObject({ decision: 'skipped', reason: 'file-too-large' });
  });

  it('secrets in added lines: held as secret-detected, pending, shown redacted', () => {
    for (const key of ['secretToken', 'secretKey']) {
      const c = commitOf(fork(), key);
      expect(c).toMatchObject({ decision: 'skipped', reason: 'secret-detected', pending: true });
    }
    expect(commitOf(fork(), 'secretToken').detail).toMatch(/src\/client\.ts:1 github/);
    expect(JSON.stringify(report)).not.toContain(FAKE_GITHUB_PAT);
    expect(JSON.stringify(report)).not.toContain(FAKE_PRIVATE_KEY.split('\n')[1]);
  });

  it('what may pass is named in the risk: a plain symlink, an executable; nothing hostile reaches the target', () => {
    for (const key of ['benignLink', 'executable', 'good']) expect(commitOf(fork(), key).decision).toBe('picked');
    const factors = Object.fromEntries((fork().risk?.factors ?? []).map((f) => [f.name, f.value]));
    expect(factors).toMatchObject({ symlinks: 1, executables: 1 });
    const tree = target.git(['ls-tree', '-r', '--name-only', fork().integration?.head ?? 'HEAD']);
    for (const bad of [
      '.ENV',
      'ok.txt',
      'environ',
      'src/settings.txt',
      'src/prod.yml',
      'vendor/tool/HEAD',
      'data/big.bin',
      'src/client.ts',
    ])
      expect(tree).not.toContain(bad);
    expect(tree).toContain('src/helper.ts');
  });

  it('package.json scripts: a test script edited to `|| true` is never merged silently', () => {
    const scripts = report.sources.find((s) => s.name === 'scripts')!;
    expect(scripts.outcome).toBe('pull-request');
    expect(scripts.decision?.decidedBy).toBe('review-required');
    expect(scripts.risk?.factors.find((f) => f.name === 'scripts')).toMatchObject({ value: 1 });
    expect(target.git(['show', 'main:package.json'])).not.toContain('|| true');
  });

  it('a source host that echoes the Authorization header back: the source fails, the echo is redacted', () => {
    const echoed = report.sources.find((s) => s.name === 'echo')!;
    expect(echoed.status).toBe('error');
    expect(readFileSync(join(target.dir, '.neon', 'proposals', 'dashboard.md'), 'utf8')).toMatch(/echo/);
  });

  it('no form of either token on any channel: stdout, stderr, report, state, .neon/**, dashboard, proposals, .git/config, commit messages, verify work dir', () => {
    expect(channels.length).toBeGreaterThan(5);
    expect(findTokens(TOKENS, channels)).toEqual([]);
  });
});

// The tool hijacked through the target: when auto-sync runs from the target's own tree (vendored in
// scripts/auto-sync, started with tsx from the target's root), the files its next run would execute
// or install from are always denied; run from elsewhere, the same commits are judged as usual.
describe('the tool never runs code a sync can change', () => {
  let dir: string;
  let hostTarget: TestRepo;
  let config: string;
  const hijack: Record<string, string> = {};
  const TOOL_ROOT = join(import.meta.dirname, '..', '..', '..');

  beforeAll(() => {
    dir = makeTempDir('auto-sync-hijack-');
    hostTarget = TestRepo.init({ dir: join(dir, 'target') });
    cpSync(join(TOOL_ROOT, 'scripts', 'auto-sync'), join(hostTarget.dir, 'scripts', 'auto-sync'), { recursive: true });
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(TOOL_ROOT, file), join(hostTarget.dir, file));
    // Installed, not tracked: what `npm ci` would have put there.
    symlinkSync(join(TOOL_ROOT, 'node_modules'), join(hostTarget.dir, 'node_modules'));
    writeFileSync(join(hostTarget.dir, '.git', 'info', 'exclude'), '/node_modules\n');
    hostTarget.commit('chore: vendor auto-sync', {});
    const bare = join(dir, 'fork.git');
    TestRepo.clone(hostTarget.dir, { dir: bare, bare: true });
    const fork = TestRepo.clone(bare, { dir: join(dir, 'fork') });
    const tsconfig = JSON.parse(readFileSync(join(fork.dir, 'tsconfig.json'), 'utf8')) as { compilerOptions?: Record<string, unknown> };
    tsconfig.compilerOptions = { ...tsconfig.compilerOptions, baseUrl: '.', paths: { zod: ['./src/evil.ts'] } };
    hijack.tsconfig = fork.commit('fix: resolve modules from src', {
      'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    });
    hijack.evil = fork.commit('feat: a schema helper', { 'src/evil.ts': 'export const z = {};\n' });
    hijack.nodeModules = fork.commit('fix: patch zod', { 'node_modules/zod/index.js': 'module.exports = {};\n' });
    hijack.nvmrc = fork.commit('fix: pin node', { '.nvmrc': '18\n' });
    hijack.lockfile = fork.commit('fix: lockfile', { 'package-lock.json': '{"lockfileVersion":3,"packages":{}}\n' });
    hijack.packageJson = fork.commit('fix: package', {
      'package.json': readFileSync(join(fork.dir, 'package.json'), 'utf8').replace(
        '"private": true',
        '"private": true, "imports": {"#x": "./src/evil.ts"}',
      ),
    });
    hijack.tool = fork.commit('fix: tool', { 'scripts/auto-sync/main.ts': 'export {};\n' });
    fork.git(['push', '--quiet', 'origin', 'main']);
    config = writeConfig(dir, { sources: [{ name: 'fork', url: bare }], commits: { maxPerRun: 100 }, checks: [], smoke: [] });
  });

  const plan = async (entry: string, cwd = hostTarget.dir): Promise<Report> => {
    const reportPath = join(dir, `report-${randomBytes(4).toString('hex')}.json`);
    const args = ['run', '--dry-run', '--repo', hostTarget.dir, '--config', config, '--report', reportPath];
    const result = await runCli(args, { cwd, entry });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  };
  const reasons = (r: Report) =>
    Object.fromEntries(Object.entries(hijack).map(([key, s]) => [key, r.sources[0]!.commits.find((c) => c.sha === s)?.reason]));

  it('run from the target (vendored): tsconfig, node_modules, .nvmrc, lockfile, package.json and the tool are denied', async () => {
    const r = await plan(join(hostTarget.dir, 'scripts', 'auto-sync', 'index.ts'));
    expect(reasons(r)).toEqual({
      tsconfig: 'path-denied',
      evil: 'picked',
      nodeModules: 'path-denied',
      nvmrc: 'path-denied',
      lockfile: 'path-denied',
      packageJson: 'path-denied',
      tool: 'path-denied',
    });
  });

  it('run from outside the target: only what is denied anyway is denied (tsconfig.json too while the target is the working directory: tsx reads it)', async () => {
    const outside = reasons(await plan(ENTRY, dir));
    expect(outside).toMatchObject({
      tsconfig: 'picked',
      nodeModules: 'path-denied',
      lockfile: 'picked',
      packageJson: 'picked',
      tool: 'path-denied',
    });
    const fromTargetRoot = reasons(await plan(ENTRY));
    expect(fromTargetRoot).toMatchObject({ tsconfig: 'path-denied', lockfile: 'picked', packageJson: 'picked' });
  });
});

describe('credentials in a source URL', () => {
  it('check-config refuses a token in the query, the fragment or the userinfo, and never prints it', async () => {
    const dir = makeTempDir('auto-sync-url-');
    const repo = TestRepo.init({ dir: join(dir, 'target') });
    repo.commit('chore: initial', { 'a.txt': 'a\n' });
    const config = writeConfig(dir, {
      sources: [
        { name: 'query', url: `https://example.test/x.git?access_token=${SOURCE_TOKEN}` },
        { name: 'fragment', url: `https://example.test/x.git#${SOURCE_TOKEN}` },
        { name: 'userinfo', url: `https://x-access-token:${SOURCE_TOKEN}@example.test/x.git` },
      ],
    });
    const result = await runCli(['check-config', '--config', config], { cwd: repo.dir, env: { SOURCE_PAT: SOURCE_TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CONFIG_INVALID/);
    expect(result.stderr.match(/sources\[\d\]\.url/g)?.length).toBe(3);
    expect(
      findTokens(
        [SOURCE_TOKEN],
        [
          { name: 'stdout', text: result.stdout },
          { name: 'stderr', text: result.stderr },
        ],
      ),
    ).toEqual([]);
  });
});
