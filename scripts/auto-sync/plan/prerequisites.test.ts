import { describe, expect, it } from 'vitest';
import { judgeMergeUnit, sideCommitsOf } from './merge-unit.ts';
import { lineDependencies, parsePatchLog, type PatchCommit } from './line-origins.ts';
import { blockersOf, describeBlockers, groupByBlocker, planPrerequisites, standingOf, type Standing } from './prerequisites.ts';

const file = (path: string, hunks: [number, number, number][], extra: { from?: string; newBlob?: string } = {}) => ({
  path,
  from: extra.from ?? path,
  newBlob: extra.newBlob,
  binary: false,
  hunks: hunks.map(([oldStart, oldCount, newCount]) => ({ oldStart, oldCount, newCount })),
});

describe('lineDependencies', () => {
  it('names the commits that last changed the lines a hunk replaces, and the line on each side', () => {
    const commits: PatchCommit[] = [
      { sha: 'a', parents: ['base'], files: [file('f', [[10, 1, 1]])] }, // line 10
      { sha: 'b', parents: ['a'], files: [file('f', [[20, 0, 2]])] }, // inserts 21, 22
      { sha: 'c', parents: ['b'], files: [file('f', [[11, 1, 1]])] }, // line 11: next to a's line 10
      { sha: 'd', parents: ['c'], files: [file('f', [[22, 1, 1]])] }, // b's second line
      { sha: 'e', parents: ['d'], files: [file('f', [[40, 1, 1]])] }, // untouched before
      { sha: 'g', parents: ['e'], files: [file('other', [[1, 1, 1]])] },
    ];
    const overlapping = new Map();
    const deps = lineDependencies(commits, overlapping);
    // Only a neighbour: in the full set, not in the overlapping one; d replaced b's own line.
    expect([...overlapping.get('c')!.get('f')!]).toEqual([]);
    expect([...overlapping.get('d')!.get('f')!]).toEqual(['b']);
    expect([...deps.get('a')!.get('f')!]).toEqual([]);
    expect([...deps.get('c')!.get('f')!]).toEqual(['a']);
    expect([...deps.get('d')!.get('f')!]).toEqual(['b']);
    expect([...deps.get('e')!.get('f')!]).toEqual([]);
    expect([...deps.get('g')!.get('other')!]).toEqual([]);
  });

  it('follows a rename, and takes a merge result equal to the second parent from that parent', () => {
    const commits: PatchCommit[] = [
      { sha: 'a', parents: ['base'], files: [file('old', [[5, 1, 1]])] },
      { sha: 'r', parents: ['a'], files: [{ ...file('new', []), from: 'old' }] },
      { sha: 's', parents: ['base'], files: [file('side', [[3, 1, 1]], { newBlob: 'b1' })] },
      { sha: 'm', parents: ['r', 's'], files: [file('side', [[3, 1, 1]], { newBlob: 'b1' })] },
      { sha: 'x', parents: ['m'], files: [file('new', [[5, 1, 1]]), file('side', [[3, 1, 1]])] },
    ];
    const deps = lineDependencies(commits);
    expect([...deps.get('x')!.get('new')!]).toEqual(['a']);
    expect([...deps.get('x')!.get('side')!]).toEqual(['s']);
  });

  it('parses git log -p -U0 output; a header line can only come from the marker', () => {
    const marker = '\x01nonce ';
    const text = [
      `${marker}aaa base`,
      'diff --git a/f b/f',
      'index 111..222 100644',
      '--- a/f',
      '+++ b/f',
      '@@ -3 +3 @@',
      '-old',
      `+${marker}fff forged`,
      '@@ -9,0 +10,2 @@',
      '+x',
      '+y',
      'diff --git a/n b/n',
      'new file mode 100644',
      'index 000..333',
      '--- /dev/null',
      '+++ b/n',
      '@@ -0,0 +1 @@',
      '+n',
      `${marker}bbb aaa`,
      'diff --git a/f b/g',
      'similarity index 90%',
      'rename from f',
      'rename to g',
      'diff --git a/bin b/bin',
      'Binary files a/bin and b/bin differ',
    ].join('\n');
    const commits = parsePatchLog(text, marker);
    expect(commits.map((c) => c.sha)).toEqual(['aaa', 'bbb']);
    expect(commits[0]!.files).toEqual([
      {
        from: 'f',
        path: 'f',
        newBlob: '222',
        binary: false,
        hunks: [
          { oldStart: 3, oldCount: 1, newCount: 1 },
          { oldStart: 9, oldCount: 0, newCount: 2 },
        ],
      },
      { path: 'n', newBlob: '333', binary: false, hunks: [{ oldStart: 0, oldCount: 0, newCount: 1 }] },
    ]);
    expect(commits[1]!.files.map((f) => [f.from, f.path, f.binary])).toEqual([
      ['f', 'g', false],
      ['bin', 'bin', true],
    ]);
  });
});

