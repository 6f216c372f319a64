import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_TYPES, type ConfigInput } from '../config/schema.ts';
import { SyncError } from '../errors.ts';
import { Git } from '../git/git.ts';
import { ProcessRunner } from '../proc/run.ts';
import * as app from './app-files.ts';

// The built-in demo: a target app and three forks of it whose histories, between them, show every
// case auto-sync handles. Real git, fixed people and dates: the same shas on every build and machine
// (no path of this machine goes into a commit; those live only in the config file).

/** What auto-sync should decide for one source commit (the filter reason when it is not applied). */
export type CommitExpectation =
  'apply' | 'type-not-allowed' | 'path-denied' | 'merge-commit' | 'already-applied' | 'conflict' | 'held-breaking';

export interface DemoCommit {
  sha: string;
  subject: string;
  expect: CommitExpectation;
  why: string;
}

export interface DemoSource {
  name: string;
  dir: string;
  story: string;
  /** The source's commits after the fork point, oldest first (side-branch commits included). */
  commits: DemoCommit[];
}

export type DemoOutcome = 'merged' | 'pull-request' | 'nothing';

export interface DemoSandbox {
  root: string;
  targetDir: string;
  targetStory: string;
  /** The target commit the three forks were cloned from. */
  forkPoint: string;
  sources: DemoSource[];
  configPath: string;
  expected: Record<string, { outcome: DemoOutcome; notes: string }>;
}

interface Person {
  name: string;
  email: string;
}

const MORGAN: Person = { name: 'Morgan Maintainer', email: 'morgan@target.example' };
const ADA: Person = { name: 'Ada Apiworth', email: 'ada@api-fork.example' };
const WES: Person = { name: 'Wes Webster', email: 'wes@web-fork.example' };
const DANA: Person = { name: 'Dana Dbrown', email: 'dana@db-fork.example' };

const FIRST_COMMIT_TIME = Date.UTC(2025, 2, 3, 9) / 1000;

/** One tick per commit, in the order the sandbox makes them: dates tell the story's order. */
class Clock {
  private ticks = 0;
  next(): string {
    return `${FIRST_COMMIT_TIME + 3600 * this.ticks++} +0000`;
  }
}

class DemoRepo {
  private constructor(
    readonly dir: string,
    private readonly git: Git,
    private readonly clock: Clock,
  ) {}

  static async init(dir: string, runner: ProcessRunner, clock: Clock): Promise<DemoRepo> {
    await mkdir(dir, { recursive: true });
    const repo = new DemoRepo(dir, new Git(dir, runner, demoGitEnv()), clock);
    await repo.git.run(['init', '--quiet', '--initial-branch=main']);
    await repo.protect();
    return repo;
  }

  static async clone(from: DemoRepo, dir: string, runner: ProcessRunner, clock: Clock): Promise<DemoRepo> {
    const git = new Git(dirname(dir), runner, demoGitEnv());
    await git.run(['clone', '--quiet', '--no-local', '--', from.dir, dir]);
    const repo = new DemoRepo(dir, new Git(dir, runner, demoGitEnv()), clock);
    await repo.protect();
    return repo;
  }

  /** Keeps a user's global signing config out of whatever later runs in the sandbox. */
  private async protect(): Promise<void> {
    await this.git.run(['config', 'commit.gpgsign', 'false']);
    await this.git.run(['config', 'tag.gpgsign', 'false']);
  }

  async commit(author: Person, message: string, changes: app.Changes): Promise<string> {
    for (const [path, change] of Object.entries(changes)) await this.write(path, change);
    await this.git.run(['add', '--all']);
    await this.git.run(['commit', '--quiet', '--no-verify', '-F', '-'], { input: message, env: this.identity(author) });
    return this.head();
  }

  async merge(author: Person, branch: string): Promise<string> {
    const message = `Merge branch '${branch}'`;
    await this.git.run(['merge', '--quiet', '--no-ff', '--no-verify', '-m', message, branch], { env: this.identity(author) });
    return this.head();
  }

  async checkout(branch: string, create = false): Promise<void> {
    await this.git.run(['checkout', '--quiet', ...(create ? ['-b'] : []), branch]);
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.git.run(['branch', '--quiet', '-d', branch]);
  }

  async head(): Promise<string> {
    return this.git.read(['rev-parse', 'HEAD']);
  }

  private identity(person: Person): Record<string, string> {
    const date = this.clock.next();
    return {
      GIT_AUTHOR_NAME: person.name,
      GIT_AUTHOR_EMAIL: person.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: person.name,
      GIT_COMMITTER_EMAIL: person.email,
      GIT_COMMITTER_DATE: date,
    };
  }

