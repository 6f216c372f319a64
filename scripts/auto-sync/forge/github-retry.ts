// When a GitHub API call is tried again, and how long auto-sync waits first: one pure decision
// (`retryVerdict`, table-tested) and the Octokit hook that applies it to every request.
//
// What is retryable follows GitHub's "Rate limits for the REST API" and "Best practices for using the
// REST API" pages:
// - a 403 or 429 with `retry-after`: not before that many seconds have elapsed;
// - a 403 or 429 with `x-ratelimit-remaining: 0` (the primary limit): not before `x-ratelimit-reset`
//   (UTC epoch seconds), plus one second;
// - a 403 or 429 whose message says it is a (secondary) rate limit, with neither header: at least one
//   minute, exponentially longer on each further limit, and an error after a bounded number of tries.
// GitHub's pages say nothing of 5xx; a 5xx and a connection that fails (reset, refused, timed out) are
// transient by HTTP's own terms and are retried with an exponential backoff. Everything else (401, 404,
// 409, 422 and any 4xx that is not a rate limit) is an answer, never retried.
//
// Bounded: a wait longer than `maxWaitSeconds` is not waited for; the call fails at once, saying when
// the limit lifts. An hourly job should give up and come back, not sleep for an hour.
//
// A write that creates something (a pull request, an issue, a comment, a merge) is not repeated blindly
// after a 5xx or a lost answer, which GitHub may have performed: such a request is marked `once`, the
// hook hands the failure back, and the forge looks at what GitHub holds before it acts again.

