import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import { EMPTY_CHANGE_FACTS, summarizeChanges, type ChangeFacts } from './change-facts.ts';
import { explainRisk, scoreRisk, type RiskInput } from './risk.ts';

const defaults = configSchema.shape.risk.parse(undefined);
const none: RiskInput = { filesChanged: [], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 0 };
const ZERO_CHANGE_FACTORS = [
  ['dependencies', 0, 2, 0],
  ['lockfile', 0, 1, 0],
  ['scripts', 0, 5, 0],
  ['deletions', 0, 0.5, 0],
  ['symlinks', 0, 2, 0],
  ['binaries', 0, 1, 0],
  ['executables', 0, 1, 0],
  ['migrations', 0, 3, 0],
  ['linesChanged', 0, 0.01, 0],
  ['prerequisites', 0, 1, 0],
  ['lockfileRegenerated', 0, 3, 0],
];
const files = (n: number) => Array.from({ length: n }, (_, i) => `src/f${i}.ts`);

describe('scoreRisk', () => {
  it('follows the design formula with the default weights: 2 files + 1 type error + 1 test failure + prisma = 12, medium', () => {
    const risk = scoreRisk(
      { filesChanged: ['src/a.ts', 'prisma/schema.prisma'], newTypeErrors: 1, newLintErrors: 0, newTestFailures: 1 },
      defaults,
    );
    expect(risk.score).toBe(2 + 3 + 5 + 2);
    expect(risk.level).toBe('medium');
    expect(risk.factors.map((f) => [f.name, f.value, f.weight, f.contribution])).toEqual([
      ['filesChanged', 2, 1, 2],
      ['typeErrors', 1, 3, 3],
      ['testFailures', 1, 5, 5],
      ['prismaSchema', 1, 2, 2],
      ...ZERO_CHANGE_FACTORS,
    ]);
    expect(risk.factors[3]?.note).toContain('prisma/schema.prisma');
  });

  it('counts each prerequisite brought in, and names them', () => {
    const risk = scoreRisk({ ...none, prerequisites: ['a'.repeat(40), 'b'.repeat(40)] }, defaults);
    expect(risk.score).toBe(2);
    expect(risk.factors.find((f) => f.name === 'prerequisites')).toMatchObject({ value: 2, contribution: 2 });
    expect(risk.factors.find((f) => f.name === 'prerequisites')!.note).toBe(
      `2 prerequisites brought in: ${'a'.repeat(12)}, ${'b'.repeat(12)}`,
    );
    expect(explainRisk(risk)).toBe('2 prerequisites × 1');
  });

  it('counts a regenerated lockfile once and says whether regenerating worked', () => {
    const ran = scoreRisk({ ...none, regenerated: { paths: ['package-lock.json', 'web/yarn.lock'] } }, defaults);
    expect(ran.factors.find((f) => f.name === 'lockfileRegenerated')).toMatchObject({ value: 1, contribution: 3 });
    expect(ran.factors.find((f) => f.name === 'lockfileRegenerated')!.note).toBe(
      "conflict only in package-lock.json, web/yarn.lock: regenerated in verify with the project's package manager",
    );
    expect(explainRisk(ran)).toBe('lockfile regenerated × 3');
    const failed = scoreRisk({ ...none, regenerated: { paths: ['package-lock.json'], failure: 'npm: not found' } }, defaults);
    expect(failed.factors.find((f) => f.name === 'lockfileRegenerated')!.note).toContain('regenerating failed (npm: not found)');
    expect(scoreRisk({ ...none, regenerated: { paths: [] } }, defaults).score).toBe(0);
  });

  it('lists every factor even when it contributes nothing', () => {
    const risk = scoreRisk(none, defaults);
    expect(risk).toMatchObject({ score: 0, level: 'low' });
    expect(risk.factors.map((f) => [f.name, f.contribution])).toEqual([
      ['filesChanged', 0],
      ['typeErrors', 0],
      ['testFailures', 0],
      ['prismaSchema', 0],
      ...ZERO_CHANGE_FACTORS.map(([name]) => [name, 0]),
    ]);
    expect(risk.factors[3]?.note).toBe('no Prisma schema touched');
  });

  it('puts scores on the boundaries in the lower level (lowMax 5, mediumMax 15)', () => {
    expect(scoreRisk({ ...none, filesChanged: files(5) }, defaults)).toMatchObject({ score: 5, level: 'low' });
    expect(scoreRisk({ ...none, filesChanged: files(6) }, defaults)).toMatchObject({ score: 6, level: 'medium' });
    expect(scoreRisk({ ...none, filesChanged: files(15) }, defaults)).toMatchObject({ score: 15, level: 'medium' });
    expect(scoreRisk({ ...none, filesChanged: files(16) }, defaults)).toMatchObject({ score: 16, level: 'high' });
  });

  it('does not add new lint errors to the score', () => {
    expect(scoreRisk({ ...none, newLintErrors: 40 }, defaults).score).toBe(0);
  });

  it('counts a path touched by two commits once', () => {
    expect(scoreRisk({ ...none, filesChanged: ['a.ts', 'a.ts', 'b.ts'] }, defaults).score).toBe(2);
  });

  it('adds the Prisma weight once however many schemas match, and only for matching paths', () => {
    const two = scoreRisk({ ...none, filesChanged: ['prisma/schema.prisma', 'apps/api/schema.prisma'] }, defaults);
    expect(two.score).toBe(2 + 2);
    expect(scoreRisk({ ...none, filesChanged: ['docs/prisma.md'] }, defaults).score).toBe(1);
    expect(scoreRisk({ ...none, filesChanged: ['prisma/migrations/1/migration.sql'] }, defaults).score).toBe(1);
  });

  it('uses the configured weights, globs and levels', () => {
    const config = configSchema.shape.risk.parse({
      weights: { filesChanged: 0.1, typeErrors: 10, testFailures: 0, prismaSchema: 7 },
      prismaGlobs: ['db/*.prisma'],
      levels: { lowMax: 1, mediumMax: 10 },
    });
    const risk = scoreRisk(
      { filesChanged: ['db/main.prisma', 'x.ts', 'y.ts'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 9 },
      config,
    );
    expect(risk.score).toBe(7.3);
    expect(risk.factors[0]?.contribution).toBe(0.3);
    expect(risk.level).toBe('medium');
    expect(scoreRisk({ ...none, filesChanged: ['prisma/schema.prisma'] }, config).factors[3]?.value).toBe(0);
  });

  it('refuses counts that cannot be right rather than understating the risk', () => {
    expect(() => scoreRisk({ ...none, newTestFailures: -1 }, defaults)).toThrow(RangeError);
    expect(() => scoreRisk({ ...none, newTypeErrors: Number.NaN }, defaults)).toThrow(/newTypeErrors/);
  });
});

describe('explainRisk', () => {
  it('names the factors that add to the score', () => {
    const risk = scoreRisk({ filesChanged: ['a.ts', 'b.ts'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 1 }, defaults);
    expect(explainRisk(risk)).toBe('2 files × 1 + 1 new test failure × 5');
    expect(explainRisk(scoreRisk(none, defaults))).toBe('no risk factors');
  });
});

describe('risk factors reviewers fear', () => {
  const facts = (over: Partial<ChangeFacts>): ChangeFacts => ({ ...EMPTY_CHANGE_FACTS, ...over });
  it.each([
    ['dependencies', facts({ dependencies: ['zod (package.json dependencies)', 'left-pad (package.json devDependencies)'] }), 2 * 2],
    ['lockfile', facts({ lockfiles: ['package-lock.json', 'apps/web/package-lock.json'] }), 1],
    ['scripts', facts({ scripts: ['package.json scripts.test'] }), 5],
    ['deletions', facts({ deleted: ['a.ts', 'b.ts', 'c.ts', 'd.ts'] }), 4 * 0.5],
    ['symlinks', facts({ symlinks: ['docs/latest'] }), 2],
    ['binaries', facts({ binaries: ['logo.png', 'font.woff2'] }), 2],
    ['executables', facts({ executables: ['bin/run'] }), 1],
    ['migrations', facts({ migrations: ['prisma/migrations/1/migration.sql', 'db/migrate/2.rb'] }), 3],
    ['linesChanged', facts({ linesChanged: 250 }), 2.5],
  ] as const)('%s: counted with its configured weight and named in the breakdown', (name, changes, contribution) => {
    const risk = scoreRisk({ ...none, changes }, defaults);
    const factor = risk.factors.find((f) => f.name === name)!;
    expect(factor.contribution).toBe(contribution);
    expect(risk.score).toBe(contribution);
    expect(factor.note).not.toMatch(/^no /);
    expect(explainRisk(risk)).toContain(`× ${factor.weight}`);
    const zero = scoreRisk({ ...none, changes }, { ...defaults, weights: { ...defaults.weights, [name]: 0 } });
    expect(zero.score).toBe(0);
  });
});

describe('summarizeChanges', () => {
  const entry = (status: string, path: string, oldMode = '100644', newMode = '100644') => ({
    status,
    path,
    oldMode: status === 'A' ? '000000' : oldMode,
    newMode: status === 'D' ? '000000' : newMode,
    oldOid: '1'.repeat(40),
    newOid: '2'.repeat(40),
  });
  const migrationGlobs = defaults.migrationGlobs;
  it('reads deletions, symlinks, executables, lockfiles, migrations, binaries and lines from the diff', () => {
    const facts = summarizeChanges(
      [
        entry('D', 'old.ts'),
        entry('A', 'link', '000000', '120000'),
        entry('M', 'bin/run', '100644', '100755'),
        entry('M', 'bin/already', '100755', '100755'),
        entry('M', 'package-lock.json'),
        entry('A', 'prisma/migrations/1/migration.sql'),
        entry('A', 'logo.png'),
      ],
      [{ path: 'old.ts', added: 0, deleted: 10 }, { path: 'bin/run', added: 2, deleted: 1 }, { path: 'logo.png' }],
      [],
      { migrationGlobs },
    );
    expect(facts).toMatchObject({
      deleted: ['old.ts'],
      symlinks: ['link'],
      executables: ['bin/run'],
      lockfiles: ['package-lock.json'],
      migrations: ['prisma/migrations/1/migration.sql'],
      binaries: ['logo.png'],
      linesChanged: 13,
    });
  });

  it('names changed dependencies and scripts of every package.json; an unreadable one counts as a scripts change', () => {
    const before = JSON.stringify({
      name: 'x',
      version: '1.0.0',
      scripts: { test: 'vitest run', build: 'tsc' },
      dependencies: { zod: '^3' },
    });
    const after = JSON.stringify({
      name: 'x',
      version: '1.1.0',
      scripts: { test: 'vitest run || true', build: 'tsc' },
      dependencies: { zod: '^4', picomatch: '^4' },
    });
    const facts = summarizeChanges(
      [],
      [],
      [
        { path: 'package.json', before, after },
        { path: 'apps/web/package.json', before: '{', after: '{}' },
        { path: 'apps/api/package.json', before: JSON.stringify({ version: '1' }), after: JSON.stringify({ version: '2' }) },
      ],
      { migrationGlobs },
    );
    expect(facts.scripts).toEqual(['package.json scripts.test', 'apps/web/package.json (not valid JSON)']);
    expect(facts.dependencies).toEqual(['picomatch (package.json dependencies)', 'zod (package.json dependencies)']);
  });
});
