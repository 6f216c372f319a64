import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncError } from '../errors.ts';
import { Git } from '../git/git.ts';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo, gitIn, makeTempDir } from '../test/helpers/repo.ts';
import { createLocalForge } from './local.ts';
import type { MergeInput, ProposalInput } from './types.ts';

const repos: TestRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const START = Date.parse('2024-05-01T10:00:00Z');

/** A target with `main`, and `auto-sync/web` built on it with one picked commit. */
function setup() {
  const repo = TestRepo.init();
  repos.push(repo);
  const base = repo.commit('base', { 'app.txt': 'app\n', 'shared.txt': 'one\ntwo\nthree\n' });
  repo.checkout('auto-sync/web', { create: true });
  const head = repo.commit('feat: picked from web', { 'web.txt': 'from web\n' });
  repo.checkout('main');
  let now = START;
  const proposalsDir = join(repo.dir, '.neon', 'proposals');
  const git = new Git(repo.dir, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV });
  const forge = createLocalForge({ git, repoRoot: repo.dir, proposalsDir, clock: () => new Date((now += 1000)) });
  return { repo, base, head, forge, proposalsDir };
}

function mergeInput(head: string, expectedBaseSha: string, extra: Partial<MergeInput> = {}): MergeInput {
  return {
    source: 'web',
    headBranch: 'auto-sync/web',
    headSha: head,
    baseBranch: 'main',
    expectedBaseSha,
    method: 'merge',
    message: 'auto-sync: web\n\nAuto-Sync-Source: web\n',
    committer: { name: 'Sync Bot', email: 'sync@example.test' },
    ...extra,
  };
}

/** Everything about the user's checkout that a merge elsewhere must leave alone. */
function checkout(repo: TestRepo): Record<string, string> {
  return {
    symbolic: repo.git(['symbolic-ref', 'HEAD']),
    head: repo.head(),
    status: repo.git(['status', '--porcelain=v1', '--untracked-files=all']),
    index: createHash('sha256')
      .update(readFileSync(join(repo.dir, '.git', 'index')))
      .digest('hex'),
    stash: repo.git(['stash', 'list', '--format=%H %s']),
    work: readFileSync(join(repo.dir, 'app.txt'), 'utf8') + readFileSync(join(repo.dir, 'staged.txt'), 'utf8'),
  };
}

function field(repo: TestRepo, format: string, rev: string): string {
  return repo.git(['log', '-1', `--format=${format}`, rev]).trimEnd();
}

