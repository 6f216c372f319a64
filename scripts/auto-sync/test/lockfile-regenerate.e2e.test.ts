import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestOf, proposalsOf } from './helpers/proposals.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';
import { runCli, writeConfig } from './helpers/cli.ts';
import type { Report } from '../report/model.ts';

// A source commit whose only conflict with the target is in package-lock.json: prepare applies it
// with the target's lockfile, verify regenerates the lockfile with npm (no dependencies, so no
// registry is needed), publish commits the regenerated lockfile on top and proposes the batch,
// never merges it. The three phases run as separate processes, as in CI.

const pkg = (version: string, license: string, sub = '') =>
  `{\n  "name": "app${sub}",\n  "version": "${version}",\n  "description": "an app",\n  "private": true,\n  "license": "${license}"\n}\n`;
// As npm 7+ writes it: `packages[""]` repeats version and license on adjacent lines.
const lock = (version: string, license: string, sub = '') =>
  `{\n  "name": "app${sub}",\n  "version": "${version}",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "app${sub}",\n      "version": "${version}",\n      "license": "${license}"\n    }\n  }\n}\n`;

/** `dir` '' for the root package; another holds a package whose lockfile conflicts. */
function setup(options: { brokenPackage?: boolean } = {}) {
  const work = makeTempDir();
  const target = TestRepo.init({ dir: join(work, 'target') });
  const at = options.brokenPackage ? 'tools/' : '';
  target.commit('chore: initial', {
    'src/a.ts': 'export const a = 1;\n',
    'package.json': pkg('1.0.0', 'MIT'),
    'package-lock.json': lock('1.0.0', 'MIT'),
    ...(options.brokenPackage
      ? { 'tools/package.json': pkg('1.0.0', 'MIT', '-tools'), 'tools/package-lock.json': lock('1.0.0', 'MIT', '-tools') }
      : {}),
  });
  const fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  // The source changes its license (package.json merges: another line) and its lockfile.
  const wanted = fork.commit('fix: license is ISC', {
    'src/a.ts': 'export const a = 2;\n',
    [`${at}package.json`]: pkg('1.0.0', 'ISC', at ? '-tools' : ''),
    [`${at}package-lock.json`]: lock('1.0.0', 'ISC', at ? '-tools' : ''),
  });
  // The target bumped its own version: the lockfile's version line is next to the license line.
  target.commit('chore(release): 1.1.0', {
    [`${at}package.json`]: pkg('1.1.0', 'MIT', at ? '-tools' : ''),
    [`${at}package-lock.json`]: lock('1.1.0', 'MIT', at ? '-tools' : ''),
  });
  if (options.brokenPackage) {
    // The package manager cannot read this package.json: regenerating fails (after the conflict is
    // known, so the merge itself stays lockfile-only). JSON broken on a line neither side changed.
    target.commit('chore: break tools', { 'tools/package.json': pkg('1.1.0', 'MIT', '-tools').replace('"an app",', '"an app",,') });
  }
  const config = writeConfig(work, {
    sources: [{ name: 'fork', url: fork.dir }],
    target: { identity: 'acme/target' },
    checks: [{ name: 'ok', run: [process.execPath, '-e', 'process.exit(0)'] }],
    smoke: [],
  });
  return { work, target, fork, wanted, config };
}

async function runPhases(s: ReturnType<typeof setup>) {
  const dir = join(s.work, 'handoff');
  const prepared = await runCli(['prepare', '--out', dir, '--config', s.config], { cwd: s.target.dir });
  expect(prepared.code, prepared.stderr).toBe(0);
  const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
  const verified = await runCli(['verify', '--in', dir, '--config', s.config], { cwd: s.target.dir });
  expect(verified.code, verified.stderr).toBe(0);
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  const reportPath = join(s.work, 'report.json');
  const published = await runCli(['publish', '--in', dir, '--config', s.config, '--report', reportPath], {
    cwd: s.target.dir,
    env: { AUTO_SYNC_HANDOFF_DIGEST: digestOf(prepared.stdout) },
  });
  expect(published.code, published.stderr).toBe(0);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  return { plan, results, report, verifyLog: verified.stderr + verified.stdout };
}

