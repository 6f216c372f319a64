import { posix } from 'node:path';
import { MODE, type RawEntry } from './entries.ts';
import { createMatcher } from './paths.ts';

// What a batch changes, in the terms reviewers fear: dependencies, lockfiles, package scripts,
// deletions, symbolic links, binaries, executables, migrations, lines. Pure: the diff and the
// package.json texts are read by git/inspect.ts. The risk score weighs these facts; a change to
// package.json scripts (a `test` script edited to `… || true`) forces a review.

export interface LineCount {
  path: string;
  /** undefined for a binary file (git prints `-`). */
  added?: number;
  deleted?: number;
}

export interface PackageChange {
  path: string;
  /** The text before and after (undefined: the file did not exist on that side). */
  before?: string;
  after?: string;
}

export interface ChangeFacts {
  dependencies: string[];
  lockfiles: string[];
  scripts: string[];
  deleted: string[];
  symlinks: string[];
  binaries: string[];
  executables: string[];
  migrations: string[];
  linesChanged: number;
}

export const EMPTY_CHANGE_FACTS: ChangeFacts = {
  dependencies: [],
  lockfiles: [],
  scripts: [],
  deleted: [],
  symlinks: [],
  binaries: [],
  executables: [],
  migrations: [],
  linesChanged: 0,
};

export const LOCKFILE_NAMES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'Cargo.lock',
  'Gemfile.lock',
  'poetry.lock',
  'go.sum',
  'composer.lock',
]);
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides', 'resolutions'];

export function summarizeChanges(
  entries: readonly RawEntry[],
  lines: readonly LineCount[],
  packages: readonly PackageChange[],
  options: { migrationGlobs: readonly string[] },
): ChangeFacts {
  const isMigration = createMatcher(options.migrationGlobs);
  const facts: ChangeFacts = { ...EMPTY_CHANGE_FACTS, linesChanged: 0 };
  const lists = {
    deleted: new Set<string>(),
    symlinks: new Set<string>(),
    executables: new Set<string>(),
    lockfiles: new Set<string>(),
    migrations: new Set<string>(),
  };
  for (const entry of entries) {
    if (entry.status === 'D') lists.deleted.add(entry.path);
    else {
      if (entry.newMode === MODE.symlink) lists.symlinks.add(entry.path);
      if (entry.newMode === MODE.executable && entry.oldMode !== MODE.executable) lists.executables.add(entry.path);
    }
    if (LOCKFILE_NAMES.has(posix.basename(entry.path))) lists.lockfiles.add(entry.path);
    if (isMigration(entry.path)) lists.migrations.add(entry.path);
  }
  const binaries: string[] = [];
  for (const line of lines) {
    if (line.added === undefined || line.deleted === undefined) {
      if (!lists.deleted.has(line.path)) binaries.push(line.path);
    } else facts.linesChanged += line.added + line.deleted;
  }
  const dependencies: string[] = [];
  const scripts: string[] = [];
  for (const pkg of packages) {
    const before = parsePackage(pkg.before);
    const after = parsePackage(pkg.after);
    if (before === 'invalid' || after === 'invalid') {
      // Unreadable: nobody can tell what it runs, so it is treated as a scripts change.
      scripts.push(`${pkg.path} (not valid JSON)`);
      continue;
    }
    for (const field of DEPENDENCY_FIELDS)
      for (const name of changedKeys(before?.[field], after?.[field])) dependencies.push(`${name} (${pkg.path} ${field})`);
    scripts.push(...changedKeys(before?.scripts, after?.scripts).map((name) => `${pkg.path} scripts.${name}`));
  }
  return {
    dependencies,
    lockfiles: [...lists.lockfiles],
    scripts,
    deleted: [...lists.deleted],
    symlinks: [...lists.symlinks],
    binaries,
    executables: [...lists.executables],
    migrations: [...lists.migrations],
    linesChanged: facts.linesChanged,
  };
}

type PackageJson = Record<string, unknown>;

function parsePackage(text: string | undefined): PackageJson | undefined | 'invalid' {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as PackageJson) : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Keys added, removed or whose value changed between two JSON objects (a non-object counts as {}). */
function changedKeys(before: unknown, after: unknown): string[] {
  const a = asRecord(before);
  const b = asRecord(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changed = [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
  // A field that is not an object (`"scripts": "…"`) still changed when its JSON did.
  if (changed.length === 0 && JSON.stringify(before) !== JSON.stringify(after)) return ['*'];
  return changed;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
