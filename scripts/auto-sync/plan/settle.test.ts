import { describe, expect, it } from 'vitest';
import type { SourceState } from '../state/file.ts';
import { settleProposal } from './settle.ts';
import { nextSourceState } from './transitions.ts';

const at = '2026-01-01T00:00:00.000Z';
const now = '2026-02-02T00:00:00.000Z';
const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

function source(): SourceState {
  return {
    lastHead: c,
    watermark: c,
    updatedAt: at,
    commits: {
      [a]: { decision: 'proposed', reason: 'picked', at, proposal: 2, detail: 'proposal #2' },
      [b]: { decision: 'proposed', reason: 'picked', at, proposal: 2, detail: 'proposal #2' },
      [c]: { decision: 'proposed', reason: 'picked', at, proposal: 1, detail: 'proposal #1' },
    },
    integration: { branch: 'auto-sync/web', head: 'f'.repeat(40), commits: [a, b] },
  };
}

describe('settleProposal', () => {
  it.each([
    ['merged', 'applied', 'proposal #2 was merged'],
    ['closed', 'declined', 'proposal #2 was closed without merging'],
  ] as const)('%s: the proposal’s commits become %s; other proposals’ commits stay proposed', (outcome, decision, detail) => {
    const { state, settled } = settleProposal(source(), 2, outcome, now);
    expect(settled.map((s) => s.sha).sort()).toEqual([a, b]);
    expect(state!.commits[a]).toEqual({ decision, reason: 'picked', at: now, proposal: 2, detail });
    expect(state!.commits[c]).toEqual(source().commits[c]);
    expect(state!.integration).toBeUndefined();
    expect(state!.updatedAt).toBe(now);
  });

  it('records exactly what the next run would record for the same proposal settled on the forge', () => {
    for (const outcome of ['merged', 'closed'] as const) {
      const now_ = settleProposal(source(), 2, outcome, now).state!;
      const decision = outcome === 'merged' ? 'applied' : 'declined';
      const later = nextSourceState(source(), {
        head: c,
        listed: [],
        decisions: [],
        settled: [a, b].map((sha) => ({ sha, decision, proposal: 2 })),
        delivery: { kind: 'none' },
        now,
      }).state;
      expect(now_.commits).toEqual(later.commits);
      expect(now_.integration).toEqual(later.integration);
    }
  });

  it('changes nothing for a proposal the state does not know, or no state', () => {
    expect(settleProposal(source(), 9, 'merged', now)).toEqual({ state: source(), settled: [] });
    expect(settleProposal(undefined, 2, 'closed', now)).toEqual({ state: undefined, settled: [] });
  });
});
