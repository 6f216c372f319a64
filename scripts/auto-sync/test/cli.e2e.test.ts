import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHttpServer, type GitHttpServer } from './helpers/git-http-server.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import { secretForms } from '../output/redact.ts';
import type { Report } from '../report/model.ts';

// The command line as users and scripts meet it: modes, exit codes, errors, tokens over real
// smart HTTP, state handling, and a dry run that leaves the user's checkout exactly as it was.

const TOKEN = 'ghp_T0kenThatMustNeverLeak_9f8e7d';
let work: string;
let target: TestRepo;
let fork: TestRepo;
let server: GitHttpServer;
let newCommit: string;

beforeAll(async () => {
  work = makeTempDir();
  target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n' });
  fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  newCommit = fork.commit('feat: something new', { 'src/new.ts': 'export const n = 1;\n' });
  mkdirSync(join(work, 'served'));
  TestRepo.clone(fork.dir, { dir: join(work, 'served', 'fork.git'), bare: true });
  TestRepo.clone(fork.dir, { dir: join(work, 'served', 'flaky.git'), bare: true });
  server = await startGitHttpServer({ root: join(work, 'served'), token: TOKEN });
});

afterAll(async () => {
  await server?.close();
});

function httpConfig(extra: Record<string, unknown> = {}) {
  return { sources: [{ name: 'fork', url: server.urlFor('fork') }], retry: { attempts: 3, backoffMs: 20 }, ...extra };
}

function snapshot(repo: TestRepo) {
  return {
    head: repo.git(['symbolic-ref', 'HEAD']),
    refs: repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/stash']),
    status: repo.git(['status', '--porcelain=v2', '--untracked-files=all']),
    index: repo.git(['ls-files', '--stage']),
    diff: repo.git(['diff']),
    staged: repo.git(['diff', '--cached']),
    stash: repo.git(['stash', 'list']),
    config: readFileSync(join(repo.dir, '.git', 'config'), 'utf8'),
  };
}

