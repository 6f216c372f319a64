import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// `init` through the real entry on a fresh repository: the configuration it writes loads, fits the
// repository, and a dry run plans with it; an existing configuration is never replaced.

let work: string;
let target: TestRepo;
let fork: TestRepo;

beforeAll(() => {
  work = makeTempDir('auto-sync-init-');
  target = TestRepo.init({ dir: join(work, 'my app') });
  target.commit('chore: initial', {
    'package.json': JSON.stringify({
      name: 'my-app',
      private: true,
      scripts: { test: 'vitest run', lint: 'eslint --fix .', start: 'node server.js' },
      devDependencies: { vitest: '^5.0.0', eslint: '^10.0.0' },
    }),
    'package-lock.json': '{"lockfileVersion":3,"packages":{}}\n',
    'server.js': '\n',
  });
  fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  fork.commit('feat: b', { 'b.txt': 'b\n' });
});

describe('init', () => {
  it('asks for a source, every problem at once, and prints no credential', async () => {
    const none = await runCli(['init'], { cwd: target.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/USAGE: init: 1 problem/);
    expect(none.stderr).toMatch(/pass --from URL/);
    const bad = await runCli(['init', '--from', 'https://me:s3cr3t-tok@github.com/a/b', '--from', 'ext::sh'], { cwd: target.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/2 problem/);
    expect(bad.stderr + bad.stdout).not.toContain('s3cr3t-tok');
  });

  it('writes a configuration fitted to the repository, which check-config and a dry run accept', async () => {
    const result = await runCli(['init', '--repo', target.dir, '--from', fork.dir], { cwd: work });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wrote .*auto-sync\.config\.json: 1 source\(s\): fork/);
    expect(result.stdout).toMatch(/package manager: npm \(package-lock\.json\)/);
    expect(result.stdout).toMatch(/test: vitest \(vitest --reporter=json\)/);
    const text = readFileSync(join(target.dir, 'auto-sync.config.json'), 'utf8');
    const config = parse(text) as { $schema: string; checks: { name: string; parser?: string }[]; install: { run: string } };
    expect(readFileSync(config.$schema, 'utf8')).toMatch(/"sources"/); // the schema of the auto-sync that ran
    expect(config.install.run).toBe('npm ci --ignore-scripts');
    expect(config.checks.map((c) => `${c.name}:${c.parser ?? ''}`)).toEqual(['lint:eslint', 'test:vitest', 'prisma:']);

    expect(await runCli(['check-config'], { cwd: target.dir })).toMatchObject({ code: 0 });
    const run = await runCli(['run', '--dry-run'], { cwd: target.dir });
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toMatch(/fork: would apply 1 commit/);
  });

  it('never replaces an existing configuration', async () => {
    const before = readFileSync(join(target.dir, 'auto-sync.config.json'), 'utf8');
    const again = await runCli(['init', '--from', fork.dir], { cwd: target.dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/CONFIG_EXISTS: .*auto-sync\.config\.json exists already/);
    expect(readFileSync(join(target.dir, 'auto-sync.config.json'), 'utf8')).toBe(before);
    const other = await runCli(['init', '--from', `up=${fork.dir}`, '--config', '.github/auto-sync.json'], { cwd: target.dir });
    expect(other.code).toBe(0);
    expect(parse(readFileSync(join(target.dir, '.github', 'auto-sync.json'), 'utf8'))).toMatchObject({ sources: [{ name: 'up' }] });
  });
});
