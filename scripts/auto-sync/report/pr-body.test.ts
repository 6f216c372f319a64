import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import { decideDelivery, type ResultStatus } from '../plan/decide.ts';
import { scoreRisk } from '../plan/risk.ts';
import { batchMergeMessage } from '../pipeline/publish.ts';
import { validateConfig } from '../config/validate.ts';
import { MAX_BODY_CHARS, proposalBody, proposalLabels, proposalTitle, type ProposalContent } from './pr-body.ts';

const defaults = configSchema.shape.risk.parse(undefined);
const sha = (c: string) => c.repeat(40);
const EVIL = 'fix(api): a | b <script>alert(1)</script> thanks @someone';

function content(overrides: Partial<ProposalContent> = {}): ProposalContent {
  const risk = scoreRisk(
    { filesChanged: ['src/a.ts', 'prisma/schema.prisma'], newTypeErrors: 1, newLintErrors: 0, newTestFailures: 1 },
    defaults,
  );
  const checks: (ProposalContent['checks'][number] & { status: ResultStatus })[] = [
    {
      name: 'typecheck',
      status: 'failed',
      durationMs: 12_300,
      errors: 4,
      newErrors: 1,
      firstLines: ['src/a.ts(3,1): error TS2322: nope'],
      tail: 'compiling\n```\n## not a heading\n```\nFound 4 errors',
    },
    { name: 'lint', status: 'passed', durationMs: 800, errors: 0, newErrors: 0 },
    { name: 'prisma', status: 'skipped' },
  ];
  const smoke: (ProposalContent['smoke'][number] & { status: ResultStatus })[] = [
    { name: 'api-health', status: 'failed', httpStatus: 500, detail: '/health answered 500, expected 200' },
  ];
  const decision = decideDelivery({
    risk,
    autoMergeMaxRisk: 5,
    newTypeErrors: 1,
    newLintErrors: 0,
    newTestFailures: 1,
    checks,
    smoke,
    targetMoved: false,
    conflicts: 1,
  });
  return {
    source: { name: 'web', origin: 'acme/web', url: 'https://x-access-token:secret@github.com/acme/web.git' },
    targetBranch: 'main',
    headBranch: 'auto-sync/web',
    commits: [
      { sha: sha('a'), type: 'feat', subject: 'feat: add widgets', author: 'Ann', newSha: sha('1') },
      { sha: sha('b'), type: 'fix', subject: EVIL, author: 'Bob | Builder', newSha: sha('2') },
      { sha: sha('c'), type: null, subject: '# looks like a heading', author: 'Cy' },
    ],
    skipped: [{ sha: sha('d'), subject: 'chore: bump', reason: 'type-not-allowed', detail: 'type chore is not in commits.types' }],
    conflicts: [{ sha: sha('e'), subject: 'fix: clash', paths: ['src/x|y.ts', 'src/`odd`.ts'] }],
    checks,
    smoke,
    risk,
    decision,
    runUrl: 'https://github.com/acme/target/actions/runs/1',
    ...overrides,
  };
}

// Unescaped pipes: the cell separators GitHub will see.
const separators = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;

// Lines outside fenced blocks, following CommonMark's rule: a fence closes only on a run at least as long.
function outsideFences(md: string): { outside: string[]; blocks: string[][] } {
  const outside: string[] = [];
  const blocks: string[][] = [];
  let open: { ticks: number; lines: string[] } | undefined;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})(.*)$/.exec(line);
    if (open) {
      if (m && m[1]!.length >= open.ticks && m[2]!.trim() === '') {
        blocks.push(open.lines);
        open = undefined;
      } else open.lines.push(line);
    } else if (m) open = { ticks: m[1]!.length, lines: [] };
    else outside.push(line);
  }
  expect(open, 'every fence is closed').toBeUndefined();
  return { outside, blocks };
}

const withoutCodeSpans = (text: string) => text.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');

