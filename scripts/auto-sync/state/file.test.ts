import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test/helpers/repo.ts';
import { emptyState, readState, recordSource, writeState, isSettled } from './file.ts';
import type { CommitDecision } from '../plan/types.ts';

const d = (sha: string, reason: CommitDecision['reason']): CommitDecision => ({
  sha,
  subject: sha,
  type: 'feat',
  scope: null,
  breaking: false,
  author: 'A <a@b>',
  files: [],
  decision: reason === 'picked' ? 'picked' : 'skipped',
  reason,
});

describe('state', () => {
  it('advances the watermark only up to the first pending commit', () => {
    const next = recordSource(undefined, {
      head: 'h',
      listed: ['a', 'b', 'c', 'd'],
      decisions: [d('a', 'type-not-allowed'), d('b', 'empty'), d('c', 'breaking-change'), d('d', 'path-denied')],
      now: 't1',
    });
    expect(next.watermark).toBe('b');
    expect(isSettled(next, 'd')).toBe(true);
    expect(isSettled(next, 'c')).toBe(false);
    // Next run: c is allowed now; d is listed again but settled, and the watermark passes both.
    const after = recordSource(next, { head: 'h', listed: ['c', 'd'], decisions: [d('c', 'type-not-allowed')], now: 't2' });
    expect(after.watermark).toBe('d');
  });

  it("keeps the open proposal's integration record when the source moves on", () => {
    const integration = { branch: 'auto-sync/web', head: 'i1', commits: ['a'] };
    const before = { ...recordSource(undefined, { head: 'h1', listed: ['a'], decisions: [d('a', 'picked')], now: 't1' }), integration };
    const after = recordSource(before, { head: 'h2', listed: ['b'], decisions: [d('b', 'type-not-allowed')], now: 't2' });
    expect(after.lastHead).toBe('h2');
    expect(after.integration).toEqual(integration);
  });

  it('returns the same object when nothing changed (no rewrite)', () => {
    const first = recordSource(undefined, { head: 'h', listed: ['a'], decisions: [d('a', 'empty')], now: 't1' });
    expect(recordSource(first, { head: 'h', listed: ['a'], decisions: [d('a', 'empty')], now: 't2' })).toBe(first);
  });

  it('writes atomically, and only when the content changed', async () => {
    const dir = makeTempDir();
    const file = join(dir, '.neon', 'auto-sync-state.json');
    const state = emptyState();
    state.sources.web = recordSource(undefined, { head: 'h', listed: ['a'], decisions: [d('a', 'empty')], now: 't1' });
    expect(await writeState(file, state)).toBe(true);
    const mtime = statSync(file).mtimeMs;
    expect(await writeState(file, structuredClone(state))).toBe(false);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(await readState(file)).toEqual(state);
    expect(await readState(join(dir, 'missing.json'))).toEqual(emptyState());
  });

  it('refuses a corrupt file with a code', async () => {
    const file = join(makeTempDir(), 's.json');
    writeFileSync(file, '[1,2');
    await expect(readState(file)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    writeFileSync(file, '{"version":2,"sources":{}}');
    await expect(readState(file)).rejects.toMatchObject({ code: 'STATE_VERSION' });
    expect(readFileSync(file, 'utf8')).toBe('{"version":2,"sources":{}}');
  });
});
