import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ENTRY, runCli, writeConfig } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// The conventions of the command line, through the real entry (tsx): options per command,
// --version, help COMMAND, did-you-mean, --json / --report -, the default config locations,
// config errors with line:column, and the Node version check in the tsx entry.

const PACKAGE = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
let work: string;
let target: TestRepo;

beforeAll(() => {
  work = makeTempDir('auto-sync-cli-');
  target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'a.txt': 'a\n' });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  fork.commit('feat: b', { 'b.txt': 'b\n' });
  writeConfig(target.dir, { sources: [{ name: 'fork', url: fork.dir }] }, '.github/auto-sync.json');
});

describe('command line conventions', () => {
  it('prints the version from package.json', async () => {
    const result = await runCli(['--version'], { cwd: work });
    expect(result).toMatchObject({ code: 0, stdout: `${PACKAGE.version}\n` });
  });

  it('has help COMMAND and COMMAND --help, the same text', async () => {
    const a = await runCli(['help', 'prepare'], { cwd: work });
    const b = await runCli(['prepare', '--help'], { cwd: work });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('--out DIR');
  });

  it.each([
    [['status', '--apply'], /USAGE: option --apply not valid for "status"/],
    [['run', '--out', 'x'], /USAGE: option --out not valid for "run"/],
    [['stauts'], /USAGE: unknown command "stauts" \(did you mean status\?\)/],
    [['run', '--aply'], /USAGE: unknown option --aply \(did you mean --apply\?\)/],
  ])('%j: exit 2 with a USAGE line', async (argv, expected) => {
    const result = await runCli(argv, { cwd: target.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('--json prints only the report on stdout; the rest goes to stderr', async () => {
    const result = await runCli(['run', '--json'], { cwd: target.dir });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.sources[0]).toMatchObject({ name: 'fork' });
    expect(result.stderr).toContain('dry run');
    expect(result.stderr).toMatch(/source fork/);
  });

  it('--report - is the same, and writes no file named "-"', async () => {
    const result = await runCli(['status', '--report', '-'], { cwd: target.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).sources[0].name).toBe('fork');
    expect(existsSync(join(target.dir, '-'))).toBe(false);
  });

  it('finds .github/auto-sync.json without --config, and names every default when there is none', async () => {
    const found = await runCli(['check-config'], { cwd: target.dir });
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain(join('.github', 'auto-sync.json'));
    const empty = TestRepo.init({ dir: join(work, 'empty') });
    const missing = await runCli(['run'], { cwd: empty.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CONFIG_NOT_FOUND');
    expect(missing.stderr).toContain('auto-sync.config.json, .github/auto-sync.json, scripts/auto-sync/config.json');
  });

  it('lists every config problem as file:line:column: path: message', async () => {
    const file = join(work, 'bad.json');
    writeFileSync(
      file,
      '{\n  // comments are allowed\n  "sources": [{ "name": "a", "url": "ext::sh" }],\n  "paths": { "deny": ["[x"] },\n  "retyr": {}\n}\n',
    );
    const result = await runCli(['check-config', '--config', file], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:3:30: sources[0].url: transport helpers`);
    expect(result.stderr).toContain(`${file}:4:23: paths.deny[0]: not a valid glob`);
    expect(result.stderr).toContain(`${file}:5:3: (top level): unknown key "retyr" (did you mean "retry"?)`);
  });

  it('check-config refuses what verify would refuse: a secret name in verify.envAllow', async () => {
    const file = writeConfig(
      work,
      { sources: [{ name: 'a', url: '/srv/a' }], verify: { envAllow: ['CI_FLAG', 'GITHUB_TOKEN'] } },
      'env.json',
    );
    const result = await runCli(['check-config', '--config', file], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('CONFIG_INVALID');
    expect(result.stderr).toMatch(/env\.json:\d+:\d+: verify\.envAllow\[1\]: GITHUB_TOKEN is never passed to sibling code/);
  });

  it('names the git it needs when the one on PATH is too old', async () => {
    const bin = join(work, 'old-git-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'git'), '#!/bin/sh\necho "git version 2.30.9"\n', { mode: 0o755 });
    const result = await runCli(['status'], { cwd: target.dir, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: RUNTIME_UNSUPPORTED: auto-sync needs git 2.38 or newer (merge-tree --write-tree); this is git 2.30',
    );
  });

  it('status shows a commit recorded as a conflict as a pending conflict, and open proposals', async () => {
    const own = TestRepo.init({ dir: join(work, 'status-target') });
    own.commit('chore: initial', { 'a.txt': 'a\n' });
    const source = TestRepo.clone(own.dir, { dir: join(work, 'status-source') });
    const clash = source.commit('fix: clash', { 'a.txt': 'theirs\n' });
    const proposed = source.commit('feat: in review', { 'c.txt': 'c\n' });
    const config = writeConfig(work, { sources: [{ name: 'src', url: source.dir }] }, 'status.json');
    const at = '2026-01-01T00:00:00.000Z';
    writeConfig(
      own.dir,
      {
        version: 1,
        sources: {
          src: {
            lastHead: source.head(),
            watermark: null,
            updatedAt: at,
            commits: {
              [clash]: { decision: 'skipped', reason: 'conflict', at, detail: 'conflicts with the target in a.txt' },
              [proposed]: { decision: 'proposed', reason: 'picked', at, detail: 'proposal #4', proposal: 4 },
            },
          },
        },
      },
      '.neon/auto-sync-state.json',
    );
    const result = await runCli(['status', '--config', config, '--report', join(work, 'status-report.json')], { cwd: own.dir });
    expect(result.code, result.stderr).toBe(0);
    // The plan alone would pick it again (a conflict is found only when applying): the state says more.
    const row = result.stdout.split('\n').find((line) => line.includes(clash.slice(0, 10)));
    expect(row).toMatch(/pending\s+conflict\s+clash\s+\[conflicts with the target in a\.txt \(recorded /);
    expect(result.stdout).toContain(`proposed: ${proposed.slice(0, 10)} in open proposal #4`);
    const report = JSON.parse(readFileSync(join(work, 'status-report.json'), 'utf8'));
    expect(report.sources[0].commits[0]).toMatchObject({ sha: clash, decision: 'skipped', reason: 'conflict', pending: true });
    expect(report.sources[0].counts).toMatchObject({ picked: 0, pending: 1 });
  });

  it.skipIf(!existsSync('/usr/bin/node'))('the tsx entry refuses an older Node before anything else', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        '/usr/bin/node',
        ['--import', import.meta.resolve('tsx'), ENTRY, 'verify', '--in', 'x'],
        { cwd: work, env: cliEnv() },
        (error, _out, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    const major = Number(/^error: RUNTIME_UNSUPPORTED: .*this is Node (\d+)\./.exec(result.stderr)?.[1] ?? 99);
    if (major === 99) return void expect(result.code).not.toBe(2); // /usr/bin/node is new enough here
    expect(major).toBeLessThan(24);
    expect(result.code).toBe(2);
  });
});