describe('proposalTitle and proposalLabels', () => {
  it('names the count, the origin and the risk level', () => {
    const c = content();
    expect(proposalTitle(c)).toBe('chore(auto-sync): sync 3 commits from acme/web (risk: medium)');
    expect(proposalTitle({ ...c, commits: c.commits.slice(0, 1) })).toBe('chore(auto-sync): sync 1 commit from acme/web (risk: medium)');
    expect(proposalLabels(c.risk)).toEqual(['auto-sync', 'risk:medium']);
  });

  it('takes forge.messagePrefix, as the merge message does', () => {
    expect(proposalTitle({ ...content(), messagePrefix: 'build(sync)' })).toBe('build(sync): sync 3 commits from acme/web (risk: medium)');
    expect(batchMergeMessage('acme/web', ['a'.repeat(40)], 'build(sync)')).toBe(
      `build(sync): sync 1 commit from acme/web\n\nAuto-Sync-Origin: acme/web@${'a'.repeat(40)}\n`,
    );
    expect(batchMergeMessage('acme/web', ['a'.repeat(40)])).toMatch(/^chore\(auto-sync\): sync 1 commit/);
    for (const bad of ['Chore', 'chore: x', 'chore(a b)', '', 'feat(x)\nAuto-Sync-Origin: y'])
      expect(validateConfig({ sources: [{ name: 'a', url: '/x' }], forge: { messagePrefix: bad } }).ok, bad).toBe(false);
  });
});

describe('proposalBody', () => {
  const body = proposalBody(content());

  it('says how to accept, decline, skip one commit, change the branch and take a conflict by hand', () => {
    const text = proposalBody(content({ configPath: '.github/auto-sync.json' }));
    expect(text).toContain('- **Decline:** close it without merging; auto-sync records its commits as declined');
    expect(text).toContain('add its full sha to `commits.skip` in `.github/auto-sync.json`');
    expect(text).toContain('- **Change it:** push commits to `auto-sync/web`');
    expect(text).toContain('`git cherry-pick -x <sha>` onto a branch from `main`');
    expect(proposalBody(content({ conflicts: [] }))).not.toContain('**A conflict:**');
  });

  it('names why a check was skipped and what an erroring check said', () => {
    const c = content();
    const text = proposalBody({
      ...c,
      checks: [
        { name: 'lint', status: 'skipped', message: 'package.json has no "lint" script' },
        {
          name: 'typecheck',
          status: 'error',
          message: 'tsc reports a configuration error',
          firstLines: ['tsconfig.json(1,2): error TS5023: x'],
        },
      ],
    });
    expect(text).toContain('Skipped: lint (package.json has no "lint" script).');
    expect(text).toContain('#### ERROR: typecheck\n\ntsc reports a configuration error');
  });

  it('has every section', () => {
    for (const heading of [
      '## auto-sync from acme/web',
      '### Commits (3)',
      '### Skipped (1)',
      '### Conflicts (1)',
      '### Checks',
      '#### FAIL: typecheck',
      '### Smoke probes',
      '### Risk: medium (12)',
      '### Gates',
      '### How to act',
    ]) {
      expect(body).toContain(`\n${heading}`.trimStart());
    }
    expect(body).toContain('`auto-sync/web` → `main`');
    expect(body).toContain('**Decision:** proposed: 1 new type error');
    expect(body).toContain('| **Total** |  |  | **12** | level: **medium** |');
    expect(body).toContain('| Files changed | 2 | 1 | 2 |');
    expect(body).toContain('| New test failures | 1 | 5 | 5 |');
    expect(body).toContain('| `type-errors` | **FAIL** (decided) | 1 new type error |');
    expect(body).toContain('| `target-unchanged` | PASS |');
    expect(body).toContain('| typecheck | FAIL | 12.3 s | 4 (1 new) |');
    expect(body).toContain('| prisma | SKIP |');
    expect(body).toContain('| api-health | FAIL | 500 |');
    expect(body).toContain('`type-not-allowed`');
    expect(body).toContain('[Run log](https://github.com/acme/target/actions/runs/1)');
  });

  it('shows origin shas short in the table and full in a fence, never as bare text GitHub would link', () => {
    expect(body).toContain(`| \`${'a'.repeat(10)}\` | feat |`);
    const { outside, blocks } = outsideFences(body);
    expect(blocks.some((b) => b.includes(`${sha('a')} -> ${sha('1')}`))).toBe(true);
    expect(withoutCodeSpans(outside.join('\n'))).not.toMatch(/[0-9a-f]{7,}/);
  });

  it('keeps hostile subjects inside their table cell, inert, and pings nobody', () => {
    const header = body.split('\n').find((l) => l.startsWith('| Origin | Type |'))!;
    const row = body.split('\n').find((l) => l.includes('alert(1)'))!;
    expect(separators(row)).toBe(separators(header));
    expect(row).toContain('\\<script\\>');
    expect(body).not.toMatch(/(?<!\\)<script/);
    expect(withoutCodeSpans(body)).not.toContain('@someone');
    expect(body).toContain('`@someone`');
    expect(body).toContain('\\# looks like a heading');
    const conflictRow = body.split('\n').find((l) => l.includes('clash'))!;
    expect(separators(conflictRow)).toBe(4);
    expect(conflictRow).toContain('`src/x\\|y.ts`, ``src/`odd`.ts``');
  });

  it('keeps command output inside its fence even when it contains ```', () => {
    const { outside, blocks } = outsideFences(body);
    expect(outside).not.toContain('## not a heading');
    expect(blocks.some((b) => b.join('\n') === 'compiling\n```\n## not a heading\n```\nFound 4 errors')).toBe(true);
    expect(blocks.some((b) => b.join('\n') === 'src/a.ts(3,1): error TS2322: nope')).toBe(true);
  });

  it('does not put credentials from the source URL in the body', () => {
    expect(body).not.toContain('secret');
    expect(body).toContain('[acme/web](https://github.com/acme/web.git)');
  });

  it('links the source, each commit (applied, skipped, conflicting) and the run, and names the configuration', () => {
    const web = 'https://github.com/acme/web';
    const c = content();
    const text = proposalBody({
      ...c,
      source: { ...c.source, url: web },
      commits: c.commits.map((m) => ({ ...m, url: `${web}/commit/${m.sha}` })),
      skipped: c.skipped.map((k) => ({ ...k, url: `${web}/commit/${k.sha}` })),
      conflicts: c.conflicts.map((k) => ({ ...k, url: `${web}/commit/${k.sha}` })),
      configPath: 'auto-sync.config.json',
    });
    expect(text).toContain(`Source [acme/web](${web})`);
    for (const ch of ['a', 'b', 'c', 'd', 'e']) expect(text).toContain(`| [${sha(ch).slice(0, 10)}](${web}/commit/${sha(ch)}) |`);
    expect(text).toContain('[Run log](https://github.com/acme/target/actions/runs/1)');
    expect(text).toContain('`commits.skip` in `auto-sync.config.json`');
    // Rows with links keep their column count.
    const row = text.split('\n').find((l) => l.includes('alert(1)'))!;
    expect(separators(row)).toBe(6);
  });

  it('shows a commit id without a link when its URL is not https', () => {
    const c = content();
    const text = proposalBody({
      ...c,
      commits: c.commits.map((m) => ({ ...m, url: `javascript:alert(1)//${m.sha}` })),
      skipped: c.skipped.map((k) => ({ ...k, url: 'file:///etc/passwd' })),
    });
    expect(text).not.toContain('javascript:');
    expect(text).not.toContain('file:');
    expect(text).toContain(`| \`${sha('a').slice(0, 10)}\` |`);
  });

  it('does not show output for checks that passed', () => {
    const c = content();
    const passing = proposalBody({ ...c, checks: [{ ...c.checks[0]!, status: 'passed' }] });
    expect(passing).not.toContain('Found 4 errors');
  });
});

