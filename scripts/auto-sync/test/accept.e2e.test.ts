import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import type { Report } from '../report/model.ts';

// A reviewer's answer to a local proposal, on real repositories through the real CLI: `accept`
// merges it as auto-sync would and the next runs record it applied; `decline` closes it and no
// later run proposes its commits again.

const CONFIG = '.github/auto-sync.json';

function setup() {
  const work = makeTempDir();
  const target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n' });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  // The config lives in the target (committed, so the work tree stays clean for a merge).
  writeConfig(
    target.dir,
    {
      sources: [{ name: 'fork', url: fork.dir }],
      target: { identity: 'acme/target' },
      // Fails while src/bad.ts exists: a commit adding it is proposed, not merged.
      checks: [{ name: 'guard', run: [process.execPath, '-e', "process.exit(require('fs').existsSync('src/bad.ts') ? 1 : 0)"] }],
      smoke: [],
    },
    CONFIG,
  );
  target.git(['add', CONFIG]);
  target.git(['commit', '--quiet', '-m', 'chore: auto-sync config']);
  const cli = (args: string[]) => runCli(args, { cwd: target.dir });
  const run = async (name: string) => {
    const reportPath = join(work, `${name}.json`);
    const result = await cli(['run', '--apply', '--report', reportPath]);
    expect(result.code, result.stderr).toBe(0);
    return { result, report: JSON.parse(readFileSync(reportPath, 'utf8')) as Report };
  };
  const proposalsDir = join(target.dir, '.neon', 'proposals');
  const proposals = () =>
    readdirSync(proposalsDir)
      .filter((f) => /^\d+-.*\.json$/.test(f))
      .sort();
  const record = (n: number) => JSON.parse(readFileSync(join(proposalsDir, `${n}-fork.json`), 'utf8'));
  const state = () => JSON.parse(readFileSync(join(target.dir, '.neon', 'auto-sync-state.json'), 'utf8'));
  return { work, target, fork, cli, run, proposals, record, state, proposalsDir };
}

