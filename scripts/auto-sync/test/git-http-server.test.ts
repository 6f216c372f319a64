import { execa } from 'execa';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gitBaseEnv, withToken } from '../git/git.ts';
import { startGitHttpServer, type GitHttpServer } from './helpers/git-http-server.ts';
import { TEST_GIT_ENV, TestRepo, makeTempDir } from './helpers/repo.ts';

// What git 2.39 prints (LC_ALL=C, GIT_TERMINAL_PROMPT=0, token via GIT_CONFIG_* as in git.ts), exit code 128.
// A `remote: <text>` line comes first whenever the error response is text/plain; it is the server's body
// (here the reason phrase, on GitHub its own text), so classify on the `fatal:` line only.
//   401 (no token, wrong token, injected 401) — no status code and no "Authentication" in the text, because
//       git tries to ask for a username and may not:
//         fatal: could not read Username for 'http://127.0.0.1:PORT': terminal prompts disabled
//   404 (injected, or no such repository):
//         remote: Not Found                         (only when the body is text/plain)
//         fatal: repository 'http://127.0.0.1:PORT/demo.git/' not found
//   500 / 502 / 503:
//         remote: Service Unavailable
//         fatal: unable to access 'http://127.0.0.1:PORT/demo.git/': The requested URL returned error: 503
//   hang, with -c http.lowSpeedLimit=1 -c http.lowSpeedTime=1 (fails after ~1 s):
//         fatal: unable to access 'http://127.0.0.1:PORT/demo.git/': Operation too slow. Less than 1 bytes/sec transferred the last 1 seconds
//   hang, then the server closes the connection:
//         fatal: unable to access 'http://127.0.0.1:PORT/demo.git/': Empty reply from server

const TOKEN = 'test-token-3f9a';

async function git(args: readonly string[], options: { token?: string; cwd?: string } = {}) {
  const started = Date.now();
  const result = await execa('git', args, {
    cwd: options.cwd,
    env: withToken({ ...gitBaseEnv(process.env), ...TEST_GIT_ENV }, options.token),
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), ms: Date.now() - started };
}

// A chain of commits, newer than anything on the server (git offers newest first), so a fetch
// negotiates many `have` lines before it finds the common commit. One fast-import process keeps it quick.
function addLocalHistory(repo: TestRepo, count: number): void {
  let input = '';
  for (let i = 1; i <= count; i++) {
    input += `commit refs/heads/local\ncommitter L <l@example.test> ${1_800_000_000 + i} +0000\ndata <<EOF\nlocal ${i}\nEOF\n\n`;
  }
  repo.git(['fast-import', '--quiet'], { input });
}