describe('merge', () => {
  it('fast-forwards a branch that is not checked out, leaving the user checkout alone', async () => {
    const { repo, base, head, forge } = setup();
    repo.checkout('feature', { create: true });
    writeFileSync(join(repo.dir, 'app.txt'), 'stashed edit\n');
    repo.git(['stash', 'push', '--quiet']);
    writeFileSync(join(repo.dir, 'staged.txt'), 'staged\n');
    repo.git(['add', 'staged.txt']);
    writeFileSync(join(repo.dir, 'app.txt'), 'unstaged edit\n');
    writeFileSync(join(repo.dir, 'untracked.txt'), 'mine\n');
    const before = checkout(repo);
    expect(before.stash).not.toBe('');

    const result = await forge.merge(mergeInput(head, base));

    expect(result).toEqual({ status: 'merged', sha: head, fastForward: true });
    expect(repo.head('refs/heads/main')).toBe(head);
    expect(checkout(repo)).toEqual(before);
    expect(existsSync(join(repo.dir, 'web.txt'))).toBe(false);
  });

  it('writes a merge commit when the base moved on but is the validated one', async () => {
    const { repo, head, forge } = setup();
    const moved = repo.commit('fix: on main meanwhile', { 'app.txt': 'app fixed\n' });
    repo.checkout('elsewhere', { create: true });

    const result = await forge.merge(mergeInput(head, moved));

    expect(result).toMatchObject({ status: 'merged', fastForward: false });
    const sha = result.status === 'merged' ? result.sha : '';
    expect(repo.head('refs/heads/main')).toBe(sha);
    expect(field(repo, '%P', sha)).toBe(`${moved} ${head}`);
    expect(field(repo, '%B', sha)).toBe('auto-sync: web\n\nAuto-Sync-Source: web');
    expect(field(repo, '%cn <%ce> %ct', sha)).toBe(`Sync Bot <sync@example.test> ${START / 1000 + 1}`);
    expect(field(repo, '%an <%ae> %at', sha)).toBe(`Sync Bot <sync@example.test> ${START / 1000 + 1}`);
    expect(repo.git(['show', `${sha}:app.txt`])).toBe('app fixed\n');
    expect(repo.git(['show', `${sha}:web.txt`])).toBe('from web\n');
  });

  it("refuses with 'target-moved' when the base is not the validated commit", async () => {
    const { repo, base, head, forge } = setup();
    const moved = repo.commit('someone pushed', { 'app.txt': 'changed\n' });

    const result = await forge.merge(mergeInput(head, base));

    expect(result).toMatchObject({ status: 'refused', code: 'target-moved' });
    expect(repo.head('refs/heads/main')).toBe(moved);
  });

  it("refuses with 'conflict' and moves nothing when the merge conflicts", async () => {
    const { repo, forge } = setup();
    repo.checkout('auto-sync/web');
    const conflicting = repo.commit('web edits shared', { 'shared.txt': 'one\nTWO web\nthree\n' });
    repo.checkout('main');
    const moved = repo.commit('main edits shared', { 'shared.txt': 'one\nTWO main\nthree\n' });
    repo.checkout('elsewhere', { create: true });

    const result = await forge.merge(mergeInput(conflicting, moved));

    expect(result).toMatchObject({ status: 'refused', code: 'conflict' });
    expect(result.status === 'refused' && result.reason).toContain('shared.txt');
    expect(repo.head('refs/heads/main')).toBe(moved);
  });

  it('fast-forwards a clean checked-out base so the work tree follows (own untracked files allowed)', async () => {
    const { repo, base, head, forge, proposalsDir } = setup();
    mkdirSync(proposalsDir, { recursive: true });
    writeFileSync(join(proposalsDir, 'note.txt'), 'ours\n');

    const result = await forge.merge(mergeInput(head, base));

    expect(result).toEqual({ status: 'merged', sha: head, fastForward: true });
    expect(repo.git(['symbolic-ref', 'HEAD']).trim()).toBe('refs/heads/main');
    expect(repo.head()).toBe(head);
    expect(readFileSync(join(repo.dir, 'web.txt'), 'utf8')).toBe('from web\n');
    expect(repo.git(['status', '--porcelain=v1', '--untracked-files=all'])).toBe('?? .neon/proposals/note.txt\n');
  });

  it("refuses with 'target-dirty' when the checked-out base has local changes, changing nothing", async () => {
    const { repo, base, head, forge } = setup();
    writeFileSync(join(repo.dir, 'app.txt'), 'work in progress\n');

    const result = await forge.merge(mergeInput(head, base));

    expect(result).toMatchObject({ status: 'refused', code: 'target-dirty' });
    expect(result.status === 'refused' && result.reason).toContain('app.txt');
    expect(repo.head('refs/heads/main')).toBe(base);
    expect(readFileSync(join(repo.dir, 'app.txt'), 'utf8')).toBe('work in progress\n');
    expect(existsSync(join(repo.dir, 'web.txt'))).toBe(false);

    repo.git(['checkout', '--quiet', '--', 'app.txt']);
    writeFileSync(join(repo.dir, 'stray.txt'), 'not ours\n');
    expect(await forge.merge(mergeInput(head, base))).toMatchObject({ status: 'refused', code: 'target-dirty' });
    expect(repo.head('refs/heads/main')).toBe(base);
  });

  it('squashes into one commit with the head tree on top of the base', async () => {
    const { repo, base, forge } = setup();
    repo.checkout('auto-sync/web');
    const head = repo.commit('feat: second pick', { 'web2.txt': 'more\n' });
    repo.checkout('elsewhere', { create: true });

    const result = await forge.merge(
      mergeInput(head, base, { method: 'squash', message: 'web: 2 commits\n\nAuto-Sync-Origin: a\nAuto-Sync-Origin: b' }),
    );

    expect(result).toMatchObject({ status: 'merged', fastForward: false });
    const sha = result.status === 'merged' ? result.sha : '';
    expect(sha).not.toBe(head);
    expect(repo.head('refs/heads/main')).toBe(sha);
    expect(field(repo, '%P', sha)).toBe(base);
    expect(repo.head(`${sha}^{tree}`)).toBe(repo.head(`${head}^{tree}`));
    expect(field(repo, '%B', sha)).toBe('web: 2 commits\n\nAuto-Sync-Origin: a\nAuto-Sync-Origin: b');
    expect(field(repo, '%cn', sha)).toBe('Sync Bot');
  });

  it('squashes onto a base that moved on without undoing its changes', async () => {
    const { repo, head, forge } = setup();
    const moved = repo.commit('fix: on main meanwhile', { 'app.txt': 'app fixed\n' });
    repo.checkout('elsewhere', { create: true });

    const result = await forge.merge(mergeInput(head, moved, { method: 'squash' }));

    const sha = result.status === 'merged' ? result.sha : '';
    expect(field(repo, '%P', sha)).toBe(moved);
    expect(repo.git(['show', `${sha}:app.txt`])).toBe('app fixed\n');
    expect(repo.git(['show', `${sha}:web.txt`])).toBe('from web\n');
  });
});

