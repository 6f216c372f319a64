import { describe, expect, it } from 'vitest';
import { DEFAULT_TYPES } from '../config/defaults.ts';
import { classifyCommits, createClassifier, type ClassifyOptions } from './classify.ts';
import { createPathPolicy } from './paths.ts';
import type { CommitInfo, FileChange, Reason } from './types.ts';

// The planner's per-commit decisions, in process: one row per reason in the README's
// "How a run decides" table, in its order, plus the rows that show which reason wins.

const TARGET = 'acme/target';
const SOURCE = 'acme/fork';
const sha = (c: string) => c.repeat(40);
const SHA = sha('1');
const ORIGIN = sha('e');
const OTHER = sha('f');

function commit(message: string, overrides: Partial<CommitInfo> = {}): CommitInfo {
  return {
    sha: SHA,
    parents: [sha('0')],
    authorName: 'Ada',
    authorEmail: 'ada@example.com',
    authorDate: '2026-01-01T00:00:00Z',
    message,
    files: [{ status: 'M', path: 'src/a.ts' }],
    patchInTarget: false,
    ...overrides,
  };
}

const files = (...paths: string[]): FileChange[] => paths.map((path) => ({ status: 'M', path }));
const rename = (from: string, path: string): FileChange[] => [{ status: 'R', from, path }];

function options(overrides: Partial<ClassifyOptions> & { allow?: string[]; deny?: string[] } = {}): ClassifyOptions {
  const { allow = [], deny = [], ...rest } = overrides;
  return {
    types: DEFAULT_TYPES,
    breaking: 'hold',
    maxPerRun: 50,
    skip: [],
    paths: createPathPolicy({ allow, deny }),
    targetIdentity: TARGET,
    trustedOrigins: new Set([TARGET, SOURCE]),
    appliedInTarget: new Set(),
    ...rest,
  };
}

type Row = [name: string, commit: CommitInfo, options: ClassifyOptions, reason: Reason, detail?: string | RegExp];

