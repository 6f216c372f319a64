import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSourceUrl, validateConfig, parseConfigText } from './validate.ts';
import { renderSchema, SCHEMA_FILE } from './write-schema.ts';

describe('configuration', () => {
  it('fills the documented defaults', () => {
    const result = validateConfig({ sources: [{ name: 'web', url: 'https://github.com/acme/web.git' }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.sources[0]).toMatchObject({ branch: 'main', tokenEnv: 'SOURCE_PAT' });
    expect(config.target).toMatchObject({ branch: 'main', integrationBranchPrefix: 'auto-sync/' });
    expect(config.commits).toEqual({
      types: ['feat', 'fix', 'perf', 'refactor'],
      breaking: 'hold',
      maxPerRun: 50,
      skip: [],
      onConflict: 'skip',
    });
    expect(config.retry).toEqual({ attempts: 3, backoffMs: 1500 });
    expect(config.risk.weights).toEqual({
      filesChanged: 1,
      typeErrors: 3,
      testFailures: 5,
      prismaSchema: 2,
      dependencies: 2,
      lockfile: 1,
      scripts: 5,
      deletions: 0.5,
      symlinks: 2,
      binaries: 1,
      executables: 1,
      migrations: 3,
      linesChanged: 0.01,
    });
    expect(config.paths.maxFileBytes).toBe(5 * 1024 * 1024);
    expect(config.verify.sandbox).toBe('auto');
    expect(config.risk.autoMergeMaxRisk).toBe(5);
    expect(config.checks.map((c) => c.name)).toEqual(['typecheck', 'lint', 'build', 'test', 'prisma']);
  });

  it('reports JSON syntax errors with their position', () => {
    const result = parseConfigText('{ "sources": [ }');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.message).toMatch(/^not valid JSON: .*Unexpected token/);
  });

  it('collects every schema problem at once, with paths', () => {
    const result = validateConfig({
      sources: [{ name: '-bad', url: '', tokenEnv: '1X' }],
      target: { branch: 'a..b' },
      commits: { breaking: 'maybe' },
      extra: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.problems.map((p) => p.path).sort();
    expect(paths).toEqual(['', 'commits.breaking', 'sources[0].name', 'sources[0].tokenEnv', 'sources[0].url', 'target.branch'].sort());
  });

  it('accepts the supported url forms and rejects the dangerous ones', () => {
    for (const url of [
      'https://github.com/a/b.git',
      'ssh://git@github.com/a/b.git',
      'git@github.com:a/b.git',
      'file:///srv/a.git',
      '/srv/a',
      '../a',
    ]) {
      expect(checkSourceUrl(url), url).toBeUndefined();
    }
    expect(checkSourceUrl('ext::sh -c "id"')).toMatch(/transport helpers/);
    expect(checkSourceUrl('--upload-pack=evil')).toMatch(/must not start/);
    expect(checkSourceUrl('https://x:ghp_abc@github.com/a/b')).toMatch(/credentials/);
    expect(checkSourceUrl('ftp://host/a')).toMatch(/unsupported scheme/);
    expect(checkSourceUrl('https://github.com/a/b.git?access_token=ghp_abc')).toMatch(/query or fragment/);
    expect(checkSourceUrl('https://github.com/a/b.git#ghp_abc')).toMatch(/query or fragment/);
  });

  it('ships a valid config.json and an up-to-date JSON Schema', () => {
    const shipped = parseConfigText(readFileSync(new URL('../config.json', import.meta.url), 'utf8'));
    expect(shipped.ok).toBe(true);
    // Run `npm run schema` when this fails.
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderSchema());
  });
});
