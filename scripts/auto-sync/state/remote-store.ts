import { SyncError, isSyncError } from '../errors.ts';
import { commitTree, fileAt, treeWithFile } from '../git/commit.ts';
import { firstLine, type Git } from '../git/git.ts';
import { resolveCommits, setRef } from '../git/refs.ts';
import { gitMessage, remoteCommand, runNetwork } from '../git/remote.ts';
import type { RunResult } from '../proc/run.ts';
import { emptyState, serializeState, type State } from './file.ts';
import { parseStateText } from './schema.ts';

// The state file kept in the target repository itself, so a fresh checkout (a GitHub Actions job)
// finds what earlier runs recorded. Reading fetches into private refs; writing builds a commit in
// the object store only (a temporary index, never the user's index, work tree, HEAD or branches)
// and pushes it. When the target branch is protected the state goes to a branch of its own, which
// from then on wins on read (it can only be newer). The token reaches git only through Git.run.

export interface StateStoreOptions {
  git: Git;
  remoteUrl: string;
  token: string | undefined;
  /** Where the token came from, for error messages; default "GITHUB_TOKEN (or AUTO_SYNC_TOKEN)". */
  tokenName?: string;
  /** The target branch, e.g. main. */
  branch: string;
  /** Used only when `branch` refuses the push (protected), e.g. auto-sync/state. */
  stateBranch: string;
  path: string;
  committer: { name: string; email: string };
  now: () => Date;
  log: (line: string) => void;
  /** Pushes per branch before giving up on a branch that keeps moving; also transient-failure tries. Default 3. */
  attempts?: number;
  /** Wait before retrying a transient network failure, times the attempt number. Default 1000. */
  retryDelayMs?: number;
}

export interface StoredState {
  state: State;
  from: 'branch' | 'state-branch' | 'none';
  /** The commit the state was read from. */
  commit: string | null;
}

export type WriteStatus = 'unchanged' | 'committed' | 'committed-to-state-branch';

export interface StateStore {
  read(): Promise<StoredState>;
  /** 'unchanged': the file already holds this state (commit: where); otherwise the pushed commit. */
  write(state: State): Promise<{ status: WriteStatus; commit: string | null }>;
}

export const STATE_COMMIT_MESSAGE = 'chore(auto-sync): record sync state [skip ci]';

/** Where fetched tips are kept: auto-sync's own namespace, never a branch or remote-tracking ref. */
export function stateRef(branch: string): string {
  return `refs/auto-sync/state/heads/${branch}`;
}

/** GitHub (GH006 branch protection, GH013 rulesets) and GitLab wording for a refused protected branch. */
const PROTECTED = /GH006|GH013|protected branch|repository rule violations|not allowed to push code to protected branches/i;
/** The branch moved under us: seen by the client (fetch first, non-fast-forward) or by the server's ref lock. */
const MOVED = /\((fetch first|non-fast-forward|stale info|failed to update ref)\)|cannot lock ref|is at [0-9a-f]+ but expected/;

interface Tips {
  branch: string;
  state: string | null;
}

