import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configError } from './load.ts';
import { checkSourceUrl, parsePath, validateConfig, parseConfigText } from './validate.ts';
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
      follow: 'first-parent',
      prerequisites: 'include',
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
      prerequisites: 1,
      lockfileRegenerated: 3,
    });
    expect(config.paths.maxFileBytes).toBe(5 * 1024 * 1024);
    expect(config.verify.sandbox).toBe('auto');
    expect(config.risk.autoMergeMaxRisk).toBe(5);
    expect(config.checks.map((c) => c.name)).toEqual(['typecheck', 'lint', 'build', 'test', 'prisma']);
  });

  it('reports JSON syntax errors with their line and column', () => {
    const result = parseConfigText('{\n  "sources": [ }');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: '', line: 2, column: 16, message: 'not valid JSON: value expected' });
  });

  it('reads JSON with comments and trailing commas', () => {
    const result = parseConfigText('{\n  // the sibling\n  "sources": [{ "name": "web", "url": "/srv/web", }, ], /* end */\n}\n');
    expect(result.ok).toBe(true);
  });

  // Every stage at once: schema problems, rules of the sections whose shape is right, each at its
  // line:column (unknown keys at the key itself, with the closest known key).
  const TEXT = [
    '{', //                                                                1
    '  "sources": [', //                                                   2
    '    { "name": "web", "url": "/srv/web", "brnch": "main" }', //        3
    '  ],', //                                                             4
    '  "commits": { "maxPerRun": 0 },', //                                 5
    '  "paths": { "deny": ["[unclosed"] },', //                            6
    '  "risk": { "levels": { "lowMax": 10, "mediumMax": 5 } },', //        7
    '  "retyr": {}', //                                                    8
    '}',
  ].join('\n');
  it.each([
    ['sources[0]', 3, 41, 'unknown key "brnch" (did you mean "branch"?)'],
    ['commits.maxPerRun', 5, 16, 'Too small: expected number to be >=1'],
    ['paths.deny[0]', 6, 23, 'not a valid glob'],
    ['risk.levels.mediumMax', 7, 39, 'must be at least lowMax (10)'],
    ['', 8, 3, 'unknown key "retyr" (did you mean "retry"?)'],
  ])('reports %s at %i:%i', (path, line, column, message) => {
    const result = parseConfigText(TEXT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(5);
    expect(result.problems.find((p) => p.path === path)).toMatchObject({ line, column, message: expect.stringContaining(message) });
  });

  it('runs the rules on the list entries whose shape is right, beside the schema problems of the others', () => {
    const result = validateConfig({
      sources: [
        { name: 'a', url: '/srv/a', brnch: 'main' },
        { name: 'b', url: 'ext::sh -c evil' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['sources[0]', 'sources[1].url']);
  });

  it('after a syntax error still checks the sections that end before it', () => {
    const result = parseConfigText('{\n  "paths": { "deny": ["[unclosed"] },\n  "sources": [ { "name": "a" "url": "x" } ]\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['paths.deny[0]', 2, 23],
      ['', 3, 30],
    ]);
  });

  // Rules that a later phase would enforce (verify's environment, the smoke probe, the state
  // store's branches) are configuration rules: check-config and every command report them at once.
  const source = { name: 'web', url: '/srv/web' };
  it.each([
    ['a secret name', { verify: { envAllow: ['FOO', 'GITHUB_TOKEN'] } }, 'verify.envAllow[1]', 'never passed to sibling code'],
    ['a secret-looking name', { verify: { envAllow: ['MY_API_KEY'] } }, 'verify.envAllow[0]', 'looks like a secret'],
    ['an ssh agent', { verify: { envAllow: ['SSH_AUTH_SOCK'] } }, 'verify.envAllow[0]', 'never passed'],
    ['a port out of range', { smoke: [{ name: 'p', start: 'x', url: 'http://127.0.0.1:99999/' }] }, 'smoke[0].url', 'not a URL'],
    ['a prefix that makes no branch', { target: { integrationBranchPrefix: '-x/' } }, 'target.integrationBranchPrefix', 'valid branch'],
    ['a prefix with ..', { target: { integrationBranchPrefix: 'a..b/' } }, 'target.integrationBranchPrefix', 'valid branch'],
    ['the state branch as target', { target: { branch: 'auto-sync/state' } }, 'target.branch', 'keeps the state'],
    ['an integration branch as target', { target: { branch: 'auto-sync/web' } }, 'target.branch', 'integration branch of sources[0]'],
    ['a check that fixes', { checks: [{ name: 'fmt', run: 'npx prettier --write .' }] }, 'checks[0].run', 'must not fix what it checks'],
    ['a fixing step in a line', { checks: [{ name: 'l', run: ['npx', 'stylelint', '--fix', 'x.css'] }] }, 'checks[0].run', 'changes files'],
  ])('refuses %s', (_, extra, path, message) => {
    const result = validateConfig({ sources: [source], ...extra });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message) })]);
  });

  it('accepts harmless extra variables and a loopback probe', () => {
    const result = validateConfig({
      sources: [source],
      verify: { envAllow: ['FOO', 'GIT_AUTHOR_NAME', 'DATABASE_URL'] },
      smoke: [{ name: 'p', start: 'x', url: 'http://localhost:{port}/health' }],
      // A lone eslint --fix runs as eslint; a script is the tree's, judged at verify time.
      checks: [
        { name: 'lint', run: 'npx eslint --fix .' },
        { name: 'fix', run: 'npm run fix' },
        { name: 'tsc', run: 'npx tsc --noEmit' },
      ],
    });
    expect(result.ok).toBe(true);
  });

  it('reports a late rule beside the others, at its line, when another section is broken', () => {
    const text =
      '{\n  "sources": [{ "name": "web", "url": "/srv/web" }],\n  "verify": { "envAllow": ["OK", "SOURCE_PAT"] },\n  "retry": { "attempts": 0 }\n}';
    const result = parseConfigText(text);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => [p.path, p.line])).toEqual([
      ['verify.envAllow[1]', 3],
      ['retry.attempts', 4],
    ]);
  });

  it('formats problems as file:line:column: path: message', () => {
    const result = parseConfigText(TEXT);
    if (result.ok) throw new Error('expected problems');
    expect(configError('c.json', result.problems).details).toContain(
      'c.json:8:3: (top level): unknown key "retyr" (did you mean "retry"?)',
    );
  });

  it('maps a dot-path back to its parts', () => {
    expect(parsePath('sources[12].url')).toEqual(['sources', 12, 'url']);
    expect(parsePath('risk.weights.filesChanged')).toEqual(['risk', 'weights', 'filesChanged']);
    expect(parsePath('')).toEqual([]);
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
    // extra: true is an unknown key of the top level ('').
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
