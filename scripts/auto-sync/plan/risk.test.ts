import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import { explainRisk, scoreRisk, type RiskInput } from './risk.ts';

const defaults = configSchema.shape.risk.parse(undefined);
const none: RiskInput = { filesChanged: [], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 0 };
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
    ]);
    expect(risk.factors[3]?.note).toContain('prisma/schema.prisma');
  });

  it('lists every factor even when it contributes nothing', () => {
    const risk = scoreRisk(none, defaults);
    expect(risk).toMatchObject({ score: 0, level: 'low' });
    expect(risk.factors.map((f) => [f.name, f.contribution])).toEqual([
      ['filesChanged', 0],
      ['typeErrors', 0],
      ['testFailures', 0],
      ['prismaSchema', 0],
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