export function createGitStateStore(options: StateStoreOptions): StateStore {
  checkOptions(options);
  const { git, remoteUrl: url, branch, stateBranch, path } = options;
  const attempts = Math.max(1, options.attempts ?? 3);
  const tokenName = options.tokenName ?? 'GITHUB_TOKEN (or AUTO_SYNC_TOKEN)';
  // File text per commit (null: no file there); what read saw is what write compares with.
  const texts = new Map<string, string | null>();
  let tips: Tips | undefined;
  let onStateBranch = false;
  let told = false;

  const remote = async (args: readonly string[], what: 'ls-remote' | 'fetch' | 'push'): Promise<RunResult> => {
    const lineOf = (r: RunResult) => gitMessage(r.stderr) || `exit ${r.exitCode ?? r.signal}`;
    const { result, failure } = await runNetwork(git, args, {
      token: options.token,
      retry: {
        attempts,
        backoffMs: options.retryDelayMs ?? 1000,
        onRetry: ({ attempt, waitMs, result: failed }) =>
          options.log(`state: git ${what} failed (${lineOf(failed)}); retrying in ${waitMs} ms (${attempt}/${attempts - 1})`),
      },
      // A rejected push reports per ref on stdout (porcelain); the caller reads why.
      accept: (r) => what === 'push' && /^!\t/m.test(r.stdout),
    });
    if (!failure) return result;
    const line = lineOf(result);
    if (failure.kind === 'auth' || failure.kind === 'not-found') {
      const problem = options.token
        ? `${tokenName} was refused or cannot see the repository`
        : `no token was given (${tokenName} is not set)`;
      throw new SyncError('TARGET_AUTH', `git ${what} of ${url}: ${problem} (${line})`);
    }
    throw new SyncError('GIT_FAILED', `git ${what} of ${url} failed: ${line}`, {
      details: [result.stderr.trim()],
      hint: failure.kind === 'transient' ? 'The target could not be reached; the state is written again by the next run.' : undefined,
    });
  };

  /** One ls-remote (does the state branch exist?), then one fetch of what exists into private refs. */
  const fetchTips = async (): Promise<Tips> => {
    const wanted = [branch, stateBranch].map((name) => `refs/heads/${name}`);
    const listed = await remote(remoteCommand.lsRemote(url, wanted), 'ls-remote');
    const present = new Set(
      listed.stdout
        .split('\n')
        .map((line) => line.split('\t')[1])
        .filter((ref) => ref !== undefined && wanted.includes(ref)),
    );
    if (!present.has(`refs/heads/${branch}`)) throw new SyncError('TARGET_BRANCH_MISSING', `${url} has no branch "${branch}"`);
    const names = present.has(`refs/heads/${stateBranch}`) ? [branch, stateBranch] : [branch];
    await remote(
      remoteCommand.fetch(
        url,
        names.map((name) => `+refs/heads/${name}:${stateRef(name)}`),
      ),
      'fetch',
    );
    const [branchTip, stateTip] = await resolveCommits(git, names.map(stateRef));
    return { branch: branchTip!, state: stateTip ?? null };
  };

  const textAt = async (commit: string | null): Promise<string | null> => {
    if (commit === null) return null;
    const known = texts.get(commit);
    if (known !== undefined) return known;
    const result = await fileAt(git, commit, path);
    if (!result.ok && !/does not exist in '|exists on disk, but not in '/.test(result.stderr)) {
      throw new SyncError('STATE_CORRUPT', `cannot read ${path} in ${commit}: ${gitMessage(result.stderr)}`, {
        details: [result.stderr.trim()],
      });
    }
    const text = result.ok ? result.text : null;
    texts.set(commit, text);
    return text;
  };

  const parse = (text: string, on: string): State => {
    const origin = `${on}:${path} (${url})`;
    try {
      return parseStateText(text, origin);
    } catch (error) {
      if (!isSyncError(error) || error.code !== 'STATE_CORRUPT') throw error;
      throw new SyncError('STATE_CORRUPT', error.message, {
        details: error.details,
        hint: `Fix or delete ${path} on ${on} (its history has the earlier versions); auto-sync does not overwrite a state it cannot read.`,
      });
    }
  };

  /** A commit on `base` whose only change is the state file; objects only, in a temporary index. */
  const buildCommit = async (base: string, text: string): Promise<string> => {
    const tree = await treeWithFile(git, base, path, text);
    return commitTree(git, { tree, parents: [base], message: STATE_COMMIT_MESSAGE, identity: options.committer, date: options.now() });
  };

  const push = async (commit: string, name: string): Promise<{ status: 'pushed' | 'protected' | 'moved'; reason: string }> => {
    const dst = `refs/heads/${name}`;
    const result = await remote(remoteCommand.push(url, `${commit}:${dst}`, { strict: true }), 'push');
    const status = result.stdout.split('\n').find((line) => line.includes(`:${dst}\t`)) ?? '';
    if (result.ok && status !== '' && !status.startsWith('!')) return { status: 'pushed', reason: '' };
    const said = remoteLines(result.stderr);
    const reason = said.find((line) => PROTECTED.test(line)) ?? status.split('\t').at(-1) ?? firstLine(result.stderr);
    if (PROTECTED.test(result.stderr)) return { status: 'protected', reason };
    if (MOVED.test(status) || MOVED.test(result.stderr)) return { status: 'moved', reason };
    throw new SyncError('GIT_FAILED', `git push of ${name} to ${url} was rejected: ${reason}`, {
      details: [result.stderr.trim()],
      hint: `Check the rules of the target repository for ${name}; auto-sync must be allowed to push it.`,
    });
  };

  const read = async (): Promise<StoredState> => {
    const fetched = await fetchTips();
    // Only a protected target makes a state branch, so when it has the file it is the newer one.
    const fromStateBranch = await textAt(fetched.state);
    const fromBranch = fromStateBranch === null ? await textAt(fetched.branch) : null;
    const stored: StoredState =
      fromStateBranch !== null
        ? { state: parse(fromStateBranch, stateBranch), from: 'state-branch', commit: fetched.state }
        : fromBranch !== null
          ? { state: parse(fromBranch, branch), from: 'branch', commit: fetched.branch }
          : { state: emptyState(), from: 'none', commit: null };
    // Set only once the state parsed: write() builds on these tips, and must not after a failed read.
    tips = fetched;
    return stored;
  };

  const write = async (state: State): Promise<{ status: WriteStatus; commit: string | null }> => {
    const text = serializeState(state);
    // Reading first also validates what is there: a state we cannot read is never overwritten.
    if (!tips) await read();
    let attempt = 1;
    for (;;) {
      const current = tips!;
      // Once a state branch exists it wins on read, so writing to the target branch would be lost.
      const useStateBranch = onStateBranch || current.state !== null;
      const name = useStateBranch ? stateBranch : branch;
      const tip = useStateBranch ? current.state : current.branch;
      if (tip !== null && (await textAt(tip)) === text) return { status: 'unchanged', commit: tip };
      if (useStateBranch && !told) {
        told = true;
        if (!onStateBranch)
          options.log(`state: ${stateBranch} exists (${branch} was found protected earlier); state is kept on ${stateBranch}`);
      }
      // A new state branch starts from the target tip, so it shares history and diffs stay small.
      const commit = await buildCommit(tip ?? current.branch, text);
      const pushed = await push(commit, name);
      if (pushed.status === 'pushed') {
        await setRef(git, stateRef(name), commit, 'auto-sync state');
        texts.set(commit, text);
        tips = useStateBranch ? { ...current, state: commit } : { ...current, branch: commit };
        return { status: useStateBranch ? 'committed-to-state-branch' : 'committed', commit };
      }
      if (pushed.status === 'protected') {
        if (useStateBranch) {
          throw new SyncError('TARGET_AUTH', `the target refused the state on ${stateBranch} as well: ${pushed.reason}`, {
            hint: `Allow auto-sync to push ${stateBranch} (leave it out of the branch rules), or to push ${branch}.`,
          });
        }
        onStateBranch = told = true;
        options.log(`state: ${branch} is protected (${pushed.reason}); state is kept on ${stateBranch}`);
        attempt = 1;
        continue;
      }
      // Moved: the file is ours, so rebuild on the new tip; the latest run's state is the complete one.
      if (attempt >= attempts) {
        throw new SyncError('TARGET_MOVED', `${name} kept moving: the state was rejected ${attempts} time(s) (${pushed.reason})`, {
          hint: 'Something else pushes to this branch constantly; the next run writes the state again.',
        });
      }
      options.log(`state: ${name} moved (${pushed.reason}); rebuilding on the new tip (${attempt}/${attempts - 1})`);
      attempt++;
      tips = await fetchTips();
    }
  };

  return { read, write };
}

