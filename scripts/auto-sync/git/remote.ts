import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';
import type { RunResult } from '../proc/run.ts';

// Network git: the one stderr classifier, the one retry policy and the argv of ls-remote, fetch and
// push, used by sources (below), the state store and the GitHub forge. Talking to a source is a
// cheap ls-remote, then a fetch into auto-sync's own refs. Only transient failures are retried;
// authentication and "not found" fail at once.

export interface RemoteTarget {
  name: string;
  url: string;
  branch: string;
  token: string | undefined;
  tokenEnv: string;
}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  /** Upper bound of one ls-remote / one fetch (default 2 and 15 minutes): a host that never answers fails, then is retried. */
  timeoutMs?: { lsRemote?: number; fetch?: number };
  /** Called before each retry with what failed; for the log. */
  onRetry?: (info: { source: string; attempt: number; attempts: number; waitMs: number; message: string }) => void;
}

export function sourceRef(name: string): string {
  return `refs/auto-sync/sources/${name}`;
}

const TRANSIENT = [
  /returned error: (5\d\d|429|408)/i,
  /could not resolve host/i,
  /connection (refused|reset|timed out)/i,
  /operation timed out/i,
  /timed out/i,
  /failed to connect/i,
  /couldn't connect/i,
  /early eof/i,
  /unexpected disconnect/i,
  /remote end hung up unexpectedly/i,
  /RPC failed/i,
  /transfer closed/i,
  /operation too slow/i,
  /empty reply from server/i,
  /SSL_ERROR_SYSCALL|gnutls_handshake|TLS connection was non-properly terminated/i,
  /http2? (framing|stream)/i,
];
const AUTH = [
  /returned error: 40[13]/i,
  /authentication failed/i,
  /could not read (username|password)/i,
  /terminal prompts disabled/i,
  /permission denied \(publickey/i,
  /invalid credentials/i,
];
const NOT_FOUND = [
  /returned error: 404/i,
  /repository not found/i,
  /does not appear to be a git repository/i,
  /not found/i,
  /no such file or directory/i,
];

export type FailureKind = 'transient' | 'auth' | 'not-found' | 'other';

export interface GitFailure {
  kind: FailureKind;
  /** What a person can do about this kind of failure, for a hint. */
  advice: string;
  /** Set when the failure is ours rather than git's (a call that hit its time limit). */
  message?: string;
}

const ADVICE: Record<FailureKind, string> = {
  transient: 'The remote could not be reached; it is tried again by the next run.',
  auth: 'Check the token: it must be set, valid, and allowed to access the repository.',
  'not-found': 'Check the URL, and that the token can see the repository.',
  other: "See git's message above.",
};

/** The one classifier of a failed network git command's stderr. */
export function classifyGitFailure(stderr: string): GitFailure {
  const kind: FailureKind = AUTH.some((re) => re.test(stderr))
    ? 'auth'
    : NOT_FOUND.some((re) => re.test(stderr))
      ? 'not-found'
      : TRANSIENT.some((re) => re.test(stderr))
        ? 'transient'
        : 'other';
  return { kind, advice: ADVICE[kind] };
}

/** git's own diagnosis (`fatal:`/`error:`), else the first line; `remote:` lines are the server's text. */
export function gitMessage(stderr: string): string {
  const fatal = stderr.split('\n').find((line) => /^(fatal|error): /.test(line));
  return (fatal ? fatal.replace(/^(fatal|error): /, '').trim() : firstLine(stderr.replace(/^remote: /gm, ''))) || '';
}

export interface NetworkRetry {
  /** Tries in all, at least 1. */
  attempts: number;
  /** Wait before retry n is backoffMs × n (linear). */
  backoffMs: number;
  /** Called before each retry with the failed result. */
  onRetry?: (info: { attempt: number; attempts: number; waitMs: number; result: RunResult; failure: GitFailure }) => void;
}

export interface NetworkResult {
  result: RunResult;
  /** Set when the result failed (and was not accepted). */
  failure?: GitFailure;
}

/**
 * The one retry policy for network git commands: runs `args` with the token, retrying only
 * transient failures (linear backoff). Returns the last result with its classification; the
 * caller turns a failure into its own error. `accept` returns a failed result at once, unretried
 * and unclassified (e.g. a push rejected per ref).
 */
export async function runNetwork(
  git: Git,
  args: readonly string[],
  options: {
    token: string | undefined;
    retry: NetworkRetry;
    accept?: (result: RunResult) => boolean;
    /** Upper bound of one try; a try that hits it is a transient failure ("no answer within …"). */
    timeoutMs?: number;
  },
): Promise<NetworkResult> {
  const attempts = Math.max(1, options.retry.attempts);
  for (let attempt = 1; ; attempt++) {
    const result = await git.run(args, { token: options.token, allowFailure: true, timeoutMs: options.timeoutMs });
    if (result.ok || (!result.timedOut && options.accept?.(result))) return { result };
    const failure: GitFailure = result.timedOut
      ? { kind: 'transient', advice: ADVICE.transient, message: `no answer within ${seconds(options.timeoutMs ?? 0)}` }
      : classifyGitFailure(result.stderr);
    if (failure.kind !== 'transient' || attempt >= attempts) return { result, failure };
    const waitMs = options.retry.backoffMs * attempt;
    options.retry.onRetry?.({ attempt, attempts, waitMs, result, failure });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Default upper bounds of one source ls-remote and one source fetch. */
export const SOURCE_TIMEOUT_MS = { lsRemote: 2 * 60_000, fetch: 15 * 60_000 };

/** A transfer slower than 1 byte/s for a minute is stalled: curl gives up, the try is transient. */
const STALL_LIMIT = ['-c', 'http.lowSpeedLimit=1', '-c', 'http.lowSpeedTime=60'];

/** The network git commands, so that their flags are written once. */
export const remoteCommand = {
  lsRemote: (url: string, refs: readonly string[]): string[] => ['ls-remote', '--end-of-options', url, ...refs],
  fetch: (url: string, refspecs: readonly string[]): string[] => [
    // Auto-maintenance on every fetch doubles a small fetch; the user's own git runs it.
    '-c',
    'maintenance.auto=false',
    '-c',
    'gc.auto=0',
    '-c',
    'fetch.writeCommitGraph=false',
    'fetch',
    '--quiet',
    '--no-tags',
    '--no-write-fetch-head',
    '--no-recurse-submodules',
    '--no-auto-maintenance',
    '--no-auto-gc',
    '--end-of-options',
    url,
    ...refspecs,
  ],
  /** `lease`: the expected remote sha ('' for absent); `strict`: no signing, no submodule pushes. */
  push: (url: string, refspec: string, options: { lease?: { ref: string; sha: string }; strict?: boolean } = {}): string[] => [
    'push',
    '--porcelain',
    '--no-verify',
    ...(options.strict ? ['--no-signed', '--recurse-submodules=no'] : []),
    ...(options.lease ? [`--force-with-lease=${options.lease.ref}:${options.lease.sha}`] : []),
    '--end-of-options',
    url,
    refspec,
  ],
};

function sourceRetry(source: string, policy: RetryPolicy): NetworkRetry {
  return {
    attempts: policy.attempts,
    backoffMs: policy.backoffMs,
    // Linear backoff: 1.5 s, 3 s, 4.5 s by default.
    onRetry: ({ attempt, attempts, waitMs, result, failure }) =>
      policy.onRetry?.({
        source,
        attempt,
        attempts,
        waitMs,
        message: failure.message ?? (gitMessage(result.stderr || result.stdout) || 'git failed'),
      }),
  };
}

function failure(remote: RemoteTarget, stderr: string, what: string, attempts: number, known?: GitFailure): Error {
  const kind = known?.kind ?? classifyGitFailure(stderr).kind;
  // git prints the server's text as `remote: …` first; the `fatal:` line is git's own diagnosis.
  const line = known?.message ?? (gitMessage(stderr) || 'git failed');
  switch (kind) {
    case 'transient':
      return new SyncError('SOURCE_UNREACHABLE', `source "${remote.name}" could not be reached after ${attempts} attempt(s): ${line}`);
    case 'auth':
      return new SyncError('SOURCE_AUTH', `source "${remote.name}": authentication failed (${line})`, {
        hint: remote.token
          ? `The token in ${remote.tokenEnv} was refused: check it is valid and can read ${remote.url} (contents: read).`
          : `No token: set ${remote.tokenEnv} to a token that can read ${remote.url} (contents: read), or change tokenEnv.`,
      });
    case 'not-found':
      return new SyncError('SOURCE_NOT_FOUND', `source "${remote.name}": repository not found at ${remote.url} (${line})`);
    default:
      return new SyncError('SOURCE_FETCH_FAILED', `source "${remote.name}": ${what} failed: ${line}`);
  }
}

/** The sha of the source branch, from one `git ls-remote`. */
export async function lsRemoteHead(git: Git, remote: RemoteTarget, policy: RetryPolicy): Promise<string> {
  const ref = `refs/heads/${remote.branch}`;
  const { result, failure: failed } = await runNetwork(git, [...STALL_LIMIT, ...remoteCommand.lsRemote(remote.url, [ref])], {
    token: remote.token,
    retry: sourceRetry(remote.name, policy),
    timeoutMs: policy.timeoutMs?.lsRemote ?? SOURCE_TIMEOUT_MS.lsRemote,
  });
  if (!result.ok) throw failure(remote, result.stderr || result.stdout, 'ls-remote', policy.attempts, failed);
  const line = result.stdout.split('\n').find((l) => l.endsWith(`\t${ref}`));
  const sha = line?.split('\t')[0];
  if (!sha) throw new SyncError('SOURCE_BRANCH_MISSING', `source "${remote.name}" has no branch "${remote.branch}"`);
  return sha;
}

/** Fetches the source branch into refs/auto-sync/sources/<name>; never touches the user's refs. */
export async function fetchSource(git: Git, remote: RemoteTarget, policy: RetryPolicy): Promise<string> {
  const ref = sourceRef(remote.name);
  const missing = (r: RunResult) => /couldn't find remote ref/i.test(r.stderr);
  const { result, failure: failed } = await runNetwork(
    git,
    [...STALL_LIMIT, ...remoteCommand.fetch(remote.url, [`+refs/heads/${remote.branch}:${ref}`])],
    {
      token: remote.token,
      retry: sourceRetry(remote.name, policy),
      accept: missing,
      timeoutMs: policy.timeoutMs?.fetch ?? SOURCE_TIMEOUT_MS.fetch,
    },
  );
  if (!result.ok) {
    if (!result.timedOut && missing(result))
      throw new SyncError('SOURCE_BRANCH_MISSING', `source "${remote.name}" has no branch "${remote.branch}"`);
    throw failure(remote, result.stderr, 'fetch', policy.attempts, failed);
  }
  const sha = await git.resolve(ref);
  if (!sha) throw new SyncError('SOURCE_FETCH_FAILED', `source "${remote.name}": fetch wrote no ${ref}`);
  return sha;
}
