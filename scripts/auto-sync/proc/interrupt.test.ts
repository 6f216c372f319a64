import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, waitGone } from '../test/helpers/checks.ts';
import { trackedChildren } from './children.ts';
import { handleSignals, interruption, resetInterruption, stopRequested, stopSignal, throwIfStopped } from './interrupt.ts';
import { ProcessRunner } from './run.ts';
import { NO_SANDBOX } from './sandbox.ts';
import { makeTempDir } from './temp.ts';

// Stop signals in one process: the handlers are driven with process.emit, so nothing real is
// signalled but the children this test starts.

afterEach(() => resetInterruption());

describe('stop signals', () => {
  it('SIGTERM: sibling code ended, none started, steps refused, git left to finish; a second signal kills everything and exits', async () => {
    const listeners = process.listenerCount('SIGTERM');
    const warnings: string[] = [];
    let exited: number | undefined;
    const handling = handleSignals({
      warn: (line) => warnings.push(line),
      exit: ((code: number) => {
        exited = code;
      }) as (code: number) => never,
    });
    try {
      const runner = new ProcessRunner();
      const sandbox = NO_SANDBOX.scope({ writable: [], readOnly: [], hidden: [] });
      // Sibling code: a smoke-server-like group leader with a grandchild in its group, and a check
      // run in its group. auto-sync's own: a bounded command in a group of its own (a state push).
      const group = runner.start('sh', ['-c', 'sleep 30 & echo $! ; wait'], {
        env: { PATH: process.env.PATH },
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true,
        sandbox,
      });
      const grandchild = await new Promise<number>((resolve) =>
        group.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
      );
      const check = runner.run('sleep', ['30'], { env: { PATH: process.env.PATH }, sandbox, group: true });
      const marker = `own-${process.pid}-${Date.now()}`;
      const own = runner.run('sh', ['-c', `sleep 30; : ${marker}`], { env: { PATH: process.env.PATH }, timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(trackedChildren()).toBeGreaterThanOrEqual(3);
      const ownPid = (await import('node:child_process')).execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim();
      const dir = await makeTempDir('home');

      expect(stopRequested()).toBe(false);
      process.emit('SIGTERM', 'SIGTERM');
      expect(stopRequested()).toBe(true);
      expect(stopSignal().aborted).toBe(true);
      expect(interruption()).toEqual({ signal: 'SIGTERM', exitCode: 143 });
      expect(await waitGone(grandchild)).toBe(true);
      expect(await waitGone(group.pid!)).toBe(true);
      expect((await check).signal).toBe('SIGTERM');
      expect(isAlive(Number(ownPid))).toBe(true);
      expect(warnings[0]).toMatch(/^SIGTERM received: stopping/);
      expect(() => throwIfStopped('publish')).toThrow(/SIGTERM received: publish not started/);

      const refused = await runner.run('true', [], {
        env: { PATH: process.env.PATH },
        sandbox: NO_SANDBOX.scope({ writable: [], readOnly: [], hidden: [] }),
      });
      expect(refused.ok).toBe(false);
      expect(refused.startError).toMatch(/not started: auto-sync is stopping/);
      // Plain commands (git, the state write) still run: what was delivered gets recorded.
      expect((await runner.run('true', [], { env: { PATH: process.env.PATH } })).ok).toBe(true);

      process.emit('SIGINT', 'SIGINT');
      expect(exited).toBe(143);
      expect(existsSync(dir)).toBe(false);
      expect(isAlive(grandchild)).toBe(false);
      expect((await own).signal).toBe('SIGKILL');
    } finally {
      handling.dispose();
    }
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });
});
