import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHttpServer, type GitHttpServer } from './helpers/git-http-server.ts';
import { startGitHubServer, type GitHubServer } from './helpers/github-server.ts';
import { makeTempDir, TEST_GIT_ENV, TestRepo, gitIn } from './helpers/repo.ts';
import { runCli, writeConfig, type CliResult } from './helpers/cli.ts';
import { secretForms } from '../output/redact.ts';
import type { Report } from '../report/model.ts';

// The hourly workflow, as GitHub runs it: prepare, verify and publish as separate processes in
// separate fresh checkouts, each given only its own secrets, against a GitHub REST server of our
// own and real git over smart HTTP with token auth (sources and target behind separate tokens).

const SOURCE_PAT = 'github_pat_SourceReadOnly_7c1d9e2f4a';
const TARGET_TOKEN = 'ghs_TargetWriteToken_3b8a6f0e1d';
const OWNER = 'acme';
const REPO = 'target';

let work: string;
let sourcesServer: GitHttpServer;
let targetServer: GitHttpServer;
let api: GitHubServer;
let fork: TestRepo;
let bare: string;
const outputs: string[] = [];
let dashboardNumber = 0;

function bareGit(args: string[], input?: string): string {
  return gitIn(bare, args, input === undefined ? {} : { input });
}

beforeAll(async () => {
  work = makeTempDir();
  const seed = TestRepo.init({ dir: join(work, 'seed') });
  seed.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n', 'README.md': '# target\n' });
  mkdirSync(join(work, 'target-root', OWNER), { recursive: true });
  bare = join(work, 'target-root', OWNER, `${REPO}.git`);
  TestRepo.clone(seed.dir, { dir: bare, bare: true });
  mkdirSync(join(work, 'sources-root'));
  fork = TestRepo.clone(seed.dir, { dir: join(work, 'fork') });
  TestRepo.clone(seed.dir, { dir: join(work, 'sources-root', 'web.git'), bare: true });
  fork.git(['remote', 'add', 'served', join(work, 'sources-root', 'web.git')]);
  sourcesServer = await startGitHttpServer({ root: join(work, 'sources-root'), token: SOURCE_PAT });
  targetServer = await startGitHttpServer({ root: join(work, 'target-root'), token: TARGET_TOKEN });
  api = await startGitHubServer({
    token: TARGET_TOKEN,
    owner: OWNER,
    repo: REPO,
    settings: { allowAutoMerge: true },
    refs: {
      sha: (branch) => {
        try {
          return bareGit(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).trim() || undefined;
        } catch {
          return undefined;
        }
      },
      delete: (branch) => void bareGit(['update-ref', '-d', `refs/heads/${branch}`]),
      // GitHub's "merge" method: always a merge commit, the PR's title as its subject.
      merge: ({ base, headSha, title, message }) => {
        const baseSha = bareGit(['rev-parse', `refs/heads/${base}`]).trim();
        const tree = bareGit(['merge-tree', '--write-tree', baseSha, headSha]).split('\n')[0]!.trim();
        const commit = bareGit(['commit-tree', tree, '-p', baseSha, '-p', headSha, '-F', '-'], `${title}\n\n${message}\n`).trim();
        bareGit(['update-ref', `refs/heads/${base}`, commit, baseSha]);
        return commit;
      },
    },
  });
});

afterAll(async () => {
  await Promise.all([sourcesServer?.close(), targetServer?.close(), api?.close()]);
});

const baseEnv = () => ({
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
  GITHUB_SERVER_URL: targetServer.baseUrl,
  GITHUB_API_URL: api.baseUrl,
  GITHUB_RUN_ID: '4242',
  AUTO_SYNC_GITHUB_PACING: 'off',
});

/** A fresh runner: a clone of the target with no credentials (persist-credentials: false). */
function checkout(name: string): TestRepo {
  const dir = join(work, 'runners', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(work, 'runners'), { recursive: true });
  const repo = TestRepo.clone(bare, { dir });
  repo.git(['remote', 'set-url', 'origin', `${targetServer.baseUrl}/${OWNER}/${REPO}.git`]);
  return repo;
}