describe('command line', () => {
  it('prints help for the tool and for each command', async () => {
    const main = await runCli(['--help'], { cwd: work });
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/Commands:[\s\S]*run[\s\S]*status[\s\S]*check-config/);
    for (const command of ['run', 'status', 'check-config']) {
      const help = await runCli([command, '--help'], { cwd: work });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`auto-sync ${command} [options]`);
    }
  });

  it('rejects bad usage with exit 2 and a next step', async () => {
    const unknown = await runCli(['frobnicate'], { cwd: target.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/USAGE: unknown command "frobnicate"/);
    expect(unknown.stderr).toContain('→');
    const both = await runCli(['--dry-run', '--apply'], { cwd: target.dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--dry-run and --apply cannot be used together');
    const flag = await runCli(['--nope'], { cwd: target.dir });
    expect(flag.code).toBe(2);
    const notRepo = await runCli(['run', '--config', writeConfig(work, httpConfig())], { cwd: makeTempDir() });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('NOT_A_REPO');
  });

  it('lists every configuration problem at once, with field paths', async () => {
    const configPath = writeConfig(
      work,
      {
        sources: [
          { name: 'a', url: 'https://user:secret@example.test/o/r.git', brnch: 'main' },
          { name: 'a', url: 'ext::sh -c evil', since: 'not-a-sha' },
        ],
        commits: { types: [], maxPerRun: 0 },
        paths: { deny: ['[unclosed'] },
        retyr: {},
      },
      'bad.json',
    );
    const result = await runCli(['check-config', '--config', configPath], { cwd: target.dir });
    expect(result.code).toBe(2);
    const text = result.stderr;
    expect(text).toContain('CONFIG_INVALID');
    for (const fragment of [
      'sources[0]: unknown key "brnch"',
      'sources[1].since',
      'commits.types',
      'commits.maxPerRun',
      '(top level): unknown key "retyr"',
    ]) {
      expect(text).toContain(fragment);
    }
    // Rules are checked once the shape is right; fix the shape and they show, all together.
    const rules = writeConfig(
      work,
      {
        sources: [
          { name: 'a', url: 'https://user:secret@example.test/o/r.git' },
          { name: 'a', url: 'ext::sh -c evil' },
        ],
        paths: { deny: ['[unclosed'] },
      },
      'rules.json',
    );
    const second = await runCli(['check-config', '--config', rules], { cwd: target.dir });
    expect(second.code).toBe(2);
    for (const fragment of [
      'sources[0].url: must not contain credentials',
      'sources[1].name: "a" is already used',
      'sources[1].url: transport helpers',
      'paths.deny[0]: not a valid glob',
    ]) {
      expect(second.stderr).toContain(fragment);
    }
    expect(second.stderr).not.toContain('secret');
    const good = await runCli(['check-config', '--config', writeConfig(work, httpConfig())], { cwd: target.dir });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('valid');
  });

  it('plans over smart HTTP with a token that never appears anywhere', async () => {
    const reportPath = join(work, 'token-report.json');
    const result = await runCli(['run', '--verbose', '--config', writeConfig(work, httpConfig()), '--report', reportPath], {
      cwd: target.dir,
      env: { SOURCE_PAT: TOKEN },
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]!.commits.map((c) => [c.sha, c.reason])).toEqual([[newCommit, 'picked']]);
    expect(result.stderr).toContain('git ls-remote'); // verbose shows the commands…
    const everything = [
      result.stdout,
      result.stderr,
      readFileSync(reportPath, 'utf8'),
      readFileSync(join(target.dir, '.git', 'config'), 'utf8'),
    ].join('\n');
    for (const form of secretForms(TOKEN)) expect(everything).not.toContain(form); // …but no token, in any encoding
    expect(server.requests.some((r) => r.authorized)).toBe(true);
  });

  it('fails at once, naming the token variable, when the token is missing or refused', async () => {
    const before = server.requests.length;
    const result = await runCli(['run', '--config', writeConfig(work, httpConfig()), '--report', join(work, 'auth.json')], {
      cwd: target.dir,
      env: { SOURCE_PAT: 'wrong-token-value' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain('SOURCE_AUTH');
    expect(result.stdout).toContain('SOURCE_PAT');
    expect(result.stderr).not.toMatch(/retrying/); // not transient: no retry
    expect(server.requests.length - before).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('wrong-token-value');
  });

  it('retries a source that fails transiently, then reports it while the others still plan', async () => {
    const configPath = writeConfig(work, {
      sources: [
        { name: 'flaky', url: server.urlFor('flaky') },
        { name: 'fork', url: server.urlFor('fork') },
      ],
      retry: { attempts: 3, backoffMs: 20 },
    });
    // The first source answers 503 three times: every attempt fails, then it is an error.
    server.clearFaults();
    server.inject({ status: 503, count: 3 });
    const reportPath = join(work, 'flaky.json');
    const result = await runCli(['run', '--config', configPath, '--report', reportPath, '--source', 'flaky'], {
      cwd: target.dir,
      env: { SOURCE_PAT: TOKEN },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/attempt 1 of 3 failed .*503.*retrying in 0\.0 s/);
    expect(result.stderr).toMatch(/attempt 2 of 3 failed/);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources.map((s) => s.name)).toEqual(['flaky']);
    expect(report.sources[0]).toMatchObject({ status: 'error', error: { code: 'SOURCE_UNREACHABLE' } });

    // Two failures then success: the run goes through; the other source is unaffected either way.
    server.inject({ status: 502, count: 2 });
    const again = await runCli(['run', '--config', configPath, '--report', reportPath], { cwd: target.dir, env: { SOURCE_PAT: TOKEN } });
    const second = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(again.code).toBe(0);
    expect(second.sources.map((s) => s.status)).toEqual(['ok', 'ok']);

    server.inject({ status: 503, count: 3 });
    const mixed = await runCli(
      [
        'run',
        '--config',
        writeConfig(work, {
          ...httpConfig(),
          sources: [
            { name: 'flaky', url: server.urlFor('flaky') },
            { name: 'gone', url: join(work, 'no-such-repo') },
            { name: 'fork', url: fork.dir },
          ],
        }),
        '--report',
        reportPath,
      ],
      { cwd: target.dir, env: { SOURCE_PAT: TOKEN } },
    );
    expect(mixed.code).toBe(1);
    const third = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(third.sources.map((s) => [s.name, s.status, s.error?.code ?? null])).toEqual([
      ['flaky', 'error', 'SOURCE_UNREACHABLE'],
      ['gone', 'error', 'SOURCE_NOT_FOUND'],
      ['fork', 'ok', null],
    ]);
  });

  it('plans by default outside CI and applies in CI unless --dry-run', async () => {
    const ciTarget = TestRepo.clone(target.dir, { dir: join(work, 'ci-target') });
    const configPath = writeConfig(work, { sources: [{ name: 'fork', url: fork.dir }], checks: [], smoke: [] }, 'ci.json');
    const local = await runCli(['run', '--config', configPath], { cwd: ciTarget.dir });
    expect(local.code).toBe(0);
    expect(local.stderr).toContain('dry run: not in CI');
    expect(local.stderr).toContain('would apply 1 commit(s) on auto-sync/fork');
    const ciDry = await runCli(['run', '--dry-run', '--config', configPath], { cwd: ciTarget.dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(ciDry.code).toBe(0);
    // On a runner everything goes to stdout through @actions/core (the runner reads both streams).
    expect(ciDry.stdout).toContain('dry run: --dry-run was given');
    expect(ciTarget.head('main')).toBe(target.head('main'));
    const ci = await runCli(['run', '--config', configPath], { cwd: ciTarget.dir, env: { CI: 'true' } });
    expect(ci.stderr).toContain('applying: running in CI');
    expect(ci.code).toBe(0);
    expect(ci.stdout).toContain('→ MERGED');
    expect(ciTarget.git(['log', '-1', '--format=%B', 'main'])).toContain(`Auto-Sync-Origin: fork@${newCommit}`);
  });

  it('leaves the user checkout exactly as it was: branch, index, working tree, stash', async () => {
    const user = TestRepo.clone(target.dir, { dir: join(work, 'user') });
    user.checkout('topic', { create: true });
    writeFileSync(join(user.dir, 'src/a.ts'), 'export const a = "stashed";\n');
    user.git(['stash', 'push', '--quiet', '-m', 'keep me']);
    writeFileSync(join(user.dir, 'src/a.ts'), 'export const a = "staged";\n');
    user.git(['add', 'src/a.ts']);
    writeFileSync(join(user.dir, 'src/a.ts'), 'export const a = "unstaged";\n');
    writeFileSync(join(user.dir, 'untracked.txt'), 'mine\n');
    const before = snapshot(user);
    const result = await runCli(['run', '--config', writeConfig(work, { sources: [{ name: 'fork', url: fork.dir }] })], { cwd: user.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 commit(s) would be synced');
    expect(snapshot(user)).toEqual(before);
    expect(readFileSync(join(user.dir, 'src/a.ts'), 'utf8')).toBe('export const a = "unstaged";\n');
  });
});

describe('state file', () => {
  it('stops with exit 2 on a corrupt or unknown-version state and never overwrites it', async () => {
    const configPath = writeConfig(work, { sources: [{ name: 'fork', url: fork.dir }] });
    const statePath = join(target.dir, '.neon', 'auto-sync-state.json');
    mkdirSync(join(target.dir, '.neon'), { recursive: true });
    for (const [content, code] of [
      ['{ "version": 1, "sources": ', 'STATE_CORRUPT'],
      ['{ "version": 1, "sources": { "fork": { "lastHead": 42 } } }', 'STATE_CORRUPT'],
      ['{ "version": 99, "sources": {} }', 'STATE_VERSION'],
    ] as const) {
      writeFileSync(statePath, content);
      const result = await runCli(['run', '--config', configPath], { cwd: target.dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(code);
      expect(result.stderr).toContain('auto-sync-state.json');
      expect(result.stderr).toMatch(/→ .*(Move the file aside|upgrade)/);
      expect(readFileSync(statePath, 'utf8')).toBe(content);
    }
  });

  it('skips an unchanged source with one ls-remote and no fetch', async () => {
    const configPath = writeConfig(work, { sources: [{ name: 'fork', url: fork.dir }] });
    const statePath = join(target.dir, '.neon', 'auto-sync-state.json');
    writeFileSync(
      statePath,
      JSON.stringify({
        version: 1,
        sources: { fork: { lastHead: fork.head(), watermark: fork.head(), updatedAt: '2026-01-01T00:00:00Z', commits: {} } },
      }),
    );
    const result = await runCli(['run', '--verbose', '--config', configPath], { cwd: target.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('unchanged');
    expect(result.stderr).toContain('git ls-remote');
    expect(result.stderr).not.toContain(' fetch ');
    // Nor a look at the target: its head and trailers are read only for a source that needs them.
    expect(result.stderr).not.toMatch(/git (log|config|update-ref)/);
    const status = await runCli(['status', '--config', configPath], { cwd: target.dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`fork: last synced head ${fork.head().slice(0, 10)}`);
  });
});
