import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import type { Report } from '../report/model.ts';

// One crafted history that shows every reason code, planned by the real CLI in a subprocess.

const TARGET_ID = 'acme/target';
let work: string;
let target: TestRepo;
let fork: TestRepo;
const sha: Record<string, string> = {};

beforeAll(() => {
  work = makeTempDir();
  target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', {
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 1;\n',
    'config/app.json': '{}\n',
    'deploy/x.yml': 'replicas: 1\n',
    'README.md': '# target\n',
  });
  fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });

  sha.picked = fork.commit('feat: add greeting', { 'src/greet.ts': 'export const hi = "hi";\n' });
  sha.docs = fork.commit('docs: explain the greeting', { 'README.md': '# target\n\nSays hi.\n' });
  sha.nonConventional = fork.commit('update stuff', { 'src/n.ts': 'export const n = 2;\n' });
  sha.envLeak = fork.commit('fix: read settings', { '.env.local': 'API_KEY=abc\n', 'src/b.ts': 'export const b = 2;\n' });
  sha.renameInto = fork.rename('refactor: move config into infra', 'config/app.json', 'infra/app.json');
  sha.renameOut = fork.rename('refactor: move deploy file into src', 'deploy/x.yml', 'src/x.yml');
  sha.empty = fork.commit('fix: nothing at all', {}, { allowEmpty: true });
  sha.breaking = fork.commit('feat(api)!: drop the old endpoint', { 'src/api.ts': 'export {};\n' });
  sha.outside = fork.commit('feat: add a tool', { 'tools/run.sh': 'echo run\n' });
  // A side branch merged back: the merge is skipped, the side commit is judged on its own.
  fork.checkout('side', { create: true });
  sha.side = fork.commit('perf: faster greeting', { 'src/fast.ts': 'export const fast = true;\n' });
  fork.checkout('main');
  fork.git(['merge', '--no-ff', '--quiet', '-m', 'Merge branch side', 'side']);
  sha.merge = fork.head();
  sha.handPorted = fork.commit('fix: correct the constant', { 'src/a.ts': 'export const a = 3;\n' });
  sha.trailer = fork.commit('fix: synced once already', { 'src/t.ts': 'export const t = 1;\n' });
  sha.cherry = fork.commit('fix: cherry-picked by a person', { 'src/c.ts': 'export const c = 1;\n' });
  sha.fromTarget = fork.commit(`feat: came from the target\n\nAuto-Sync-Origin: ${TARGET_ID}@${'a'.repeat(40)}\n`, {
    'src/loop.ts': 'export const loop = 1;\n',
  });
  sha.skipListed = fork.commit('perf: something a person rejected', { 'src/slow.ts': 'export const slow = 1;\n' });
  sha.overLimit = fork.commit('fix: one too many', { 'src/last.ts': 'export const last = 1;\n' });

  // The target, meanwhile: the same change as handPorted with another message and author (found
  // by patch-id), a commit with auto-sync's trailer, one with a -x line, and an untrusted trailer.
  target.commit('Port the constant fix by hand', { 'src/a.ts': 'export const a = 3;\n' }, { author: 'Porter <p@example.test>' });
  target.commit(`fix: synced\n\nAuto-Sync-Origin: fork@${sha.trailer}\n`, { 'src/t2.ts': 'export const t = 2;\n' });
  target.commit(`fix: picked by hand\n\n(cherry picked from commit ${sha.cherry})\n`, { 'src/c2.ts': 'export const c = 2;\n' });
  target.commit(`fix: untrusted trailer\n\nAuto-Sync-Origin: evil/repo@${sha.picked}\n`, { 'src/u.ts': 'export const u = 1;\n' });
});

afterAll(() => {
  // Keep nothing behind.
  target.remove();
  fork.remove();
});

function config(extra: Record<string, unknown> = {}) {
  return {
    sources: [{ name: 'fork', url: fork.dir }],
    target: { identity: TARGET_ID },
    // follow "all": this history shows the merge-commit reason (first-parent mode: plan/prerequisites.test.ts, pipeline/land.test.ts).
    commits: { maxPerRun: 3, skip: [sha.skipListed!.slice(0, 10)], follow: 'all' },
    paths: { allow: ['src/**', 'README.md', '.env*', 'infra/**', 'deploy/**', 'config/**'] },
    retry: { attempts: 1, backoffMs: 0 },
    ...extra,
  };
}

