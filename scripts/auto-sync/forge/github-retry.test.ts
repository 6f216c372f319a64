import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, classifyFailure, failedAttemptOf, retryVerdict, type FailedAttempt } from './github-retry.ts';

// The retry decision as a table: what GitHub's rate-limit pages call retryable, and nothing else.

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const attempt = (status: number | undefined, headers: FailedAttempt['headers'] = {}, message = ''): FailedAttempt => ({
  status,
  headers,
  message,
});
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
const none = { transient: 0, limited: 0 };

describe('classifyFailure', () => {
  it.each([
    ['429 retry-after 5', attempt(429, { 'retry-after': '5' }), { kind: 'rate-limit', which: 'retry-after', waitSeconds: 5 }],
    [
      '403 secondary with retry-after',
      attempt(403, { 'retry-after': '30' }, SECONDARY),
      { kind: 'rate-limit', which: 'secondary', waitSeconds: 30 },
    ],
    [
      '403 primary (remaining 0, reset in 90 s)',
      attempt(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 90) }, 'API rate limit exceeded'),
      { kind: 'rate-limit', which: 'primary', waitSeconds: 91 },
    ],
    [
      '429 primary, reset already past',
      attempt(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 10) }),
      { kind: 'rate-limit', which: 'primary', waitSeconds: 1 },
    ],
    ['403 secondary, no header: a minute', attempt(403, {}, SECONDARY), { kind: 'rate-limit', which: 'secondary', waitSeconds: 60 }],
    ['429, no header: a minute', attempt(429), { kind: 'rate-limit', which: 'secondary', waitSeconds: 60 }],
    [
      'retry-after as an HTTP date',
      attempt(429, { 'retry-after': new Date(NOW + 42_000).toUTCString() }),
      { kind: 'rate-limit', which: 'retry-after', waitSeconds: 42 },
    ],
    ['403 not a limit', attempt(403, {}, 'Resource not accessible by integration'), { kind: 'final' }],
    ['403 remaining 4999', attempt(403, { 'x-ratelimit-remaining': '4999' }, 'Must have admin rights'), { kind: 'final' }],
    ['500', attempt(500), { kind: 'transient', what: 'server error' }],
    ['502', attempt(502), { kind: 'transient', what: 'server error' }],
    ['no answer', attempt(undefined, {}, 'other side closed'), { kind: 'transient', what: 'connection failed' }],
    ['401', attempt(401), { kind: 'final' }],
    ['404', attempt(404), { kind: 'final' }],
    ['405', attempt(405), { kind: 'final' }],
    ['409', attempt(409), { kind: 'final' }],
    ['422', attempt(422, {}, 'Validation Failed'), { kind: 'final' }],
  ])('%s', (_name, failed, expected) => {
    expect(classifyFailure(failed, NOW)).toEqual(expected);
  });

  it('a secondary limit without a header waits exponentially longer each time', () => {
    expect([0, 1, 2].map((n) => (classifyFailure(attempt(403, {}, SECONDARY), NOW, n) as { waitSeconds: number }).waitSeconds)).toEqual([
      60, 120, 240,
    ]);
  });
});

describe('retryVerdict', () => {
  const policy = { ...DEFAULT_POLICY, retries: 2, backoffMs: 100, rateLimitRetries: 2, maxWaitSeconds: 120, secondMs: 1000 };
  const read = { once: false, now: NOW };

  it('waits as long as a rate limit says, in policy seconds', () => {
    expect(retryVerdict(attempt(429, { 'retry-after': '3' }), none, policy, read)).toMatchObject({
      action: 'retry',
      waitMs: 3000,
      rateLimited: true,
    });
    expect(retryVerdict(attempt(429, { 'retry-after': '3' }), none, { ...policy, secondMs: 10 }, read)).toMatchObject({ waitMs: 30 });
  });

  it('a wait over the cap fails at once, with when the limit lifts', () => {
    expect(retryVerdict(attempt(429, { 'retry-after': '3600' }), none, policy, read)).toEqual({
      action: 'fail',
      why: 'rate limit: it lifts in 3600 s, longer than the 120 s auto-sync waits',
      rateLimit: { waitSeconds: 3600, until: new Date(NOW + 3600_000) },
    });
  });

  it('rate-limit retries are bounded', () => {
    expect(retryVerdict(attempt(429, { 'retry-after': '1' }), { transient: 0, limited: 2 }, policy, read)).toMatchObject({
      action: 'fail',
      why: 'rate limit, still after 2 retries',
    });
  });

  it('a rate limit is retried even for a write done once: GitHub did not perform it', () => {
    expect(retryVerdict(attempt(403, { 'retry-after': '1' }, SECONDARY), none, policy, { once: true, now: NOW })).toMatchObject({
      action: 'retry',
    });
  });

  it('5xx and lost answers back off exponentially, bounded; a 503 retry-after is honoured', () => {
    expect(retryVerdict(attempt(502), none, policy, read)).toMatchObject({ action: 'retry', waitMs: 100, rateLimited: false });
    expect(retryVerdict(attempt(undefined), { transient: 1, limited: 0 }, policy, read)).toMatchObject({ action: 'retry', waitMs: 200 });
    expect(retryVerdict(attempt(500), { transient: 2, limited: 0 }, policy, read)).toMatchObject({ action: 'fail' });
    expect(retryVerdict(attempt(503, { 'retry-after': '2' }), none, policy, read)).toMatchObject({ action: 'retry', waitMs: 2000 });
  });

  it('for a write done once, a 5xx or a lost answer is handed back to be observed, never repeated here', () => {
    for (const failed of [attempt(502), attempt(500), attempt(undefined, {}, 'other side closed')])
      expect(retryVerdict(failed, none, policy, { once: true, now: NOW })).toMatchObject({ action: 'observe' });
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 422, 451])('%i is never retried', (status) => {
    expect(retryVerdict(attempt(status, {}, 'Validation Failed'), none, policy, read)).toEqual({ action: 'fail', why: 'not retryable' });
    expect(retryVerdict(attempt(status, {}, 'Validation Failed'), none, policy, { once: true, now: NOW })).toEqual({
      action: 'fail',
      why: 'not retryable',
    });
  });
});

describe('failedAttemptOf', () => {
  it("reads status, headers and GitHub's message; no response is no answer (with the cause's words)", () => {
    const answered = Object.assign(new Error('x'), {
      status: 502,
      response: { status: 502, headers: { 'retry-after': '3' }, data: { message: 'Server Error\nmore' } },
    });
    expect(failedAttemptOf(answered)).toEqual({ status: 502, headers: { 'retry-after': '3' }, message: 'Server Error' });
    const reset = Object.assign(new Error('fetch failed', { cause: new Error('other side closed') }), { status: 500 });
    expect(failedAttemptOf(reset)).toEqual({ status: undefined, headers: {}, message: 'other side closed' });
  });

  it('a GraphQL RATE_LIMITED answer (a 200) is a rate limit', () => {
    const limited = Object.assign(new Error('GraphQL Rate Limit Exceeded'), {
      response: {
        status: 200,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) },
        data: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] },
      },
    });
    expect(classifyFailure(failedAttemptOf(limited), NOW)).toEqual({ kind: 'rate-limit', which: 'primary', waitSeconds: 31 });
  });
});
