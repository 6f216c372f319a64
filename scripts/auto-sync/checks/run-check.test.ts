import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { MAX_OUTPUT_CHARS, runCheck, type CheckSpec } from './run-check.ts';
import { scrubEnv } from './scrub-env.ts';
import { readPid, TOOLS, waitGone } from '../test/helpers/checks.ts';

let dir: string;
let runner: ProcessRunner;
const env = scrubEnv({ ...process.env, GITHUB_TOKEN: 'ghs_do_not_leak' });
const check = (run: CheckSpec['run'], extra: Partial<CheckSpec> = {}): CheckSpec => ({
  name: 'check',
  run,
  timeoutMs: 10_000,
  parser: 'none',
  ...extra,
});
const node = JSON.stringify(TOOLS.node);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-check-'));
  runner = new ProcessRunner();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runCheck', () => {
  it('passes on exit 0 and fails on any other exit, with the diagnosis of its output', async () => {
    const passed = await runCheck(runner, check(['true']), { cwd: dir, env });
    expect(passed).toMatchObject({ name: 'check', status: 'passed', exitCode: 0, signal: undefined });

    const failed = await runCheck(runner, check(`echo "src/a.ts(3,1): error TS2322: Bad." ; exit 2`, { parser: 'tsc' }), { cwd: dir, env });
    expect(failed).toMatchObject({ status: 'failed', exitCode: 2 });
    expect(failed.diagnosis.errors).toBe(1);
    expect(failed.diagnosis.findings).toEqual(['src/a.ts TS2322 Bad.']);
  });

  it('gives the child the scrubbed environment exactly, and stdin at end-of-file', async () => {
    const printed = await runCheck(runner, check('env; cat'), { cwd: dir, env });
    expect(printed.status).toBe('passed'); // `cat` returned: stdin was closed
    expect(printed.diagnosis.tail).toContain('GIT_TERMINAL_PROMPT=0');
    expect(printed.diagnosis.tail).not.toContain('ghs_do_not_leak');
  });

  it('on timeout kills the whole group, including a grandchild that ignores SIGTERM', async () => {
    // Both the shell and its child ignore SIGTERM, so only the SIGKILL to the group can end them.
    const script = `trap '' TERM; echo $$ > leader.pid; ${node} -e "process.on('SIGTERM', () => {}); require('fs').writeFileSync('child.pid', String(process.pid)); setInterval(() => {}, 1000)" & wait`;
    const started = Date.now();
    const result = await runCheck(runner, check(script, { timeoutMs: 1_500 }), { cwd: dir, env });
    expect(result.status).toBe('timed-out');
    expect(result.signal).toBe('SIGKILL');
    expect(result.message).toMatch(/did not finish within 1500 ms/);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await waitGone(readPid(join(dir, 'child.pid')))).toBe(true);
    expect(await waitGone(readPid(join(dir, 'leader.pid')))).toBe(true);
  });

  it('does not wait for a background process the check left behind, and kills it', async () => {
    const started = Date.now();
    const result = await runCheck(runner, check('sleep 30 & echo $! > bg.pid; echo done'), { cwd: dir, env });
    expect(result.status).toBe('passed');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await waitGone(readPid(join(dir, 'bg.pid')))).toBe(true);
  });

  it('treats a signal kill as a failure', async () => {
    const result = await runCheck(runner, check('kill -TERM $$'), { cwd: dir, env });
    expect(result).toMatchObject({ status: 'failed', signal: 'SIGTERM', exitCode: undefined });
    expect(result.message).toMatch(/killed by SIGTERM/);
  });

  it('reports a missing executable as an error with a clear message, in both forms', async () => {
    const argv = await runCheck(runner, check(['no-such-tool-for-auto-sync', '--version']), { cwd: dir, env });
    expect(argv.status).toBe('error');
    expect(argv.message).toMatch(/could not start `no-such-tool-for-auto-sync --version`: .*ENOENT/);
    expect(argv.hint).toMatch(/checks\[\]/);
    expect(argv.diagnosis.firstLines[0]).toBe(argv.message);

    const shell = await runCheck(runner, check('no-such-tool-for-auto-sync --version'), { cwd: dir, env });
    expect(shell.status).toBe('error');
    expect(shell.exitCode).toBe(127);
    expect(shell.message).toMatch(/command not found \(.*no-such-tool-for-auto-sync.*not found\)/);
  });

  it('reports a missing working directory as an error without starting anything', async () => {
    const result = await runCheck(runner, check(['true']), { cwd: join(dir, 'nope'), env });
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/does not exist/) });
    expect(runner.spawned).toBe(0);
  });

  it('bounds the output to head and tail, keeping the first and last errors', async () => {
    const script = `console.log('src/first.ts(1,1): error TS1000: First.'); for (let i = 0; i < 100000; i++) console.log('filler line ' + i); console.log('src/last.ts(9,9): error TS1001: Last.')`;
    const result = await runCheck(runner, check([TOOLS.node, '-e', script], { parser: 'tsc' }), { cwd: dir, env });
    expect(result.status).toBe('passed');
    expect(result.diagnosis.findings).toEqual(['src/first.ts TS1000 First.', 'src/last.ts TS1001 Last.']);

    const raw = await runner.run(TOOLS.node, ['-e', script], { env, maxOutputChars: MAX_OUTPUT_CHARS });
    expect(raw.stdout.length).toBeLessThan(MAX_OUTPUT_CHARS + 100);
    expect(raw.stdout).toMatch(/^src\/first\.ts/);
    expect(raw.stdout).toMatch(/src\/last\.ts\(9,9\): error TS1001: Last\.\n$/);
    expect(raw.stdout).toMatch(/… \[\d+ characters cut\] …/);
  });
});
