import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestOf } from './helpers/proposals.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import type { Report } from '../report/model.ts';

// The three phases as separate processes (as the workflow runs them), the hand-off directory,
// and publish refusing a hand-off that verify (which runs untrusted code) could have changed.

const TOKEN = 'ghp_PhaseTokenNeverPrinted_123456';

function setup() {
  const work = makeTempDir();
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n', 'package.json': '{ "name": "t", "private": true }\n' });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  const feat = fork.commit('feat: add b', { 'src/b.ts': 'export const b = 2;\n' });
  const config = writeConfig(work, {
    sources: [{ name: 'fork', url: fork.dir }],
    target: { identity: 'acme/target' },
    checks: [{ name: 'ok', run: [process.execPath, '-e', 'process.exit(0)'] }],
    smoke: [],
  });
  return { work, target, fork, feat, config };
}

describe('phases with a hand-off directory', () => {
  let s: ReturnType<typeof setup>;
  beforeAll(() => {
    s = setup();
  });

  it('prepare → verify → publish in separate processes merges the batch', async () => {
    const dir = join(s.work, 'handoff');
    const before = s.target.head('main');
    const prepared = await runCli(['prepare', '--out', dir, '--config', s.config], { cwd: s.target.dir, env: { SOURCE_PAT: TOKEN } });
    expect(prepared.code).toBe(0);
    const digest = digestOf(prepared.stdout);
    expect(digest).toBeDefined();
    expect(readdirSync(dir).sort()).toEqual(['checksums.json', 'fork.bundle', 'plan.json']);
    expect(s.target.head('main')).toBe(before); // prepare delivers nothing
    // The integration commit carries provenance.
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    const head = plan.sources[0].integration.head as string;
    expect(s.target.git(['log', '-1', '--format=%B', head])).toContain(`Auto-Sync-Origin: fork@${s.feat}`);
    expect(s.target.git(['log', '-1', '--format=%an <%ae> %at', head])).toBe(s.fork.git(['log', '-1', '--format=%an <%ae> %at', s.feat]));

    // verify gets no token at all.
    const verified = await runCli(['verify', '--in', dir, '--config', s.config], { cwd: s.target.dir });
    expect(verified.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).sources[0]).toMatchObject({
      name: 'fork',
      head,
      checks: [{ name: 'ok', status: 'passed' }],
    });

    const reportPath = join(s.work, 'publish.json');
    const published = await runCli(['publish', '--in', dir, '--config', s.config, '--report', reportPath], {
      cwd: s.target.dir,
      env: { AUTO_SYNC_HANDOFF_DIGEST: digest },
    });
    expect(published.code).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]).toMatchObject({
      outcome: 'merged',
      merge: { sha: head, fastForward: true },
      risk: { score: 1.01, level: 'low' },
    });
    expect(s.target.head('main')).toBe(head);
    const state = JSON.parse(readFileSync(join(s.target.dir, '.neon', 'auto-sync-state.json'), 'utf8'));
    expect(state.sources.fork.commits[s.feat]).toMatchObject({ decision: 'applied' });
    for (const text of [prepared.stdout, prepared.stderr, published.stdout, published.stderr, readFileSync(join(dir, 'plan.json'), 'utf8')])
      expect(text).not.toContain(TOKEN);
  });

  it('publish refuses a tampered bundle, and a consistently forged hand-off when given the digest', async () => {
    const fresh = setup();
    const dir = join(fresh.work, 'handoff');
    const prepared = await runCli(['prepare', '--out', dir, '--config', fresh.config], { cwd: fresh.target.dir });
    const digest = digestOf(prepared.stdout)!;
    expect((await runCli(['verify', '--in', dir, '--config', fresh.config], { cwd: fresh.target.dir })).code).toBe(0);
    const main = fresh.target.head('main');

    // 1. One flipped byte in the bundle.
    const bundlePath = join(dir, 'fork.bundle');
    const original = readFileSync(bundlePath);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 30] = (flipped[flipped.length - 30] ?? 0) ^ 0xff;
    writeFileSync(bundlePath, flipped);
    const tampered = await runCli(['publish', '--in', dir, '--config', fresh.config], { cwd: fresh.target.dir });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('BUNDLE_TAMPERED');
    expect(fresh.target.head('main')).toBe(main);

    // 2. A forged bundle with checksums.json rewritten to match: only the digest from prepare catches it.
    const evil = fresh.fork.commit('feat: something prepare never planned', { 'src/evil.ts': 'export const evil = 1;\n' });
    fresh.target.git(['fetch', '--quiet', fresh.fork.dir, `+${evil}:refs/auto-sync/integration/fork`]);
    fresh.target.git(['bundle', 'create', '--quiet', bundlePath, 'refs/auto-sync/integration/fork', `^${main}`]);
    const { createHash } = await import('node:crypto');
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    writeFileSync(
      join(dir, 'checksums.json'),
      `${JSON.stringify({ 'plan.json': sha(join(dir, 'plan.json')), 'fork.bundle': sha(bundlePath) }, null, 2)}\n`,
    );
    const forged = await runCli(['publish', '--in', dir, '--config', fresh.config], {
      cwd: fresh.target.dir,
      env: { AUTO_SYNC_HANDOFF_DIGEST: digest },
    });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/BUNDLE_TAMPERED: checksums.json does not match the digest prepare printed/);
    expect(fresh.target.head('main')).toBe(main);
    // Without the digest the bundle still has to hold the planned head: the forged one does not.
    const noDigest = await runCli(['publish', '--in', dir, '--config', fresh.config, '--report', join(fresh.work, 'r.json')], {
      cwd: fresh.target.dir,
    });
    expect(noDigest.code).toBe(1);
    expect(JSON.parse(readFileSync(join(fresh.work, 'r.json'), 'utf8')).sources[0].error.code).toBe('BUNDLE_TAMPERED');
    expect(fresh.target.head('main')).toBe(main);
  });

  it('validates again, on the next run, a batch whose target moved because another source merged first', async () => {
    const two = setup();
    const other = TestRepo.clone(two.target.dir, { dir: join(two.work, 'other') });
    const otherFeat = other.commit('feat: add c', { 'src/c.ts': 'export const c = 3;\n' });
    const config = writeConfig(two.work, {
      sources: [
        { name: 'fork', url: two.fork.dir },
        { name: 'other', url: other.dir },
      ],
      target: { identity: 'acme/target' },
      checks: [{ name: 'ok', run: [process.execPath, '-e', 'process.exit(0)'] }],
      smoke: [],
    });
    const hour = async (name: string) => {
      const dir = join(two.work, name);
      const prepared = await runCli(['prepare', '--out', dir, '--config', config], { cwd: two.target.dir });
      expect((await runCli(['verify', '--in', dir, '--config', config], { cwd: two.target.dir })).code).toBe(0);
      const reportPath = join(two.work, `${name}.json`);
      const published = await runCli(['publish', '--in', dir, '--config', config, '--report', reportPath], {
        cwd: two.target.dir,
        env: { AUTO_SYNC_HANDOFF_DIGEST: digestOf(prepared.stdout) },
      });
      expect(published.code, published.stderr).toBe(0);
      return JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    };
    const first = await hour('h1');
    expect(first.sources.map((s) => s.outcome)).toEqual(['merged', 'nothing']);
    expect(first.sources[1]!.outcomeReason).toMatch(/revalidating: the target moved after validation/);
    const second = await hour('h2');
    expect(second.sources.map((s) => [s.name, s.outcome])).toEqual([
      ['fork', 'nothing'],
      ['other', 'merged'],
    ]);
    expect(two.target.git(['log', '--format=%B', 'main'])).toContain(`Auto-Sync-Origin: other@${otherFeat}`);
    expect(readdirSync(join(two.target.dir, '.neon', 'proposals')).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('asks for the hand-off directory', async () => {
    const result = await runCli(['publish', '--config', s.config], { cwd: s.target.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--in DIR is required');
  });
});

describe('the demo', () => {
  it('runs offline, every story ends as expected, and a second run changes nothing', async () => {
    const root = join(makeTempDir(), 'demo');
    const started = performance.now();
    const result = await runCli(['demo', '--out', root], { cwd: makeTempDir() });
    expect(result.code, result.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(result.stdout).toContain('demo summary');
    const report = JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as Report;
    expect(Object.fromEntries(report.sources.map((s) => [s.name, s.outcome]))).toEqual({
      'api-fork': 'merged',
      'web-fork': 'pull-request',
      'db-fork': 'merged',
    });
    const web = report.sources.find((s) => s.name === 'web-fork')!;
    expect(web.proposal).toMatchObject({ id: 1, action: 'created' });
    expect(web.checks!.find((c) => c.name === 'test')).toMatchObject({ status: 'failed', newFailures: 1 });
    expect(web.commits.map((c) => c.reason).sort()).toEqual(['breaking-change', 'conflict', 'merge-commit', 'picked', 'type-not-allowed']);
    const db = report.sources.find((s) => s.name === 'db-fork')!;
    expect(db.risk!.factors.find((f) => f.name === 'prismaSchema')!.contribution).toBe(2);
    expect(db.checks!.find((c) => c.name === 'prisma')!.status).toBe('passed');
    const proposal = JSON.parse(readFileSync(join(root, 'target', '.neon', 'proposals', '1-web-fork.json'), 'utf8'));
    expect(proposal).toMatchObject({ state: 'open', labels: ['auto-sync', 'risk:medium'], headBranch: 'auto-sync/web-fork' });

    // Idempotent: nothing new in the sources → no commit, no proposal change, no state rewrite.
    const target = new TestRepo(join(root, 'target'));
    const files = [
      join(root, 'target', '.neon', 'auto-sync-state.json'),
      ...readdirSync(join(root, 'target', '.neon', 'proposals')).map((f) => join(root, 'target', '.neon', 'proposals', f)),
    ];
    const snapshot = () => ({
      refs: target.git(['for-each-ref']),
      files: files.map((f) => [readFileSync(f, 'utf8'), statSync(f).mtimeMs]),
    });
    const before = snapshot();
    const again = await runCli(['run', '--apply', '--config', join(root, 'auto-sync.config.json'), '--report', join(root, 'again.json')], {
      cwd: target.dir,
    });
    expect(again.code).toBe(0);
    expect(snapshot()).toEqual(before);
    const second = JSON.parse(readFileSync(join(root, 'again.json'), 'utf8')) as Report;
    expect(second.sources.map((s) => s.outcome)).toEqual(['nothing', 'nothing', 'nothing']);
  });
});