  private async write(path: string, change: app.Change): Promise<void> {
    const file = join(this.dir, path);
    if (typeof change === 'string') {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, change);
      return;
    }
    const text = await readFile(file, 'utf8');
    const count = text.split(change.replace).length - 1;
    // The edits are written against the templates; a miss means the two drifted apart.
    if (count === 0 || (count > 1 && !change.all))
      throw new Error(`demo edit of ${path}: expected one "${change.replace}", found ${count}`);
    await writeFile(file, text.split(change.replace).join(change.by));
  }
}

async function record(
  repo: DemoRepo,
  author: Person,
  message: string,
  changes: app.Changes,
  expect: CommitExpectation,
  why: string,
): Promise<DemoCommit> {
  const sha = await repo.commit(author, message, changes);
  return { sha, subject: message.split('\n')[0]!, expect, why };
}

/** No global or system git config, so nothing of the user's shapes the sandbox. */
function demoGitEnv(): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
}

const STORIES = {
  target:
    'Morgan\'s app: scaffold, home page + /health, Prisma schema (the fork point). After the forks were cloned, Morgan fixed the "Wellcome" typo in the home page heading, and ported db-fork\'s empty-average fix by hand under another message.',
  'api-fork':
    'Ada documented the endpoints (docs: not a synced type), added slugify() with its own test (a clean 2-file feat), then committed .env.production with production credentials under a fix: message (denied path).',
  'web-fork':
    "Wes fixed the same heading typo with other words (conflicts with the target's fix), merged a side branch that adds .editorconfig (a chore commit and a merge commit), renamed the app in the page title without updating the test that checks it (the test fails), and renamed renderHome() in a refactor!: (breaking).",
  'db-fork':
    'Dana made average([]) return 0 (the target has it already, hand-ported: same patch, other message), then added an optional name to the Prisma User model (schema only).',
};

// In any source order the applied commits stay clean on top of each other: api-fork only adds files,
// db-fork only touches the schema, and web-fork's change is not merged.
const EXPECTED: DemoSandbox['expected'] = {
  'api-fork': {
    outcome: 'merged',
    notes:
      'Applies only "feat: add slugify()" (2 files: risk 2); skips the docs commit (type-not-allowed) and the .env.production fix (path-denied). typecheck, test and both smoke probes pass; prisma does not run (no prisma/** change). Risk 2 <= 5: merged.',
  },
  'web-fork': {
    outcome: 'pull-request',
    notes:
      "The heading fix conflicts with the target's own (skipped, onConflict: skip); the chore on the merged side branch is type-not-allowed and the merge commit is skipped (merge-commit); the refactor!: is held (breaking). (Listed with --first-parent, the chore commit would not appear at all.) Applies only \"feat: brand the home page as Acme Portal\": typecheck passes, 1 new test failure ('the home page names the app in its title'): risk 1 file + 5 = 6 > 5 and a failed check: pull request, not merged.",
  },
  'db-fork': {
    outcome: 'merged',
    notes:
      'The empty-average fix is already-applied (same patch-id as the target\'s hand-port). Applies "feat(db): add an optional name to users": prisma validate runs (prisma/** changed) and passes, typecheck, test and smoke pass; risk 1 file + 2 (Prisma schema) = 3 <= 5: merged.',
  },
};