export interface RetryPolicy {
  /** Retries of a transient failure (5xx, connection failure) after the first attempt. */
  retries: number;
  /** The first transient wait; each further one doubles. */
  backoffMs: number;
  /** Retries of a rate limit after the first attempt. */
  rateLimitRetries: number;
  /** A longer rate-limit wait is not waited for: the call fails. */
  maxWaitSeconds: number;
  /** How long one second of a rate-limit wait lasts; tests shrink it. */
  secondMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = { retries: 3, backoffMs: 1000, rateLimitRetries: 2, maxWaitSeconds: 120, secondMs: 1000 };

/** What a failed attempt looked like: `status` undefined when no answer came (reset, refused, timeout). */
export interface FailedAttempt {
  status: number | undefined;
  headers: Readonly<Record<string, string | number | undefined>>;
  message: string;
}

export type FailureKind =
  | { kind: 'rate-limit'; which: 'retry-after' | 'primary' | 'secondary'; waitSeconds: number }
  | { kind: 'transient'; what: string }
  | { kind: 'final' };

const header = (headers: FailedAttempt['headers'], name: string): string | undefined => {
  const value = headers[name];
  return value === undefined ? undefined : String(value);
};

/** `retry-after` as seconds: a number, or an HTTP date. */
function retryAfterSeconds(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * What kind of failure an attempt is. `limitsSeen` counts the rate limits met before this one on the
 * same call (the "exponentially increasing" wait when GitHub gives no header).
 */
export function classifyFailure(attempt: FailedAttempt, now: number, limitsSeen = 0): FailureKind {
  const { status, headers, message } = attempt;
  if (status === 403 || status === 429) {
    const after = retryAfterSeconds(header(headers, 'retry-after'), now);
    if (after !== undefined)
      return { kind: 'rate-limit', which: /secondary/i.test(message) ? 'secondary' : 'retry-after', waitSeconds: after };
    const reset = Number(header(headers, 'x-ratelimit-reset'));
    if (header(headers, 'x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0)
      return { kind: 'rate-limit', which: 'primary', waitSeconds: Math.max(0, Math.ceil(reset - now / 1000)) + 1 };
    // A 429 is a rate limit by definition; a 403 only when it says so.
    if (status === 429 || /rate limit/i.test(message))
      return { kind: 'rate-limit', which: 'secondary', waitSeconds: 60 * 2 ** Math.min(limitsSeen, 6) };
    return { kind: 'final' };
  }
  if (status === undefined) return { kind: 'transient', what: 'connection failed' };
  // (A 503's retry-after, when it has one, is honoured by retryVerdict.)
  if (status >= 500) return { kind: 'transient', what: 'server error' };
  return { kind: 'final' };
}

export type Verdict =
  | { action: 'retry'; waitMs: number; why: string; rateLimited: boolean }
  /** A `once` write whose answer was lost or was a 5xx: the caller must look before acting again. */
  | { action: 'observe'; why: string }
  | { action: 'fail'; why: string; rateLimit?: { waitSeconds: number; until: Date } };

export interface AttemptCounts {
  /** Transient retries already made on this call. */
  transient: number;
  /** Rate-limit retries already made on this call. */
  limited: number;
}

/** Whether (and after how long) to try a failed attempt again. */
export function retryVerdict(
  attempt: FailedAttempt,
  counts: AttemptCounts,
  policy: RetryPolicy,
  options: { once: boolean; now: number },
): Verdict {
  const failure = classifyFailure(attempt, options.now, counts.limited);
  if (failure.kind === 'rate-limit') {
    const until = new Date(options.now + failure.waitSeconds * 1000);
    const what = { 'retry-after': 'rate limit', primary: 'primary rate limit', secondary: 'secondary rate limit' }[failure.which];
    if (failure.waitSeconds > policy.maxWaitSeconds)
      return {
        action: 'fail',
        why: `${what}: it lifts in ${failure.waitSeconds} s, longer than the ${policy.maxWaitSeconds} s auto-sync waits`,
        rateLimit: { waitSeconds: failure.waitSeconds, until },
      };
    if (counts.limited >= policy.rateLimitRetries)
      return {
        action: 'fail',
        why: `${what}, still after ${counts.limited} retr${counts.limited === 1 ? 'y' : 'ies'}`,
        rateLimit: { waitSeconds: failure.waitSeconds, until },
      };
    return {
      action: 'retry',
      waitMs: failure.waitSeconds * policy.secondMs,
      why: `${what}; retrying after ${failure.waitSeconds} s (${counts.limited + 1}/${policy.rateLimitRetries})`,
      rateLimited: true,
    };
  }
  if (failure.kind === 'transient') {
    const after = attempt.status === 503 ? retryAfterSeconds(header(attempt.headers, 'retry-after'), options.now) : undefined;
    if (options.once) return { action: 'observe', why: `${failure.what}; GitHub may have done it, so it is looked up before trying again` };
    if (counts.transient >= policy.retries)
      return { action: 'fail', why: `${failure.what}, still after ${counts.transient} retr${counts.transient === 1 ? 'y' : 'ies'}` };
    if (after !== undefined && after > policy.maxWaitSeconds)
      return {
        action: 'fail',
        why: `${failure.what}: retry-after ${after} s is longer than the ${policy.maxWaitSeconds} s auto-sync waits`,
      };
    const waitMs = after !== undefined ? after * policy.secondMs : policy.backoffMs * 2 ** counts.transient;
    return {
      action: 'retry',
      waitMs,
      why: `${failure.what}; retrying in ${waitMs} ms (${counts.transient + 1}/${policy.retries})`,
      rateLimited: false,
    };
  }
  return { action: 'fail', why: 'not retryable' };
}

/** Marks an error the hook gave up on: how many attempts it took, and when a rate limit lifts. */
export interface RetryRecord {
  attempts: number;
  why: string;
  rateLimit?: { waitSeconds: number; until: Date };
  /** A `once` write that may have been performed: the caller looks before acting again. */
  ambiguous: boolean;
}

export const RETRY_RECORD = Symbol('auto-sync retry record');

export function retryRecordOf(error: unknown): RetryRecord | undefined {
  return typeof error === 'object' && error !== null ? (error as { [RETRY_RECORD]?: RetryRecord })[RETRY_RECORD] : undefined;
}

interface ErrorShape {
  status?: number;
  message?: string;
  response?: { status?: number; headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** The attempt an Octokit error describes; a request that got no answer has no `response`. */
export function failedAttemptOf(error: unknown): FailedAttempt {
  const e = (error ?? {}) as ErrorShape;
  const data = e.response?.data;
  const bodyMessage =
    typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string' ? data.message : undefined;
  const message = (bodyMessage ?? e.message ?? String(error)).split('\n')[0]!.trim();
  if (!e.response) return { status: undefined, headers: {}, message: causeLine(error) ?? message };
  // GraphQL's rate limit is a 200 whose errors say RATE_LIMITED (plugin-throttling throws it): a 429.
  const graphqlLimited =
    typeof data === 'object' &&
    data !== null &&
    'errors' in data &&
    Array.isArray(data.errors) &&
    data.errors.some((x: unknown) => typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'RATE_LIMITED');
  return { status: graphqlLimited ? 429 : (e.response.status ?? e.status), headers: e.response.headers ?? {}, message };
}

/** The lowest cause's message: "other side closed", "The operation was aborted due to timeout". */
function causeLine(error: unknown): string | undefined {
  let current: unknown = error;
  let line: string | undefined;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    line = current.message.split('\n')[0];
    current = (current as { cause?: unknown }).cause;
  }
  return line;
}

export interface HookOptions {
  policy: RetryPolicy;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type RequestOptions = { method: string; url: string; request?: { once?: boolean } & Record<string, unknown> } & Record<string, unknown>;

/** The Octokit `request` wrapper: one attempt after another until the verdict says stop. */
export function retryHook(options: HookOptions) {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  return async <T>(request: (o: RequestOptions) => Promise<T>, requestOptions: RequestOptions): Promise<T> => {
    const counts: AttemptCounts = { transient: 0, limited: 0 };
    const once = requestOptions.request?.once === true;
    const name = `${requestOptions.method} ${describeUrl(requestOptions)}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const failed = failedAttemptOf(error);
        const verdict = retryVerdict(failed, counts, options.policy, { once, now: now() });
        const shown = failed.status === undefined ? `no answer (${failed.message})` : `${failed.status} ${failed.message}`;
        if (verdict.action !== 'retry') {
          if (verdict.why !== 'not retryable' || attempt > 1) options.log(`GitHub ${name}: ${shown}; ${verdict.why}; attempt ${attempt}`);
          if (typeof error === 'object' && error !== null) {
            const record: RetryRecord = {
              attempts: attempt,
              why: verdict.why,
              ambiguous: verdict.action === 'observe',
              ...(verdict.action === 'fail' && verdict.rateLimit ? { rateLimit: verdict.rateLimit } : {}),
            };
            Object.defineProperty(error, RETRY_RECORD, { value: record, enumerable: false, configurable: true });
          }
          throw error;
        }
        if (verdict.rateLimited) counts.limited += 1;
        else counts.transient += 1;
        options.log(`GitHub ${name}: ${shown}; ${verdict.why}`);
        await sleep(verdict.waitMs);
      }
    }
  };
}

/** The request's path with its parameters filled in, without origin or query (nothing secret is in either). */
function describeUrl(options: RequestOptions): string {
  return options.url
    .replace(/\{(\w+)\}/g, (whole, key: string) => {
      const value = options[key];
      return typeof value === 'string' || typeof value === 'number' ? encodeURIComponent(String(value)) : whole;
    })
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/\?.*$/, '');
}
