import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import type { Report } from '../report/model.ts';

// What a person did with a proposal, and a lost state file, never lead to a duplicate.

function setup() {
  const work = makeTempDir();
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n' });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  const config = writeConfig(work, {
    sources: [{ name: 'fork', url: fork.dir }],
    target: { identity: 'acme/target' },
    // Fails while src/bad.ts exists: a commit adding it is proposed, not merged.
    checks: [{ name: 'guard', run: [process.execPath, '-e', "process.exit(require('fs').existsSync('src/bad.ts') ? 1 : 0)"] }],
    smoke: [],
  });
  const run = async (name: string) => {
    const reportPath = join(work, `${name}.json`);
    const result = await runCli(['run', '--apply', '--config', config, '--report', reportPath], { cwd: target.dir });
    expect(result.code, result.stderr).toBe(0);
    return { result, report: JSON.parse(readFileSync(reportPath, 'utf8')) as Report };
  };
  const proposals = () =>
    readdirSync(join(target.dir, '.neon', 'proposals'))
      .filter((f) => f.endsWith('.json'))
      .sort();
  const statePath = join(target.dir, '.neon', 'auto-sync-state.json');
  return { work, target, fork, run, proposals, statePath };
}

describe('reconciling with people and history', () => {
  it('never reopens a proposal a person closed, and proposes only what is new', async () => {
    const s = setup();
    const bad = s.fork.commit('feat: something the guard rejects', { 'src/bad.ts': 'export const bad = 1;\n' });
    const first = await s.run('first');
    expect(first.report.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1, action: 'created' } });

    // A person closes proposal #1 without merging.
    const file = join(s.target.dir, '.neon', 'proposals', '1-fork.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), state: 'closed' }, null, 2));

    // The source moves on with a clean commit: it is merged alone; the declined one stays out.
    const good = s.fork.commit('fix: something fine', { 'src/good.ts': 'export const good = 1;\n' });
    const second = await s.run('second');
    const source = second.report.sources[0]!;
    expect(source.outcome).toBe('merged');
    expect(source.outcomeReason).toMatch(/1 commit\(s\) of closed proposal #1 declined: not proposed again/);
    expect(s.target.git(['log', '--format=%B', 'main'])).toContain(`Auto-Sync-Origin: fork@${good}`);
    expect(s.target.git(['log', '--format=%B', 'main'])).not.toContain(bad);
    expect(s.proposals()).toEqual(['1-fork.json']);
    expect(JSON.parse(readFileSync(file, 'utf8')).state).toBe('closed');
    const state = JSON.parse(readFileSync(s.statePath, 'utf8'));
    expect(state.sources.fork.commits[bad]).toMatchObject({ decision: 'declined', proposal: 1 });

    // And later runs leave it alone too.
    s.fork.commit('docs: nothing to sync', { 'README.md': 'x\n' });
    const third = await s.run('third');
    expect(third.report.sources[0]!.outcome).toBe('nothing');
    expect(s.proposals()).toEqual(['1-fork.json']);
  });

  it('leaves an integration branch alone when a person pushed to it, and says so on the proposal', async () => {
    const s = setup();
    s.fork.commit('feat: risky', { 'src/bad.ts': 'export const bad = 1;\n' });
    const first = await s.run('first');
    expect(first.report.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1 } });
    // A person fixes the proposal on its branch.
    const person = TestRepo.clone(s.target.dir, { dir: join(s.work, 'person') });
    person.git(['fetch', '--quiet', 'origin', 'auto-sync/fork:auto-sync/fork']);
    person.checkout('auto-sync/fork');
    person.commit('fix: make it pass', { 'src/bad.ts': null });
    person.git(['push', '--quiet', 'origin', 'auto-sync/fork']);
    const theirs = s.target.head('refs/heads/auto-sync/fork');
    s.fork.commit('feat: more', { 'src/more.ts': 'export const more = 1;\n' });
    const second = await s.run('second');
    expect(second.report.sources[0]!.outcomeReason).toMatch(/left it alone|left alone/);
    expect(s.target.head('refs/heads/auto-sync/fork')).toBe(theirs);
    const record = JSON.parse(readFileSync(join(s.target.dir, '.neon', 'proposals', '1-fork.json'), 'utf8'));
    expect(record.note).toMatch(/commits auto-sync did not write/);
    expect(readFileSync(join(s.target.dir, '.neon', 'proposals', '1-fork.md'), 'utf8')).toContain('auto-sync did not write');
    expect(s.proposals()).toEqual(['1-fork.json']);
  });

  it('rebuilds a lost state file from trailers and proposals without duplicating anything', async () => {
    const s = setup();
    const merged = s.fork.commit('feat: merged one', { 'src/m.ts': 'export const m = 1;\n' });
    await s.run('merge');
    const proposed = s.fork.commit('feat: proposed one', { 'src/bad.ts': 'export const bad = 1;\n' });
    const second = await s.run('propose');
    expect(second.report.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1 } });
    const main = s.target.head('main');

    rmSync(s.statePath);
    const status = await runCli(['status', '--rebuild-state', '--config', join(s.work, 'auto-sync.config.json')], { cwd: s.target.dir });
    expect(status.code).toBe(0);
    const rebuilt = JSON.parse(status.stdout.slice(status.stdout.indexOf('{')));
    expect(rebuilt.sources.fork.commits[merged]).toMatchObject({ decision: 'applied' });
    expect(rebuilt.sources.fork.commits[proposed]).toMatchObject({ decision: 'proposed', proposal: 1 });

    const again = await s.run('after-loss');
    expect(again.result.stderr).toContain('state: rebuilt fork from history and proposals');
    expect(again.report.sources[0]!.outcome).toBe('nothing');
    expect(s.target.head('main')).toBe(main);
    expect(s.proposals()).toEqual(['1-fork.json']);
    expect(JSON.parse(readFileSync(join(s.target.dir, '.neon', 'proposals', '1-fork.json'), 'utf8')).state).toBe('open');
  });
});