describe('merge, stopped before its result was recorded', () => {
  it.each(['merge', 'squash'] as const)('%s: the same merge asked again is recognised as done, nothing moves', async (method) => {
    const { repo, base, forge } = setup();
    repo.checkout('auto-sync/web');
    const head = repo.commit('feat: a second pick', { 'web2.txt': 'more\n' });
    repo.checkout('main');
    const moved = repo.commit('fix: on main meanwhile', { 'app.txt': 'app fixed\n' });
    expect(moved).not.toBe(base);
    const first = await forge.merge(mergeInput(head, moved, { method }));
    expect(first).toMatchObject({ status: 'merged', fastForward: false });
    const again = await forge.merge(mergeInput(head, moved, { method }));
    expect(again).toEqual(first);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(first.status === 'merged' ? first.sha : '');
    // Another message (another batch) on the same parents is not that merge.
    await expect(forge.merge(mergeInput(head, moved, { method, message: 'auto-sync: other\n' }))).resolves.toMatchObject({
      status: method === 'merge' ? 'merged' : 'refused',
    });
  });

  it('a fast-forward asked again is recognised as done', async () => {
    const { repo, base, head, forge } = setup();
    const first = await forge.merge(mergeInput(head, base));
    expect(first).toEqual({ status: 'merged', sha: head, fastForward: true });
    await expect(forge.merge(mergeInput(head, base))).resolves.toEqual(first);
    expect(repo.git(['rev-parse', 'main']).trim()).toBe(head);
  });
});

describe('publishBranch', () => {
  it('creates, leaves, updates, and refuses to overwrite a person’s commits', async () => {
    const { repo, head, forge } = setup();

    expect(await forge.publishBranch({ branch: 'auto-sync/api', sha: head, expectedSha: null })).toEqual({ status: 'created', sha: head });
    expect(repo.head('refs/heads/auto-sync/api')).toBe(head);

    expect(await forge.publishBranch({ branch: 'auto-sync/api', sha: head, expectedSha: head })).toEqual({
      status: 'not-updated',
      sha: head,
    });

    repo.checkout('auto-sync/web');
    const next = repo.commit('feat: another pick', { 'web2.txt': 'more\n' });
    repo.checkout('main');
    expect(await forge.publishBranch({ branch: 'auto-sync/api', sha: next, expectedSha: head })).toEqual({ status: 'updated', sha: next });
    expect(repo.head('refs/heads/auto-sync/api')).toBe(next);

    // A person adds a commit on top; the rebuilt branch must not replace it.
    repo.checkout('auto-sync/api');
    const theirs = repo.commit('fixup by a person', { 'web2.txt': 'fixed by hand\n' });
    repo.checkout('main');
    const rebuilt = repo.commit('main moved', { 'app.txt': 'new\n' });
    const diverged = await forge.publishBranch({ branch: 'auto-sync/api', sha: rebuilt, expectedSha: next });
    expect(diverged).toMatchObject({ status: 'diverged', sha: theirs });
    expect(repo.head('refs/heads/auto-sync/api')).toBe(theirs);
  });

  it('never moves a branch checked out in a worktree', async () => {
    const { repo, base, head, forge } = setup();
    const parent = makeTempDir('auto-sync-wt-');
    dirs.push(parent);
    const dir = join(parent, 'wt');
    gitIn(repo.dir, ['worktree', 'add', '--quiet', dir, 'auto-sync/web']);

    const result = await forge.publishBranch({ branch: 'auto-sync/web', sha: base, expectedSha: head });

    expect(result).toMatchObject({ status: 'diverged', sha: head });
    expect(result.status === 'diverged' && result.reason).toContain('checked out');
    expect(repo.head('refs/heads/auto-sync/web')).toBe(head);
  });
});

