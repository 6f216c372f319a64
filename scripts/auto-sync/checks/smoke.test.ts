import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { detectSandbox, grantToSandbox } from '../proc/sandbox.ts';
import { scrubEnv } from './scrub-env.ts';
import { probeUrl, runSmoke, type SmokeProbe } from './smoke.ts';
import { isAlive, readPid, TOOLS, waitGone } from '../test/helpers/checks.ts';

// A server that forks a grandchild ignoring SIGTERM, then listens on $PORT after a delay and answers
// /health with the status given as its first argument.
const SERVER = `
import http from 'node:http';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const [status = '200', delay = '0'] = process.argv.slice(2);
const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
writeFileSync('grandchild.pid', String(child.pid));
writeFileSync('server.pid', String(process.pid));
setTimeout(() => {
  http
    .createServer((req, res) => { res.statusCode = req.url === '/health' ? Number(status) : 404; res.end('ok'); })
    .listen(Number(process.env.PORT), process.env.HOST, () => console.log('listening on ' + process.env.HOST + ':' + process.env.PORT));
}, Number(delay));
`;

let dir: string;
let runner: ProcessRunner;
const env = scrubEnv(process.env);
const probe = (start: SmokeProbe['start'], extra: Partial<SmokeProbe> = {}): SmokeProbe => ({
  name: 'web',
  start,
  url: '/health',
  expectStatus: 200,
  timeoutMs: 10_000,
  ...extra,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smoke-'));
  writeFileSync(join(dir, 'server.mjs'), SERVER);
  runner = new ProcessRunner();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runSmoke', () => {
  it('passes once the server answers, then kills the server and the grandchild it forked', async () => {
    const result = await runSmoke(runner, probe([TOOLS.node, 'server.mjs', '200', '400']), { cwd: dir, env });
    expect(result).toMatchObject({ name: 'web', status: 'passed', httpStatus: 200 });
    expect(result.durationMs).toBeGreaterThanOrEqual(400);
    expect(result.outputTail).toMatch(/^listening on 127\.0\.0\.1:\d+$/);
    expect(runner.spawned).toBe(1);
    const grandchild = readPid(join(dir, 'grandchild.pid'));
    expect(await waitGone(grandchild)).toBe(true);
    expect(isAlive(readPid(join(dir, 'server.pid')))).toBe(false);
  });

  it('accepts a full loopback URL with {port}', async () => {
    const result = await runSmoke(runner, probe([TOOLS.node, 'server.mjs'], { url: 'http://127.0.0.1:{port}/health' }), { cwd: dir, env });
    expect(result.status).toBe('passed');
  });

  it('fails with the status when the server answers, but never as expected', async () => {
    const result = await runSmoke(runner, probe([TOOLS.node, 'server.mjs', '500'], { timeoutMs: 1_500 }), { cwd: dir, env });
    expect(result).toMatchObject({ status: 'failed', httpStatus: 500, message: expect.stringMatching(/answered 500, expected 200/) });
    expect(await waitGone(readPid(join(dir, 'grandchild.pid')))).toBe(true);
  });

  it('fails fast with the output tail when the server exits before answering', async () => {
    const result = await runSmoke(runner, probe('echo starting; echo "bad config: DATABASE_URL missing" >&2; exit 3'), { cwd: dir, env });
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/exited \(exit code 3\) before answering http:\/\/127\.0\.0\.1:\d+\/health/);
    expect(result.outputTail).toBe('starting\nbad config: DATABASE_URL missing');
    expect(result.durationMs).toBeLessThan(3_000);
  });

  it('times out when nothing ever listens, and still kills the command', async () => {
    const result = await runSmoke(runner, probe('echo $$ > leader.pid; sleep 30 & echo $! > child.pid; wait', { timeoutMs: 800 }), {
      cwd: dir,
      env,
    });
    expect(result.status).toBe('timed-out');
    expect(result.httpStatus).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(800);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(await waitGone(readPid(join(dir, 'leader.pid')))).toBe(true);
    expect(await waitGone(readPid(join(dir, 'child.pid')))).toBe(true);
  });

  it.runIf(process.platform === 'linux')(
    'in a sandbox: probed over loopback, and a daemon it started with setsid is gone after stop',
    async () => {
      const sandbox = await detectSandbox(runner, 'auto');
      if (sandbox.mode === 'none') return; // nothing to test on this machine (the sandbox tests say why)
      chmodSync(dir, 0o755); // as root the server runs as the sandbox uid, which must reach its directory
      await grantToSandbox(sandbox, dir);
      const marker = `smoke-sandbox-daemon-${process.pid}`;
      const start = `setsid sh -c 'sleep 300; : ${marker}' </dev/null >/dev/null 2>&1 & exec ${JSON.stringify(TOOLS.node)} server.mjs 200`;
      const scope = sandbox.scope({ writable: [dir], readOnly: [], hidden: [] });
      const result = await runSmoke(runner, probe(start), { cwd: dir, env, sandbox: scope });
      expect(result).toMatchObject({ status: 'passed', httpStatus: 200 });
      const holds = (pid: string) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
        } catch {
          return false; // gone meanwhile
        }
      };
      const alive = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && holds(pid));
      for (let i = 0; i < 20 && alive().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(alive()).toEqual([]);
    },
  );

  it('refuses a URL off this machine without starting anything', async () => {
    for (const url of ['http://example.com:{port}/', 'http://0.0.0.0:{port}/', 'http://10.0.0.1:{port}/', 'ftp://127.0.0.1/']) {
      const result = await runSmoke(runner, probe([TOOLS.node, 'server.mjs'], { url }), { cwd: dir, env });
      expect(result.status).toBe('error');
    }
    expect(runner.spawned).toBe(0);
  });

  it('reports a missing executable as an error', async () => {
    const result = await runSmoke(runner, probe(['no-such-server-for-auto-sync']), { cwd: dir, env });
    expect(result).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/could not start `no-such-server-for-auto-sync`: .*ENOENT/),
    });
  });
});

describe('probeUrl', () => {
  it('puts a path on 127.0.0.1 and fills in the port', () => {
    expect(String(probeUrl('/health?x=1', 4321))).toBe('http://127.0.0.1:4321/health?x=1');
    expect(String(probeUrl('http://localhost:{port}/', 80))).toBe('http://localhost/');
    expect(String(probeUrl('http://[::1]:{port}/ready', 5000))).toBe('http://[::1]:5000/ready');
    expect(probeUrl('http://127.0.0.1.example.com:{port}/', 1)).toMatch(/must point at this machine/);
    expect(probeUrl('not a url', 1)).toMatch(/not a URL/);
  });
});
