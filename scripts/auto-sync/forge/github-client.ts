import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { SyncError } from '../errors.ts';

// The Octokit client of the GitHub forge, and the one place its errors become SyncErrors.
// Retries: 5xx and network failures by plugin-retry; rate limits by plugin-throttling, honouring
// retry-after up to a cap (an hourly job should fail and try next hour, not sleep for an hour).

export const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface ClientOptions {
  apiUrl: string;
  token: string;
  /** Keys the write pacing, so clients of the same repository share it. */
  id: string;
  log: (line: string) => void;
  retry?: { retries: number; minDelayMs?: number };
  rateLimit?: {
    /** Attempts after the first; default 2. */
    retries?: number;
    /** A longer retry-after is not waited for: the call fails. Default 120. */
    maxWaitSeconds?: number;
    /** How long one second of retry-after lasts; tests shrink it. Default 1000. */
    secondMs?: number;
  };
  /** GitHub asks integrations to space writes (1 s apart, 3 s for ones that notify); tests turn it off. */
  paceWrites?: boolean;
  /** Per request; a request that takes longer is retried like a 5xx. Default 30 s. */
  requestTimeoutMs?: number;
}

type Group = NonNullable<ThrottlingOptions['write']>;
// Stands in for a Bottleneck group when writes are not paced: the throttling plugin only ever
// calls key(id).schedule(options, task).
const UNPACED = { key: () => ({ schedule: (_options: unknown, task: () => Promise<unknown>) => task() }) } as unknown as Group;

// plugin-retry retries every 4xx not in this list; only 5xx (and network errors, which Octokit reports
// as 500) are transient here. 403/429 rate limits belong to the throttling plugin.
const ALL_4XX = Array.from({ length: 100 }, (_, i) => 400 + i);

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const { log } = options;
  const maxWait = options.rateLimit?.maxWaitSeconds ?? 120;
  const limitRetries = options.rateLimit?.retries ?? 2;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < limitRetries && retryAfter <= maxWait;
      const why =
        retryAfter > maxWait
          ? `retry-after ${retryAfter} s is longer than the ${maxWait} s auto-sync waits`
          : `retried ${retryCount} time(s) already`;
      log(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ${retrying ? `retrying after ${retryAfter} s` : `giving up (${why})`}`,
      );
      return retrying;
    };
  const fetchWithTimeout: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  return new GitHubOctokit({
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    auth: options.token,
    userAgent: 'auto-sync',
    request: { fetch: fetchWithTimeout },
    log: { debug: () => {}, info: log, warn: (line: string) => log(`warning: ${line}`), error: log },
    throttle: {
      id: options.id,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: options.rateLimit?.secondMs ?? 1000,
      ...(options.paceWrites === false ? { write: UNPACED, notifications: UNPACED } : {}),
    },
    retry: { retries: options.retry?.retries ?? 3, retryAfterBaseValue: options.retry?.minDelayMs ?? 1000, doNotRetry: ALL_4XX },
  });
}

// ---- errors ----

interface ApiErrorShape {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as ApiErrorShape | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's own message (without the documentation link Octokit appends), on one line. */
export function apiMessage(error: unknown): string {
  const data = (error as ApiErrorShape | undefined)?.response?.data;
  const fromBody =
    typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string' ? data.message : undefined;
  const text = fromBody ?? (error instanceof Error ? error.message : String(error));
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** The codes of a 422's `errors` list, e.g. already_exists. */
export function validationCodes(error: unknown): string[] {
  const data = (error as ApiErrorShape | undefined)?.response?.data;
  const errors =
    typeof data === 'object' && data !== null && 'errors' in data && Array.isArray(data.errors) ? (data.errors as unknown[]) : [];
  return errors.flatMap((e) => {
    if (typeof e !== 'object' || e === null) return [];
    const { code, message } = e as { code?: unknown; message?: unknown };
    return [code, message].filter((v): v is string => typeof v === 'string');
  });
}

function isRateLimit(error: unknown): boolean {
  const status = statusOf(error);
  const headers = (error as ApiErrorShape | undefined)?.response?.headers;
  return status === 429 || (status === 403 && (/rate limit/i.test(apiMessage(error)) || headers?.['x-ratelimit-remaining'] === '0'));
}

export interface ErrorContext {
  tokenName: string;
  repo: string;
}

export interface Action {
  /** What was being done, as a verb phrase: "create a pull request". */
  what: string;
  /** The token permission this needs, e.g. "pull-requests: write". */
  permission: string;
  /** Extra advice for a 403 (e.g. the Actions setting for creating pull requests). */
  forbidden?: string;
}

/** Turns an Octokit error into a SyncError with a code and the next step; the token is never in it. */
export function forgeError(error: unknown, context: ErrorContext, action: Action): SyncError {
  if (error instanceof SyncError) return error;
  const status = statusOf(error);
  const message = apiMessage(error);
  const { tokenName, repo } = context;
  const options = { cause: error };
  if (status === 401) {
    return new SyncError('FORGE_AUTH', `GitHub rejected ${tokenName} when trying to ${action.what} in ${repo} (401 ${message})`, {
      ...options,
      hint: `Check that ${tokenName} is set and has not expired or been revoked; auto-sync needs it to have contents: write and pull-requests: write on ${repo}.`,
    });
  }
  if (isRateLimit(error)) {
    return new SyncError('FORGE_FAILED', `GitHub rate limit while trying to ${action.what} in ${repo} (${status} ${message})`, {
      ...options,
      hint: 'auto-sync stopped waiting; the next run tries again. Fewer sources per run, or a GitHub App token (higher limits), helps if this repeats.',
    });
  }
  if (status === 403) {
    return new SyncError('FORGE_AUTH', `${tokenName} lacks ${action.permission} to ${action.what} in ${repo} (403 ${message})`, {
      ...options,
      hint: [`Give ${tokenName} ${action.permission} on ${repo}.`, action.forbidden].filter(Boolean).join(' '),
    });
  }
  if (status === 404) {
    return new SyncError('FORGE_FAILED', `GitHub answered 404 when trying to ${action.what} in ${repo} (${message})`, {
      ...options,
      hint: `Check the repository name; a private repository looks missing (404) to a token that cannot see it, so ${tokenName} may lack access.`,
    });
  }
  const label = status === undefined ? '' : status >= 500 ? `${status}, after retrying: ` : `${status} `;
  return new SyncError('FORGE_FAILED', `GitHub could not ${action.what} in ${repo} (${label}${message})`, options);
}