describe('accept and decline a local proposal', () => {
  it('accept merges the proposal as auto-sync would; the next runs record it applied and propose nothing again', async () => {
    const s = setup();
    const bad = s.fork.commit('feat: something the guard rejects', { 'src/bad.ts': 'export const bad = 1;\n' });
    const first = await s.run('first');
    expect(first.report.sources[0]).toMatchObject({ outcome: 'pull-request', proposal: { id: 1, action: 'created' } });
    // The body names the configuration actually in use, and a local source gets no link.
    const body: string = s.record(1).body;
    expect(body).toContain(`\`commits.skip\` in \`${CONFIG}\``);
    expect(body).not.toContain(s.fork.dir);
    expect(body).not.toMatch(/\]\((?!https:)/);
    expect(readFileSync(join(s.proposalsDir, '1-fork.md'), 'utf8')).toContain('`auto-sync accept 1`');
    const before = s.target.head('main');

    const accepted = await s.cli(['accept', '1', '--json']);
    expect(accepted.code, accepted.stderr).toBe(0);
    const result = JSON.parse(accepted.stdout);
    expect(result).toMatchObject({ command: 'accept', proposal: { id: 1, source: 'fork', state: 'merged' }, commits: [bad], recorded: 1 });
    expect(accepted.stderr).toMatch(
      /accepted proposal #1 \(fork\): main is at [0-9a-f]{40} \(fast-forward\); 1 commit\(s\) recorded as applied/,
    );
    // Merged exactly as the forge's merge: the branch head, built on main, so a fast-forward with its trailer.
    expect(s.target.head('main')).toBe(s.target.head('refs/heads/auto-sync/fork'));
    expect(s.target.head('main')).toBe(result.merge.sha);
    expect(s.target.git(['merge-base', '--is-ancestor', before, 'main'])).toBe('');
    expect(s.target.git(['log', '--format=%B', '-1', 'main'])).toContain(`Auto-Sync-Origin: fork@${bad}`);
    expect(s.record(1)).toMatchObject({ state: 'merged', mergeSha: result.merge.sha });
    expect(s.state().sources.fork.commits[bad]).toMatchObject({ decision: 'applied', proposal: 1 });
    expect(s.state().sources.fork.integration).toBeUndefined();

    // The next run: nothing to do, nothing proposed again, the record stays applied.
    const main = s.target.head('main');
    const second = await s.run('second');
    expect(second.report.sources[0]!.outcome).toBe('nothing');
    expect(s.target.head('main')).toBe(main);
    expect(s.proposals()).toEqual(['1-fork.json']);
    expect(s.state().sources.fork.commits[bad]).toMatchObject({ decision: 'applied' });

    // When the source moves on, only the new commit is synced.
    const good = s.fork.commit('fix: something fine', { 'src/good.ts': 'export const good = 1;\n' });
    const third = await s.run('third');
    const log = s.target.git(['log', '--format=%B', 'main']);
    if (third.report.sources[0]!.outcome === 'pull-request') expect(s.record(2).commits).toEqual([good]);
    else expect(log).toContain(`Auto-Sync-Origin: fork@${good}`);
    expect(log.split(`Auto-Sync-Origin: fork@${bad}`).length - 1).toBe(1);

    // A settled proposal is not accepted twice.
    const again = await s.cli(['accept', '1']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('PROPOSAL_NOT_OPEN: proposal #1 (fork) is merged already');
  });

  it('accept on a target that moved since makes a merge commit with the trailers', async () => {
    const s = setup();
    const bad = s.fork.commit('feat: something the guard rejects', { 'src/bad.ts': 'export const bad = 1;\n' });
    await s.run('first');
    const head = s.target.head('refs/heads/auto-sync/fork');
    const mine = s.target.commit('docs: a person’s own commit', { 'NOTES.md': 'notes\n' });
    const accepted = await s.cli(['accept', 'fork']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(s.target.git(['rev-list', '--parents', '-1', 'main']).trim().split(' ').slice(1)).toEqual([mine, head]);
    const message = s.target.git(['log', '--format=%B', '-1', 'main']);
    expect(message).toMatch(/^chore\(auto-sync\): sync 1 commit from /);
    expect(message).toContain(`Auto-Sync-Origin: fork@${bad}`);
    // The work tree follows the checked-out branch.
    expect(readFileSync(join(s.target.dir, 'src', 'bad.ts'), 'utf8')).toBe('export const bad = 1;\n');
    const next = await s.run('second');
    expect(next.report.sources[0]!.outcome).toBe('nothing');
    expect(s.proposals()).toEqual(['1-fork.json']);
  });

  it('decline closes the proposal; no later run proposes its commits again', async () => {
    const s = setup();
    const bad = s.fork.commit('feat: something the guard rejects', { 'src/bad.ts': 'export const bad = 1;\n' });
    await s.run('first');
    const main = s.target.head('main');

    const declined = await s.cli(['decline', 'fork']);
    expect(declined.code, declined.stderr).toBe(0);
    expect(declined.stdout).toContain('declined proposal #1 (fork): 1 commit(s) recorded as declined');
    expect(s.record(1).state).toBe('closed');
    expect(s.state().sources.fork.commits[bad]).toMatchObject({ decision: 'declined', proposal: 1 });
    expect(s.target.head('main')).toBe(main);

    const second = await s.run('second');
    expect(second.report.sources[0]!.outcome).toBe('nothing');
    expect(s.proposals()).toEqual(['1-fork.json']);

    // The source moves on with a clean commit: it is merged alone; the declined one stays out.
    const good = s.fork.commit('fix: something fine', { 'src/good.ts': 'export const good = 1;\n' });
    const third = await s.run('third');
    expect(third.report.sources[0]!.outcome).toBe('merged');
    const log = s.target.git(['log', '--format=%B', 'main']);
    expect(log).toContain(`Auto-Sync-Origin: fork@${good}`);
    expect(log).not.toContain(bad);
    expect(s.proposals()).toEqual(['1-fork.json']);
    expect(s.state().sources.fork.commits[bad]).toMatchObject({ decision: 'declined' });
  });

  it('refuses, with a code, what it must not do', async () => {
    const s = setup();
    s.fork.commit('feat: something the guard rejects', { 'src/bad.ts': 'export const bad = 1;\n' });
    await s.run('first');
    const main = s.target.head('main');

    const usage = await s.cli(['accept']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('USAGE: accept needs ID|SOURCE');
    const extra = await s.cli(['decline', '1', '2']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('unexpected argument "2"');
    const wrongOption = await s.cli(['accept', '1', '--apply']);
    expect(wrongOption.code).toBe(2);
    expect(wrongOption.stderr).toContain('not valid for "accept"');
    const help = await s.cli(['help', 'accept']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: auto-sync accept ID|SOURCE [options]');
    expect(help.stdout).toContain('--json');

    const missing = await s.cli(['accept', '7']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('PROPOSAL_NOT_FOUND: there is no proposal #7');
    const unknown = await s.cli(['decline', 'nope']);
    expect(unknown.stderr).toContain('PROPOSAL_NOT_FOUND: "nope" is neither a proposal number nor a configured source');

    // A person pushed to the branch after the proposal was written: not what was proposed any more.
    const branch = s.target.head('refs/heads/auto-sync/fork');
    const tree = s.target.git(['rev-parse', `${branch}^{tree}`]).trim();
    const theirs = s.target.git(['commit-tree', tree, '-p', branch, '-m', 'fix: by hand']).trim();
    s.target.git(['update-ref', 'refs/heads/auto-sync/fork', theirs]);
    const moved = await s.cli(['accept', 'fork']);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain(`PROPOSAL_MOVED: auto-sync/fork is at ${theirs}, not at ${branch} which proposal #1 records`);
    expect(s.target.head('main')).toBe(main);
    expect(s.record(1).state).toBe('open');

    // The user's uncommitted work on the checked-out target branch is never merged over.
    s.target.git(['update-ref', 'refs/heads/auto-sync/fork', branch]);
    writeFileSync(join(s.target.dir, 'src', 'a.ts'), 'export const a = 2; // mine\n');
    const dirty = await s.cli(['accept', '1']);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain('MERGE_REFUSED: proposal #1 was not merged (target-dirty)');
    expect(s.target.head('main')).toBe(main);
    expect(s.record(1).state).toBe('open');

    // On GitHub, a person merges or closes the pull request instead.
    const github = writeConfig(s.work, { sources: [{ name: 'fork', url: s.fork.dir }], forge: { type: 'github' } }, 'github.json');
    const remote = await s.cli(['accept', '1', '--config', github]);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('FORGE_NOT_LOCAL');
  });
});
