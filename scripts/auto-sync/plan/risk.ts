import type { Config } from '../config/schema.ts';
import { EMPTY_CHANGE_FACTS, type ChangeFacts } from './change-facts.ts';
import { createMatcher } from './paths.ts';

// How risky a validated batch is, as a number with its breakdown. Pure: no I/O.
// risk = files × w.filesChanged + new type errors × w.typeErrors + new test failures × w.testFailures
//      + (a Prisma schema is touched ? w.prismaSchema : 0)
//      + what reviewers fear (change-facts.ts): dependencies × w, (lockfile ? w) , (scripts ? w),
//        deletions × w, symlinks × w, binaries × w, executables × w, (migrations ? w), lines × w
// New lint errors are part of the input because the decision reports them, but the design's formula
// leaves them out of the score: a failing lint check already blocks an auto-merge (see decide.ts).

export interface RiskInput {
  /** Paths touched by the whole batch; a path listed twice (two commits touch it) counts once. */
  filesChanged: string[];
  newTypeErrors: number;
  newLintErrors: number;
  newTestFailures: number;
  /** What the batch changes beyond file names; none known counts as none. */
  changes?: ChangeFacts;
  /** Commits brought in only because a wanted one needs them (a reviewer did not ask for them). */
  prerequisites?: readonly string[];
  /** Lockfiles whose conflict was resolved by regenerating them in verify (plan/lockfiles.ts); `failure` when that did not work. */
  regenerated?: { paths: readonly string[]; failure?: string };
}

export type RiskFactorName =
  | 'filesChanged'
  | 'typeErrors'
  | 'testFailures'
  | 'prismaSchema'
  | 'dependencies'
  | 'lockfile'
  | 'scripts'
  | 'deletions'
  | 'symlinks'
  | 'binaries'
  | 'executables'
  | 'migrations'
  | 'linesChanged'
  | 'prerequisites'
  | 'lockfileRegenerated';

export interface RiskFactor {
  name: RiskFactorName;
  value: number;
  weight: number;
  contribution: number;
  note: string;
}

export type RiskLevel = 'low' | 'medium' | 'high';

export interface Risk {
  score: number;
  level: RiskLevel;
  /** Always every factor, in this order, zeros included, so the breakdown is complete. */
  factors: RiskFactor[];
}

export type RiskConfig = Config['risk'];

export function scoreRisk(input: RiskInput, config: RiskConfig): Risk {
  for (const key of ['newTypeErrors', 'newLintErrors', 'newTestFailures'] as const) {
    const n = input[key];
    // A negative or fractional count is a bug upstream; scoring it would understate the risk.
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`scoreRisk: ${key} must be a whole number ≥ 0, got ${n}`);
  }
  const w = config.weights;
  const files = [...new Set(input.filesChanged)];
  const isPrisma = createMatcher(config.prismaGlobs);
  const prismaFiles = files.filter((file) => isPrisma(file));

  const factors: RiskFactor[] = [
    factor('filesChanged', files.length, w.filesChanged, plural(files.length, 'file changed', 'files changed')),
    factor('typeErrors', input.newTypeErrors, w.typeErrors, plural(input.newTypeErrors, 'new type error', 'new type errors')),
    factor('testFailures', input.newTestFailures, w.testFailures, plural(input.newTestFailures, 'new test failure', 'new test failures')),
    factor(
      'prismaSchema',
      prismaFiles.length > 0 ? 1 : 0,
      w.prismaSchema,
      prismaFiles.length > 0
        ? `Prisma schema touched: ${prismaFiles.slice(0, 3).join(', ')}${prismaFiles.length > 3 ? ` and ${prismaFiles.length - 3} more` : ''}`
        : 'no Prisma schema touched',
    ),
    ...changeFactors(input.changes ?? EMPTY_CHANGE_FACTS, w),
    factor(
      'prerequisites',
      input.prerequisites?.length ?? 0,
      w.prerequisites,
      listNote(
        (input.prerequisites ?? []).map((sha) => sha.slice(0, 12)),
        'prerequisite brought in',
        'prerequisites brought in',
      ),
    ),
    regeneratedFactor(input.regenerated, w.lockfileRegenerated),
  ];
  const score = round(factors.reduce((sum, f) => sum + f.contribution, 0));
  return { score, level: riskLevel(score, config.levels), factors };
}

