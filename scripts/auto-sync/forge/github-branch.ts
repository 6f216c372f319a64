import { SyncError } from '../errors.ts';
import { firstLine, type Git } from '../git/git.ts';
import { isAncestor } from '../git/refs.ts';
import { remoteCommand, runNetwork } from '../git/remote.ts';
import { onlyAutoSyncCommits } from '../git/ownership.ts';
import type { BranchOwner, BranchResult, PublishBranchInput } from './types.ts';

// The git side of the GitHub forge: reading and pushing the target's branches over HTTPS.
// The token reaches git only through Git.run's `token` (GIT_CONFIG_* environment), never argv or
// the URL; the URL comes after --end-of-options so it can never be read as an option.

export interface RemoteOptions {
  git: Git;
  url: string;
  token: string;
  tokenName: string;
  repo: string;
  retries: number;
  retryDelayMs: number;
  log: (line: string) => void;
}

/** Fails early for a URL carrying credentials: they would end up in argv, logs and .git/config. */
export function checkRemoteUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SyncError('FORGE_FAILED', `the target's remote URL is not a URL: ${url.replace(/\/\/[^/@]*@/, '//***@')}`);
  }
  if (parsed.username || parsed.password) {
    throw new SyncError('FORGE_FAILED', "the target's remote URL contains credentials", {
      hint: 'Use a URL without user or password; the token is passed to git separately.',
    });
  }
}

async function runRemote(
  options: RemoteOptions,
  args: readonly string[],
  what: 'ls-remote' | 'push' | 'fetch',
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const lineOf = (r: { stderr: string; exitCode: number | undefined; signal: string | undefined }) =>
    firstLine(
      r.stderr
        .split('\n')
        .filter((l) => !l.startsWith('remote: '))
        .join('\n'),
    ) || `exit ${r.exitCode ?? r.signal}`;
  const { result, failure } = await runNetwork(options.git, args, {
    token: options.token,
    retry: {
      attempts: options.retries + 1,
      backoffMs: options.retryDelayMs,
      onRetry: ({ attempt, result: failed }) => options.log(`git ${what}: ${lineOf(failed)}; retrying (${attempt}/${options.retries})`),
    },
  });
  if (!failure) return result;
  const line = lineOf(result);
  if (failure.kind === 'auth') {
    throw new SyncError(
      'FORGE_AUTH',
      `git ${what} to ${options.repo} was refused: ${options.tokenName} is missing, invalid or lacks contents: write (${line})`,
      {
        hint: `Give ${options.tokenName} contents: write on ${options.repo} (for a GitHub App or fine-grained token: "Contents: Read and write").`,
      },
    );
  }
  // A push can fail with the porcelain status on stdout and git's summary on stderr; the caller reads both.
  if (what === 'push' && result.stdout.includes('\t')) return result;
  throw new SyncError('FORGE_FAILED', `git ${what} to ${options.repo} failed: ${line}`, { details: [result.stderr.trim()] });
}

/** The sha of a branch on the remote, or undefined when it does not exist. */
export async function remoteBranchSha(options: RemoteOptions, branch: string): Promise<string | undefined> {
  const ref = `refs/heads/${branch}`;
  const result = await runRemote(options, remoteCommand.lsRemote(options.url, [ref]), 'ls-remote');
  return result.stdout
    .split('\n')
    .find((line) => line.endsWith(`\t${ref}`))
    ?.split('\t')[0];
}

/**
 * Points the remote branch at `sha`, never over commits a person added. Safe to move: a missing
 * branch, one at `expectedSha`, or one whose commits are all in what we push or expected. The push
 * is leased on what ls-remote saw, so a push landing in between makes ours fail rather than erase it.
 */
export async function publishRemoteBranch(options: RemoteOptions, input: PublishBranchInput): Promise<BranchResult> {
  const { branch, sha, expectedSha } = input;
  const ref = `refs/heads/${branch}`;
  const current = await remoteBranchSha(options, branch);
  if (current === sha) return { status: 'not-updated', sha };
  const safe =
    current === undefined ||
    current === expectedSha ||
    // A commit we do not have locally cannot be shown to be ours: the answer is no.
    (await isAncestor(options.git, current, sha, { unknownIsFalse: true })) ||
    (expectedSha !== null && (await isAncestor(options.git, current, expectedSha, { unknownIsFalse: true }))) ||
    (input.owner !== undefined && (await ownedRemoteBranch(options, branch, current, input.owner)));
  if (!safe) {
    return {
      status: 'diverged',
      sha: current,
      reason: `${branch} is at ${current}, which has commits auto-sync did not write; it was left alone`,
    };
  }
  const result = await runRemote(options, remoteCommand.push(options.url, `${sha}:${ref}`, { lease: { ref, sha: current ?? '' } }), 'push');
  if (result.ok) return { status: current === undefined ? 'created' : 'updated', sha };
  const status = result.stdout.split('\n').find((line) => line.startsWith('!\t')) ?? '';
  if (/stale info|fetch first|non-fast-forward/.test(status)) {
    const now = await remoteBranchSha(options, branch);
    return {
      status: 'diverged',
      sha: now ?? sha,
      reason: `${branch} moved while it was being published (now ${now ?? 'deleted'}); it was left alone`,
    };
  }
  const detail = status.split('\t').at(-1) || firstLine(result.stderr);
  const workflows = /workflows?` permission|workflow scope/i.test(result.stderr);
  throw new SyncError('FORGE_FAILED', `git push of ${branch} to ${options.repo} was rejected: ${detail}`, {
    details: [result.stderr.trim()],
    hint: workflows
      ? `The commits change .github/workflows; ${options.tokenName} needs the workflows permission (workflows: write) to push them.`
      : `Check the branch rules of ${options.repo} for ${branch}; auto-sync must be allowed to push it.`,
  });
}

/**
 * Whether the remote branch, at `current`, holds only commits auto-sync wrote on `owner.base`:
 * fetched first when this runner does not have it (each job starts from a fresh checkout).
 */
async function ownedRemoteBranch(options: RemoteOptions, branch: string, current: string, owner: BranchOwner): Promise<boolean> {
  if ((await options.git.resolve(current)) === undefined) {
    const ref = `refs/auto-sync/observed/${branch}`;
    const fetched = await runRemote(options, remoteCommand.fetch(options.url, [`+refs/heads/${branch}:${ref}`]), 'fetch').catch(
      () => undefined,
    );
    if (!fetched) return false;
  }
  return onlyAutoSyncCommits(options.git, current, owner.base, owner.committer);
}