const rows: Row[] = [
  // skip-listed
  [
    'a commit listed in commits.skip (by prefix)',
    commit('feat: a'),
    options({ skip: ['1111111'] }),
    'skip-listed',
    'listed in commits.skip as 1111111',
  ],
  [
    'a commit listed in commits.skip (full sha)',
    commit('feat: a'),
    options({ skip: [SHA] }),
    'skip-listed',
    `listed in commits.skip as ${SHA}`,
  ],
  [
    'skip-listed wins over every other reason',
    commit('chore: merge', { parents: [sha('0'), sha('2')], files: [] }),
    options({ skip: ['1111'] }),
    'skip-listed',
  ],
  // merge-commit
  ['a merge commit', commit('feat: merge x', { parents: [sha('0'), sha('2')] }), options(), 'merge-commit'],
  [
    'a merge commit, even from the target',
    commit(`feat: x\n\nAuto-Sync-Origin: ${TARGET}@${ORIGIN}`, { parents: [sha('0'), sha('2')] }),
    options(),
    'merge-commit',
  ],
  // from-target
  [
    'a commit whose origin is the target (no loops)',
    commit(`feat: x\n\nAuto-Sync-Origin: ${TARGET}@${ORIGIN}`),
    options(),
    'from-target',
    `came from the target (${TARGET}@${ORIGIN.slice(0, 12)})`,
  ],
  ['the target named in another case', commit(`feat: x\n\nauto-sync-origin: ACME/Target@${ORIGIN}`), options(), 'from-target'],
  [
    'from-target wins over already-applied',
    commit(`feat: x\n\nAuto-Sync-Origin: ${TARGET}@${ORIGIN}`, { patchInTarget: true }),
    options({ appliedInTarget: new Set([SHA]) }),
    'from-target',
  ],
  // already-applied
  [
    'a commit whose own sha the target records',
    commit('feat: a'),
    options({ appliedInTarget: new Set([SHA]) }),
    'already-applied',
    'the target has a commit with this origin',
  ],
  [
    'a commit whose trusted trailer names an origin in the target',
    commit(`feat: a\n\nAuto-Sync-Origin: ${SOURCE}@${ORIGIN}`),
    options({ appliedInTarget: new Set([ORIGIN]) }),
    'already-applied',
    `its origin ${ORIGIN.slice(0, 12)} is already in the target`,
  ],
  [
    'a commit whose cherry-picked line names a commit in the target',
    commit(`fix: a\n\n(cherry picked from commit ${ORIGIN})`),
    options({ appliedInTarget: new Set([ORIGIN]) }),
    'already-applied',
    `its origin ${ORIGIN.slice(0, 12)} is already in the target`,
  ],
  [
    'a commit with the patch-id of a target commit',
    commit('feat: a', { patchInTarget: true }),
    options(),
    'already-applied',
    'the target has a commit with the same patch-id',
  ],
  [
    'already-applied wins over empty and not-conventional',
    commit('whatever', { files: [], patchInTarget: true }),
    options(),
    'already-applied',
  ],
  // empty
  ['a commit that changes no file', commit('feat: nothing', { files: [] }), options(), 'empty'],
  ['empty wins over not-conventional', commit('nothing at all', { files: [] }), options(), 'empty'],
  // not-conventional / type-not-allowed
  ['a message that is not a Conventional Commit', commit('Add the thing'), options(), 'not-conventional'],
  ['a colon without a space is not conventional', commit('feat:thing'), options(), 'not-conventional'],
  ['a type not in commits.types', commit('docs: readme'), options(), 'type-not-allowed', 'type "docs" is not in commits.types'],
  [
    'a type not in a narrowed commits.types',
    commit('refactor: x'),
    options({ types: ['feat'] }),
    'type-not-allowed',
    'type "refactor" is not in commits.types',
  ],
  [
    'type-not-allowed wins over breaking-change and path-denied',
    commit('chore!: x', { files: files('.github/workflows/ci.yml') }),
    options(),
    'type-not-allowed',
  ],
  // breaking-change
  ['`type!:` held', commit('feat!: drop the old API'), options(), 'breaking-change', /held: set commits.breaking to "allow"/],
  ['`type(scope)!:` held', commit('fix(api)!: rename a field'), options(), 'breaking-change'],
  ['a BREAKING CHANGE note held', commit('feat: new api\n\nBREAKING CHANGE: the old one is gone'), options(), 'breaking-change'],
  ['a BREAKING-CHANGE note held', commit('feat: new api\n\nBREAKING-CHANGE: the old one is gone'), options(), 'breaking-change'],
  ['`type!:` allowed', commit('feat!: drop the old API'), options({ breaking: 'allow' }), 'picked'],
  [
    'a BREAKING CHANGE note allowed',
    commit('feat: new api\n\nBREAKING CHANGE: the old one is gone'),
    options({ breaking: 'allow' }),
    'picked',
  ],
  ['breaking-change wins over path-denied', commit('feat!: x', { files: files('.github/workflows/ci.yml') }), options(), 'breaking-change'],
  // path-denied (built-in and configured, both sides of renames and copies)
  [
    'a file under a built-in denied path',
    commit('fix: ci', { files: files('src/a.ts', '.github/workflows/ci.yml') }),
    options(),
    'path-denied',
    '.github/workflows/ci.yml',
  ],
  [
    'a built-in denied path in another case',
    commit('fix: ci', { files: files('.GITHUB/workflows/ci.yml') }),
    options(),
    'path-denied',
    '.GITHUB/workflows/ci.yml',
  ],
  ['a secret file anywhere', commit('fix: env', { files: files('apps/web/.env.local') }), options(), 'path-denied', 'apps/web/.env.local'],
  [
    "auto-sync's own files",
    commit('fix: sync', { files: files('scripts/auto-sync/main.ts') }),
    options(),
    'path-denied',
    'scripts/auto-sync/main.ts',
  ],
  [
    'a configured deny glob',
    commit('feat: db', { files: files('src/a.ts', 'migrations/001.sql') }),
    options({ deny: ['migrations/**'] }),
    'path-denied',
    'migrations/001.sql',
  ],
  [
    'a rename out of a denied path',
    commit('refactor: move', { files: rename('.github/workflows/x.yml', 'src/x.yml') }),
    options(),
    'path-denied',
    '.github/workflows/x.yml',
  ],
  [
    'a rename into a denied path',
    commit('refactor: move', { files: rename('src/x.yml', '.github/workflows/x.yml') }),
    options(),
    'path-denied',
    '.github/workflows/x.yml',
  ],
  [
    'a copy from a denied path',
    commit('refactor: copy', { files: [{ status: 'C', from: 'infra/main.tf', path: 'src/main.tf' }] }),
    options(),
    'path-denied',
    'infra/main.tf',
  ],
  [
    'a deleted denied file',
    commit('fix: drop', { files: [{ status: 'D', path: 'deploy/prod.yml' }] }),
    options(),
    'path-denied',
    'deploy/prod.yml',
  ],
  [
    'path-denied wins over outside-allowed-paths',
    commit('feat: x', { files: files('docs/a.md', 'migrations/1.sql') }),
    options({ allow: ['src/**'], deny: ['migrations/**'] }),
    'path-denied',
    'migrations/1.sql',
  ],
  [
    'a configured deny glob does not match case-insensitively',
    commit('feat: x', { files: files('Migrations/1.sql') }),
    options({ deny: ['migrations/**'] }),
    'picked',
  ],
  // outside-allowed-paths
  [
    'a file outside paths.allow',
    commit('feat: docs', { files: files('src/a.ts', 'docs/a.md') }),
    options({ allow: ['src/**'] }),
    'outside-allowed-paths',
    'docs/a.md',
  ],
  [
    'a rename from outside paths.allow into it',
    commit('refactor: move', { files: rename('lib/a.ts', 'src/a.ts') }),
    options({ allow: ['src/**'] }),
    'outside-allowed-paths',
    'lib/a.ts',
  ],
  [
    'a rename from paths.allow out of it',
    commit('refactor: move', { files: rename('src/a.ts', 'lib/a.ts') }),
    options({ allow: ['src/**'] }),
    'outside-allowed-paths',
    'lib/a.ts',
  ],
  [
    'a rename within paths.allow',
    commit('refactor: move', { files: rename('src/a.ts', 'src/b/a.ts') }),
    options({ allow: ['src/**'] }),
    'picked',
  ],
  [
    'every file inside one of several allow globs',
    commit('feat: x', { files: files('src/a.ts', 'test/a.test.ts') }),
    options({ allow: ['src/**', 'test/**'] }),
    'picked',
  ],
  // picked
  ['a conventional commit of an allowed type', commit('feat: a'), options(), 'picked'],
  ['a scoped commit', commit('fix(ui): a'), options(), 'picked'],
  ['an uppercase type', commit('FEAT: a'), options(), 'picked'],
  [
    'an untrusted trailer naming the target is no loop',
    commit(`feat: a\n\nAuto-Sync-Origin: evil/repo@${ORIGIN}`),
    options({ targetIdentity: 'evil/repo' }),
    'picked',
  ],
  [
    'an untrusted trailer naming an applied origin proves nothing',
    commit(`feat: a\n\nAuto-Sync-Origin: evil/repo@${ORIGIN}`),
    options({ appliedInTarget: new Set([ORIGIN]) }),
    'picked',
  ],
  [
    'a trailer naming an origin not in the target',
    commit(`feat: a\n\nAuto-Sync-Origin: ${SOURCE}@${ORIGIN}\n(cherry picked from commit ${OTHER})`),
    options({ appliedInTarget: new Set([sha('9')]) }),
    'picked',
  ],
];

