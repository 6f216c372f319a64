import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, expect } from 'vitest';
import { Git } from '../../git/git.ts';
import { AUTO_SYNC_LABELS, createGitHubForge, type GitHubForgeOptions } from '../../forge/github.ts';
import type { MergeInput, ProposalInput } from '../../forge/types.ts';
import { secretForms } from '../../output/redact.ts';
import { ProcessRunner, type RunOptions, type RunResult } from '../../proc/run.ts';
import { startGitHttpServer } from './git-http-server.ts';
import type { RepoSettings } from './github-objects.ts';
import { startGitHubServer, type GitHubServer } from './github-server.ts';
import { TEST_GIT_ENV, TestRepo, makeTempDir } from './repo.ts';

// The GitHub forge against two real loopback servers: git's own http-backend hosting the bare
// target (pushes, ls-remote) and our GitHub REST server (pull requests, labels, merges), which
// performs a merge in the bare repository as GitHub would (a merge commit, or a squash).

export { AUTO_SYNC_LABELS };
export const TOKEN = 'ghs_T0kenForForgeTests9a8b7c6d';
export const OWNER = 'acme';
export const REPO = 'target';
export const BRANCH = 'auto-sync/web';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs every process like ProcessRunner, and lets a test act just before a given git command. */
export class HookedRunner extends ProcessRunner {
  before: ((args: readonly string[]) => void) | undefined;
  override run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    this.before?.(args);
    return super.run(file, args, options);
  }
}

/** `realMerges`: the server's merges move the bare repository's base branch, as GitHub's do. */
export async function setup(options: { settings?: Partial<RepoSettings>; realMerges?: boolean } = {}) {
  const root = makeTempDir('auto-sync-gh-');
  const seed = TestRepo.init();
  const base = seed.commit('base', { 'app.txt': 'app\n' });
  const bare = TestRepo.clone(seed.dir, { dir: join(root, `${REPO}.git`), bare: true });
  // The repository auto-sync works in: the integration branch is built here, then published.
  const local = TestRepo.clone(bare.dir);
  local.checkout(BRANCH, { create: true });
  const head = local.commit('feat: picked from web', { 'web.txt': 'web\n' });
  local.checkout('main');
  const person = TestRepo.clone(bare.dir);
  const gitServer = await startGitHttpServer({ root, token: TOKEN });
  const remoteSha = (branch: string): string | undefined => {
    try {
      return bare.git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const github = await startGitHubServer({
    token: TOKEN,
    owner: OWNER,
    repo: REPO,
    settings: options.settings,
    refs: {
      sha: remoteSha,
      delete: (branch) => bare.git(['update-ref', '-d', `refs/heads/${branch}`]),
      ...(options.realMerges
        ? {
            merge: ({ base: branch, headSha, method, title, message }) => {
              const baseSha = remoteSha(branch)!;
              const tree = bare.git(['merge-tree', '--write-tree', baseSha, headSha]).trim().split('\n')[0]!;
              const parents = method === 'merge' ? ['-p', baseSha, '-p', headSha] : ['-p', baseSha];
              const sha = bare.git(['commit-tree', tree, ...parents, '-F', '-'], { input: `${title}\n\n${message}\n` }).trim();
              bare.git(['update-ref', `refs/heads/${branch}`, sha, baseSha]);
              return sha;
            },
          }
        : {}),
    },
  });
  cleanups.push(async () => {
    await github.close();
    await gitServer.close();
    for (const repo of [seed, local, person]) repo.remove();
    rmSync(root, { recursive: true, force: true });
  });
  const commands: string[] = [];
  const logs: string[] = [];
  const runner = new HookedRunner((event) => commands.push(event.command));
  const git = new Git(local.dir, runner, { ...process.env, ...TEST_GIT_ENV });
  const makeForge = (extra: Partial<GitHubForgeOptions> = {}) =>
    createGitHubForge({
      git,
      owner: OWNER,
      repo: REPO,
      token: TOKEN,
      tokenName: 'AUTO_SYNC_TOKEN',
      apiUrl: github.baseUrl,
      remoteUrl: gitServer.urlFor(REPO),
      log: (line) => logs.push(line),
      retry: { retries: 2, minDelayMs: 1 },
      rateLimit: { secondMs: 10 },
      mergeablePollMs: [5, 5, 5],
      paceWrites: false,
      ...extra,
    });
  /** A person's commit pushed straight into the bare repository. */
  const personPushes = (branch: string, file: string): string => {
    person.git(['fetch', '--quiet', 'origin']);
    person.git(['checkout', '--quiet', '-B', branch, `origin/${branch}`]);
    const sha = person.commit(`person edits ${file}`, { [file]: `${Math.random()}\n` });
    person.git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
    return sha;
  };
  /** An API call made by a person, not by the forge. */
  const asPerson = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${github.baseUrl}/repos/${OWNER}/${REPO}${path}`, {
      method,
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
  };
  return { base, head, bare, local, github, gitServer, commands, logs, runner, makeForge, remoteSha, personPushes, asPerson };
}

export function proposal(headSha: string, extra: Partial<ProposalInput> = {}): ProposalInput {
  return {
    source: 'web',
    title: 'auto-sync: 1 commit from web (risk: low)',
    body: 'One commit from web.\n',
    labels: ['auto-sync', 'risk:low'],
    headBranch: BRANCH,
    headSha,
    baseBranch: 'main',
    commits: ['a'.repeat(40)],
    ...extra,
  };
}

export function mergeInput(headSha: string, expectedBaseSha: string, extra: Partial<MergeInput> = {}): MergeInput {
  return {
    source: 'web',
    headBranch: BRANCH,
    headSha,
    baseBranch: 'main',
    expectedBaseSha,
    method: 'merge',
    message: 'auto-sync: web\n\nAuto-Sync-Source: web\n',
    committer: { name: 'Sync Bot', email: 'sync@example.test' },
    ...extra,
  };
}

export const calls = (github: GitHubServer, method: string, path: RegExp) =>
  github.requests.filter((r) => r.method === method && path.test(r.path));

/** Neither the token nor any encoding of it is in anything recorded. */
export function expectNoToken(token: string, ...recorded: unknown[]): void {
  const text = recorded.map((item) => (typeof item === 'string' ? item : inspect(item, { depth: 12 }))).join('\n');
  for (const form of secretForms(token)) expect(text).not.toContain(form);
}
