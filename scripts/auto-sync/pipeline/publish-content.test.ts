import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import type { PreparedSource } from '../handoff/files.ts';
import { decideDelivery } from '../plan/decide.ts';
import { scoreRisk } from '../plan/risk.ts';
import { webRepositoryOf } from '../report/links.ts';
import { proposalBody } from '../report/pr-body.ts';
import { proposalContent } from './publish.ts';

// What publish hands the PR body: the source's web page and a link per commit, only for a web URL.

const sha = (c: string) => c.repeat(40);
const commit = (s: string, subject: string, decision: 'picked' | 'skipped', reason: string) =>
  ({ sha: s, subject, type: 'feat', scope: null, breaking: false, author: 'Ann', decision, reason, files: [] }) as never;

function source(): PreparedSource {
  return {
    name: 'web',
    origin: 'acme/web',
    status: 'ok',
    head: sha('f'),
    previousHead: null,
    listed: [sha('a'), sha('b'), sha('c')],
    commits: [
      commit(sha('a'), 'feat: one', 'picked', 'picked'),
      commit(sha('b'), 'chore: bump', 'skipped', 'type-not-allowed'),
      commit(sha('c'), 'fix: clash', 'skipped', 'conflict'),
    ],
    error: null,
    integration: {
      branch: 'auto-sync/web',
      base: sha('0'),
      head: sha('9'),
      bundle: 'web.bundle',
      applied: [{ sha: sha('a'), newSha: sha('1') }],
      conflicts: [{ sha: sha('c'), paths: ['src/a.ts'] }],
      files: ['src/a.ts'],
      carried: [],
      changes: {} as never,
    },
    unchangedSince: null,
    settled: [],
  } as PreparedSource;
}

function body(url: string): string {
  const risk = scoreRisk(
    { filesChanged: ['src/a.ts'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 0 },
    configSchema.shape.risk.parse(undefined),
  );
  const decision = decideDelivery({
    risk,
    autoMergeMaxRisk: 5,
    newTypeErrors: 0,
    newLintErrors: 0,
    newTestFailures: 0,
    checks: [],
    smoke: [],
    targetMoved: false,
    conflicts: 1,
  });
  return proposalBody(proposalContent(source(), 'main', [], [], risk, decision, webRepositoryOf(url)));
}

describe('proposalContent links', () => {
  it('links the source and every commit of a GitHub source, without the credentials of its URL', () => {
    const text = body('https://x-access-token:ghs_secret@github.com/acme/web.git?access_token=ghp_other');
    expect(text).toContain('Source [acme/web](https://github.com/acme/web)');
    for (const c of ['a', 'b', 'c']) expect(text).toContain(`[${sha(c).slice(0, 10)}](https://github.com/acme/web/commit/${sha(c)})`);
    expect(text).not.toMatch(/ghs_secret|ghp_other|access_token/);
  });

  it.each([['/home/me/web'], ['file:///home/me/web'], ['http://github.com/acme/web.git'], ['git@github.com:acme/web.git']])(
    'gives no link for %s',
    (url) => {
      const text = body(url);
      expect(text).not.toContain('](');
      expect(text).not.toContain('/home/me');
      expect(text).toContain(`\`${sha('a').slice(0, 10)}\``);
    },
  );
});
