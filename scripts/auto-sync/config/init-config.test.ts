import { describe, expect, it } from 'vitest';
import { parse } from 'jsonc-parser';
import { initialConfig, installCommand, packageManagerOf, parseInitSources, sourceNameOf, type InitFacts } from './init-config.ts';
import { parseConfigText } from './validate.ts';

function facts(over: Partial<Omit<InitFacts, 'files'>> & { files?: string[] } = {}): InitFacts {
  return {
    packageJson: true,
    scripts: {},
    dependencies: new Set(),
    tsconfigs: [],
    ...over,
    files: new Set(over.files ?? []),
  };
}

const SOURCES = [{ name: 'upstream', url: 'https://github.com/acme/upstream.git' }];
const OPTIONS = { schema: './config.schema.json', github: false };

function configOf(f: InitFacts) {
  const { text } = initialConfig(f, SOURCES, OPTIONS);
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { text, config: parsed.config, raw: parse(text) as { checks: { name: string; run?: string; parser?: string }[] } };
}

describe('package manager and install', () => {
  it.each([
    [['package-lock.json'], 'npm', 'npm ci --ignore-scripts'],
    [['pnpm-lock.yaml'], 'pnpm', 'pnpm install --frozen-lockfile --ignore-scripts'],
    [['yarn.lock'], 'yarn', 'yarn install --frozen-lockfile --ignore-scripts'],
    [['yarn.lock', '.yarnrc.yml'], 'yarn-berry', 'yarn install --immutable --mode=skip-build'],
    [[], 'npm', 'npm install --ignore-scripts --no-audit --no-fund'],
  ])('%j → %s', (files, manager, install) => {
    const found = packageManagerOf(facts({ files }));
    expect(found.manager).toBe(manager);
    expect(installCommand(found.manager, found.lockfile)).toBe(install);
    expect(configOf(facts({ files })).config.install.run).toBe(install);
  });
});

describe('checks fitted to the repository', () => {
  it('a TypeScript app with jest, eslint --fix and a build', () => {
    const { raw, text } = configOf(
      facts({
        files: ['package-lock.json'],
        tsconfigs: ['tsconfig.json'],
        dependencies: new Set(['typescript', 'jest', 'eslint']),
        scripts: { test: 'jest --ci', lint: 'eslint --fix .', build: 'tsc -p tsconfig.build.json', start: 'node dist/server.js' },
      }),
    );
    expect(raw.checks.map((c) => [c.name, c.run, c.parser])).toEqual([
      ['typecheck', 'npx --no-install tsc --noEmit', 'tsc'],
      ['lint', 'npm run lint', 'eslint'],
      ['build', 'npm run build', 'tsc'],
      ['test', 'npm test', 'jest'],
      ['prisma', undefined, undefined],
    ]);
    expect(text).toMatch(/run without --fix/);
    expect(text).toMatch(/jest --json/);
    expect(text).toMatch(/"\$schema": "\.\/config\.schema\.json"/);
    expect(configOf(facts({ scripts: { start: 'node server.js' } })).config.smoke).toEqual([
      expect.objectContaining({ name: 'start', start: 'npm start', url: '/' }),
    ]);
  });

  it('plain JavaScript with vitest under pnpm: no typecheck, missing scripts left out', () => {
    const { raw, config } = configOf(facts({ files: ['pnpm-lock.yaml'], scripts: { test: 'vitest run' } }));
    expect(raw.checks.map((c) => [c.name, c.run, c.parser])).toEqual([
      ['test', 'pnpm test', 'vitest'],
      ['prisma', undefined, undefined],
    ]);
    expect(config.smoke).toEqual([]);
  });

  it("a tsconfig without typescript, npm's placeholder test script, node --test, an unknown tool", () => {
    expect(
      configOf(facts({ tsconfigs: ['tsconfig.json'], scripts: { test: 'echo "Error: no test specified" && exit 1' } })).raw.checks,
    ).toEqual([expect.objectContaining({ name: 'prisma' })]);
    expect(configOf(facts({ scripts: { test: 'node --test' } })).raw.checks[0]).toMatchObject({ name: 'test', parser: 'node-test' });
    expect(configOf(facts({ scripts: { test: 'make check' } })).raw.checks[0]).toMatchObject({ name: 'test', parser: 'auto' });
  });

  it('no package.json: no checks but the Prisma one', () => {
    const { raw, config } = configOf(facts({ packageJson: false }));
    expect(raw.checks.map((c) => c.name)).toEqual(['prisma']);
    expect(config.smoke).toEqual([]);
  });

  it('a script body cannot break out of its comment or the JSON', () => {
    const { text, config } = configOf(facts({ scripts: { test: 'jest\n"}], "forge": {"type": "github"} //\u2028x' } }));
    expect(config.forge.type).toBe('local');
    expect(text.split('\n').filter((l) => l.includes('forge')).length).toBe(2); // the comment line and the real key
  });

  it('the github forge on a runner', () => {
    expect(parseConfigText(initialConfig(facts(), SOURCES, { ...OPTIONS, github: true }).text)).toMatchObject({
      ok: true,
      config: { forge: { type: 'github' } },
    });
  });
});

describe('sources from --from', () => {
  it.each([
    ['https://github.com/acme/upstream.git', 'upstream'],
    ['git@github.com:acme/api-fork.git', 'api-fork'],
    ['/srv/git/web fork/', 'web-fork'],
    ['../x', 'x'],
    ['https://example.com/', 'example.com'],
    ['.../...', 'source'],
  ])('%s is named %s', (url, name) => expect(sourceNameOf(url)).toBe(name));

  it('names, duplicates and refused URLs, every problem at once', () => {
    expect(
      parseInitSources([
        'https://github.com/a/up.git',
        'https://github.com/b/up.git',
        'web=../web',
        'https://x:tok@github.com/a/b',
        'https://github.com/a/b?access_token=1',
        'ext::sh -c evil',
        'web=../other',
      ]),
    ).toEqual({
      sources: [
        { name: 'up', url: 'https://github.com/a/up.git' },
        { name: 'up-2', url: 'https://github.com/b/up.git' },
        { name: 'web', url: '../web' },
      ],
      problems: [
        '--from "https://***@github.com/a/b": must not contain credentials; put the token in the environment variable named by tokenEnv',
        expect.stringMatching(/^--from "https:\/\/github.com\/a\/b\?\*\*\*": must not have a query/),
        expect.stringMatching(/transport helpers/),
        '--from: two sources named "web"',
      ],
    });
  });
});
