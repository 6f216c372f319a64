import { describe, expect, it } from 'vitest';
import { describeBlockers } from '../plan/prerequisites.ts';
import type { State } from '../state/file.ts';
import { dashboardBody } from './dashboard.ts';

describe('dashboard', () => {
  it('groups commits held back by another commit: one line per blocking commit, with how many', () => {
    const esm = 'e'.repeat(40);
    const commits: State['sources'][string]['commits'] = {};
    for (let i = 0; i < 120; i++)
      commits[i.toString(16).padStart(40, '0')] = {
        decision: 'skipped',
        reason: 'blocked',
        at: '2026-01-01T00:00:00.000Z',
        detail: describeBlockers('blocked', [{ sha: esm, reason: 'breaking-change' }]),
      };
    commits['f'.repeat(40)] = { decision: 'skipped', reason: 'conflict', at: '2026-01-01T00:00:00.000Z', detail: 'conflicts in src/a.ts' };
    const state: State = { version: 1, sources: { web: { lastHead: null, watermark: null, updatedAt: '', commits } } } as State;
    const body = dashboardBody(state, { sources: [{ name: 'web', status: 'ok', error: null }] } as never);
    expect(body).toContain(`- \`${esm.slice(0, 12)}\` (breaking-change) holds back 120 commits`);
    expect(body).toContain('Held back by other commits (120 in all');
    // Only the commit without a named blocker gets a row of its own.
    expect(body.match(/^\| `/gm)).toHaveLength(1);
    expect(body).toContain('conflicts in src/a.ts');
  });
});
