import { describe, expect, it } from 'vitest';
import type { Logger } from './log.ts';
import { formatDuration, joinOutput, runStep } from './progress.ts';

function plainLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (prefix: string) => (message: string) => void lines.push(prefix + message);
  return { lines, info: push(''), warn: push('warning: '), error: push('error: '), debug: () => {}, out: push('out: ') };
}

/** Shaped like the Actions logger (output/actions.ts): groups and untrusted text, recorded. */
function runnerLogger() {
  const base = plainLogger();
  return Object.assign(base, {
    group: async <T>(name: string, fn: () => Promise<T>) => {
      base.lines.push(`::group::${name}`);
      const value = await fn();
      base.lines.push('::endgroup::');
      return value;
    },
    untrusted: (text: string) => void base.lines.push(`[untrusted] ${text}`),
    annotate: () => {},
  });
}

const start = { label: 'verify alpha: install', command: 'npm ci --ignore-scripts', limitMs: 900_000 };

describe('runStep', () => {
  it.each([
    ['passed', 12_345, undefined, 'auto-sync: verify alpha: install passed in 12.3 s'],
    ['failed', 1_000, undefined, 'auto-sync: verify alpha: install failed in 1.0 s'],
    ['timed-out', 900_000, undefined, 'auto-sync: verify alpha: install timed out in 900.0 s'],
    ['error', 5, undefined, 'auto-sync: verify alpha: install could not run in 0.0 s'],
    ['passed', 2_000, '(HTTP 200)', 'auto-sync: verify alpha: install passed in 2.0 s (HTTP 200)'],
  ])('says when it starts and how it ended: %s', async (status, durationMs, note, endLine) => {
    const log = plainLogger();
    const value = await runStep(
      log,
      start,
      async () => 42,
      () => ({ status, durationMs, output: 'printed', ...(note ? { note } : {}) }),
    );
    expect(value).toBe(42);
    // Off a runner the output is not printed (the report has what matters).
    expect(log.lines).toEqual(['auto-sync: verify alpha: install (npm ci --ignore-scripts) started, up to 15 min', endLine]);
  });

  it('on a runner puts the output in a group headed by the end line, as untrusted text', async () => {
    const log = runnerLogger();
    await runStep(
      log,
      start,
      async () => undefined,
      () => ({ status: 'passed', durationMs: 1_500, output: '\nadded 3 packages\n::error::x\n' }),
    );
    expect(log.lines).toEqual([
      'auto-sync: verify alpha: install (npm ci --ignore-scripts) started, up to 15 min',
      '::group::auto-sync: verify alpha: install passed in 1.5 s',
      '[untrusted] added 3 packages\n::error::x',
      '::endgroup::',
    ]);
  });

  it('prints no empty group', async () => {
    const log = runnerLogger();
    await runStep(
      log,
      { label: 'verify alpha: check lint' },
      async () => undefined,
      () => ({ status: 'passed', durationMs: 10, output: ' \n' }),
    );
    expect(log.lines).toEqual(['auto-sync: verify alpha: check lint started', 'auto-sync: verify alpha: check lint passed in 0.0 s']);
  });

  it('says when a step stopped by throwing, and rethrows', async () => {
    const log = plainLogger();
    const failing = runStep(
      log,
      start,
      async () => {
        throw new Error('boom');
      },
      () => ({ status: 'passed', durationMs: 0 }),
    );
    await expect(failing).rejects.toThrow('boom');
    expect(log.lines[1]).toMatch(/^auto-sync: verify alpha: install stopped after \d+\.\d s$/);
  });
});

describe('joinOutput and formatDuration', () => {
  it.each([
    ['out\n', '', 'out'],
    ['', 'err\n', '--- stderr ---\nerr'],
    ['out', 'err', 'out\n--- stderr ---\nerr'],
    ['', '', ''],
  ])('%j + %j', (stdout, stderr, joined) => expect(joinOutput(stdout, stderr)).toBe(joined));

  it.each([
    [600_000, '10 min'],
    [90_000, '2 min'],
    [30_000, '30.0 s'],
  ])('%i ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
