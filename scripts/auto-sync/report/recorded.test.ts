import { describe, expect, it } from 'vitest';
import { commit, sampleReport } from '../test/helpers/actions-fixture.ts';
import type { CommitRecord, State } from '../state/file.ts';
import { formatSource, type Report } from './model.ts';
import { withRecordedState } from './recorded.ts';

const AT = '2026-01-01T00:00:00.000Z';
const A = 'a1'.repeat(20);
const B = 'b2'.repeat(20);
const C = 'c3'.repeat(20);

function planned(): Report {
  const base = sampleReport();
  const source = {
    ...base.sources[0]!,
    outcome: undefined,
    commits: [commit({ sha: A, subject: 'fix: a' }), commit({ sha: B, subject: 'feat: b' })],
    counts: { listed: 2, picked: 2, skipped: 0, pending: 0 },
  };
  return { ...base, sources: [source] };
}

function stateWith(commits: Record<string, CommitRecord>): State {
  return { version: 1, sources: { alpha: { lastHead: null, watermark: null, updatedAt: AT, commits } } } as State;
}

describe('status over the recorded state', () => {
  it.each<[string, CommitRecord | undefined, { decision: string; reason: string; pending: boolean; detail?: RegExp }]>([
    ['no record', undefined, { decision: 'picked', reason: 'picked', pending: false }],
    [
      'a recorded conflict',
      { decision: 'skipped', reason: 'conflict', at: AT, detail: "conflicts with 0123456789ab (the target's) in src/a.ts, src/b.ts" },
      {
        decision: 'skipped',
        reason: 'conflict',
        pending: true,
        detail: /^conflicts with .*in src\/a\.ts, src\/b\.ts \(recorded .*; tried again on the next run\)$/,
      },
    ],
    [
      'a recorded conflict without detail',
      { decision: 'skipped', reason: 'conflict', at: AT },
      { decision: 'skipped', reason: 'conflict', pending: true, detail: /^conflict \(recorded/ },
    ],
    [
      'after a conflict',
      { decision: 'skipped', reason: 'after-conflict', at: AT },
      { decision: 'skipped', reason: 'after-conflict', pending: true },
    ],
    [
      'held for prerequisites',
      { decision: 'skipped', reason: 'prerequisites-held', at: AT },
      { decision: 'skipped', reason: 'prerequisites-held', pending: true },
    ],
    // Picked and deferred (revalidating) is what the plan says: picked.
    [
      'picked, deferred',
      { decision: 'picked', reason: 'picked', at: AT, deferred: true },
      { decision: 'picked', reason: 'picked', pending: false },
    ],
    // A skip for good is never re-planned; if it were, the plan's word stands.
    ['a final skip', { decision: 'skipped', reason: 'path-denied', at: AT }, { decision: 'picked', reason: 'picked', pending: false }],
  ])('%s', (_, record, expected) => {
    const report = withRecordedState(planned(), stateWith(record ? { [A]: record } : {}));
    const shown = report.sources[0]!.commits[0]!;
    expect(shown).toMatchObject({ decision: expected.decision, reason: expected.reason, pending: expected.pending });
    if (expected.detail) expect(shown.detail).toMatch(expected.detail);
    const pending = expected.pending ? 1 : 0;
    expect(report.sources[0]!.counts).toEqual({ listed: 2, picked: 2 - pending, skipped: pending, pending });
  });

  it('shows a recorded conflict as a pending conflict with its paths, not as picked', () => {
    const report = withRecordedState(
      planned(),
      stateWith({ [A]: { decision: 'skipped', reason: 'conflict', at: AT, detail: 'conflicts in src/a.ts' } }),
    );
    const text = formatSource(report.sources[0]!);
    const row = text.split('\n').find((line) => line.includes('fix: a'))!;
    expect(row).toMatch(/pending\s+conflict\s+fix: a\s+\[conflicts in src\/a\.ts \(recorded/);
    expect(text).toContain('1 picked, 1 skipped (1 pending)');
  });

  it('lists the commits in open proposals, per proposal', () => {
    const report = withRecordedState(
      planned(),
      stateWith({
        [C]: { decision: 'proposed', reason: 'picked', at: AT, detail: 'proposal #7', proposal: 7 },
        [B]: { decision: 'proposed', reason: 'picked', at: AT, proposal: 7 },
        [A]: { decision: 'proposed', reason: 'picked', at: AT, detail: 'proposal #3' },
      }),
    );
    expect(report.sources[0]!.openProposals).toEqual([
      { id: 3, shas: [A] },
      { id: 7, shas: [B, C] },
    ]);
    const text = formatSource(report.sources[0]!);
    expect(text).toContain(`proposed: ${B.slice(0, 10)}, ${C.slice(0, 10)} in open proposal #7`);
    const unchanged = formatSource({ ...report.sources[0]!, status: 'unchanged' });
    expect(unchanged).toContain(`proposed: ${A.slice(0, 10)} in open proposal #3`);
  });

  it('leaves a source without records as it was', () => {
    const report = planned();
    expect(withRecordedState(report, { version: 1, sources: {} } as State)).toEqual(report);
  });
});
