import pRetry from 'p-retry';
import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';

// Talking to a source: a cheap ls-remote, then a fetch into auto-sync's own refs.
// Only transient failures are retried; authentication and "not found" fail at once.

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
const AUTH = [/returned error: 40[13]/i, /authentication failed/i, /could not read (username|password)/i, /terminal prompts disabled/i, /permission denied \(publickey/i, /invalid credentials/i];
const NOT_FOUND = [/returned error: 404/i, /repository not found/i, /does not appear to be a git repository/i, /not found/i, /no such file or directory/i];

export type FailureKind = 'transient' | 'auth' | 'not-found' | 'other';

export function classifyGitFailure(stderr: string): FailureKind {
  if (AUTH.some((re) => re.test(stderr))) return 'auth';
  if (NOT_FOUND.some((re) => re.test(stderr))) return 'not-found';
  if (TRANSIENT.some((re) => re.test(stderr))) return 'transient';
  return 'other';
}

class TransientGitError extends Error {}

async function withRetry<T>(source: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  return pRetry(attempt, {
    retries: Math.max(0, policy.attempts - 1),
    minTimeout: 0,
    factor: 1,
    randomize: false,
    shouldRetry: async ({ error, attemptNumber }) => {
      if (!(error instanceof TransientGitError)) return false;
      // Linear backoff (1.5 s, 3 s, 4.5 s by default): p-retry's curve is exponential.
      const waitMs = policy.backoffMs * attemptNumber;
      policy.onRetry?.({ source, attempt: attemptNumber, attempts: policy.attempts, waitMs, message: error.message });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      return true;
    },
  }).catch((error: unknown) => {
    if (error instanceof TransientGitError) {
      throw new SyncError('SOURCE_UNREACHABLE', `source "${source}" could not be reached after ${policy.attempts} attempt(s): ${error.message}`);
    }
    throw error;
  });
}

function failure(remote: RemoteTarget, stderr: string, what: string): Error {
  const kind = classifyGitFailure(stderr);
  // git prints the server's text as `remote: …` first; the `fatal:` line is git's own diagnosis.
  const fatal = stderr.split('\n').find((l) => /^(fatal|error): /.test(l));
  const line = (fatal ? fatal.replace(/^(fatal|error): /, '').trim() : firstLine(stderr.replace(/^remote: /gm, ''))) || 'git failed';
  switch (kind) {
    case 'transient':
      return new TransientGitError(line);
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
  return withRetry(remote.name, policy, async () => {
    const result = await git.run(['ls-remote', '--end-of-options', remote.url, ref], { token: remote.token, allowFailure: true });
    if (!result.ok) throw failure(remote, result.stderr || result.stdout, 'ls-remote');
    const line = result.stdout.split('\n').find((l) => l.endsWith(`\t${ref}`));
    const sha = line?.split('\t')[0];
    if (!sha) throw new SyncError('SOURCE_BRANCH_MISSING', `source "${remote.name}" has no branch "${remote.branch}"`);
    return sha;
  });
}

/** Fetches the source branch into refs/auto-sync/sources/<name>; never touches the user's refs. */
export async function fetchSource(git: Git, remote: RemoteTarget, policy: RetryPolicy): Promise<string> {
  const ref = sourceRef(remote.name);
  await withRetry(remote.name, policy, async () => {
    const result = await git.run(
      [
        // Auto-maintenance on every fetch doubles a small fetch; the user's own git runs it.
        '-c', 'maintenance.auto=false', '-c', 'gc.auto=0', '-c', 'fetch.writeCommitGraph=false',
        'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', '--no-auto-maintenance', '--no-auto-gc',
        '--end-of-options', remote.url, `+refs/heads/${remote.branch}:${ref}`,
      ],
      { token: remote.token, allowFailure: true },
    );
    if (!result.ok) {
      if (/couldn't find remote ref/i.test(result.stderr)) throw new SyncError('SOURCE_BRANCH_MISSING', `source "${remote.name}" has no branch "${remote.branch}"`);
      throw failure(remote, result.stderr, 'fetch');
    }
  });
  const sha = await git.resolve(ref);
  if (!sha) throw new SyncError('SOURCE_FETCH_FAILED', `source "${remote.name}": fetch wrote no ${ref}`);
  return sha;
}