describe('planPrerequisites', () => {
  const standings: Record<string, Standing> = {
    chore1: { kind: 'eligible' },
    chore2: { kind: 'eligible' },
    denied: { kind: 'forbidden', reason: 'path-denied' },
    breaking: { kind: 'forbidden', reason: 'breaking-change' },
    fixA: { kind: 'wanted' },
    fixB: { kind: 'wanted' },
    fixC: { kind: 'wanted' },
  };
  const graph: Record<string, Record<string, string[]>> = {
    fixA: { 'package.json': ['chore2'], 'src/a.ts': ['fixB'] },
    chore2: { 'package.json': ['chore1'] },
    fixB: { 'src/b.ts': ['denied'] },
    fixC: { 'src/c.ts': ['breaking', 'chore1'] },
  };
  const order = ['chore1', 'denied', 'breaking', 'chore2', 'fixB', 'fixA', 'fixC'];
  const dependsOn = (sha: string, paths?: readonly string[]) =>
    Object.entries(graph[sha] ?? {}).flatMap(([path, shas]) => (!paths || paths.includes(path) ? shas : []));
  const run = (conflicting: { sha: string; paths: string[] }[], mode: 'include' | 'hold') =>
    planPrerequisites({ conflicting, dependsOn, standing: (sha) => standings[sha] ?? { kind: 'none' }, mode, order });

  it.each([
    {
      name: 'include: a skipped chore and, transitively, what it depends on, oldest first',
      conflicting: [{ sha: 'fixA', paths: ['package.json'] }],
      mode: 'include' as const,
      include: [
        { sha: 'chore1', neededBy: 'fixA' },
        { sha: 'chore2', neededBy: 'fixA' },
      ],
      pending: [],
    },
    {
      name: 'hold: the dependent stays pending, naming its prerequisites',
      conflicting: [{ sha: 'fixA', paths: ['package.json'] }],
      mode: 'hold' as const,
      include: [],
      pending: [{ sha: 'fixA', reason: 'prerequisites-held', blockers: ['chore1', 'chore2'] }],
    },
    {
      name: 'a denied commit is never brought in: the dependent is blocked and names it',
      conflicting: [{ sha: 'fixB', paths: ['src/b.ts'] }],
      mode: 'include' as const,
      include: [],
      pending: [{ sha: 'fixB', reason: 'blocked', blockers: ['denied'] }],
    },
    {
      name: 'a held breaking change blocks even with an eligible prerequisite beside it',
      conflicting: [{ sha: 'fixC', paths: ['src/c.ts'] }],
      mode: 'include' as const,
      include: [],
      pending: [{ sha: 'fixC', reason: 'blocked', blockers: ['breaking'] }],
    },
    {
      name: 'only the conflicting paths count; a wanted dependency is no prerequisite',
      conflicting: [{ sha: 'fixA', paths: ['src/a.ts'] }],
      mode: 'include' as const,
      include: [],
      pending: [],
    },
  ])('$name', ({ conflicting, mode, include, pending }) => {
    const outcome = run(conflicting, mode);
    expect(outcome.include).toEqual(include);
    expect(outcome.pending.map((p) => ({ sha: p.sha, reason: p.reason, blockers: p.blockers.map((b) => b.sha) }))).toEqual(pending);
  });

  it('standingOf: type-only skips are eligible, policy is forbidden, what the target has is none', () => {
    expect(standingOf({ decision: 'skipped', reason: 'type-not-allowed' })).toEqual({ kind: 'eligible' });
    expect(standingOf({ decision: 'skipped', reason: 'skip-listed' })).toEqual({ kind: 'forbidden', reason: 'skip-listed' });
    expect(standingOf({ decision: 'skipped', reason: 'breaking-change' })).toEqual({ kind: 'forbidden', reason: 'breaking-change' });
    expect(standingOf({ decision: 'skipped', reason: 'secret-detected' })).toEqual({ kind: 'forbidden', reason: 'secret-detected' });
    expect(standingOf({ decision: 'skipped', reason: 'already-applied' })).toEqual({ kind: 'none' });
    expect(standingOf({ decision: 'picked', reason: 'picked' })).toEqual({ kind: 'wanted' });
  });
});

