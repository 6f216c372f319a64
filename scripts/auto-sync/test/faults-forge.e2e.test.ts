import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../report/model.ts';
import { runCli, writeConfig, type CliResult } from './helpers/cli.ts';
import { startGitHttpServer, type GitHttpServer } from './helpers/git-http-server.ts';
import { startGitHubServer, type ApiFault, type GitHubServer } from './helpers/github-server.ts';
import { TestRepo, gitIn, makeTempDir } from './helpers/repo.ts';

// GitHub faults under a whole `run --apply` with the github forge: the merge's answer is lost after
// GitHub did it (and, worse, the lookup after it fails too). Each faulted world is compared with an
// uninterrupted one fed the same commits: same target tree, same state, one pull request (merged),
// no "did not merge" comment, one dashboard.

const SOURCE_PAT = 'github_pat_FaultsSourceRead_0a9b8c7d';
const TARGET_TOKEN = 'ghs_FaultsTargetWrite_1f2e3d4c5b';
const OWNER = 'acme';
const REPO = 'target';

interface World {
  work: string;
  api: GitHubServer;
  fork: TestRepo;
  bareGit(args: string[], input?: string): string;
  run(name: string): Promise<{ result: CliResult; report: Report | undefined }>;
  close(): Promise<void>;
}

const worlds: World[] = [];
afterAll(async () => {
  for (const world of worlds) await world.close();
});

/** `failing`: a check that always fails, so every batch is proposed rather than merged. */
async function world(options: { failing?: boolean } = {}): Promise<World> {
  const work = makeTempDir('auto-sync-faults-forge-');
  const seed = TestRepo.init({ dir: join(work, 'seed') });
  seed.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n', 'README.md': '# target\n' });
  mkdirSync(join(work, 'target-root', OWNER), { recursive: true });
  const bare = join(work, 'target-root', OWNER, `${REPO}.git`);
  TestRepo.clone(seed.dir, { dir: bare, bare: true });
  mkdirSync(join(work, 'sources-root'));
  const fork = TestRepo.clone(seed.dir, { dir: join(work, 'fork') });
  TestRepo.clone(seed.dir, { dir: join(work, 'sources-root', 'web.git'), bare: true });
  fork.git(['remote', 'add', 'served', join(work, 'sources-root', 'web.git')]);
  const bareGit = (args: string[], input?: string) => gitIn(bare, args, input === undefined ? {} : { input });
  const sources: GitHttpServer = await startGitHttpServer({ root: join(work, 'sources-root'), token: SOURCE_PAT });
  const target: GitHttpServer = await startGitHttpServer({ root: join(work, 'target-root'), token: TARGET_TOKEN });
  const api = await startGitHubServer({
    token: TARGET_TOKEN,
    owner: OWNER,
    repo: REPO,
    refs: {
      sha: (branch) => {
        try {
          return bareGit(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).trim() || undefined;
        } catch {
          return undefined;
        }
      },
      delete: (branch) => void bareGit(['update-ref', '-d', `refs/heads/${branch}`]),
      merge: ({ base, headSha, title, message }) => {
        const baseSha = bareGit(['rev-parse', `refs/heads/${base}`]).trim();
        const tree = bareGit(['merge-tree', '--write-tree', baseSha, headSha]).split('\n')[0]!.trim();
        const commit = bareGit(['commit-tree', tree, '-p', baseSha, '-p', headSha, '-F', '-'], `${title}\n\n${message}\n`).trim();
        bareGit(['update-ref', `refs/heads/${base}`, commit, baseSha]);
        return commit;
      },
    },
  });
  const config = writeConfig(work, {
    sources: [{ name: 'web', url: sources.urlFor('web'), tokenEnv: 'SOURCE_PAT' }],
    target: { identity: `${OWNER}/${REPO}` },
    checks: options.failing ? [{ name: 'guard', run: [process.execPath, '-e', 'process.exit(1)'] }] : [],
    smoke: [],
    forge: { type: 'github' },
    retry: { attempts: 2, backoffMs: 10 },
  });
  const created: World = {
    work,
    api,
    fork,
    bareGit,
    run: async (name) => {
      const dir = join(work, 'runners', name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(work, 'runners'), { recursive: true });
      const checkout = TestRepo.clone(bare, { dir });
      checkout.git(['remote', 'set-url', 'origin', `${target.baseUrl}/${OWNER}/${REPO}.git`]);
      const reportPath = join(work, `${name}-report.json`);
      const result = await runCli(['run', '--apply', '--config', config, '--report', reportPath], {
        cwd: dir,
        env: {
          CI: 'true',
          GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
          GITHUB_SERVER_URL: target.baseUrl,
          GITHUB_API_URL: api.baseUrl,
          AUTO_SYNC_GITHUB_PACING: 'off',
          AUTO_SYNC_WORK_DIR: join(work, 'verify'),
          SOURCE_PAT,
          GITHUB_TOKEN: TARGET_TOKEN,
        },
      });
      let report: Report | undefined;
      try {
        report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
      } catch {
        report = undefined;
      }
      return { result, report };
    },
    close: async () => {
      await Promise.all([sources.close(), target.close(), api.close()]);
      rmSync(work, { recursive: true, force: true });
    },
  };
  worlds.push(created);
  return created;
}