describe('classifying one commit', () => {
  it.each(rows)('%s → %s', (_, input, opts, reason, detail) => {
    const decision = createClassifier(opts)(input);
    expect(decision.reason).toBe(reason);
    expect(decision.decision).toBe(reason === 'picked' ? 'picked' : 'skipped');
    if (typeof detail === 'string') expect(decision.detail).toBe(detail);
    else if (detail) expect(decision.detail).toMatch(detail);
    if (reason === 'picked') expect(decision).not.toHaveProperty('detail');
  });

  it('covers every reason the classifier can give', () => {
    // conflict and after-conflict are decided later, when the batch is applied (pipeline/prepare).
    const seen = new Set(rows.map((r) => r[3]));
    for (const reason of [
      'skip-listed',
      'merge-commit',
      'from-target',
      'already-applied',
      'empty',
      'not-conventional',
      'type-not-allowed',
      'breaking-change',
      'path-denied',
      'outside-allowed-paths',
      'picked',
    ] as const) {
      expect(seen, reason).toContain(reason);
    }
  });

  it('describes the commit whatever the decision', () => {
    const decision = createClassifier(options())(
      commit('feat(api)!: new thing\n\nbody', { files: [...rename('src/a.ts', 'src/b.ts'), ...files('src/b.ts', 'src/c.ts')] }),
    );
    expect(decision).toEqual({
      sha: SHA,
      subject: 'new thing',
      type: 'feat',
      scope: 'api',
      breaking: true,
      author: 'Ada <ada@example.com>',
      // both sides of the rename, each file once
      files: ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      decision: 'skipped',
      reason: 'breaking-change',
      detail: expect.any(String),
    });
  });

  it('keeps the whole first line as the subject of a commit that is not conventional', () => {
    const decision = createClassifier(options())(commit('Add the thing\n\nbody'));
    expect(decision).toMatchObject({ subject: 'Add the thing', type: null, scope: null, breaking: false });
  });
});

