import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSyncError, type SyncError } from '../errors.ts';
import { Git, authHeaderValue } from '../git/git.ts';
import { ProcessRunner, type RunOptions, type RunResult } from '../proc/run.ts';
import { emptyState, serializeState, type State } from './file.ts';
import { startGitHttpServer, type GitHttpServer } from '../test/helpers/git-http-server.ts';
import { TEST_GIT_ENV, TestRepo, gitIn, makeTempDir, type FileTree } from '../test/helpers/repo.ts';
import { STATE_COMMIT_MESSAGE, createGitStateStore, type StateStoreOptions } from './remote-store.ts';

const TOKEN = 'state-token-5b0c1e';
const WRONG = 'wrong-token-8d2f';
const FILE = '.neon/auto-sync-state.json';
const NOW = new Date('2024-05-01T12:00:00Z');
const NOW_SECONDS = String(NOW.getTime() / 1000);
const PROTECT_MAIN = `#!/bin/sh
while read old new ref; do
  if [ "$ref" = refs/heads/main ]; then echo "GH006: Protected branch update failed for refs/heads/main." >&2; exit 1; fi
done
`;

/** Records every command (argv) and can run a callback just before a given push: a race on demand. */
class RacingRunner extends ProcessRunner {
  readonly beforePush: Array<() => void> = [];
  readonly commands: string[] = [];
  constructor() {
    super((event) => this.commands.push(event.command));
  }

  override run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    if (file === 'git' && args[0] === 'push') this.beforePush.shift()?.();
    return super.run(file, args, options);
  }
}

function stateWith(head: string, at = '2024-05-01T12:00:00.000Z'): State {
  const state = emptyState();
  state.sources.web = { lastHead: head, watermark: head, updatedAt: at, commits: { [head]: { decision: 'skipped', reason: 'empty', at } } };
  return state;
}

