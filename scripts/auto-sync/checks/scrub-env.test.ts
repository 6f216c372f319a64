import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSyncError } from '../errors.ts';
import { ProcessRunner } from '../proc/run.ts';
import { EMPTY_GITCONFIG, checkAllowedNames, refusalReason, scrubEnv, scrubEnvDetailed } from './scrub-env.ts';

const HOST_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/ci',
  CI: 'true',
  LANG: 'C.UTF-8',
  TERM: 'xterm',
  TMPDIR: '/tmp',
  npm_config_cache: '/cache/npm',
  NODE_ENV: 'test',
  NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
  NODE_AUTH_TOKEN: 'npm-secret',
  GITHUB_TOKEN: 'ghs_secret',
  SOURCE_PAT: 'ghp_secret',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_CACHE_URL: 'https://cache',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'http.extraHeader',
  GIT_CONFIG_VALUE_0: 'Authorization: Basic c2VjcmV0',
  GIT_ASKPASS: '/usr/bin/askpass',
  SSH_AUTH_SOCK: '/tmp/agent.sock',
  AWS_SECRET_ACCESS_KEY: 'aws',
  DATABASE_URL: 'postgres://u:p@db/x',
  UNLISTED: 'x',
  NOT_SET: undefined,
};

describe('scrubEnv', () => {
  it('keeps only the allow-list and forces git to ignore system and global config', () => {
    expect(scrubEnv(HOST_ENV)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/ci',
      CI: 'true',
      LANG: 'C.UTF-8',
      TERM: 'xterm',
      TMPDIR: '/tmp',
      npm_config_cache: '/cache/npm',
      NODE_ENV: 'test',
      NODE_EXTRA_CA_CERTS: '/etc/ca.pem',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
    });
  });

  it('passes extra names the config allows', () => {
    const env = scrubEnv(HOST_ENV, ['DATABASE_URL', 'GIT_AUTHOR_NAME']);
    expect(env.DATABASE_URL).toBe('postgres://u:p@db/x');
    expect(env).not.toHaveProperty('GIT_AUTHOR_NAME'); // allowed but not set
    expect(env).not.toHaveProperty('UNLISTED');
  });

  it('refuses secret-looking extra names, listing every one with a reason', () => {
    let caught: unknown;
    try {
      scrubEnv(HOST_ENV, ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'MY_PAT', 'DATABASE_URL', 'GIT_CONFIG_KEY_0', 'npm_config__auth']);
    } catch (error) {
      caught = error;
    }
    expect(isSyncError(caught) && caught.code).toBe('CONFIG_INVALID');
    const details = isSyncError(caught) ? caught.details : [];
    expect(details).toHaveLength(5);
    expect(details.join('\n')).toMatch(/GITHUB_TOKEN is never passed/);
    expect(details.join('\n')).toMatch(/MY_PAT looks like a secret/);
    expect(details.join('\n')).not.toMatch(/DATABASE_URL/);
  });

  it('tells which names it would refuse, for config validation', () => {
    expect(checkAllowedNames(['FOO', 'SLACK_WEBHOOK_KEY', 'GIT_AUTHOR_EMAIL'])).toEqual([expect.stringMatching(/^SLACK_WEBHOOK_KEY/)]);
    expect(refusalReason('SSH_AUTH_SOCK')).toBeDefined();
    expect(refusalReason('PATH')).toBeUndefined();
    expect(refusalReason('BAD NAME')).toMatch(/not a valid variable name/);
  });

  it('keeps harmless NODE_OPTIONS but drops one that loads code or opens a debugger', () => {
    expect(scrubEnv({ NODE_OPTIONS: '--max-old-space-size=4096' }).NODE_OPTIONS).toBe('--max-old-space-size=4096');
    for (const value of [
      '--require ./setup.js',
      '-r dd-trace/init',
      '--import=tsx',
      '--max-old-space-size=1 --loader x',
      '--inspect=0.0.0.0:9229',
    ]) {
      const { env, dropped } = scrubEnvDetailed({ NODE_OPTIONS: value });
      expect(env).not.toHaveProperty('NODE_OPTIONS');
      expect(dropped).toEqual([{ name: 'NODE_OPTIONS', reason: expect.stringMatching(/loads code/) }]);
    }
  });

  it('reports secret-looking variables it withheld, and can replace HOME', () => {
    const { env, dropped } = scrubEnvDetailed(HOST_ENV, [], { home: '/tmp/empty-home' });
    expect(env.HOME).toBe('/tmp/empty-home');
    expect(dropped.map((entry) => entry.name)).toEqual(['NODE_AUTH_TOKEN']);
  });

  it("can replace the temporary directory (a sandbox may not have the caller's)", () => {
    const env = scrubEnv({ ...HOST_ENV, TMPDIR: '/run/user/1000', TMP: '/x', TEMP: '/y' }, [], { tmp: '/scratch/tmp' });
    expect([env.TMPDIR, env.TMP, env.TEMP]).toEqual(['/scratch/tmp', '/scratch/tmp', '/scratch/tmp']);
  });
});

describe('scrubEnv with real processes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('with a throwaway HOME, the global git config is an empty file there, never a device a root child could replace', async () => {
    const home = mkdtempSync(join(tmpdir(), 'scrub-home-'));
    dirs.push(home);
    writeFileSync(join(home, EMPTY_GITCONFIG), '');
    const env = scrubEnv({ ...process.env, PATH: process.env.PATH }, [], { home });
    expect(env.GIT_CONFIG_GLOBAL).toBe(join(home, EMPTY_GITCONFIG));
    const runner = new ProcessRunner();
    const wrote = await runner.run('git', ['config', '--global', 'core.fsmonitor', 'evil'], { env, cwd: home });
    expect(wrote.ok).toBe(true);
    expect(readFileSync('/dev/null', 'utf8')).toBe('');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a child sees none of the secrets, and git reads no credential from the user config', async () => {
    const home = mkdtempSync(join(tmpdir(), 'scrub-home-'));
    dirs.push(home);
    writeFileSync(join(home, '.gitconfig'), '[credential]\n\thelper = store\n[user]\n\tname = Leaky\n');
    const runner = new ProcessRunner();
    const env = scrubEnv({ ...process.env, ...HOST_ENV, PATH: process.env.PATH, HOME: home });

    const printed = await runner.run('env', [], { env });
    expect(printed.ok).toBe(true);
    expect(printed.stdout).not.toMatch(/secret|ghs_|ghp_|TOKEN|SSH_AUTH_SOCK|GIT_CONFIG_COUNT|ACTIONS_/);
    expect(printed.stdout).toContain('GIT_CONFIG_GLOBAL=/dev/null');

    // With the host's HOME, git would find `credential.helper = store` here.
    const git = await runner.run('git', ['config', '--get', 'credential.helper'], { env, cwd: home });
    expect(git.exitCode).toBe(1);
    expect(git.stdout).toBe('');
  });
});