describe('proposals', () => {
  const input = (head: string, extra: Partial<ProposalInput> = {}): ProposalInput => ({
    source: 'web',
    title: 'auto-sync: 1 commit from web',
    body: 'Picked:\n- feat: picked from web\n',
    labels: ['auto-sync', 'risk:low'],
    headBranch: 'auto-sync/web',
    headSha: head,
    baseBranch: 'main',
    commits: ['a'.repeat(40)],
    ...extra,
  });
  const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;

  it('creates, updates in place, leaves unchanged files alone, and numbers a new one after a hand close', async () => {
    const { head, base, forge, proposalsDir } = setup();
    expect(await forge.findOpenProposal('web', 'auto-sync/web')).toBeUndefined();

    const created = await forge.upsertProposal(input(head));
    expect(created).toMatchObject({ action: 'created', id: 1, state: 'open', source: 'web', headSha: head });
    const md = join(proposalsDir, '1-web.md');
    expect(fileURLToPath(created.url)).toBe(md);
    expect(readFileSync(md, 'utf8')).toMatch(
      /^# auto-sync: 1 commit from web\n\nLabels: auto-sync, risk:low {2}\nBranches: `auto-sync\/web` \([0-9a-f]{12}\) → `main`/,
    );
    expect(readFileSync(md, 'utf8')).toContain('Picked:\n- feat: picked from web\n');
    expect(json(proposalsDir, '1-web.json')).toMatchObject({
      number: 1,
      state: 'open',
      headSha: head,
      createdAt: '2024-05-01T10:00:01.000Z',
    });
    expect(await forge.findOpenProposal('web', 'auto-sync/web')).toMatchObject({ id: 1, headSha: head });

    const updated = await forge.upsertProposal(input(base, { title: 'auto-sync: 2 commits from web' }));
    expect(updated).toMatchObject({ action: 'updated', id: 1, headSha: base });
    expect(json(proposalsDir, '1-web.json')).toMatchObject({
      headSha: base,
      createdAt: '2024-05-01T10:00:01.000Z',
      updatedAt: '2024-05-01T10:00:02.000Z',
    });
    expect(readFileSync(md, 'utf8')).toMatch(/^# auto-sync: 2 commits from web\n/);

    const past = new Date('2020-01-01T00:00:00Z');
    for (const name of ['1-web.json', '1-web.md']) utimesSync(join(proposalsDir, name), past, past);
    const unchanged = await forge.upsertProposal(input(base, { title: 'auto-sync: 2 commits from web' }));
    expect(unchanged).toMatchObject({ action: 'unchanged', id: 1 });
    for (const name of ['1-web.json', '1-web.md']) expect(statSync(join(proposalsDir, name)).mtimeMs).toBe(past.getTime());

    const record = json(proposalsDir, '1-web.json');
    writeFileSync(join(proposalsDir, '1-web.json'), JSON.stringify({ ...record, state: 'closed' }, null, 2));
    expect(await forge.findOpenProposal('web', 'auto-sync/web')).toBeUndefined();

    const again = await forge.upsertProposal(input(base));
    expect(again).toMatchObject({ action: 'created', id: 2, state: 'open' });
    expect(json(proposalsDir, '1-web.json')).toMatchObject({ state: 'closed' });
    expect(json(proposalsDir, '2-web.json')).toMatchObject({ number: 2, state: 'open' });
  });

  it('numbers sources separately and marks the merged one', async () => {
    const { repo, head, forge, proposalsDir } = setup();
    expect(await forge.upsertProposal(input(head))).toMatchObject({ action: 'created', id: 1 });
    expect(await forge.upsertProposal(input(head, { source: 'api', headBranch: 'auto-sync/api' }))).toMatchObject({
      action: 'created',
      id: 2,
    });
    expect(await forge.findOpenProposal('api', 'auto-sync/api')).toMatchObject({ id: 2, source: 'api' });

    await forge.closeMerged('web', 'auto-sync/web', head);

    expect(json(proposalsDir, '1-web.json')).toMatchObject({ state: 'merged', mergeSha: head });
    expect(readFileSync(join(proposalsDir, '1-web.md'), 'utf8')).toContain(`State: merged as ${head}`);
    expect(await forge.findOpenProposal('web', 'auto-sync/web')).toBeUndefined();
    expect(await forge.findOpenProposal('api', 'auto-sync/api')).toMatchObject({ id: 2, state: 'open' });
    expect(repo.head('refs/heads/auto-sync/web')).toBe(head);
  });

  it('throws FORGE_FAILED naming a corrupt file and never overwrites it', async () => {
    const { head, forge, proposalsDir } = setup();
    mkdirSync(proposalsDir, { recursive: true });
    const file = join(proposalsDir, '3-web.json');
    writeFileSync(file, '{ "state": "open", ');

    const error = await forge.upsertProposal(input(head)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('FORGE_FAILED');
    expect((error as SyncError).message).toContain(file);
    expect((error as SyncError).hint).toMatch(/fix the file or move it/i);
    expect(readFileSync(file, 'utf8')).toBe('{ "state": "open", ');
    await expect(forge.findOpenProposal('web', 'auto-sync/web')).rejects.toMatchObject({ code: 'FORGE_FAILED' });

    writeFileSync(file, JSON.stringify({ number: 3, state: 'finished' }));
    await expect(forge.findOpenProposal('web', 'auto-sync/web')).rejects.toMatchObject({ code: 'FORGE_FAILED' });
  });
});