/** The same source commit, pushed in every world (same content; its sha differs by the commit date). */
function feed(w: World): string {
  const sha = w.fork.commit('feat: add b', { 'src/b.ts': 'export const b = 1;\n' });
  w.fork.git(['push', '--quiet', '--force', 'served', 'HEAD:refs/heads/main']);
  return sha;
}

/** What must be the same after a faulted run (and its next run) as after an uninterrupted one. */
function outcome(w: World) {
  const state = JSON.parse(w.bareGit(['show', 'refs/heads/main:.neon/auto-sync-state.json'])) as {
    sources: Record<string, { commits: Record<string, { decision: string }>; integration?: unknown }>;
  };
  return {
    files: w.bareGit(['ls-tree', '-r', '--name-only', 'refs/heads/main']),
    content: w.bareGit(['ls-tree', 'refs/heads/main', 'src/b.ts']) ? w.bareGit(['show', 'refs/heads/main:src/b.ts']) : null,
    decisions: Object.values(state.sources.web!.commits).map((c) => c.decision),
    integration: state.sources.web!.integration ?? null,
    pulls: w.api.state.pulls.map((p) => ({ state: p.state, merged: p.merged })),
    merges: w.api.state.merges.length,
    comments: w.api.state.comments.map((c) => c.body),
    dashboards: w.api.state.issues.filter((i) => i.state === 'open').length,
  };
}