describe('planning a crafted history', () => {
  it('gives every commit the right reason, in one dry run that changes nothing', async () => {
    const configPath = writeConfig(work, config());
    const before = target.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags']);
    const reportPath = join(work, 'report.json');
    const result = await runCli(['run', '--config', configPath, '--report', reportPath], { cwd: target.dir });
    expect(result.stderr).toContain('dry run: not in CI');
    expect(result.code).toBe(0);

    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.version).toBe(1);
    expect(report.dryRun).toBe(true);
    const source = report.sources[0]!;
    expect(source.status).toBe('ok');
    expect(source.head).toBe(fork.head());
    expect(source.error).toBeNull();
    const reasons = Object.fromEntries(source.commits.map((c) => [c.sha, c.reason]));
    expect(reasons).toEqual({
      [sha.picked!]: 'picked',
      [sha.docs!]: 'type-not-allowed',
      [sha.nonConventional!]: 'not-conventional',
      [sha.envLeak!]: 'path-denied',
      [sha.renameInto!]: 'path-denied',
      [sha.renameOut!]: 'path-denied',
      [sha.empty!]: 'empty',
      [sha.breaking!]: 'breaking-change',
      [sha.outside!]: 'outside-allowed-paths',
      [sha.side!]: 'picked',
      [sha.merge!]: 'merge-commit',
      [sha.handPorted!]: 'already-applied',
      [sha.trailer!]: 'already-applied',
      [sha.cherry!]: 'already-applied',
      [sha.fromTarget!]: 'from-target',
      [sha.skipListed!]: 'skip-listed',
      [sha.overLimit!]: 'picked',
    });
    expect(source.counts).toMatchObject({ picked: 3, listed: 17 });
    const byReason = (r: string) => source.commits.filter((c) => c.reason === r);
    expect(
      byReason('path-denied')
        .map((c) => c.detail)
        .sort(),
    ).toEqual(['.env.local', 'deploy/x.yml', 'infra/app.json']);
    expect(byReason('breaking-change')[0]!.pending).toBe(true);
    expect(source.commits.find((c) => c.sha === sha.picked)).toMatchObject({
      type: 'feat',
      subject: 'add greeting',
      decision: 'picked',
      author: 'Test Author <author@example.test>',
    });

    // Console: a table per source and a one-line total.
    expect(result.stdout).toMatch(/source fork \(fork\): head [0-9a-f]{10}, 17 new commit\(s\): 3 picked, 14 skipped/);
    expect(result.stdout).toMatch(/total: 1 source\(s\) — 1 planned, 0 unchanged, 0 failed; 3 commit\(s\) would be synced/);

    // Only auto-sync's own ref was written.
    expect(target.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags'])).toBe(before);
    expect(target.head('refs/auto-sync/sources/fork')).toBe(fork.head());
    expect(() => readFileSync(join(target.dir, '.neon/auto-sync-state.json'))).toThrow();
  });

  it('keeps commits beyond maxPerRun pending', async () => {
    const configPath = writeConfig(work, config({ commits: { maxPerRun: 2, skip: [sha.skipListed!] } }));
    const reportPath = join(work, 'report-limit.json');
    const result = await runCli(['--config', configPath, '--report', reportPath], { cwd: target.dir });
    expect(result.code).toBe(0);
    const source = (JSON.parse(readFileSync(reportPath, 'utf8')) as Report).sources[0]!;
    const last = source.commits.find((c) => c.sha === sha.overLimit)!;
    expect(last).toMatchObject({ decision: 'skipped', reason: 'over-limit', pending: true });
    expect(source.commits.filter((c) => c.decision === 'picked')).toHaveLength(2);
  });

  it('syncs breaking changes when commits.breaking is "allow"', async () => {
    const configPath = writeConfig(work, config({ commits: { breaking: 'allow', maxPerRun: 50 } }));
    const reportPath = join(work, 'report-breaking.json');
    expect((await runCli(['--config', configPath, '--report', reportPath], { cwd: target.dir })).code).toBe(0);
    const source = (JSON.parse(readFileSync(reportPath, 'utf8')) as Report).sources[0]!;
    expect(source.commits.find((c) => c.sha === sha.breaking)).toMatchObject({ decision: 'picked', breaking: true });
  });

  it('starts after `since` and errors without common history', async () => {
    const orphan = TestRepo.init({ dir: join(work, 'orphan') });
    orphan.commit('feat: unrelated', { 'x.ts': 'x\n' });
    const second = orphan.commit('feat: second', { 'y.ts': 'y\n' });
    const reportPath = join(work, 'report-orphan.json');
    const configPath = writeConfig(work, {
      sources: [
        { name: 'orphan', url: orphan.dir },
        { name: 'orphan-since', url: orphan.dir, since: orphan.head('HEAD~1') },
      ],
      retry: { attempts: 1, backoffMs: 0 },
    });
    const result = await runCli(['--config', configPath, '--report', reportPath], { cwd: target.dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    expect(report.sources[0]).toMatchObject({ status: 'error', error: { code: 'NO_COMMON_HISTORY' } });
    expect(report.sources[0]!.error!.hint).toMatch(/since/);
    expect(report.sources[1]!.status).toBe('ok');
    expect(report.sources[1]!.commits.map((c) => c.sha)).toEqual([second]);
    expect(result.stderr + result.stdout).toContain('NO_COMMON_HISTORY');
    orphan.remove();
  });
});