function changeFactors(c: ChangeFacts, w: RiskConfig['weights']): RiskFactor[] {
  const once = (list: string[]) => (list.length > 0 ? 1 : 0);
  return [
    factor('dependencies', c.dependencies.length, w.dependencies, listNote(c.dependencies, 'dependency changed', 'dependencies changed')),
    factor(
      'lockfile',
      once(c.lockfiles),
      w.lockfile,
      c.lockfiles.length > 0 ? `lockfile changed: ${sample(c.lockfiles)}` : 'no lockfile changed',
    ),
    factor(
      'scripts',
      once(c.scripts),
      w.scripts,
      c.scripts.length > 0 ? `package scripts changed: ${sample(c.scripts)}` : 'no package script changed',
    ),
    factor('deletions', c.deleted.length, w.deletions, listNote(c.deleted, 'file deleted', 'files deleted')),
    factor('symlinks', c.symlinks.length, w.symlinks, listNote(c.symlinks, 'symbolic link', 'symbolic links')),
    factor('binaries', c.binaries.length, w.binaries, listNote(c.binaries, 'binary file', 'binary files')),
    factor('executables', c.executables.length, w.executables, listNote(c.executables, 'file made executable', 'files made executable')),
    factor('migrations', once(c.migrations), w.migrations, c.migrations.length > 0 ? `migration: ${sample(c.migrations)}` : 'no migration'),
    factor('linesChanged', c.linesChanged, w.linesChanged, plural(c.linesChanged, 'line changed', 'lines changed')),
  ];
}

function regeneratedFactor(r: RiskInput['regenerated'], weight: number): RiskFactor {
  const paths = [...(r?.paths ?? [])];
  if (paths.length === 0) return factor('lockfileRegenerated', 0, weight, 'no lockfile regenerated');
  const note = r?.failure
    ? `conflict only in ${sample(paths)}: kept as the target has it, regenerating failed (${r.failure.slice(0, 300)}); regenerate it before merging`
    : `conflict only in ${sample(paths)}: regenerated in verify with the project's package manager`;
  return factor('lockfileRegenerated', 1, weight, note);
}

function listNote(list: string[], one: string, many: string): string {
  return list.length === 0 ? `no ${many}` : `${plural(list.length, one, many)}: ${sample(list)}`;
}

function sample(list: string[]): string {
  return `${list.slice(0, 3).join(', ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`;
}

export function riskLevel(score: number, levels: RiskConfig['levels']): RiskLevel {
  if (score <= levels.lowMax) return 'low';
  if (score <= levels.mediumMax) return 'medium';
  // NaN lands here too: an unknown risk is treated as high.
  return 'high';
}

/** The factors that add to the score, in words: "2 files × 1 + 1 new test failure × 5". */
export function explainRisk(risk: Risk): string {
  const parts = risk.factors
    .filter((f) => f.contribution !== 0)
    .map((f) =>
      ONCE.has(f.name)
        ? `${UNITS[f.name](1)} × ${formatNumber(f.weight)}`
        : `${f.value} ${UNITS[f.name](f.value)} × ${formatNumber(f.weight)}`,
    );
  return parts.length > 0 ? parts.join(' + ') : 'no risk factors';
}

/** Whole numbers as they are, others with at most two decimals. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

const UNITS: Record<RiskFactorName, (n: number) => string> = {
  filesChanged: (n) => (n === 1 ? 'file' : 'files'),
  typeErrors: (n) => (n === 1 ? 'new type error' : 'new type errors'),
  testFailures: (n) => (n === 1 ? 'new test failure' : 'new test failures'),
  prismaSchema: () => 'Prisma schema',
  dependencies: (n) => (n === 1 ? 'dependency' : 'dependencies'),
  lockfile: () => 'lockfile',
  scripts: () => 'package scripts',
  deletions: (n) => (n === 1 ? 'deleted file' : 'deleted files'),
  symlinks: (n) => (n === 1 ? 'symlink' : 'symlinks'),
  binaries: (n) => (n === 1 ? 'binary' : 'binaries'),
  executables: (n) => (n === 1 ? 'executable' : 'executables'),
  migrations: () => 'migration',
  linesChanged: (n) => (n === 1 ? 'line' : 'lines'),
  prerequisites: (n) => (n === 1 ? 'prerequisite' : 'prerequisites'),
  lockfileRegenerated: () => 'lockfile regenerated',
};

/** Factors that count once (0 or 1), shown without their value. */
const ONCE: ReadonlySet<RiskFactorName> = new Set<RiskFactorName>([
  'prismaSchema',
  'lockfile',
  'scripts',
  'migrations',
  'lockfileRegenerated',
]);

function factor(name: RiskFactorName, value: number, weight: number, note: string): RiskFactor {
  return { name, value, weight, contribution: round(value * weight), note };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Weights may be fractional; keep 0.1 × 3 from printing as 0.30000000000000004.
function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}