export async function createDemoSandbox(root: string, options: { toolRoot: string }): Promise<DemoSandbox> {
  const paths = {
    target: join(root, 'target'),
    api: join(root, 'api-fork'),
    web: join(root, 'web-fork'),
    db: join(root, 'db-fork'),
    config: join(root, 'auto-sync.config.json'),
  };
  const taken = Object.values(paths).filter((path) => existsSync(path));
  if (taken.length > 0)
    throw new SyncError('USAGE', `${root} already holds a demo sandbox (${taken.join(', ')})`, {
      hint: 'Pass an empty or new directory for the demo.',
    });

  const runner = new ProcessRunner();
  const clock = new Clock();
  const target = await DemoRepo.init(paths.target, runner, clock);
  await target.commit(MORGAN, 'chore: scaffold the demo app', app.SCAFFOLD);
  await target.commit(MORGAN, 'feat: serve a home page and a health check', app.HOME_AND_SERVER);
  const forkPoint = await target.commit(MORGAN, 'feat: add the Prisma schema', app.PRISMA);

  const api = await DemoRepo.clone(target, paths.api, runner, clock);
  const web = await DemoRepo.clone(target, paths.web, runner, clock);
  const db = await DemoRepo.clone(target, paths.db, runner, clock);

  // db-fork's fix comes first so that the target's hand-port can follow it.
  const dbFix = await record(
    db,
    DANA,
    'fix: return 0 for the average of an empty list',
    app.EMPTY_AVERAGE_FIX,
    'already-applied',
    'the target has the same patch (same patch-id) under another message',
  );
  await target.commit(MORGAN, 'fix: correct the spelling of the home page heading', app.TARGET_HEADING_FIX);
  await target.commit(MORGAN, 'fix(math): guard average() against an empty list\n\nPorted by hand from db-fork.\n', app.EMPTY_AVERAGE_FIX);

  const apiCommits = [
    await record(
      api,
      ADA,
      'docs: document the endpoints in the README',
      app.README_ENDPOINTS,
      'type-not-allowed',
      'docs is not one of feat, fix, perf, refactor',
    ),
    await record(
      api,
      ADA,
      'feat: add slugify() for readable URLs',
      app.SLUGIFY_FEATURE,
      'apply',
      'two new files (src/slug.ts, test/slug.test.ts); checks pass',
    ),
    await record(
      api,
      ADA,
      'fix: point production at the new database host',
      app.ENV_PRODUCTION,
      'path-denied',
      '.env.production matches the built-in deny glob **/.env*',
    ),
  ];

  const webFix = await record(
    web,
    WES,
    'fix: correct the home page heading typo',
    app.WEB_HEADING_FIX,
    'conflict',
    'the target changed the same line (its own heading fix); onConflict: skip',
  );
  await web.checkout('chore/editorconfig', true);
  const webChore = await record(
    web,
    WES,
    'chore: add an .editorconfig',
    app.EDITORCONFIG,
    'type-not-allowed',
    'chore is not a synced type (on the merged side branch)',
  );
  await web.checkout('main');
  const mergeSha = await web.merge(WES, 'chore/editorconfig');
  await web.deleteBranch('chore/editorconfig');
  const webCommits = [
    webFix,
    webChore,
    {
      sha: mergeSha,
      subject: "Merge branch 'chore/editorconfig'",
      expect: 'merge-commit',
      why: 'merge commits are never replayed',
    } satisfies DemoCommit,
    await record(
      web,
      WES,
      'feat: brand the home page as Acme Portal',
      app.BRANDED_TITLE,
      'apply',
      "applies cleanly but fails the test 'the home page names the app in its title'",
    ),
    await record(
      web,
      WES,
      'refactor!: rename renderHome() to renderHomePage()\n\nBREAKING CHANGE: importers of renderHome() must use renderHomePage().\n',
      app.RENAME_RENDER_HOME,
      'held-breaking',
      'breaking change and commits.breaking is "hold"',
    ),
  ];

  const dbCommits = [
    dbFix,
    await record(
      db,
      DANA,
      'feat(db): add an optional name to users',
      app.USER_NAME_FIELD,
      'apply',
      'valid schema change: 1 file + 2 for the Prisma schema = risk 3',
    ),
  ];

  const sources: DemoSource[] = [
    { name: 'api-fork', dir: api.dir, story: STORIES['api-fork'], commits: apiCommits },
    { name: 'web-fork', dir: web.dir, story: STORIES['web-fork'], commits: webCommits },
    { name: 'db-fork', dir: db.dir, story: STORIES['db-fork'], commits: dbCommits },
  ];
  await writeFile(paths.config, `${JSON.stringify(demoConfig(sources, options.toolRoot), null, 2)}\n`);
  return { root, targetDir: target.dir, targetStory: STORIES.target, forkPoint, sources, configPath: paths.config, expected: EXPECTED };
}

/** Every command is an argv with absolute programs: checks run with the caller's PATH, whose `node` may be old. */
function demoConfig(sources: readonly DemoSource[], toolRoot: string): ConfigInput {
  const node = process.execPath;
  const tsc = join(toolRoot, 'node_modules', '.bin', 'tsc');
  const typeRoots = join(toolRoot, 'node_modules', '@types');
  const start = [node, 'src/server.ts'];
  return {
    sources: sources.map((source) => ({ name: source.name, url: source.dir, branch: 'main' })),
    target: { branch: 'main', identity: 'demo/target', committer: { name: 'auto-sync demo', email: 'auto-sync@demo.example' } },
    // follow "all": the web-fork story shows a side-branch merge skipped and its chore judged on its own.
    commits: { types: [...DEFAULT_TYPES], breaking: 'hold', onConflict: 'skip', follow: 'all' },
    // The app has no dependencies; install must still be a command that succeeds.
    install: { run: [node, '-e', '0'], timeoutMs: 60_000 },
    checks: [
      // The app installs nothing, so @types/node comes from auto-sync's own node_modules.
      { name: 'typecheck', run: [tsc, '--noEmit', '-p', '.', '--typeRoots', typeRoots], parser: 'tsc', timeoutMs: 120_000 },
      { name: 'test', run: [node, '--test'], parser: 'node-test', timeoutMs: 120_000 },
      { name: 'prisma', builtin: 'prisma-validate', when: ['prisma/**'], timeoutMs: 60_000 },
    ],
    smoke: [
      { name: 'api-health', start, url: '/health', expectStatus: 200, timeoutMs: 15_000 },
      { name: 'web-root', start, url: '/', expectStatus: 200, timeoutMs: 15_000 },
    ],
    risk: { autoMergeMaxRisk: 5 },
    forge: { type: 'local', mergeMethod: 'merge' },
  };
}
