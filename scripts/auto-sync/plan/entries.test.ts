import { describe, expect, it } from 'vitest';
import { toolRuntimeGlobs } from '../config/tool-files.ts';
import { gitDirCandidates, isBinary, judgeEntries, looksLikeGitDir, symlinkProblem, type EntryFacts, type RawEntry } from './entries.ts';
import { createPathPolicy } from './paths.ts';

const paths = createPathPolicy({ allow: [], deny: ['private/**'] });
const policy = { denies: paths.denies, maxFileBytes: 1000 };
const oid = (n: number) => String(n).padStart(40, 'a');
const add = (path: string, newMode = '100644', newOid = oid(1)): RawEntry => ({
  status: 'A',
  oldMode: '000000',
  newMode,
  oldOid: '0'.repeat(40),
  newOid,
  path,
});
const facts = (over: Partial<EntryFacts> = {}): EntryFacts => ({
  sizes: new Map(),
  symlinkTargets: new Map(),
  deniedBlobs: new Map(),
  gitDirs: new Set(),
  ...over,
});

describe('symlinkProblem', () => {
  it.each([
    ['ok.txt', '.env', /denied \.env/],
    ['a/b/link', '../../.ENV.local', /denied \.ENV\.local/],
    ['environ', '/proc/self/environ', /outside the repository/],
    ['cfg', '../.git/config', /outside the repository/],
    ['src/up', '../../..', /outside the repository/],
    ['lock', '/dev/zero', /outside the repository/],
    ['root', '.', /repository root/],
    ['src/root', '..', /repository root/],
    ['g', 'sub/.Git/config', /\.git directory/],
    ['gh', '.github', /denied \.github/],
    ['wf', './.github/workflows/ci.yml', /denied \.github\/workflows\/ci\.yml/],
    ['p', 'private', /denied private/],
    ['nl', 'a\nb', /does not follow/],
    ['bs', '..\\..\\etc', /does not follow/],
    ['empty', '', /does not follow/],
  ])('%s -> %j is refused', (link, target, why) => {
    expect(symlinkProblem(link, target, policy)).toMatch(why);
  });

  it.each([
    ['docs/latest.md', 'v2.md'],
    ['src/a/link', '../b/c.ts'],
    ['bin/tool', '../node_tools/tool.js'],
  ])('%s -> %s is allowed (a risk factor)', (link, target) => {
    expect(symlinkProblem(link, target, policy)).toBeUndefined();
  });
});

describe('judgeEntries', () => {
  it('refuses gitlinks, oversized files, copies of denied files (by name or content), bad symlinks, embedded repositories', () => {
    expect(judgeEntries([add('lib/sub', '160000')], facts(), policy)?.reason).toBe('unsafe-entry');
    expect(judgeEntries([add('big.bin')], facts({ sizes: new Map([[oid(1), { type: 'blob', size: 1001 }]]) }), policy)).toEqual({
      reason: 'file-too-large',
      detail: 'big.bin is 1001 bytes (paths.maxFileBytes is 1000)',
    });
    expect(judgeEntries([add('ok.bin')], facts({ sizes: new Map([[oid(1), { type: 'blob', size: 1000 }]]) }), policy)).toBeUndefined();
    expect(judgeEntries([{ ...add('notes.txt'), status: 'C', from: '.env' }], facts(), policy)?.detail).toBe(
      'notes.txt is a copy of the denied .env',
    );
    expect(judgeEntries([add('notes.txt')], facts({ deniedBlobs: new Map([[oid(1), '.env.backup']]) }), policy)?.detail).toBe(
      'notes.txt has the content of the denied .env.backup',
    );
    expect(judgeEntries([add('ok.txt', '120000')], facts({ symlinkTargets: new Map([[oid(1), '.env']]) }), policy)?.reason).toBe(
      'unsafe-entry',
    );
    expect(judgeEntries([add('ok.txt', '120000')], facts(), policy)?.detail).toMatch(/could not be read/);
    expect(judgeEntries([add('vendor/x/HEAD')], facts({ gitDirs: new Set(['vendor/x']) }), policy)?.detail).toMatch(
      /vendor\/x is an embedded git repository/,
    );
  });

  it('lets deletions, plain files, executables and safe symlinks through', () => {
    const entries = [
      { ...add('gone.txt'), status: 'D', newMode: '000000', newOid: '0'.repeat(40) },
      add('a.ts'),
      add('run.sh', '100755', oid(2)),
      add('docs/latest', '120000', oid(3)),
    ];
    expect(judgeEntries(entries, facts({ symlinkTargets: new Map([[oid(3), 'v2.md']]) }), policy)).toBeUndefined();
  });
});

describe('embedded repositories', () => {
  it('asks about every directory that holds HEAD, config, objects or refs, in any case', () => {
    expect(gitDirCandidates([add('vendor/tool/HEAD'), add('x/Objects/pack/p'), add('src/a.ts'), add('config')]).sort()).toEqual(
      ['', 'vendor/tool', 'x'].sort(),
    );
  });
  it('a directory with HEAD, objects and refs is a git directory', () => {
    expect(looksLikeGitDir(['HEAD', 'objects', 'refs', 'config'])).toBe(true);
    expect(looksLikeGitDir(['head', 'OBJECTS', 'Refs'])).toBe(true);
    expect(looksLikeGitDir(['HEAD', 'refs'])).toBe(false);
  });
  it('binary content is what git calls binary: a NUL in the first 8000 bytes', () => {
    expect(isBinary(Buffer.from('text\n'))).toBe(false);
    expect(isBinary(Buffer.from('a\0b'))).toBe(true);
    expect(isBinary(Buffer.concat([Buffer.alloc(8000, 'a'), Buffer.from([0])]))).toBe(false);
  });
});

describe('toolRuntimeGlobs', () => {
  it('denies the files the running tool depends on when they lie inside the target', () => {
    const globs = toolRuntimeGlobs('/repo', { toolDir: '/repo/scripts/auto-sync', packageRoot: '/repo', cwd: '/repo' });
    expect(globs).toEqual(
      expect.arrayContaining([
        'scripts/auto-sync/**',
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        '.npmrc',
        '.nvmrc',
        'node_modules/**',
      ]),
    );
    const policy = createPathPolicy({ allow: [], deny: [], alwaysDeny: globs });
    expect(policy.check(['TSCONFIG.json'])?.reason).toBe('path-denied');
    expect(policy.check(['apps/web/package.json'])).toBeUndefined();
  });
  it('denies nothing extra when the tool runs from outside the target, except the tsconfig.json tsx reads in the working directory', () => {
    expect(toolRuntimeGlobs('/repo', { toolDir: '/opt/auto-sync/scripts/auto-sync', packageRoot: '/opt/auto-sync', cwd: '/tmp' })).toEqual(
      [],
    );
    expect(toolRuntimeGlobs('/repo', { toolDir: '/opt/x/scripts/auto-sync', packageRoot: '/opt/x', cwd: '/repo/apps/web' })).toEqual([
      'apps/web/tsconfig.json',
    ]);
    expect(toolRuntimeGlobs('/repo', { toolDir: '/repo2/t', packageRoot: '/repo2', cwd: '/repo2' })).toEqual([]);
  });
});
