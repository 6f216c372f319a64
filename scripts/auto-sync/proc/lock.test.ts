import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSyncError } from '../errors.ts';
import { makeTempDir, TestRepo } from '../test/helpers/repo.ts';
import { acquireLock, lockPathFor, tryLock, type HeldLock, type LockHolder } from './lock.ts';
import { processStart } from './pid.ts';

// The run lock: exclusive, says who holds it, waits a bounded time, and takes a stale lock over
// with exactly one winner however many runs try at once (in one process and across processes).

const OPTIONS = { command: 'run --apply', staleMs: 60_000 };

/** A pid that surely runs no more: a process that has exited and been reaped. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

function holder(fields: Partial<LockHolder>): LockHolder {
  return { pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: hostname(), command: 'run --apply', nonce: 'abc123', ...fields };
}

function lockIn(): string {
  return join(makeTempDir('auto-sync-lock-test-'), 'auto-sync.lock');
}

const held = (attempt: HeldLock | { held: LockHolder | undefined }): attempt is HeldLock => 'release' in attempt;

describe('run lock', () => {
  it('is exclusive, names its holder, and is gone once released', async () => {
    const path = lockIn();
    const first = await tryLock(path, OPTIONS);
    if (!held(first)) throw new Error('not taken');
    const content = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    expect(content).toMatchObject({ pid: process.pid, host: hostname(), command: 'run --apply' });
    expect(Date.parse(content.startedAt)).toBeGreaterThan(Date.now() - 10_000);
    const second = await tryLock(path, OPTIONS);
    expect(held(second)).toBe(false);
    expect(!held(second) && second.held?.nonce).toBe(first.holder.nonce);
    await first.release();
    expect(existsSync(path)).toBe(false);
    const third = await tryLock(path, OPTIONS);
    expect(held(third)).toBe(true);
    if (held(third)) third.releaseSync();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it('waits a bounded time, then fails with LOCKED naming the holder', async () => {
    const path = lockIn();
    const first = await tryLock(path, OPTIONS);
    if (!held(first)) throw new Error('not taken');
    const started = Date.now();
    let waited: LockHolder | undefined;
    const error = await acquireLock(path, { ...OPTIONS, waitMs: 300, pollMs: 50, onWait: (h) => (waited = h) }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(waited?.pid).toBe(process.pid);
    expect(isSyncError(error) && error.code).toBe('LOCKED');
    expect(isSyncError(error) && error.message).toContain(`pid ${process.pid}`);
    expect(isSyncError(error) && error.message).toContain(first.holder.startedAt);
    expect(isSyncError(error) && error.hint).toContain(`kill ${process.pid}`);
    // Released while another waits: the waiter gets it.
    setTimeout(() => void first.release(), 100);
    const second = await acquireLock(path, { ...OPTIONS, waitMs: 5_000, pollMs: 20 });
    expect(second.holder.pid).toBe(process.pid);
    await second.release();
  });

  it('stops waiting when a stop signal arrives, with the signal’s reason', async () => {
    const path = lockIn();
    const first = await tryLock(path, OPTIONS);
    if (!held(first)) throw new Error('not taken');
    const controller = new AbortController();
    const reason = new Error('stopping');
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    await expect(acquireLock(path, { ...OPTIONS, waitMs: 30_000, pollMs: 5_000, signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2_000);
    await first.release();
  });

  it('takes over a lock whose process is gone, or whose pid now runs another process', async () => {
    const path = lockIn();
    const dead = holder({ nonce: 'dead1' });
    writeFileSync(path, JSON.stringify(dead));
    const taken = await tryLock(path, OPTIONS);
    if (!held(taken)) throw new Error('not taken over');
    expect(taken.tookOver).toMatchObject({ pid: dead.pid, nonce: 'dead1' });
    await taken.release();
    // The parent runs, but it is not the process that wrote the lock (another start time).
    writeFileSync(path, JSON.stringify(holder({ pid: process.ppid, nonce: 'reused', processStart: '1' })));
    expect(held(await tryLock(path, OPTIONS))).toBe(processStart(process.ppid) !== undefined);
  });

  it('leaves a live holder alone however old its lock, and judges other hosts and unreadable files by age', async () => {
    const old = new Date(Date.now() - 3_600_000);
    const live = lockIn();
    writeFileSync(live, JSON.stringify(holder({ pid: process.ppid, processStart: processStart(process.ppid) })));
    utimesSync(live, old, old);
    expect(held(await tryLock(live, OPTIONS))).toBe(false);

    const remote = lockIn();
    writeFileSync(remote, JSON.stringify(holder({ host: 'elsewhere.example', pid: 1 })));
    expect(held(await tryLock(remote, OPTIONS))).toBe(false);
    utimesSync(remote, old, old);
    expect(held(await tryLock(remote, OPTIONS))).toBe(true);

    const garbage = lockIn();
    writeFileSync(garbage, 'not json at all');
    const fresh = await tryLock(garbage, OPTIONS);
    expect(held(fresh)).toBe(false);
    const error = await acquireLock(garbage, { ...OPTIONS, waitMs: 0 }).catch((e: unknown) => e);
    expect(isSyncError(error) && error.hint).toContain(`remove ${garbage}`);
    utimesSync(garbage, old, old);
    const taken = await tryLock(garbage, OPTIONS);
    expect(held(taken) && taken.tookOver).toBe('unknown');
  });

  it('is not blocked by a takeover token its taker left when it died', async () => {
    const path = lockIn();
    writeFileSync(path, JSON.stringify(holder({ nonce: 'stale9' })));
    writeFileSync(`${path}.takeover-stale9`, JSON.stringify(holder({ nonce: 'taker1' })));
    const taken = await tryLock(path, OPTIONS);
    expect(held(taken)).toBe(true);
    if (held(taken)) await taken.release();
    await new Promise((resolve) => setTimeout(resolve, 50)); // leftovers are swept in the background
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  it('gives a stale lock to exactly one of many runs trying at once (one process)', async () => {
    const rounds = Number(process.env.AUTO_SYNC_LOCK_RACE_ROUNDS ?? 10);
    for (let round = 0; round < rounds; round++) {
      const path = lockIn();
      writeFileSync(path, JSON.stringify(holder({ nonce: `stale${round}` })));
      const attempts = await Promise.all(Array.from({ length: 20 }, () => tryLock(path, OPTIONS)));
      const winners = attempts.filter(held);
      expect(winners).toHaveLength(1);
      expect(JSON.parse(readFileSync(path, 'utf8')).nonce).toBe(winners[0]!.holder.nonce);
      // Losers name the winner, or the stale holder when they looked before the winner was done.
      for (const lost of attempts.filter((a) => !held(a)))
        expect([winners[0]!.holder.nonce, `stale${round}`]).toContain((lost as { held?: LockHolder }).held?.nonce);
      await winners[0]!.release();
    }
  });

  it('gives a stale lock to exactly one of many processes trying at once', async () => {
    const rounds = Number(process.env.AUTO_SYNC_LOCK_RACE_ROUNDS ?? 2);
    const module = fileURLToPath(new URL('./lock.ts', import.meta.url));
    const tsx = import.meta.resolve('tsx');
    for (let round = 0; round < rounds; round++) {
      const path = lockIn();
      writeFileSync(path, JSON.stringify(holder({ nonce: `multi${round}` })));
      const go = Date.now() + 1_500; // all start trying at the same moment, once loaded
      const script = `
        const { tryLock } = await import(${JSON.stringify(module)});
        while (Date.now() < ${go}) await new Promise((r) => setTimeout(r, 1));
        const attempt = await tryLock(${JSON.stringify(path)}, { command: 'race', staleMs: 60000 });
        console.log('release' in attempt ? 'won' : 'lost');
        await new Promise((r) => setTimeout(r, 300));`;
      const outcomes = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            new Promise<string>((resolve, reject) =>
              execFile(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { timeout: 30_000 }, (error, stdout) =>
                error ? reject(error) : resolve(stdout.trim()),
              ),
            ),
        ),
      );
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'lost')).toHaveLength(5);
    }
  });

  it('lives in the git directory shared by every work tree of the target', () => {
    const repo = TestRepo.init();
    repo.commit('chore: initial', { 'a.txt': 'a\n' });
    expect(lockPathFor(repo.dir)).toBe(join(repo.dir, '.git', 'auto-sync.lock'));
    const linked = join(makeTempDir(), 'linked');
    repo.git(['worktree', 'add', '--quiet', '-b', 'other', linked]);
    expect(lockPathFor(linked)).toBe(join(repo.dir, '.git', 'auto-sync.lock'));
    const bare = makeTempDir();
    mkdirSync(join(bare, 'objects'));
    expect(lockPathFor(bare)).toBe(join(bare, 'auto-sync.lock'));
  });
});