describe('a conflict only in the lockfile', () => {
  it('is applied with the target lockfile, regenerated in verify, committed by publish and proposed', async () => {
    const s = setup();
    const main = s.target.head('main');
    const { plan, results, report, verifyLog } = await runPhases(s);

    // prepare: applied, not a conflict; the lockfile is named for verify.
    const integration = plan.sources[0].integration;
    expect(integration.conflicts).toEqual([]);
    expect(integration.applied.map((a: { sha: string }) => a.sha)).toEqual([s.wanted]);
    expect(integration.regenerate).toEqual([{ sha: s.wanted, paths: ['package-lock.json'] }]);
    expect(s.target.git(['show', `${integration.head}:package-lock.json`])).toBe(lock('1.1.0', 'MIT'));

    // verify: regenerated with npm before install, the progress line said so.
    expect(verifyLog).toContain('regenerate package-lock.json (npm install --package-lock-only');
    const lockfiles = results.sources[0].lockfiles;
    expect(lockfiles).toMatchObject({ status: 'ran', files: [{ path: 'package-lock.json' }] });
    expect(lockfiles.tree).toMatch(/^[0-9a-f]{40}$/);

    // publish: proposed, never merged; the branch is the source change plus the lockfile commit.
    const source = report.sources[0]!;
    expect(source.outcome).toBe('pull-request');
    expect(s.target.head('main')).toBe(main);
    expect(source.risk!.factors.find((f) => f.name === 'lockfileRegenerated')).toMatchObject({ value: 1 });
    expect(source.outcomeReason).toContain('package-lock.json regenerated');
    const [proposal] = proposalsOf(s.target);
    expect(proposal).toBeDefined();
    expect(proposal!.body).toContain('Lockfile regenerated');
    const branch = proposal!.headBranch;
    const head = s.target.head(branch);
    expect(proposal!.headSha).toBe(head);
    expect(s.target.head(`${branch}^`)).toBe(integration.head);
    expect(s.target.git(['rev-parse', `${branch}^{tree}`]).trim()).toBe(lockfiles.tree); // the tree the checks ran on
    expect(s.target.git(['diff', '--name-only', `${branch}^`, branch]).trim()).toBe('package-lock.json');
    const regenerated = s.target.git(['show', `${branch}:package-lock.json`]);
    expect(regenerated).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(JSON.parse(regenerated)).toMatchObject({ version: '1.1.0', packages: { '': { version: '1.1.0', license: 'ISC' } } });
    expect(s.target.git(['show', `${branch}:src/a.ts`])).toBe('export const a = 2;\n');
    const message = s.target.git(['log', '-1', '--format=%B', branch]);
    expect(message).toMatch(/^chore\(auto-sync\): regenerate package-lock.json\n/);
    expect(message).toContain(`Auto-Sync-Origin: fork@${s.wanted}`);

    // The state records the pushed head: the next run finds the proposal unchanged and leaves it.
    const state = JSON.parse(readFileSync(join(s.target.dir, '.neon', 'auto-sync-state.json'), 'utf8'));
    expect(state.sources.fork.integration.head).toBe(head);
    const again = await runCli(['run', '--apply', '--config', s.config], { cwd: s.target.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(s.target.head(branch)).toBe(head);
    expect(proposalsOf(s.target)).toHaveLength(1);
  });

  it('when regenerating fails, the batch is proposed with the target lockfile and the failure named', async () => {
    const s = setup({ brokenPackage: true });
    const main = s.target.head('main');
    const { plan, results, report } = await runPhases(s);
    const integration = plan.sources[0].integration;
    expect(integration.regenerate).toEqual([{ sha: s.wanted, paths: ['tools/package-lock.json'] }]);
    expect(results.sources[0].lockfiles).toMatchObject({ status: 'failed', files: [], tree: null });
    const source = report.sources[0]!;
    expect(source.outcome).toBe('pull-request');
    expect(s.target.head('main')).toBe(main);
    const factor = source.risk!.factors.find((f) => f.name === 'lockfileRegenerated')!;
    expect(factor.value).toBe(1);
    expect(factor.note).toContain('regenerating failed');
    expect(source.outcomeReason).toContain('tools/package-lock.json not regenerated');
    const [proposal] = proposalsOf(s.target);
    // Nothing on top: the branch is the batch verify checked, the lockfile the target's.
    expect(s.target.head(proposal!.headBranch)).toBe(integration.head);
    expect(s.target.git(['show', `${integration.head}:tools/package-lock.json`])).toBe(lock('1.1.0', 'MIT', '-tools'));
    expect(proposal!.body).toContain('regenerating failed');
  });
});
