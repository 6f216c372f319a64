import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../env.ts';
import { remoteFor } from './plan.ts';

describe('remoteFor', () => {
  const env = readEnvironment({ SOURCE_PAT: 'ghp_secret' });
  it.each([
    { url: 'https://github.com/a/b.git', token: true },
    { url: 'HTTPS://github.com/a/b.git', token: true },
    { url: 'http://github.com/a/b.git', token: false },
    { url: 'http://example.test:8080/a/b.git', token: false },
    { url: 'http://127.0.0.1:4321/a/b.git', token: true },
    { url: 'http://localhost/a/b.git', token: true },
    { url: 'http://127.0.0.1.evil.test/a/b.git', token: false },
    { url: 'ssh://git@github.com/a/b.git', token: false },
    { url: '/srv/a/b.git', token: false },
  ])('$url gets a token: $token', ({ url, token }) => {
    const remote = remoteFor({ name: 's', url, branch: 'main', tokenEnv: 'SOURCE_PAT' } as never, env);
    expect(remote.token !== undefined).toBe(token);
  });
});
