import { describe, expect, it } from 'vitest';
import type { SourceState } from '../state/file.ts';
import { nextSourceState, REVALIDATE, type Delivery, type TransitionInput } from './transitions.ts';
import type { CommitDecision } from './types.ts';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const NOW = '2026-12-02T12:00:00.000Z';
const BEFORE = '2026-12-01T12:00:00.000Z';

function decision(n: number, over: Partial<CommitDecision> = {}): CommitDecision {
  return {
    sha: sha(n),
    subject: `fix: ${n}`,
    type: 'fix',
    scope: null,
    breaking: false,
    author: 'A',
    files: [`f${n}`],
    decision: 'picked',
    reason: 'picked',
    ...over,
  };
}

const BRANCH = 'auto-sync/web';
const integration = { branch: BRANCH, head: sha(0xaa), applied: [sha(1), sha(2)], carried: [] as string[] };

function input(delivery: Delivery, over: Partial<TransitionInput> = {}): TransitionInput {
  return {
    head: sha(3),
    listed: [sha(1), sha(2), sha(3)],
    decisions: [decision(1), decision(2), decision(3, { decision: 'skipped', reason: 'type-not-allowed' })],
    integration,
    settled: [],
    delivery,
    now: NOW,
    ...over,
  };
}

const proposedBefore: SourceState = {
  lastHead: sha(2),
  watermark: null,
  updatedAt: BEFORE,
  commits: {
    [sha(1)]: { decision: 'proposed', reason: 'picked', at: BEFORE, proposal: 7, detail: 'proposal #7' },
    [sha(2)]: { decision: 'proposed', reason: 'picked', at: BEFORE, proposal: 7, detail: 'proposal #7' },
  },
  integration: { branch: BRANCH, head: sha(0x99), commits: [sha(1), sha(2)] },
};