function checkOptions(options: StateStoreOptions): void {
  const problems: string[] = [];
  for (const [field, name] of [
    ['branch', options.branch],
    ['stateBranch', options.stateBranch],
  ] as const) {
    // What a refspec or git's option parser could misread; git's own rules are stricter still.
    if (!name || name.startsWith('-') || name.endsWith('/') || name.endsWith('.lock') || /\.\.|[\s:~^?*[\\]|@\{/.test(name))
      problems.push(`${field}: "${name}" is not a branch name`);
  }
  if (options.branch === options.stateBranch) problems.push('stateBranch: must differ from branch');
  if (
    !options.path ||
    options.path.startsWith('/') ||
    options.path.split('/').some((part) => part === '' || part === '.' || part === '..' || part === '.git') ||
    /[\\\n]/.test(options.path)
  ) {
    problems.push(`path: "${options.path}" must be a plain relative path inside the repository`);
  }
  if (problems.length > 0) throw new SyncError('CONFIG_INVALID', 'the state store options are invalid', { details: problems });
  if (/^https?:\/\/[^/@]*@/i.test(options.remoteUrl)) {
    throw new SyncError('TARGET_AUTH', 'the target URL contains credentials', {
      hint: 'Use a URL without user or password; the token is passed to git separately.',
    });
  }
}

function remoteLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('remote: '))
    .map((line) =>
      line
        .slice('remote: '.length)
        .replace(/^error: /, '')
        .trim(),
    );
}