describe('a merge GitHub did whose answer was lost, in a whole run', () => {
  let reference: ReturnType<typeof outcome>;
  let lost: World | undefined;

  it('reference: an uninterrupted run merges, and the next run has nothing to do', async () => {
    const w = await world();
    feed(w);
    const first = await w.run('r1');
    expect(first.result.code, first.result.stderr + first.result.stdout).toBe(0);
    expect(first.report!.sources[0]).toMatchObject({ outcome: 'merged' });
    const second = await w.run('r2');
    expect(second.result.code, second.result.stderr).toBe(0);
    reference = outcome(w);
    expect(reference.pulls).toEqual([{ state: 'closed', merged: true }]);
    expect(reference.decisions).toEqual(['applied']);
  }, 120_000);

  it.each<{ name: string; faults: ApiFault[] }>([
    {
      name: 'the PUT performed, then the connection reset',
      faults: [{ perform: true, drop: true, count: 1, method: 'PUT', path: /\/merge$/ }],
    },
    { name: 'the PUT performed, then 502', faults: [{ perform: true, status: 502, count: 1, method: 'PUT', path: /\/merge$/ }] },
  ])(
    '$name: the run reports merged; nothing repeated; same end as the reference',
    async ({ faults }) => {
      const w = await world();
      feed(w);
      for (const fault of faults) w.api.inject(fault);
      const first = await w.run('r1');
      expect(first.result.code, first.result.stderr + first.result.stdout).toBe(0);
      expect(first.report!.sources[0]).toMatchObject({ outcome: 'merged' });
      expect(first.result.stdout + first.result.stderr).not.toMatch(/did not merge/);
      const second = await w.run('r2');
      expect(second.result.code, second.result.stderr).toBe(0);
      expect(outcome(w)).toEqual(reference);
      expect(w.api.state.comments).toHaveLength(0);
    },
    120_000,
  );

  it('the answer and the lookup both lost: that run fails the delivery, the next run converges with nothing repeated', async () => {
    const w = await world();
    feed(w);
    w.api.inject({ perform: true, drop: true, count: 1, method: 'PUT', path: /\/merge$/ });
    // The reads of the pull request after the PUT (the lookup, and its retries) fail.
    w.api.inject({ status: 503, skip: 2, count: 20, method: 'GET', path: /\/pulls\/\d+$/ });
    const first = await w.run('r1');
    w.api.clearFaults();
    expect(first.report?.sources[0]?.outcome).toBe('error');
    expect(first.result.stdout + first.result.stderr).toMatch(/FORGE_FAILED|GitHub could not/);
    expect(w.api.state.merges).toHaveLength(1);
    const second = await w.run('r2');
    expect(second.result.code, second.result.stderr + second.result.stdout).toBe(0);
    expect(w.api.state.pulls).toHaveLength(1);
    expect(w.api.state.merges).toHaveLength(1);
    expect(w.api.state.comments).toHaveLength(0);
    expect(second.report!.sources[0]).toMatchObject({ outcome: 'nothing', proposal: null });
    // What GitHub and the target hold is the reference's; the state's record of it is checked below.
    const { decisions: _d, integration: _i, ...held } = outcome(w);
    const { decisions: _rd, integration: _ri, ...expected } = reference;
    expect(held).toEqual(expected);
    lost = w;
  }, 120_000);

  // Known gap, outside the forge: the next run records the merged commit as skipped/already-applied
  // (the planner finds its Auto-Sync-Origin trailer on main) rather than applied, and keeps the failed
  // delivery's integration record although its pull request is merged. When the state transitions
  // learn this, this test fails: make it a plain `it`.
  it('the answer and the lookup both lost: the state after the next run equals the reference', () => {
    expect(outcome(lost!)).toEqual(reference);
  });
});

describe('a pull request and a dashboard whose creation answers were lost, in a whole run', () => {
  it('one pull request and one dashboard, this run and the next; the same state as an uninterrupted run', async () => {
    const reference = await world({ failing: true });
    feed(reference);
    const expected = await reference.run('r1');
    expect(expected.report!.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { action: 'created' } });

    const w = await world({ failing: true });
    feed(w);
    w.api.inject({ perform: true, drop: true, count: 1, method: 'POST', path: /\/pulls$/ });
    w.api.inject({ perform: true, status: 502, count: 1, method: 'POST', path: /\/issues$/ });
    const first = await w.run('r1');
    expect(first.result.code, first.result.stderr + first.result.stdout).toBe(0);
    expect(first.report!.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1 } });
    expect(w.api.requests.filter((r) => r.fault).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/target/pulls',
      'POST /repos/acme/target/issues',
    ]);
    const second = await w.run('r2');
    expect(second.result.code, second.result.stderr).toBe(0);
    expect(second.report!.sources[0]).toMatchObject({ outcome: 'nothing', proposal: null });
    const recorded = (x: World) => {
      const web = outcome(x);
      return { decisions: web.decisions, commits: (web.integration as { commits?: string[] } | null)?.commits?.length, files: web.files };
    };
    expect(recorded(w)).toEqual(recorded(reference));
    for (const x of [reference, w]) {
      expect(x.api.state.pulls.map((p) => p.state)).toEqual(['open']);
      expect(x.api.state.issues.filter((i) => i.state === 'open')).toHaveLength(1);
      expect(x.api.state.comments).toHaveLength(0);
    }
    expect([...w.api.state.pulls[0]!.labels].sort()).toEqual([...reference.api.state.pulls[0]!.labels].sort());
    expect(w.api.state.pulls[0]!.title).toBe(reference.api.state.pulls[0]!.title);
  }, 120_000);
});