describe('proposalBody size cap', () => {
  it('trims output tails first and keeps every list whole while that is enough', () => {
    const c = content();
    const huge = Array.from({ length: 5_000 }, (_, i) => `error line ${i} ${'x'.repeat(60)}`).join('\n');
    const checks = Array.from({ length: 12 }, (_, i) => ({ name: `check-${i}`, status: 'failed', tail: huge, firstLines: ['first'] }));
    const body = proposalBody({ ...c, checks });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).toContain('error line 4999');
    expect(body).toContain('earlier lines not shown');
    expect(body).not.toContain('… and');
    outsideFences(body);
  });

  it('then shortens long lists with "… and N more", keeping every section', () => {
    const c = content();
    const commits = Array.from({ length: 3_000 }, (_, i) => ({
      sha: i.toString(16).padStart(40, '0'),
      type: 'fix',
      subject: `fix: thing number ${i} ${'y'.repeat(80)}`,
      author: 'Dee',
    }));
    const body = proposalBody({ ...c, commits });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).toContain('### Commits (3000)');
    expect(body).toMatch(/… and \d+ more\./);
    expect(body).not.toContain('Found 4 errors');
    for (const heading of ['### Skipped', '### Conflicts', '### Checks', '### Smoke probes', '### Risk', '### Gates'])
      expect(body).toContain(heading);
    outsideFences(body);
  });

  it('respects a smaller limit too, down to the last resort', () => {
    const body = proposalBody(content(), 1_000);
    expect(body.length).toBeLessThanOrEqual(1_000);
    expect(body).toContain('cut to fit');
  });
});