describe('over-limit', () => {
  const shas = ['1', '2', '3', '4', '5'].map(sha);

  it('picks up to commits.maxPerRun and holds the rest for the next run', () => {
    const decisions = classifyCommits(
      shas.map((s) => commit('feat: x', { sha: s })),
      options({ maxPerRun: 2 }),
    );
    expect(decisions.map((d) => d.reason)).toEqual(['picked', 'picked', 'over-limit', 'over-limit', 'over-limit']);
    expect(decisions[2]!.detail).toBe('beyond commits.maxPerRun (2); pending for the next run');
  });

  it('counts only commits that would be picked', () => {
    const messages = ['docs: a', 'feat: b', 'not conventional', 'fix: c', 'feat: d'];
    const decisions = classifyCommits(
      messages.map((m, i) => commit(m, { sha: shas[i]! })),
      options({ maxPerRun: 2 }),
    );
    expect(decisions.map((d) => d.reason)).toEqual(['type-not-allowed', 'picked', 'not-conventional', 'picked', 'over-limit']);
  });

  it('applies after every other reason: a skipped commit beyond the limit keeps its own reason', () => {
    const decisions = classifyCommits(
      [commit('feat: a', { sha: shas[0]! }), commit('docs: b', { sha: shas[1]! })],
      options({ maxPerRun: 1 }),
    );
    expect(decisions.map((d) => d.reason)).toEqual(['picked', 'type-not-allowed']);
  });

  it('holds everything with a limit of 0', () => {
    expect(classifyCommits([commit('feat: a')], options({ maxPerRun: 0 })).map((d) => d.reason)).toEqual(['over-limit']);
  });

  it('starts counting afresh for each classifier', () => {
    const opts = options({ maxPerRun: 1 });
    expect(createClassifier(opts)(commit('feat: a')).reason).toBe('picked');
    expect(createClassifier(opts)(commit('feat: a')).reason).toBe('picked');
    expect(classifyCommits([commit('feat: a')], opts)[0]!.reason).toBe('picked');
  });
});