describe('git state store', () => {
  let root: string;
  let server: GitHttpServer;
  let count = 0;

  beforeAll(async () => {
    root = makeTempDir('auto-sync-state-http-');
    server = await startGitHttpServer({ root, token: TOKEN });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A target repository served over HTTP, a CI-like checkout of it, and another clone that pushes too. */
  function setup(files: FileTree = {}) {
    const seed = TestRepo.init();
    seed.commit('initial', { 'README.md': 'hello\n', ...files });
    const name = `target-${++count}`;
    const bare = TestRepo.clone(seed.dir, { dir: join(root, `${name}.git`), bare: true });
    seed.remove();
    const checkout = TestRepo.clone(bare.dir);
    const other = TestRepo.clone(bare.dir);
    const runner = new RacingRunner();
    const git = new Git(checkout.dir, runner, { ...process.env, ...TEST_GIT_ENV });
    const logs: string[] = [];
    const store = (overrides: Partial<StateStoreOptions> = {}) =>
      createGitStateStore({
        git,
        remoteUrl: server.urlFor(name),
        token: TOKEN,
        branch: 'main',
        stateBranch: 'auto-sync/state',
        path: FILE,
        committer: { name: 'auto-sync', email: 'auto-sync@example.test' },
        now: () => NOW,
        log: (line) => logs.push(line),
        retryDelayMs: 0,
        ...overrides,
      });
    /** Someone else's commit landing on main, pushed from another clone. */
    const pushElsewhere = (file: string): string => {
      other.git(['fetch', '--quiet', 'origin']);
      other.git(['reset', '--quiet', '--hard', 'origin/main']);
      const sha = other.commit(`feat: ${file}`, { [file]: `${file}\n` });
      other.git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
      return sha;
    };
    const hook = (name: string, script: string): void => {
      const file = join(bare.dir, 'hooks', name);
      writeFileSync(file, script);
      chmodSync(file, 0o755);
    };
    const pushes = (branch: string) =>
      runner.commands.filter((c) => c.startsWith('git push ') && c.endsWith(`:refs/heads/${branch}`)).length;
    return { bare, checkout, runner, git, logs, store, pushElsewhere, hook, pushes, url: server.urlFor(name) };
  }

  /** Everything of the user's repository that the store must leave alone. */
  function snapshot(repo: TestRepo): string {
    const index = createHash('sha256')
      .update(readFileSync(join(repo.dir, '.git', 'index')))
      .digest('hex');
    return [
      repo.git(['symbolic-ref', 'HEAD']),
      repo.head(),
      repo.git(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/remotes', 'refs/tags']),
      repo.git(['status', '--porcelain', '--untracked-files=all']),
      index,
    ].join('\n');
  }

  it('reads nothing as an empty state, commits the file on main without touching the checkout, then writes nothing twice', async () => {
    const t = setup();
    const before = snapshot(t.checkout);
    const base = t.bare.head('main');
    const store = t.store();
    expect(await store.read()).toEqual({ state: emptyState(), from: 'none', commit: null });

    const state = stateWith('a'.repeat(40));
    const written = await store.write(state);
    expect(written).toEqual({ status: 'committed', commit: t.bare.head('main') });
    expect(t.bare.git(['show', `main:${FILE}`])).toBe(serializeState(state));
    expect(t.bare.git(['rev-parse', 'main^'])).toBe(`${base}\n`);
    expect(t.bare.git(['diff-tree', '--no-commit-id', '--name-only', '-r', 'main^', 'main'])).toBe(`${FILE}\n`);
    expect(t.bare.git(['show', '-s', '--format=%an <%ae>|%at|%cn <%ce>|%ct|%B', 'main'])).toBe(
      `auto-sync <auto-sync@example.test>|${NOW_SECONDS}|auto-sync <auto-sync@example.test>|${NOW_SECONDS}|${STATE_COMMIT_MESSAGE}\n\n`,
    );
    expect(STATE_COMMIT_MESSAGE).toContain('[skip ci]');
    expect(t.logs).toEqual([]);

    // Same state again, same instance: nothing is asked of the server.
    const requests = server.requests.length;
    expect(await store.write(structuredClone(state))).toEqual({ status: 'unchanged', commit: written.commit });
    expect(server.requests.length).toBe(requests);

    // A new run: read, then the same state: only the read's requests.
    const next = t.store();
    expect(await next.read()).toEqual({ state, from: 'branch', commit: written.commit });
    const afterRead = server.requests.length;
    expect(await next.write(state)).toEqual({ status: 'unchanged', commit: written.commit });
    expect(server.requests.length).toBe(afterRead);
    expect(t.pushes('main')).toBe(1);

    // Only private refs changed in the checkout; no state file appeared in its work tree.
    expect(snapshot(t.checkout)).toBe(before);
    expect(existsSync(join(t.checkout.dir, FILE))).toBe(false);
    expect(t.checkout.head('refs/auto-sync/state/heads/main')).toBe(written.commit);
  });

  it('rebuilds on the new tip when main moved after read, keeping the other commit', async () => {
    const t = setup();
    const store = t.store();
    await store.read();
    const theirs = t.pushElsewhere('theirs.txt');
    const state = stateWith('b'.repeat(40));
    const written = await store.write(state);
    expect(written.status).toBe('committed');
    expect(t.bare.head('main')).toBe(written.commit);
    expect(t.bare.git(['rev-parse', 'main^'])).toBe(`${theirs}\n`);
    expect(t.bare.git(['show', 'main:theirs.txt'])).toBe('theirs.txt\n');
    expect(t.bare.git(['show', `main:${FILE}`])).toBe(serializeState(state));
    expect(t.pushes('main')).toBe(2);
    expect(t.logs).toHaveLength(1);
    expect(t.logs[0]).toMatch(/main moved \(\[rejected\] \(fetch first\)\); rebuilding/);
  });

  it('overwrites an older state when main moved with one, and keeps retrying while main keeps moving', async () => {
    const t = setup({ [FILE]: serializeState(stateWith('0'.repeat(40))) });
    const store = t.store();
    expect((await store.read()).from).toBe('branch');
    // Two more commits land during the loop, each just before one of our pushes; the third push wins.
    const landed: string[] = [];
    t.runner.beforePush.push(
      () => landed.push(t.pushElsewhere('one.txt')),
      () => landed.push(t.pushElsewhere('two.txt')),
    );
    const state = stateWith('c'.repeat(40));
    const written = await store.write(state);
    expect(written.status).toBe('committed');
    expect(t.pushes('main')).toBe(3);
    expect(t.bare.git(['rev-list', '--first-parent', 'main']).split('\n').slice(0, 3)).toEqual([written.commit, landed[1], landed[0]]);
    expect(t.bare.git(['show', `main:${FILE}`])).toBe(serializeState(state));
    expect(t.logs.filter((line) => line.includes('moved'))).toHaveLength(2);
  });

  it('works from a shallow checkout, as actions/checkout makes by default', async () => {
    const t = setup();
    t.pushElsewhere('second.txt');
    const shallow = makeTempDir('auto-sync-shallow-');
    gitIn(shallow, ['clone', '--quiet', '--depth=1', `file://${t.bare.dir}`, '.']);
    const store = t.store({ git: new Git(shallow, new ProcessRunner(), { ...process.env, ...TEST_GIT_ENV }) });
    await store.read();
    const theirs = t.pushElsewhere('third.txt');
    const state = stateWith('5'.repeat(40));
    const written = await store.write(state);
    expect(written.status).toBe('committed');
    expect(t.bare.git(['rev-parse', 'main^'])).toBe(`${theirs}\n`);
    expect(t.bare.git(['show', `main:${FILE}`])).toBe(serializeState(state));
    expect(gitIn(shallow, ['rev-parse', '--is-shallow-repository'])).toBe('true\n');
    rmSync(shallow, { recursive: true, force: true });
  });

  it('gives up with TARGET_MOVED after `attempts` rejections, leaving the other commits in place', async () => {
    const t = setup();
    const store = t.store({ attempts: 2 });
    await store.read();
    t.runner.beforePush.push(
      () => t.pushElsewhere('one.txt'),
      () => t.pushElsewhere('two.txt'),
    );
    const error = await store.write(stateWith('d'.repeat(40))).catch((e: unknown) => e);
    expect(isSyncError(error) && error.code).toBe('TARGET_MOVED');
    expect(t.pushes('main')).toBe(2);
    expect(t.bare.git(['show', 'main:two.txt'])).toBe('two.txt\n');
    expect(t.bare.git(['ls-tree', '--name-only', '-r', 'main'])).not.toContain(FILE);
  });

  it('retries when the server itself sees main move between its ref check and the update', async () => {
    const t = setup();
    // The first push loses a race inside the server: main moves after the advertisement (failed to update ref).
    t.hook(
      'pre-receive',
      `#!/bin/sh
cat >/dev/null
[ -e "$GIT_DIR/raced" ] && exit 0
touch "$GIT_DIR/raced"
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
export GIT_AUTHOR_NAME=r GIT_AUTHOR_EMAIL=r@example.test GIT_COMMITTER_NAME=r GIT_COMMITTER_EMAIL=r@example.test
c=$(git commit-tree -p refs/heads/main -m race "refs/heads/main^{tree}") && git update-ref refs/heads/main "$c"
`,
    );
    const store = t.store();
    await store.read();
    const written = await store.write(stateWith('e'.repeat(40)));
    expect(written.status).toBe('committed');
    expect(t.pushes('main')).toBe(2);
    expect(t.bare.git(['log', '-1', '--format=%s', 'main^'])).toBe('race\n');
    expect(t.logs[0]).toMatch(/main moved \(.*failed to update ref/);
  });

  it('keeps the state on auto-sync/state when main is protected, says so once, and reads it back from there', async () => {
    const t = setup();
    const old = stateWith('1'.repeat(40));
    expect((await t.store().write(old)).status).toBe('committed');
    t.hook('pre-receive', PROTECT_MAIN);
    const mainTip = t.bare.head('main');

    const store = t.store();
    expect((await store.read()).state).toEqual(old);
    const first = stateWith('2'.repeat(40));
    const written = await store.write(first);
    expect(written).toEqual({ status: 'committed-to-state-branch', commit: t.bare.head('auto-sync/state') });
    expect(t.bare.head('main')).toBe(mainTip);
    expect(t.bare.git(['rev-parse', 'auto-sync/state^'])).toBe(`${mainTip}\n`);
    expect(t.bare.git(['show', `auto-sync/state:${FILE}`])).toBe(serializeState(first));
    expect(t.logs).toEqual([
      'state: main is protected (GH006: Protected branch update failed for refs/heads/main.); state is kept on auto-sync/state',
    ]);

    // Same instance: straight to the state branch, no second attempt on main, no second log line.
    const second = stateWith('3'.repeat(40));
    const again = await store.write(second);
    expect(again.status).toBe('committed-to-state-branch');
    expect(t.bare.git(['rev-parse', 'auto-sync/state^'])).toBe(`${written.commit}\n`);
    expect(t.pushes('main')).toBe(2); // the unprotected first write, then the refused one
    expect(t.logs).toHaveLength(1);

    // The next run reads the state branch (newer than main's file), and writes there directly.
    const next = t.store();
    expect(await next.read()).toEqual({ state: second, from: 'state-branch', commit: again.commit });
    expect(await next.write(second)).toEqual({ status: 'unchanged', commit: again.commit });
    expect((await next.write(stateWith('4'.repeat(40)))).status).toBe('committed-to-state-branch');
    expect(t.pushes('main')).toBe(2);
    expect(t.logs).toHaveLength(2);
    expect(t.logs[1]).toContain('state is kept on auto-sync/state');
  });

  it('refuses a corrupt state file with STATE_CORRUPT naming where it was read, and never overwrites it', async () => {
    const t = setup({ [FILE]: '{"version": 1, "sources": {"web": {"lastHead": 5}}}\n' });
    const tip = t.bare.head('main');
    const store = t.store();
    const error = (await store.read().catch((e: unknown) => e)) as SyncError;
    expect(error.code).toBe('STATE_CORRUPT');
    expect(error.message).toContain(`main:${FILE}`);
    expect(error.details.join('\n')).toContain('sources.web');
    expect(error.hint).toContain('on main');
    await expect(store.write(stateWith('f'.repeat(40)))).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect(t.bare.head('main')).toBe(tip);

    // A corrupt state branch is named as such.
    t.bare.git([
      'update-ref',
      'refs/heads/auto-sync/state',
      t.bare.git(['commit-tree', '-p', tip, '-m', 'x', writeTree(t.bare, '[1,')]).trim(),
    ]);
    await expect(t.store().read()).rejects.toMatchObject({
      code: 'STATE_CORRUPT',
      message: expect.stringContaining(`auto-sync/state:${FILE}`),
    });
  });

  it('turns a refused token into TARGET_AUTH naming the variable, on read and on push', async () => {
    const t = setup();
    const wrong = await t
      .store({ token: WRONG, tokenName: 'AUTO_SYNC_TOKEN' })
      .read()
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'TARGET_AUTH', message: expect.stringContaining('AUTO_SYNC_TOKEN was refused') });
    expect((wrong as SyncError).hint).toMatch(/GITHUB_TOKEN.*AUTO_SYNC_TOKEN.*contents: write/);
    await expect(t.store({ token: undefined }).read()).rejects.toMatchObject({
      code: 'TARGET_AUTH',
      message: expect.stringContaining('no token'),
    });

    const store = t.store();
    await store.read();
    server.inject({ status: 401, count: 1 });
    await expect(store.write(stateWith('9'.repeat(40)))).rejects.toMatchObject({
      code: 'TARGET_AUTH',
      message: expect.stringMatching(/^git push of .*GITHUB_TOKEN/),
    });
    expect(t.bare.git(['ls-tree', '--name-only', '-r', 'main'])).not.toContain(FILE);
  });

  it('retries a transient server failure and logs it', async () => {
    const t = setup();
    server.inject({ status: 503, count: 1 });
    expect((await t.store().read()).from).toBe('none');
    expect(t.logs).toHaveLength(1);
    expect(t.logs[0]).toMatch(/git ls-remote failed \(.*503\); retrying/);
  });

  it('never puts a token in argv, .git/config or error text', async () => {
    const t = setup();
    t.hook('pre-receive', PROTECT_MAIN);
    const store = t.store();
    await store.read();
    await store.write(stateWith('7'.repeat(40)));
    const errors = [
      await t
        .store({ token: WRONG })
        .read()
        .catch((e: unknown) => e),
      await t
        .store({ token: WRONG })
        .write(emptyState())
        .catch((e: unknown) => e),
    ] as SyncError[];
    expect(errors.map((e) => e.code)).toEqual(['TARGET_AUTH', 'TARGET_AUTH']);
    const texts = [
      t.runner.commands.join('\n'),
      readFileSync(join(t.checkout.dir, '.git', 'config'), 'utf8'),
      ...errors.flatMap((e) => [e.message, e.hint, ...e.details]),
    ];
    expect(t.runner.commands.filter((c) => c.startsWith('git push ')).length).toBeGreaterThan(0);
    for (const secret of [TOKEN, WRONG]) {
      const forms = [secret, encodeURIComponent(secret), authHeaderValue(secret).split(' ').at(-1)!];
      for (const form of forms) for (const text of texts) expect(text).not.toContain(form);
    }
  });

  it('refuses a URL that carries credentials and options a refspec could misread', () => {
    const t = setup();
    expect(() => t.store({ remoteUrl: `https://x-access-token:${TOKEN}@example.test/o/r.git` })).toThrow(/contains credentials/);
    expect(() => t.store({ stateBranch: 'a:b' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => t.store({ path: '../outside.json' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

/** A tree holding only the state file with `text`, written into `repo`. */
function writeTree(repo: TestRepo, text: string): string {
  const blob = repo.git(['hash-object', '-w', '--stdin'], { input: text }).trim();
  const neon = repo.git(['mktree'], { input: `100644 blob ${blob}\tauto-sync-state.json\n` }).trim();
  return repo.git(['mktree'], { input: `040000 tree ${neon}\t.neon\n` }).trim();
}
