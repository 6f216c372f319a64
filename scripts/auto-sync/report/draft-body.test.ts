import { describe, expect, it } from 'vitest';
import { describeDraft } from '../pipeline/conflict-drafts.ts';
import { staleDrafts } from '../plan/conflict-draft.ts';
import { draftBody, draftTitle, type DraftContent } from './draft-body.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('which drafts are closed', () => {
  const draft = (id: number, state: string, commits: string[]) => ({ id, state, commits });
  it.each([
    { name: 'still conflicting: kept', drafts: [draft(1, 'open', [A])], conflicting: [A], closed: [] },
    { name: 'applies now / no longer pending: closed', drafts: [draft(1, 'open', [A])], conflicting: [B], closed: [1] },
    { name: 'no conflict left at all: closed', drafts: [draft(1, 'open', [A]), draft(2, 'open', [B])], conflicting: [], closed: [1, 2] },
    {
      name: 'closed or merged ones are left as they are',
      drafts: [draft(1, 'closed', [A]), draft(2, 'merged', [B])],
      conflicting: [],
      closed: [],
    },
    { name: 'a draft naming no commit is not ours to keep', drafts: [draft(3, 'open', [])], conflicting: [A], closed: [3] },
  ])('$name', ({ drafts, conflicting, closed }) => {
    expect(staleDrafts(drafts, new Set(conflicting)).map((d) => d.id)).toEqual(closed);
  });
});

describe('the draft title and body', () => {
  const content = (over: Partial<DraftContent> = {}): DraftContent => ({
    source: { name: 'web', origin: 'acme/web' },
    commit: { sha: A, subject: 'fix: two is 2', detail: `conflicts with ${B.slice(0, 12)} (the target's) in src/a.ts` },
    branch: `auto-sync/web-conflict-${A.slice(0, 12)}`,
    base: { branch: 'main', isBatch: false },
    paths: ['src/a.ts'],
    ...over,
  });

  it('is a chore title, a draft notice, what it conflicts with, and the commands', () => {
    expect(draftTitle(content())).toBe(`chore(auto-sync): resolve a conflict of ${A.slice(0, 12)} from acme/web`);
    const body = draftBody(content());
    expect(body).toMatch(/^\*\*Draft: a conflict for a person to resolve\.\*\* auto-sync never merges a draft/);
    expect(body).toContain(`It conflicts with ${B.slice(0, 12)} (the target's) in src/a.ts.`);
    expect(body).toContain('It sits on `main`.');
    expect(body).toContain('```sh\ngit fetch origin auto-sync/web-conflict-aaaaaaaaaaaa\n');
    expect(draftBody(content({ base: { branch: 'auto-sync/web', isBatch: true } }))).toContain('It sits on the open batch `auto-sync/web`');
  });

  it('keeps hostile subjects and paths inert: no mention, no closed fence, no new block', () => {
    const body = draftBody(
      content({
        commit: { sha: A, subject: '@everyone see #12 <img src=x>' },
        paths: ['a\n```\n# pwned', 'b`c.ts'],
      }),
    );
    expect(body).not.toMatch(/(^|[^`])@everyone/);
    expect(body).toContain('`@everyone`');
    expect(body).not.toMatch(/(^|[^\\])<img/);
    // The path's own lines stay inside the shell block: its fence is longer than any backtick run in it.
    const block = /^````sh\n([\s\S]*?)\n````$/m.exec(body)?.[1] ?? '';
    expect(block).toContain("git add -- 'a\n```\n# pwned' 'b`c.ts'");
    expect(body.replace(block, '')).not.toMatch(/^# pwned/m);
  });

  it('says in one line what became of the drafts', () => {
    const d = { id: 7, url: 'file:///x', branch: 'auto-sync/web-conflict-aaaaaaaaaaaa', sha: A };
    expect(describeDraft({ draft: { ...d, action: 'created' }, closed: [] })).toBe(
      `the conflict of ${A.slice(0, 12)} is delivered as draft #7 (created)`,
    );
    expect(describeDraft({ draft: { ...d, action: 'declined' }, closed: [] })).toContain(
      'stays pending: its draft #7 was closed by a person',
    );
    expect(describeDraft({ draft: null, closed: [3, 4] })).toBe('closed draft #3, #4: no longer a conflict');
  });
});