describe('nextSourceState', () => {
  // delivery, previous state → decisions of the picked commits, watermark, integration record
  const table: {
    name: string;
    previous?: SourceState;
    input: TransitionInput;
    decisions: string[];
    watermark: string | null;
    integration: 'none' | 'this' | 'kept';
    deferred?: boolean;
  }[] = [
    {
      name: 'merged: applied, watermark past them, no branch record',
      input: input({ kind: 'merged' }),
      decisions: ['applied', 'applied'],
      watermark: sha(3),
      integration: 'none',
    },
    {
      name: 'merged over an open proposal: its record is dropped',
      previous: proposedBefore,
      input: input({ kind: 'merged' }),
      decisions: ['applied', 'applied'],
      watermark: sha(3),
      integration: 'none',
    },
    {
      name: 'proposed: proposed with the proposal id; branch recorded',
      input: input({ kind: 'proposed', proposal: 9 }),
      decisions: ['proposed', 'proposed'],
      watermark: sha(3),
      integration: 'this',
    },
    {
      name: 'left alone (a person pushed): still pending, the old record kept',
      previous: proposedBefore,
      input: input({ kind: 'left-alone' }),
      decisions: ['picked', 'picked'],
      watermark: null,
      integration: 'kept',
    },
    {
      name: 'deferred: pending, marked deferred, once',
      input: input({ kind: 'deferred' }),
      decisions: ['picked', 'picked'],
      watermark: null,
      integration: 'none',
      deferred: true,
    },
    {
      name: 'failed before the branch was pushed: pending, nothing recorded of a branch',
      input: input({ kind: 'failed', pushed: false }),
      decisions: ['picked', 'picked'],
      watermark: null,
      integration: 'none',
    },
    {
      name: 'failed after the branch was pushed (PR creation failed): the branch is recorded as ours',
      input: input({ kind: 'failed', pushed: true }),
      decisions: ['picked', 'picked'],
      watermark: null,
      integration: 'this',
    },
    {
      name: 'failed over an open proposal before pushing: its record stays',
      previous: proposedBefore,
      input: input({ kind: 'failed', pushed: false }),
      decisions: ['picked', 'picked'],
      watermark: null,
      integration: 'kept',
    },
  ];

  for (const row of table)
    it(row.name, () => {
      const { state } = nextSourceState(row.previous, row.input);
      expect([state.commits[sha(1)]?.decision, state.commits[sha(2)]?.decision]).toEqual(row.decisions);
      expect(state.watermark).toBe(row.watermark);
      const expected = {
        none: undefined,
        this: { branch: BRANCH, head: sha(0xaa), commits: [sha(1), sha(2)] },
        kept: row.previous?.integration,
      }[row.integration];
      expect(state.integration).toEqual(expected);
      if (row.deferred) expect(state.commits[sha(1)]).toMatchObject({ deferred: true, detail: expect.stringContaining(REVALIDATE) });
      else expect(state.commits[sha(1)]?.deferred).toBeUndefined();
      if (row.input.delivery.kind === 'proposed') expect(state.commits[sha(1)]?.proposal).toBe(9);
    });

  it('settled proposals: merged ones applied, closed ones declined, and the branch record of the settled proposal dropped', () => {
    const { state, declinedProposals, declinedCommits } = nextSourceState(proposedBefore, {
      head: sha(2),
      listed: [],
      decisions: [],
      settled: [
        { sha: sha(1), decision: 'applied', proposal: 7 },
        { sha: sha(2), decision: 'declined', proposal: 7 },
      ],
      delivery: { kind: 'none' },
      now: NOW,
    });
    expect(state.commits[sha(1)]).toMatchObject({ decision: 'applied', proposal: 7 });
    expect(state.commits[sha(2)]).toMatchObject({ decision: 'declined', detail: 'proposal #7 was closed without merging' });
    expect(state.integration).toBeUndefined();
    expect([declinedProposals, declinedCommits]).toEqual([[7], 1]);
  });

  it('its own earlier delivery found in the target (a lost merge answer) is applied, and the branch record dropped', () => {
    const previous: SourceState = {
      ...proposedBefore,
      commits: {
        [sha(1)]: { decision: 'picked', reason: 'picked', at: BEFORE },
        [sha(2)]: { decision: 'picked', reason: 'picked', at: BEFORE },
      },
    };
    const found = (n: number) => decision(n, { decision: 'skipped', reason: 'already-applied' });
    const { state } = nextSourceState(previous, {
      head: sha(2),
      listed: [sha(1), sha(2)],
      decisions: [found(1), found(2)],
      settled: [],
      delivery: { kind: 'none' },
      now: NOW,
    });
    expect([state.commits[sha(1)]?.decision, state.commits[sha(2)]?.decision]).toEqual(['applied', 'applied']);
    expect(state.integration).toBeUndefined();
    // A commit someone else brought in (never auto-sync's work) stays "already applied".
    const other = nextSourceState(undefined, {
      head: sha(1),
      listed: [sha(1)],
      decisions: [found(1)],
      settled: [],
      delivery: { kind: 'none' },
      now: NOW,
    });
    expect(other.state.commits[sha(1)]).toMatchObject({ decision: 'skipped', reason: 'already-applied' });
  });

  it('carried commits merged with a new batch become applied', () => {
    const previous: SourceState = {
      ...proposedBefore,
      commits: { [sha(5)]: { decision: 'proposed', reason: 'picked', at: BEFORE, proposal: 7 } },
    };
    const { state } = nextSourceState(previous, input({ kind: 'merged' }, { integration: { ...integration, carried: [sha(5)] } }));
    expect(state.commits[sha(5)]).toMatchObject({ decision: 'applied' });
  });

  it('an unchanged source with nothing delivered returns the recorded state itself (nothing rewritten)', () => {
    const previous: SourceState = { lastHead: sha(3), watermark: sha(3), updatedAt: BEFORE, commits: {} };
    const { state } = nextSourceState(previous, {
      head: sha(3),
      listed: [],
      decisions: [],
      settled: [],
      delivery: { kind: 'none' },
      now: NOW,
    });
    expect(state).toBe(previous);
  });

  it('nothing delivered keeps the open proposal\u2019s branch record (unchanged since it)', () => {
    const { state } = nextSourceState(proposedBefore, {
      head: sha(2),
      listed: [],
      decisions: [],
      settled: [],
      delivery: { kind: 'none' },
      now: NOW,
    });
    expect(state.integration).toEqual(proposedBefore.integration);
  });
});
