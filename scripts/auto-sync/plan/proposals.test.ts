import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../state/file.ts';
import { shouldWaitForRevalidation } from './decide.ts';
import { proposalIdsOf, reviseAfterApply, sameAsOpenProposal, settleProposals } from './proposals.ts';
import type { CommitDecision } from './types.ts';

const at = '2026-01-01T00:00:00.000Z';
const proposed = (proposal?: number): CommitRecord => ({
  decision: 'proposed',
  reason: 'picked',
  at,
  ...(proposal === undefined ? {} : { proposal }),
});

describe('settleProposals', () => {
  const commits: Record<string, CommitRecord> = {
    a: proposed(1),
    b: proposed(1),
    c: proposed(2),
    d: proposed(3),
    e: proposed(),
    f: { decision: 'applied', reason: 'picked', at },
  };
  it('asks only for the proposals of proposed commits, once each', () => {
    expect(proposalIdsOf(commits)).toEqual([1, 2, 3]);
  });
  it.each([
    { name: 'open: carried', states: { 1: 'open', 2: 'open', 3: 'open' }, carried: ['a', 'b', 'c', 'd', 'e'], settled: [] },
    {
      name: 'closed: declined for good',
      states: { 1: 'closed', 2: 'open', 3: 'open' },
      carried: ['c', 'd', 'e'],
      settled: [
        ['a', 'declined', 1],
        ['b', 'declined', 1],
      ],
    },
    {
      name: 'merged: applied',
      states: { 1: 'open', 2: 'merged', 3: 'open' },
      carried: ['a', 'b', 'd', 'e'],
      settled: [['c', 'applied', 2]],
    },
    {
      name: 'unknown to the forge: carried',
      states: { 1: undefined, 2: undefined, 3: 'closed' },
      carried: ['a', 'b', 'c', 'e'],
      settled: [['d', 'declined', 3]],
    },
  ] as const)('$name', ({ states, carried, settled }) => {
    const map = new Map(Object.entries(states).map(([id, state]) => [Number(id), state]));
    const result = settleProposals(commits, map);
    expect(result.carried).toEqual(carried);
    expect(result.settled).toEqual(settled.map(([sha, decision, proposal]) => ({ sha, decision, proposal })));
  });
});

describe('sameAsOpenProposal', () => {
  const open = { branch: 'auto-sync/x', head: 'h1', commits: ['a', 'b'] };
  it.each([
    { name: 'no open proposal', previous: undefined, head: 'h1', applied: ['a', 'b'], same: false },
    { name: 'same head', previous: open, head: 'h1', applied: ['z'], same: true },
    { name: 'same commits on a newer target head', previous: open, head: 'h2', applied: ['a', 'b'], same: true },
    { name: 'a new commit', previous: open, head: 'h2', applied: ['a', 'b', 'c'], same: false },
  ])('$name', ({ previous, head, applied, same }) => {
    expect(sameAsOpenProposal(previous, head, applied)).toBe(same);
  });
});

describe('reviseAfterApply', () => {
  const picked: CommitDecision = {
    sha: 'a',
    subject: 'fix: x',
    type: 'fix',
    scope: null,
    breaking: false,
    author: 'A',
    decision: 'picked',
    reason: 'picked',
    files: ['x'],
  };
  it.each([
    { status: 'applied', decision: 'picked', reason: 'picked' },
    { status: 'empty', decision: 'skipped', reason: 'already-applied' },
    { status: 'conflict', decision: 'skipped', reason: 'conflict' },
    { status: 'not-attempted', decision: 'skipped', reason: 'after-conflict' },
  ] as const)('$status → $reason', ({ status, decision, reason }) => {
    const revised = reviseAfterApply(picked, { sha: 'a', status, ...(status === 'conflict' ? { conflictPaths: ['x'] } : {}) });
    expect(revised).toMatchObject({ decision, reason });
  });
  it('leaves a commit that was not picked alone', () => {
    const skipped = { ...picked, decision: 'skipped' as const, reason: 'empty' as const };
    expect(reviseAfterApply(skipped, { sha: 'a', status: 'conflict' })).toBe(skipped);
  });
});

describe('shouldWaitForRevalidation', () => {
  const gate = (name: string, passed: boolean) => ({ name, passed }) as never;
  it.each([
    {
      name: 'only the target moved, first time: wait',
      decidedBy: 'target-unchanged',
      gates: [gate('risk', true), gate('target-unchanged', false)],
      before: false,
      wait: true,
    },
    {
      name: 'only the target moved, waited before: propose',
      decidedBy: 'target-unchanged',
      gates: [gate('risk', true), gate('target-unchanged', false)],
      before: true,
      wait: false,
    },
    {
      name: 'the target moved and a check failed: propose',
      decidedBy: 'target-unchanged',
      gates: [gate('checks', false), gate('target-unchanged', false)],
      before: false,
      wait: false,
    },
    { name: 'all gates passed: no wait', decidedBy: 'all-gates-passed', gates: [gate('risk', true)], before: false, wait: false },
  ] as const)('$name', ({ decidedBy, gates, before, wait }) => {
    expect(shouldWaitForRevalidation({ decidedBy, gates: [...gates] }, before)).toBe(wait);
  });
});
