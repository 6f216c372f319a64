import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../report/model.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import { makeTempDir, TEST_GIT_ENV, TestRepo } from './helpers/repo.ts';

// Repair, don't fail: what an interrupted fetch, a replaced source history, a lost state or a
// person's rebase leave behind is handled by the next run, without a person repairing anything.

function setup(extra: Record<string, unknown> = {}) {
  const work = makeTempDir();
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n' });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  const configOf = (more: Record<string, unknown> = {}) =>
    writeConfig(work, {
      sources: [{ name: 'fork', url: fork.dir, ...more }],
      target: { identity: 'acme/target' },
      // Fails while src/bad.ts exists: a commit adding it is proposed, not merged.
      checks: [{ name: 'guard', run: [process.execPath, '-e', "process.exit(require('fs').existsSync('src/bad.ts') ? 1 : 0)"] }],
      smoke: [],
      ...extra,
    });
  let config = configOf();
  const run = async (name: string, options: { apply?: boolean } = {}) => {
    const reportPath = join(work, `${name}.json`);
    const result = await runCli(['run', ...(options.apply === false ? [] : ['--apply']), '--config', config, '--report', reportPath], {
      cwd: target.dir,
    });
    return { result, report: JSON.parse(readFileSync(reportPath, 'utf8')) as Report };
  };
  const origins = () => [...target.git(['log', '--format=%B', 'main']).matchAll(/Auto-Sync-Origin: fork@([0-9a-f]+)/g)].map((m) => m[1]);
  return { work, target, fork, run, origins, setConfig: (more: Record<string, unknown>) => (config = configOf(more)) };
}

describe('repair after an interrupted fetch, a replaced history, a rebase in progress', () => {
  it('fetches again when an interrupted fetch left commits without their trees', async () => {
    const s = setup();
    const first = s.fork.commit('fix: one', { 'src/one.ts': 'export const one = 1;\n' });
    const second = s.fork.commit('fix: two', { 'src/two.ts': 'export const two = 2;\n' });
    // What an interrupted fetch leaves: the commit objects (written first), not their trees.
    for (const sha of [first, second]) {
      const body = execFileSync('git', ['cat-file', 'commit', sha], { cwd: s.fork.dir });
      execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], {
        cwd: s.target.dir,
        input: body,
        env: { ...process.env, ...TEST_GIT_ENV },
      });
    }
    expect(() => execFileSync('git', ['cat-file', '-e', `${second}^{tree}`], { cwd: s.target.dir, stdio: 'ignore' })).toThrow();
    const { result, report } = await s.run('repair');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/objects missing after an interrupted fetch; fetching the source again/);
    expect(report.sources[0]).toMatchObject({ status: 'ok', outcome: 'merged' });
    expect(s.origins()).toEqual([second, first]);
  });

  it('refuses a source replaced by an unrelated history (SOURCE_REWRITTEN) until `since` says where to start', async () => {
    const s = setup();
    const synced = s.fork.commit('fix: one', { 'src/one.ts': 'export const one = 1;\n' });
    expect((await s.run('first')).report.sources[0]!.outcome).toBe('merged');
    // The source branch is force-pushed with a history that shares nothing with the old one.
    s.fork.git(['checkout', '-q', '--orphan', 'new']);
    s.fork.git(['rm', '-rq', '--cached', '.']);
    const root = s.fork.commit('feat: a new start', { 'other/x.ts': 'export const x = 1;\n' });
    const after = s.fork.commit('fix: on the new history', { 'other/y.ts': 'export const y = 1;\n' });
    s.fork.git(['branch', '-f', 'main', 'new']);
    s.fork.git(['checkout', '-q', 'main']);
    const refused = await s.run('rewritten');
    expect(refused.result.code).toBe(1);
    expect(refused.report.sources[0]).toMatchObject({ status: 'error', error: { code: 'SOURCE_REWRITTEN' } });
    expect(refused.report.sources[0]!.error!.hint).toMatch(/set `since` on this source/);
    expect(s.origins()).toEqual([synced]);
    // The user accepts the new history from its root on: only what follows is synced.
    s.setConfig({ since: root });
    const accepted = await s.run('accepted');
    expect(accepted.result.code, accepted.result.stderr).toBe(0);
    expect(s.origins()).toEqual([after, synced]);
  });

  it('leaves the target alone while a person rebases it: proposed instead, and their rebase continues', async () => {
    const s = setup();
    s.target.commit('chore: a local commit to rebase', { 'src/local.ts': 'export const l = 1;\n' });
    const main = s.target.head('main');
    // A person stops an interactive rebase of main half-way (HEAD detached, main named in rebase-merge).
    execFileSync('git', ['rebase', '-q', '-i', 'HEAD~1'], {
      cwd: s.target.dir,
      env: { ...process.env, ...TEST_GIT_ENV, GIT_SEQUENCE_EDITOR: 'sed -i s/^pick/edit/' },
      stdio: 'ignore',
    });
    s.fork.commit('fix: one', { 'src/one.ts': 'export const one = 1;\n' });
    const { result, report } = await s.run('during-rebase');
    expect(result.code, result.stderr).toBe(0);
    expect(report.sources[0]!.outcome).toBe('pull-request');
    expect(report.sources[0]!.outcomeReason).toMatch(/a rebase of main is in progress/);
    expect(s.target.head('main')).toBe(main);
    execFileSync('git', ['rebase', '--continue'], {
      cwd: s.target.dir,
      env: { ...process.env, ...TEST_GIT_ENV, GIT_EDITOR: 'true' },
      stdio: 'ignore',
    });
  });

  it('moves its own integration branch on after the state was lost (recognised by its commits)', async () => {
    const s = setup();
    s.fork.commit('feat: risky', { 'src/bad.ts': 'export const bad = 1;\n' });
    const first = await s.run('first');
    expect(first.report.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1 } });
    execFileSync('rm', ['-f', join(s.target.dir, '.neon', 'auto-sync-state.json')]);
    s.fork.commit('feat: more', { 'src/more.ts': 'export const more = 1;\n' });
    const second = await s.run('second');
    expect(second.result.code, second.result.stderr).toBe(0);
    expect(second.report.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1, action: 'updated' } });
    expect(second.report.sources[0]!.outcomeReason).not.toMatch(/did not write/);
    const onBranch = s.target.git(['log', '--format=%B', 'auto-sync/fork']);
    expect(onBranch).toMatch(/feat: more/);
  });
});