function configFile(): string {
  return writeConfig(work, {
    sources: [{ name: 'web', url: sourcesServer.urlFor('web') }],
    target: { identity: `${OWNER}/${REPO}` },
    checks: [{ name: 'guard', run: [process.execPath, '-e', "process.exit(require('fs').existsSync('src/bad.ts') ? 1 : 0)"] }],
    smoke: [],
    forge: { type: 'github' },
    retry: { attempts: 2, backoffMs: 10 },
  });
}

function record(result: CliResult): CliResult {
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** One hourly run: three jobs, three runners, each with only its own secrets. */
async function hourlyRun(name: string, options: { forgeBundle?: boolean } = {}) {
  const config = configFile();
  const handoff = join(work, 'artifacts', name);
  rmSync(handoff, { recursive: true, force: true });
  // prepare: contents: read on the target (the workflow token) and SOURCE_PAT, nothing else.
  const prep = checkout(`${name}-prepare`);
  const prepared = record(
    await runCli(['prepare', '--out', handoff, '--config', config], {
      cwd: prep.dir,
      env: { ...baseEnv(), SOURCE_PAT, GITHUB_TOKEN: TARGET_TOKEN },
    }),
  );
  expect(prepared.code, prepared.stderr + prepared.stdout).toBe(0);
  const digest = /handoff-digest: ([0-9a-f]{64})/.exec(prepared.stdout)?.[1];
  expect(digest).toBeDefined();
  const plan = JSON.parse(readFileSync(join(handoff, 'plan.json'), 'utf8'));
  if (!plan.sources.some((s: { integration: unknown }) => s.integration))
    return { prepared, plan, published: undefined, report: undefined };

  // verify: no secrets at all; it gets the artifacts, a checkout, and runs the sibling's code.
  const ver = checkout(`${name}-verify`);
  const verified = record(
    await runCli(['verify', '--in', handoff, '--config', config], { cwd: ver.dir, env: { CI: 'true', GITHUB_ACTIONS: 'true' } }),
  );
  expect(verified.code, verified.stderr + verified.stdout).toBe(0);
  if (options.forgeBundle) {
    // A verify job that rewrites what it hands on: its own commit in the bundle, checksums to match.
    const evil = fork.commit('feat: not what prepare planned', { 'src/evil.ts': 'export const evil = 1;\n' });
    ver.git(['fetch', '--quiet', fork.dir, `+${evil}:refs/auto-sync/integration/web`]);
    ver.git(['bundle', 'create', '--quiet', join(handoff, 'web.bundle'), 'refs/auto-sync/integration/web', `^${plan.target.head}`]);
    const { createHash } = await import('node:crypto');
    const sum = (f: string) =>
      createHash('sha256')
        .update(readFileSync(join(handoff, f)))
        .digest('hex');
    writeFileSync(join(handoff, 'checksums.json'), JSON.stringify({ 'plan.json': sum('plan.json'), 'web.bundle': sum('web.bundle') }));
    fork.git(['reset', '--quiet', '--hard', 'HEAD~1']);
  }
  // publish: the target's write token and prepare's digest (a job output verify cannot touch).
  const pub = checkout(`${name}-publish`);
  const reportPath = join(work, `${name}-report.json`);
  const summary = join(work, `${name}-summary.md`);
  const published = record(
    await runCli(['publish', '--in', handoff, '--config', config, '--report', reportPath], {
      cwd: pub.dir,
      env: { ...baseEnv(), GITHUB_TOKEN: TARGET_TOKEN, AUTO_SYNC_HANDOFF_DIGEST: digest, GITHUB_STEP_SUMMARY: summary },
    }),
  );
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : undefined;
  if (report) outputs.push(readFileSync(reportPath, 'utf8'), readFileSync(summary, 'utf8'));
  for (const f of readdirSync(handoff)) if (f.endsWith('.json')) outputs.push(readFileSync(join(handoff, f), 'utf8'));
  return { prepared, plan, published, report, summary };
}

function pushSource(): void {
  fork.git(['push', '--quiet', '--force', 'served', 'HEAD:refs/heads/main']);
}

const stateOnMain = () => JSON.parse(bareGit(['show', 'refs/heads/main:.neon/auto-sync-state.json']));

describe('the hourly workflow against GitHub', () => {
  it('merges a clean batch through a pull request, records state on main, and keeps a dashboard', async () => {
    const clean = fork.commit('feat: add b', { 'src/b.ts': 'export const b = 1;\n' });
    pushSource();
    const run = await hourlyRun('r1');
    expect(run.published!.code, run.published!.stderr + run.published!.stdout).toBe(0);
    expect(run.report!.sources[0]).toMatchObject({ outcome: 'merged' });
    expect(api.state.labels.map((l) => l.name).sort()).toEqual(['auto-sync', 'risk:high', 'risk:low', 'risk:medium']);
    expect(api.state.merges).toHaveLength(1);
    expect(api.state.merges[0]).toMatchObject({ pinnedSha: run.plan.sources[0].integration.head, method: 'merge' });
    const log = bareGit(['log', '--format=%s%n%b', 'refs/heads/main']);
    expect(log).toContain(`Auto-Sync-Origin: web@${clean}`);
    expect(log).toContain('chore(auto-sync): record sync state [skip ci]');
    expect(stateOnMain().sources.web.commits[clean]).toMatchObject({ decision: 'applied' });
    const dashboards = api.state.issues.filter((i) => i.title === 'auto-sync dashboard');
    expect(dashboards).toHaveLength(1);
    dashboardNumber = dashboards[0]!.number;
    expect(dashboards[0]!.body).toContain('applied so far: 1');
    expect(readFileSync(run.summary!, 'utf8')).toContain('merged');
  });

  it('proposes a failing batch, then updates the same pull request on the next run', async () => {
    fork.commit('feat: add a risky thing', { 'src/bad.ts': 'export const bad = 1;\n' });
    pushSource();
    const first = await hourlyRun('r2');
    expect(first.report!.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { action: 'created' } });
    const number = first.report!.sources[0]!.proposal!.id;
    fork.commit('fix: and another risky thing', { 'src/bad2.ts': 'export const bad2 = 1;\n' });
    pushSource();
    const second = await hourlyRun('r3');
    expect(second.report!.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: number, action: 'updated' } });
    expect(api.state.pulls.filter((p) => p.state === 'open')).toHaveLength(1);
    expect(api.state.labels).toHaveLength(4);
    const pr = api.state.pulls.find((p) => p.number === number)!;
    expect(pr.labels).toContain('auto-sync');
    expect(pr.body).toContain('guard');
    // The run's log, from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID.
    expect(pr.body).toContain(`[Run log](${targetServer.baseUrl.replace(/\/+$/, '')}/${OWNER}/${REPO}/actions/runs/4242)`);
    const dashboards = api.state.issues.filter((i) => i.title === 'auto-sync dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.number).toBe(dashboardNumber);
    expect(dashboards[0]!.body).toContain('in an open proposal: 2');
    expect(second.published!.stdout).toContain('::group::auto-sync: web — pull-request');
    // An hour with nothing new ends in prepare.
    const idle = await hourlyRun('r4');
    expect(idle.published).toBeUndefined();
    expect(idle.prepared.stdout).toContain('unchanged');
  });

  it('never reopens a pull request a person closed', async () => {
    const open = api.state.pulls.find((p) => p.state === 'open')!;
    open.state = 'closed';
    const merges = api.state.merges.length;
    const good = fork.commit('perf: faster b', { 'src/b.ts': 'export const b = 2;\n' });
    pushSource();
    const run = await hourlyRun('r5');
    expect(run.report!.sources[0]!.outcome).toBe('merged');
    expect(run.report!.sources[0]!.outcomeReason).toMatch(/declined/);
    expect(api.state.pulls.find((p) => p.number === open.number)!.state).toBe('closed');
    expect(api.state.merges.length).toBe(merges + 1);
    expect(bareGit(['log', '--format=%b', 'refs/heads/main'])).toContain(`Auto-Sync-Origin: web@${good}`);
    expect(
      Object.values(stateOnMain().sources.web.commits).filter((c) => (c as { decision: string }).decision === 'declined'),
    ).toHaveLength(2);
  });

  it('falls back when main is protected: the pull request stays open with auto-merge, state goes to auto-sync/state', async () => {
    api.state.protectedBranches.set('main', 'ruleset');
    writeFileSync(
      join(bare, 'hooks', 'pre-receive'),
      '#!/bin/sh\nwhile read old new ref; do if [ "$ref" = refs/heads/main ]; then echo "GH006: Protected branch update failed for refs/heads/main." >&2; exit 1; fi; done\n',
      { mode: 0o755 },
    );
    const main = bareGit(['rev-parse', 'refs/heads/main']).trim();
    fork.commit('fix: small c', { 'src/c.ts': 'export const c = 1;\n' });
    pushSource();
    const run = await hourlyRun('r6');
    expect(run.report!.sources[0]!.outcome).toBe('pull-request');
    expect(run.report!.sources[0]!.outcomeReason).toMatch(/merge refused/);
    expect(api.state.autoMerge.length).toBeGreaterThan(0);
    expect(bareGit(['rev-parse', 'refs/heads/main']).trim()).toBe(main);
    const onStateBranch = JSON.parse(bareGit(['show', 'refs/heads/auto-sync/state:.neon/auto-sync-state.json']));
    expect(Object.values(onStateBranch.sources.web.commits).some((c) => (c as { decision: string }).decision === 'proposed')).toBe(true);
    expect(run.published!.stdout + run.published!.stderr).toMatch(/protected/);
    rmSync(join(bare, 'hooks', 'pre-receive'));
    api.state.protectedBranches.delete('main');
  });

  it('reconciles a lost state without duplicating a pull request', async () => {
    // A person deletes the state everywhere.
    bareGit(['update-ref', '-d', 'refs/heads/auto-sync/state']);
    const person = checkout('person');
    person.git(['rm', '--quiet', '.neon/auto-sync-state.json']);
    person.commit('chore: drop the state');
    person.git(['push', '--quiet', join(bare), 'HEAD:refs/heads/main']);
    const openBefore = api.state.pulls.filter((p) => p.state === 'open').map((p) => p.number);
    const mergesBefore = api.state.merges.length;
    const run = await hourlyRun('r7');
    // The open pull request's commits were recognised: nothing new to verify or publish.
    expect(run.published).toBeUndefined();
    expect(run.prepared.stdout + run.prepared.stderr).toContain('state: rebuilt web');
    expect(api.state.pulls.filter((p) => p.state === 'open').map((p) => p.number)).toEqual(openBefore);
    expect(api.state.merges.length).toBe(mergesBefore);
  });

  it('refuses a bundle that the verify job forged', async () => {
    fork.commit('fix: d', { 'src/d.ts': 'export const d = 1;\n' });
    pushSource();
    const main = bareGit(['rev-parse', 'refs/heads/main']).trim();
    const run = await hourlyRun('r8', { forgeBundle: true });
    expect(run.published!.code).toBe(1);
    expect(run.published!.stdout + run.published!.stderr).toContain('BUNDLE_TAMPERED');
    expect(bareGit(['rev-parse', 'refs/heads/main']).trim()).toBe(main);
  });

  it('never shows a token: not in any output, report, artifact, pull request, issue or commit', () => {
    // `::add-mask::` lines are the runner's instructions to mask a value: it consumes them, never shows them.
    const shown = outputs.map((text) =>
      text
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n'),
    );
    expect(outputs.join('\n')).toContain(`::add-mask::${TARGET_TOKEN}`);
    const everything = [
      ...shown,
      ...api.state.pulls.map((p) => `${p.title}\n${p.body}`),
      ...api.state.issues.map((i) => `${i.title}\n${i.body}`),
      ...api.state.comments.map((c) => c.body),
      bareGit(['log', '--all', '-p', '--format=%H%n%B']),
    ].join('\n');
    for (const token of [SOURCE_PAT, TARGET_TOKEN]) for (const form of secretForms(token)) expect(everything).not.toContain(form);
    // The servers saw the tokens only as credentials.
    expect(sourcesServer.requests.some((r) => r.authorized)).toBe(true);
    expect(
      execFileSync('git', ['config', '--list'], {
        cwd: join(work, 'runners', 'r1-publish'),
        env: { ...process.env, ...TEST_GIT_ENV },
        encoding: 'utf8',
      }),
    ).not.toContain(TARGET_TOKEN);
    void cpSync;
  });
});
