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
  it('SIGTERM: every child group ended, no sibling code started, steps refused; a second signal exits at once', async () => {
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
      // A group leader and a grandchild in its group; and a plain child.
      const group = runner.start('sh', ['-c', 'sleep 30 & echo $! ; wait'], {
        env: { PATH: process.env.PATH },
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true,
      });
      const grandchild = await new Promise<number>((resolve) =>
        group.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
      );
      const plain = runner.run('sleep', ['30'], { env: { PATH: process.env.PATH } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(trackedChildren()).toBeGreaterThanOrEqual(2);
      const dir = await makeTempDir('home');

      expect(stopRequested()).toBe(false);
      process.emit('SIGTERM', 'SIGTERM');
      expect(stopRequested()).toBe(true);
      expect(stopSignal().aborted).toBe(true);
      expect(interruption()).toEqual({ signal: 'SIGTERM', exitCode: 143 });
      expect(await waitGone(grandchild)).toBe(true);
      expect(await waitGone(group.pid!)).toBe(true);
      expect((await plain).signal).toBe('SIGTERM');
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
    } finally {
      handling.dispose();
    }
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });
});
