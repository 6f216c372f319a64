import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import type { Octokit as CoreOctokit } from '@octokit/core';
import { Octokit } from '@octokit/rest';
import { SyncError } from '../errors.ts';
import { DEFAULT_POLICY, classifyFailure, failedAttemptOf, retryHook, retryRecordOf, type RetryPolicy } from './github-retry.ts';

// The Octokit client of the GitHub forge, and the one place its errors become SyncErrors.
// Retries: one policy for every request (github-retry.ts: rate limits with retry-after or
// x-ratelimit-reset up to a cap, 5xx and lost answers with a backoff, nothing else). plugin-throttling
// only paces writes as GitHub asks; its own rate-limit retries are off (it misses a plain 429 with
// retry-after, and waits a fixed minute where GitHub's headers say otherwise). plugin-retry is not
// used: it retries every POST blindly after a 5xx, which duplicated issues and comments.

interface RetryPluginOptions {
  autoSyncRetry?: { policy: RetryPolicy; log: (line: string) => void };
}

/** Registered after throttling, so it wraps it: each attempt is paced again. */
function autoSyncRetry(octokit: CoreOctokit, options: Record<string, unknown>): void {
  const config = (options as RetryPluginOptions).autoSyncRetry ?? { policy: DEFAULT_POLICY, log: () => {} };
  // The hook is typed for the options it reads (method, url, request.once); Octokit's are a superset.
  octokit.hook.wrap('request', retryHook(config) as never);
}

export const GitHubOctokit = Octokit.plugin(throttling, autoSyncRetry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

/**
 * Per-request option for a write that creates something (a pull request, an issue, a comment, a
 * merge): after a 5xx or a lost answer it is not repeated; the forge looks first.
 */
export const ONCE = { request: { once: true } } as const;

export interface ClientOptions {
  apiUrl: string;
  token: string;
  /** Keys the write pacing, so clients of the same repository share it. */
  id: string;
  log: (line: string) => void;
  /** Transient failures (5xx, no answer): retries after the first attempt, and the first wait (doubling). */
  retry?: { retries: number; minDelayMs?: number };
  rateLimit?: {
    /** Attempts after the first; default 2. */
    retries?: number;
    /** A longer wait is not waited for: the call fails. Default 120. */
    maxWaitSeconds?: number;
    /** How long one second of a rate-limit wait lasts; tests shrink it. Default 1000. */
    secondMs?: number;
  };
  /** GitHub asks integrations to space writes (1 s apart, 3 s for ones that notify); tests turn it off. */
  paceWrites?: boolean;
  /** Per request; a request that takes longer is retried like a 5xx. Default 30 s. */
  requestTimeoutMs?: number;
}

export function policyOf(options: Pick<ClientOptions, 'retry' | 'rateLimit'>): RetryPolicy {
  return {
    retries: options.retry?.retries ?? DEFAULT_POLICY.retries,
    backoffMs: options.retry?.minDelayMs ?? DEFAULT_POLICY.backoffMs,
    rateLimitRetries: options.rateLimit?.retries ?? DEFAULT_POLICY.rateLimitRetries,
    maxWaitSeconds: options.rateLimit?.maxWaitSeconds ?? DEFAULT_POLICY.maxWaitSeconds,
    secondMs: options.rateLimit?.secondMs ?? DEFAULT_POLICY.secondMs,
  };
}

type Group = NonNullable<ThrottlingOptions['write']>;
// Stands in for a Bottleneck group when writes are not paced: the throttling plugin only ever
// calls key(id).schedule(options, task).
const UNPACED = { key: () => ({ schedule: (_options: unknown, task: () => Promise<unknown>) => task() }) } as unknown as Group;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const { log } = options;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const fetchWithTimeout: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  return new GitHubOctokit({
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    auth: options.token,
    userAgent: 'auto-sync',
    request: { fetch: fetchWithTimeout },
    // Each failed attempt is logged once, by the retry hook (plugin-request-log would repeat it).
    log: { debug: () => {}, info: () => {}, warn: (line: string) => log(`warning: ${line}`), error: () => {} },
    throttle: {
      id: options.id,
      // The retry hook decides; throttling only paces.
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
      ...(options.paceWrites === false ? { write: UNPACED, notifications: UNPACED } : {}),
    },
    autoSyncRetry: { policy: policyOf(options), log },
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
  return classifyFailure(failedAttemptOf(error), Date.now()).kind === 'rate-limit';
}

/** 21:47 UTC: when a rate limit lifts (the day too when it is not today). */
export function clockTime(date: Date, now = new Date()): string {
  const time = date.toISOString().slice(11, 16);
  return date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)
    ? `${time} UTC`
    : `${date.toISOString().slice(0, 10)} ${time} UTC`;
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
  const record = retryRecordOf(error);
  if (isRateLimit(error)) {
    const lifts = record?.rateLimit;
    const after = lifts ? `; ${record.why}: try again after ${clockTime(lifts.until)}` : record ? `; ${record.why}` : '';
    return new SyncError('FORGE_FAILED', `GitHub rate limit while trying to ${action.what} in ${repo} (${status} ${message})${after}`, {
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
  const answered = (error as ApiErrorShape | undefined)?.response !== undefined;
  const tries = record && record.attempts > 1 ? `, after ${record.attempts} attempts` : '';
  const label =
    !answered && status === 500 ? `no answer${tries}: ` : status === undefined ? '' : status >= 500 ? `${status}${tries}: ` : `${status} `;
  const shown = !answered && status === 500 ? failedAttemptOf(error).message : message;
  return new SyncError('FORGE_FAILED', `GitHub could not ${action.what} in ${repo} (${label}${shown})`, options);
}