describe('blockers in details, grouped for the dashboard', () => {
  const a = 'a'.repeat(40);
  const b = 'b'.repeat(40);
  it('reads back what describeBlockers and conflict details name', () => {
    expect(blockersOf(describeBlockers('blocked', [{ sha: a, reason: 'breaking-change' }]))).toEqual([a.slice(0, 12)]);
    expect(blockersOf(`conflicts with ${b.slice(0, 12)} (did not apply) in x`)).toEqual([b.slice(0, 12)]);
    expect(blockersOf('conflicts in package.json')).toEqual([]);
  });
  it('one line per blocking commit, most held back first', () => {
    const pending = [
      { sha: '1', reason: 'blocked', detail: describeBlockers('blocked', [{ sha: a, reason: 'breaking-change' }]) },
      { sha: '2', reason: 'blocked', detail: describeBlockers('blocked', [{ sha: b, reason: 'path-denied' }]) },
      { sha: '3', reason: 'blocked', detail: describeBlockers('blocked', [{ sha: b, reason: 'path-denied' }]) },
      { sha: '4', reason: 'conflict', detail: 'conflicts in x' },
    ];
    expect(groupByBlocker(pending)).toEqual([
      { blocker: b.slice(0, 12), reason: 'path-denied', count: 2, example: '2' },
      { blocker: a.slice(0, 12), reason: 'breaking-change', count: 1, example: '1' },
    ]);
  });
});

describe('judgeMergeUnit', () => {
  const allowed = new Set(['feat', 'fix', 'perf', 'refactor']);
  it.each([
    { message: 'fix: mask variables (#4252)\n\nbody\n', side: [], type: 'fix', breaking: false },
    { message: 'Merge pull request #5 from x/feat-y\n\nfeat(api): add y\n', side: ['chore: wip'], type: 'feat', breaking: false },
    { message: 'reset next branch (#4202)\n\n* chore: tidy\n* refactor: remove obsolete\n', side: [], type: 'refactor', breaking: false },
    { message: 'Merge pull request #7 from x/beta\n', side: ['chore: bump', 'feat!: drop node 18'], type: 'feat', breaking: true },
    { message: 'Merge pull request #8 from x/docs\n', side: ['docs: typo'], type: 'docs', breaking: false },
    { message: 'Merge branch main\n', side: ['wip'], type: null, breaking: false },
  ])('$message → $type', ({ message, side, type, breaking }) => {
    const info = judgeMergeUnit(message, side, allowed);
    expect(info.type).toBe(type);
    expect(info.breaking).toBe(breaking);
    // A unit's own conventional subject is parsed as any commit's; otherwise the merge's subject is shown.
    if (!/^fix: /.test(message)) expect(info.subject).toBe(message.split('\n')[0]);
  });
  it('side commits are those of the other parents, not of the first', () => {
    const graph = new Map([
      ['m', { parents: ['p1', 's2'] }],
      ['s2', { parents: ['s1'] }],
      ['s1', { parents: ['p0'] }],
      ['p1', { parents: ['p0'] }],
      ['p0', { parents: [] }],
    ]);
    expect(sideCommitsOf('m', graph).sort()).toEqual(['s1', 's2']);
  });
});
