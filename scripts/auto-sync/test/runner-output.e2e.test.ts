import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeConfig } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// What a GitHub runner sees from the phases that have no run report (check-config, prepare) and
// from verify: job summaries (GITHUB_STEP_SUMMARY), ::error annotations at a config problem's line,
// progress lines, and each check's output in a ::group:: block, redacted and shielded.

const TOKEN = 'ghp_RunnerTokenNeverPrinted_0123456789';
let work: string;
let target: TestRepo;
let fork: TestRepo;

beforeAll(() => {
  work = makeTempDir('auto-sync-runner-');
  target = TestRepo.init({ dir: join(work, 'target') });
  target.commit('chore: initial', { 'src/a.ts': 'export const a = 1;\n', 'package.json': '{ "name": "t", "private": true }\n' });
  fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
  fork.commit('feat: add b', { 'src/b.ts': 'export const b = 2;\n' });
  fork.commit('fix: change a', { 'src/a.ts': 'export const a = 2;\n' });
  target.commit('chore: target changes a', { 'src/a.ts': 'export const a = 3;\n' });
});

/** The runner's environment: GITHUB_ACTIONS, a summary file of this step, the workspace. */
function runner(name: string): { env: Record<string, string>; summary: () => string } {
  const summary = join(work, `${name}-summary.md`);
  writeFileSync(summary, '');
  return {
    env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: target.dir, SOURCE_PAT: TOKEN },
    summary: () => readFileSync(summary, 'utf8'),
  };
}

describe('on a GitHub runner', () => {
  it('check-config annotates each problem at its file and line, and lists them in the job summary', async () => {
    const file = join(target.dir, 'auto-sync.config.json');
    writeFileSync(
      file,
      '{\n  "sources": [{ "name": "fork", "url": "/srv/fork" }],\n  "verify": { "envAllow": ["OK_FLAG", "GITHUB_TOKEN"] },\n  "retyr": {}\n}\n',
    );
    const step = runner('check-bad');
    const result = await runCli(['check-config'], { cwd: target.dir, env: step.env });
    expect(result.code).toBe(2);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      '::error title=auto-sync%3A configuration,file=auto-sync.config.json,line=3,col=39::verify.envAllow[1]: GITHUB_TOKEN is never passed to sibling code; sibling code never receives credentials',
    );
    expect(lines).toContain(
      '::error title=auto-sync%3A configuration,file=auto-sync.config.json,line=4,col=3::(top level): unknown key "retyr" (did you mean "retry"?)',
    );
    const summary = step.summary();
    expect(summary).toMatch(/^## auto-sync check-config\n\n\*\*Failed:\*\* `CONFIG_INVALID`/);
    expect(summary).toContain('auto-sync.config.json:3:39: verify.envAllow\\[1\\]');
    expect(summary).toContain('unknown key "retyr"');
  });

  it('check-config writes a summary for a valid configuration', async () => {
    writeConfig(target.dir, { sources: [{ name: 'fork', url: fork.dir }], checks: [], smoke: [] });
    const step = runner('check-ok');
    const result = await runCli(['check-config'], { cwd: target.dir, env: step.env });
    expect(result.code, result.stderr).toBe(0);
    expect(step.summary()).toContain('## auto-sync check-config\n\n`auto-sync.config.json` is valid: 1 source(s)');
  });

  it('prepare writes what it prepared to the summary and annotates the conflict; verify shows progress and groups check output', async () => {
    // The check prints the token (redacted) and a workflow command (shielded: never run by the runner).
    const loud = `console.log("using ${TOKEN}"); console.log("::error::injected by the check")`;
    writeConfig(target.dir, {
      sources: [{ name: 'fork', url: fork.dir }],
      checks: [{ name: 'loud', run: [process.execPath, '-e', loud] }],
      smoke: [],
    });
    const dir = join(work, 'handoff');
    const prepare = runner('prepare');
    const prepared = await runCli(['prepare', '--out', dir], { cwd: target.dir, env: prepare.env });
    expect(prepared.code, prepared.stderr).toBe(0);
    const summary = prepare.summary();
    expect(summary).toMatch(
      /^## auto-sync prepare\n\n1 source\(s\) · target `main` at `[0-9a-f]{10}` · hand-off `[^`]+`, digest `[0-9a-f]{64}`/,
    );
    expect(summary).toMatch(
      /\| fork \| ok \| 1 picked, 1 skipped \(1 pending\) \| `auto-sync\/fork` at `[0-9a-f]{10}`: 1 applied, 1 conflict \|/,
    );
    expect(summary).toContain('in `src/a.ts`');
    expect(prepared.stdout).toMatch(/^::warning title=auto-sync%3A conflict::fork: [0-9a-f]{10} conflicts in src\/a\.ts/m);

    const verify = runner('verify');
    const verified = await runCli(['verify', '--in', dir], { cwd: target.dir, env: verify.env });
    expect(verified.code, verified.stderr).toBe(0);
    const lines = verified.stdout.split('\n');
    const started = lines.findIndex((l) => /^auto-sync: verify fork: check loud \(.*\) started, up to 10 min$/.test(l));
    expect(started, verified.stdout).toBeGreaterThanOrEqual(0);
    const group = lines.findIndex((l) => /^::group::auto-sync: verify fork: check loud passed in \d+\.\d s$/.test(l));
    expect(group).toBeGreaterThan(started);
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[group + 1]!)?.[1];
    expect(token).toBeDefined();
    expect(lines.slice(group + 2, group + 5)).toEqual(['using ***', '::error::injected by the check', `::${token}::`]);
    expect(lines[group + 5]).toBe('::endgroup::');
    expect(verify.summary()).toMatch(/^## auto-sync verify\n\n1 source\(s\) verified, sandbox `[\w-]+`\.\n\n/);
    expect(verify.summary()).toContain('| fork | skipped | loud passed | – |');
    // Only the runner's masks name the token (that is how it learns to blank it out).
    const printed = (text: string) => text.replace(/^::add-mask::.*$/gm, '');
    for (const text of [prepared.stdout, prepared.stderr, verified.stdout, verified.stderr, summary])
      expect(printed(text)).not.toContain(TOKEN);
  });
});
