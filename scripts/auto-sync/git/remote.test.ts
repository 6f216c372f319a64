import { createServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { TestRepo } from '../test/helpers/repo.ts';
import { Git } from './git.ts';
import { fetchSource, lsRemoteHead } from './remote.ts';

// A host that accepts the connection and never answers must not hang a run: each call is bounded,
// retried as transient, and ends as SOURCE_UNREACHABLE.

const sockets: Socket[] = [];
const server = createServer((socket) => sockets.push(socket));
const repos: TestRepo[] = [];
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
  for (const r of repos) r.remove();
});

describe('network bounds', () => {
  it('a host that never answers is SOURCE_UNREACHABLE within the limit, for ls-remote and fetch', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const repo = TestRepo.init();
    repos.push(repo);
    const git = new Git(repo.dir, new ProcessRunner(), process.env);
    const remote = {
      name: 'silent',
      url: `http://127.0.0.1:${port}/a/b.git`,
      branch: 'main',
      token: 'tok_abcdefgh',
      tokenEnv: 'SOURCE_PAT',
    };
    const retries: number[] = [];
    const policy = {
      attempts: 2,
      backoffMs: 10,
      timeoutMs: { lsRemote: 1500, fetch: 1500 },
      onRetry: (i: { attempt: number }) => void retries.push(i.attempt),
    };
    const started = performance.now();
    await expect(lsRemoteHead(git, remote, policy)).rejects.toMatchObject({
      code: 'SOURCE_UNREACHABLE',
      message: expect.stringMatching(/no answer within 1\.5 s/),
    });
    await expect(fetchSource(git, remote, policy)).rejects.toMatchObject({ code: 'SOURCE_UNREACHABLE' });
    expect(retries).toEqual([1, 1]);
    // Two calls × two attempts × 1.5 s, plus the kill grace: far from a hang.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
