import { describe, expect, it } from 'vitest';
import { describeBlockers } from '../plan/prerequisites.ts';
import type { State } from '../state/file.ts';
import { dashboardBody } from './dashboard.ts';
import { webRepositoryOf } from './links.ts';

describe('dashboard', () => {
  it('groups commits held back by another commit: one line per blocking commit, with how many', () => {
    const esm = 'e'.repeat(40);
    const commits: State['sources'][string]['commits'] = {};
    for (let i = 0; i < 120; i++)
      commits[i.toString(16).padStart(40, '0')] = {
        decision: 'skipped',
        reason: 'blocked',
        at: '2026-01-01T00:00:00.000Z',
        detail: describeBlockers('blocked', [{ sha: esm, reason: 'breaking-change' }]),
      };
    commits['f'.repeat(40)] = { decision: 'skipped', reason: 'conflict', at: '2026-01-01T00:00:00.000Z', detail: 'conflicts in src/a.ts' };
    const state: State = { version: 1, sources: { web: { lastHead: null, watermark: null, updatedAt: '', commits } } } as State;
    const body = dashboardBody(state, { sources: [{ name: 'web', status: 'ok', error: null }] } as never);
    expect(body).toContain(`- \`${esm.slice(0, 12)}\` (breaking-change) holds back 120 commits`);
    expect(body).toContain('Held back by other commits (120 in all');
    // Only the commit without a named blocker gets a row of its own.
    expect(body.match(/^\| `/gm)).toHaveLength(1);
    expect(body).toContain('conflicts in src/a.ts');
  });

  const at = '2026-01-01T00:00:00.000Z';
  const held = (commits: State['sources'][string]['commits']): State =>
    ({ version: 1, sources: { web: { lastHead: null, watermark: null, updatedAt: '', commits } } }) as State;
  const report = (commits: { sha: string; subject: string }[] = []) =>
    ({ sources: [{ name: 'web', status: 'ok', error: null, commits }] }) as never;

  it('lists each held commit with its subject, a link to it and what to do, naming the configuration in use', () => {
    const breaking = 'b'.repeat(40);
    const conflict = 'c'.repeat(40);
    const declined = 'd'.repeat(40);
    const state = held({
      [breaking]: { decision: 'skipped', reason: 'breaking-change', at, detail: 'feat!: a breaking change' },
      [conflict]: { decision: 'skipped', reason: 'conflict', at, detail: 'conflicts in src/a.ts' },
      [declined]: { decision: 'declined', reason: 'picked', at, proposal: 3, detail: 'proposal #3 was closed without merging' },
    });
    const body = dashboardBody(
      state,
      report([
        { sha: breaking, subject: 'feat!: drop the old API' },
        { sha: conflict, subject: 'fix: touch a | b @someone' },
      ]),
      { configPath: '.github/auto-sync.json', webs: { web: webRepositoryOf('https://github.com/acme/web.git')! } },
    );
    expect(body).toContain('`.github/auto-sync.json`');
    expect(body).not.toContain('scripts/auto-sync/config.json');
    expect(body).toContain('## [web](https://github.com/acme/web)');
    const row = (sha: string) =>
      body.split('\n').find((l) => l.startsWith(`| [${sha.slice(0, 10)}](https://github.com/acme/web/commit/${sha})`))!;
    expect(row(breaking)).toContain('feat!: drop the old API');
    expect(row(breaking)).toMatch(/`commits.breaking` to `"allow"` in `.github\/auto-sync.json`/);
    expect(row(breaking)).toContain(`\`git cherry-pick -x ${breaking}\``);
    expect(row(breaking)).toContain('`commits.skip`');
    expect(row(conflict)).toContain('resolve the conflict');
    // A hostile subject stays inside its cell and pings nobody.
    expect(row(conflict)).toContain('a \\| b `@someone`');
    expect(row(conflict).replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(row(declined)).toMatch(/Declined \(proposal #3 closed without merging\): never proposed again/);
  });

  it('without a web URL shows plain ids, and names a configuration outside the repository as such', () => {
    const sha = 'a'.repeat(40);
    const body = dashboardBody(held({ [sha]: { decision: 'skipped', reason: 'over-limit', at } }), report());
    expect(body).toContain(`| \`${sha.slice(0, 10)}\` | – |`);
    expect(body).not.toContain('](');
    expect(body).toContain('the file passed with `--config` (outside the repository)');
    expect(body).toContain('`commits.maxPerRun` was reached');
  });

  it('stays within GitHub’s size limit with many sources and long subjects', () => {
    const commits: State['sources'][string]['commits'] = {};
    const seen: { sha: string; subject: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const sha = i.toString(16).padStart(40, '0');
      commits[sha] = { decision: 'skipped', reason: 'secret-detected', at, detail: 'x'.repeat(400) };
      seen.push({ sha, subject: 'y'.repeat(400) });
    }
    const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const state = {
      version: 1,
      sources: Object.fromEntries(names.map((n) => [n, { lastHead: null, watermark: null, updatedAt: '', commits }])),
    } as State;
    const body = dashboardBody(state, { sources: names.map((name) => ({ name, status: 'ok', error: null, commits: seen })) } as never);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('… and 195 more.');
  });
});