describe('git smart-HTTP test server', () => {
  let root: string;
  let bare: TestRepo;
  let source: TestRepo;
  let server: GitHttpServer;

  beforeAll(async () => {
    root = makeTempDir('auto-sync-http-');
    source = TestRepo.init();
    source.commit('first', { 'a.txt': 'one\n' });
    bare = TestRepo.clone(source.dir, { dir: join(root, 'demo.git'), bare: true });
    server = await startGitHttpServer({ root, token: TOKEN });
  });
  afterEach(() => server.clearFaults());
  afterAll(async () => {
    await server.close();
    source.remove();
    bare.remove();
  });

  it('serves ls-remote, clone and fetch (protocol v2, gzip bodies) with the token from GIT_CONFIG_*', async () => {
    const url = server.urlFor('demo');
    const listed = await git(['ls-remote', url], { token: TOKEN });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${bare.head('main')}\trefs/heads/main`);
    // With protocol v2 ls-remote is GET info/refs plus a POST ls-refs; v0 would stop after the GET.
    expect(server.requests.slice(-2).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /demo.git/info/refs 200',
      'POST /demo.git/git-upload-pack 200',
    ]);

    const clone = new TestRepo(join(makeTempDir(), 'clone'));
    const cloned = await git(['clone', '--quiet', '--', url, clone.dir], { token: TOKEN });
    expect(cloned.exitCode, cloned.stderr).toBe(0);
    expect(clone.head()).toBe(bare.head('main'));

    addLocalHistory(clone, 300);
    source.commit('second', { 'b.txt': 'two\n' });
    source.git(['push', '--quiet', bare.dir, 'main']);
    const fetched = await git(['fetch', '--quiet', 'origin'], { token: TOKEN, cwd: clone.dir });
    expect(fetched.exitCode, fetched.stderr).toBe(0);
    expect(clone.head('origin/main')).toBe(source.head());
    // 300 haves make the negotiation body large enough for git to gzip it.
    expect(server.requests.some((r) => r.gzip && r.status === 200)).toBe(true);

    expect(server.requests.every((r) => r.authorized)).toBe(true);
    const log = JSON.stringify(server.requests);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
    clone.remove();
  });

  it('accepts Basic with any user or Bearer, and answers 401 with a Basic challenge otherwise', async () => {
    const url = `${server.urlFor('demo')}/info/refs?service=git-upload-pack`;
    const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;
    const statusFor = async (authorization?: string) => {
      const response = await fetch(url, { headers: authorization ? { authorization } : {} });
      await response.arrayBuffer();
      return { status: response.status, challenge: response.headers.get('www-authenticate') };
    };
    expect((await statusFor(basic(`anyone:${TOKEN}`))).status).toBe(200);
    expect((await statusFor(`Bearer ${TOKEN}`)).status).toBe(200);
    expect(await statusFor(basic(`${TOKEN}:`))).toEqual({ status: 401, challenge: 'Basic realm="test"' });
    expect((await statusFor(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await statusFor()).status).toBe(401);
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'wrong-token'],
  ])('fails fast without prompting when given %s', async (_label, token) => {
    const before = server.requests.length;
    const result = await git(['ls-remote', server.urlFor('demo')], { token });
    expect(result.exitCode).toBe(128);
    expect(result.stderr).toMatch(/^fatal: could not read Username for 'http:\/\/127\.0\.0\.1:\d+': terminal prompts disabled$/m);
    expect(result.ms).toBeLessThan(10_000);
    expect(server.requests.slice(before).map((r) => [r.status, r.authorized])).toEqual([[401, false]]);
  });

  it('accepts a push with the token', async () => {
    const clone = new TestRepo(join(makeTempDir(), 'clone'));
    expect((await git(['clone', '--quiet', '--', server.urlFor('demo'), clone.dir], { token: TOKEN })).exitCode).toBe(0);
    const sha = clone.commit('pushed over http', { 'c.txt': 'three\n' });
    const pushed = await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], { token: TOKEN, cwd: clone.dir });
    expect(pushed.exitCode, pushed.stderr).toBe(0);
    expect(bare.head('main')).toBe(sha);
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/demo.git/git-receive-pack', status: 200 });
    clone.remove();
  });

  it('injects 5xx for the next request only, then serves again', async () => {
    for (const status of [500, 502, 503] as const) {
      server.inject({ status, count: 1 });
      const failed = await git(['ls-remote', server.urlFor('demo')], { token: TOKEN });
      expect(failed.exitCode).toBe(128);
      expect(failed.stderr).toMatch(
        new RegExp(`^fatal: unable to access '.*/demo\\.git/': The requested URL returned error: ${status}$`, 'm'),
      );
      expect((await git(['ls-remote', server.urlFor('demo')], { token: TOKEN })).exitCode).toBe(0);
    }
  });

  it('injects 404 and 401 with the texts git prints for a missing repository and refused credentials', async () => {
    server.inject({ status: 404, count: 1 });
    const missing = await git(['ls-remote', server.urlFor('demo')], { token: TOKEN });
    expect(missing.stderr).toMatch(/^fatal: repository 'http:\/\/127\.0\.0\.1:\d+\/demo\.git\/' not found$/m);
    const unknown = await git(['ls-remote', server.urlFor('nope')], { token: TOKEN });
    expect(unknown.stderr).toMatch(/^fatal: repository '.*\/nope\.git\/' not found$/m);
    server.inject({ status: 401, count: 1 });
    const refused = await git(['ls-remote', server.urlFor('demo')], { token: TOKEN });
    expect(refused.stderr).toMatch(/^fatal: could not read Username for '.*': terminal prompts disabled$/m);
  });

  it('survives a client that disconnects while the backend is reading its body', async () => {
    const before = server.requests.length;
    const { port } = new URL(server.baseUrl);
    const client = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/demo.git/git-upload-pack',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-git-upload-pack-request', 'content-length': '5000' },
    });
    client.on('error', () => {});
    client.write('0014command=ls-refs\n');
    await expect.poll(() => server.running).toBe(1);
    client.destroy();
    // The backend still waits for the rest of the body; only the server's disconnect handling ends it.
    await expect.poll(() => server.running).toBe(0);
    expect(server.requests.length).toBe(before + 1);
    expect((await git(['ls-remote', server.urlFor('demo')], { token: TOKEN })).exitCode).toBe(0);
  });
});

describe('hang fault', () => {
  it('lets a client time out, and close() does not wait for a hanging request', async () => {
    const root = makeTempDir('auto-sync-http-');
    TestRepo.init({ dir: join(root, 'demo.git'), bare: true });
    const server = await startGitHttpServer({ root, token: TOKEN });
    const url = server.urlFor('demo');

    server.inject({ hang: true, count: 2 });
    const slow = await git(['-c', 'http.lowSpeedLimit=1', '-c', 'http.lowSpeedTime=1', 'ls-remote', url], { token: TOKEN });
    expect(slow.exitCode).toBe(128);
    expect(slow.stderr).toMatch(
      /^fatal: unable to access '.*\/demo\.git\/': Operation too slow\. Less than 1 bytes\/sec transferred the last 1 seconds$/m,
    );
    expect(slow.ms).toBeLessThan(10_000);

    // No client timeout this time: only close() can end the request.
    const pending = git(['ls-remote', url], { token: TOKEN });
    await expect.poll(() => server.requests.length).toBe(2);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    const ended = await pending;
    expect(ended.exitCode).toBe(128);
    expect(ended.stderr).toMatch(/^fatal: unable to access '.*\/demo\.git\/': Empty reply from server$/m);
    expect(server.requests.map((r) => r.status)).toEqual([0, 0]);
  });
});
