#!/usr/bin/env node
// auto-sync, bundled by scripts/build.ts from scripts/auto-sync/ (do not edit: run `npm run build`).
if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(`error: RUNTIME_UNSUPPORTED: ${"auto-sync needs Node 24 or newer; this is Node "}${process.versions.node}\n  → ${"Use Node 24 or newer (in this repository `npx node` is Node 24; on a runner actions/setup-node with node-version: 24) and git 2.38 or newer (for merge-tree --write-tree)."}\n`);
  process.exit(2);
}
import { createRequire as __autoSyncCreateRequire } from 'node:module';
import { dirname as __autoSyncDirname } from 'node:path';
import { fileURLToPath as __autoSyncFileURLToPath } from 'node:url';
const require = __autoSyncCreateRequire(import.meta.url);
const __filename = __autoSyncFileURLToPath(import.meta.url);
const __dirname = __autoSyncDirname(__filename);
const __autoSyncDistDir = __dirname;
import {
  ProcessRunner
} from "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import {
  Git
} from "./chunk-FE3YQVJZ.mjs";
import "./chunk-PUJTW6QM.mjs";
import {
  DEFAULT_TYPES
} from "./chunk-BBBARBGM.mjs";
import {
  PACKAGE_ROOT
} from "./chunk-N3FRCOHJ.mjs";
import "./chunk-KLZKRLRV.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/demo/run-demo.ts
init_define_AUTO_SYNC_BUILD();
import { readFile as readFile2 } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2, resolve } from "node:path";

// scripts/auto-sync/demo/sandbox.ts
init_define_AUTO_SYNC_BUILD();
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// scripts/auto-sync/demo/app-files.ts
init_define_AUTO_SYNC_BUILD();
var SCAFFOLD = {
  "package.json": `{
  "name": "demo-target",
  "version": "1.0.0",
  "private": true,
  "type": "module",
  "engines": { "node": ">=24" },
  "scripts": {
    "start": "node src/server.ts",
    "test": "node --test",
    "typecheck": "tsc --noEmit -p ."
  }
}
`,
  // "types": ["node"] needs @types/node; the app installs nothing, so the demo's typecheck
  // passes --typeRoots pointing at auto-sync's own copy (see the config in sandbox.ts).
  "tsconfig.json": `{
  "compilerOptions": {
    "target": "es2024",
    "lib": ["es2024"],
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "types": ["node"],
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "erasableSyntaxOnly": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": true
  },
  "include": ["src", "test"]
}
`,
  ".gitignore": `node_modules/
*.log
.env
`,
  "README.md": `# Demo target app

A tiny app that auto-sync's demo keeps in sync with its forks. It needs no install:
Node 24 runs its TypeScript directly.

- \`npm start\` serves \`/health\` and \`/\` on \`PORT\` (default 3000)
- \`npm test\` runs \`node --test\`
`,
  "src/math.ts": `export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function average(values: readonly number[]): number {
  return sum(values) / values.length;
}
`,
  "test/math.test.ts": `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { average, sum } from '../src/math.ts';

test('sum adds the values', () => {
  assert.equal(sum([1, 2, 3]), 6);
});

test('average of a few values', () => {
  assert.equal(average([2, 4]), 3);
});
`
};
var HOME_AND_SERVER = {
  "src/home.ts": `import { average } from './math.ts';

export const APP_TITLE = 'Demo app';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

export function renderHome(ratings: readonly number[] = [3, 4, 5]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <title>' + escapeHtml(APP_TITLE) + '</title>',
    '</head>',
    '<body>',
    '  <h1>Wellcome to the demo app</h1>',
    '  <p>Average rating: ' + average(ratings).toFixed(1) + '</p>',
    '</body>',
    '</html>',
    '',
  ].join('\\n');
}
`,
  "src/server.ts": `import { createServer } from 'node:http';
import { renderHome } from './home.ts';

// PORT comes from the environment: auto-sync's smoke probes pick a free one and call 127.0.0.1.
const port = Number(process.env.PORT ?? 3000);
const host = '127.0.0.1';

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method === 'GET' && path === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true }));
  } else if (request.method === 'GET' && path === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(renderHome());
  } else {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found\\n');
  }
});

server.listen(port, host, () => console.log(\`demo app listening on http://\${host}:\${port}\`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`,
  "test/home.test.ts": `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderHome } from '../src/home.ts';

test('the home page names the app in its title', () => {
  assert.ok(renderHome().includes('<title>Demo app</title>'));
});

test('the home page shows the average rating', () => {
  assert.ok(renderHome([1, 2]).includes('Average rating: 1.5'));
});

test('escapeHtml escapes markup', () => {
  assert.equal(escapeHtml('<b>&</b>'), '&lt;b&gt;&amp;&lt;/b&gt;');
});
`
};
var PRISMA = {
  "prisma/schema.prisma": `// DATABASE_URL is read by prisma.config.ts (Prisma 7 keeps URLs out of the schema).
generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "postgresql"
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  createdAt DateTime @default(now())
  ratings   Rating[]
}

model Rating {
  id     Int  @id @default(autoincrement())
  value  Int
  user   User @relation(fields: [userId], references: [id])
  userId Int
}
`
};
var HEADING = "<h1>Wellcome to the demo app</h1>";
var TARGET_HEADING_FIX = {
  "src/home.ts": { replace: HEADING, by: "<h1>Welcome to the demo app</h1>" }
};
var WEB_HEADING_FIX = {
  "src/home.ts": { replace: HEADING, by: "<h1>Welcome to the demo!</h1>" }
};
var EMPTY_AVERAGE_FIX = {
  "src/math.ts": {
    replace: "  return sum(values) / values.length;",
    by: '  // An empty list has no average; 0 keeps the home page from showing "NaN".\n  if (values.length === 0) return 0;\n  return sum(values) / values.length;'
  },
  "test/math.test.ts": {
    replace: "  assert.equal(average([2, 4]), 3);\n});\n",
    by: "  assert.equal(average([2, 4]), 3);\n});\n\ntest('average of an empty list is 0', () => {\n  assert.equal(average([]), 0);\n});\n"
  }
};
var SLUGIFY_FEATURE = {
  "src/slug.ts": `// Turns a title into a readable URL part: "Crème Brûlée!" -> "creme-brulee".
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
`,
  "test/slug.test.ts": `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify } from '../src/slug.ts';

test('slugify makes readable URL parts', () => {
  assert.equal(slugify('  Crème Brûlée, again!  '), 'creme-brulee-again');
});

test('slugify of nothing is empty', () => {
  assert.equal(slugify('!!!'), '');
});
`
};
var README_ENDPOINTS = {
  "README.md": {
    replace: "- `npm test` runs `node --test`\n",
    by: '- `npm test` runs `node --test`\n\n## Endpoints\n\n| Path | Answer |\n| --- | --- |\n| `/health` | `{"ok":true}` |\n| `/` | the home page |\n'
  }
};
var ENV_PRODUCTION = {
  ".env.production": `DATABASE_URL=postgresql://app:FAKE-demo-password-not-real@db.internal.example:5432/app
SESSION_SECRET=fake-demo-session-secret-0123456789abcdef
`
};
var EDITORCONFIG = {
  ".editorconfig": `root = true

[*]
indent_style = space
indent_size = 2
end_of_line = lf
insert_final_newline = true
`
};
var BRANDED_TITLE = {
  "src/home.ts": { replace: "export const APP_TITLE = 'Demo app';", by: "export const APP_TITLE = 'Acme Portal';" }
};
var RENAME_RENDER_HOME = {
  "src/home.ts": { replace: "renderHome", by: "renderHomePage", all: true },
  "src/server.ts": { replace: "renderHome", by: "renderHomePage", all: true },
  "test/home.test.ts": { replace: "renderHome", by: "renderHomePage", all: true }
};
var USER_NAME_FIELD = {
  "prisma/schema.prisma": {
    replace: "  email     String   @unique\n",
    by: "  email     String   @unique\n  name      String?\n"
  }
};

// scripts/auto-sync/demo/sandbox.ts
var MORGAN = { name: "Morgan Maintainer", email: "morgan@target.example" };
var ADA = { name: "Ada Apiworth", email: "ada@api-fork.example" };
var WES = { name: "Wes Webster", email: "wes@web-fork.example" };
var DANA = { name: "Dana Dbrown", email: "dana@db-fork.example" };
var FIRST_COMMIT_TIME = Date.UTC(2025, 2, 3, 9) / 1e3;
var Clock = class {
  ticks = 0;
  next() {
    return `${FIRST_COMMIT_TIME + 3600 * this.ticks++} +0000`;
  }
};
var DemoRepo = class _DemoRepo {
  constructor(dir, git, clock) {
    this.dir = dir;
    this.git = git;
    this.clock = clock;
  }
  dir;
  git;
  clock;
  static async init(dir, runner, clock) {
    await mkdir(dir, { recursive: true });
    const repo = new _DemoRepo(dir, new Git(dir, runner, demoGitEnv()), clock);
    await repo.git.run(["init", "--quiet", "--initial-branch=main"]);
    await repo.protect();
    return repo;
  }
  static async clone(from, dir, runner, clock) {
    const git = new Git(dirname(dir), runner, demoGitEnv());
    await git.run(["clone", "--quiet", "--no-local", "--", from.dir, dir]);
    const repo = new _DemoRepo(dir, new Git(dir, runner, demoGitEnv()), clock);
    await repo.protect();
    return repo;
  }
  /** Keeps a user's global signing config out of whatever later runs in the sandbox. */
  async protect() {
    await this.git.run(["config", "commit.gpgsign", "false"]);
    await this.git.run(["config", "tag.gpgsign", "false"]);
  }
  async commit(author, message, changes) {
    for (const [path, change] of Object.entries(changes)) await this.write(path, change);
    await this.git.run(["add", "--all"]);
    await this.git.run(["commit", "--quiet", "--no-verify", "-F", "-"], { input: message, env: this.identity(author) });
    return this.head();
  }
  async merge(author, branch) {
    const message = `Merge branch '${branch}'`;
    await this.git.run(["merge", "--quiet", "--no-ff", "--no-verify", "-m", message, branch], { env: this.identity(author) });
    return this.head();
  }
  async checkout(branch, create = false) {
    await this.git.run(["checkout", "--quiet", ...create ? ["-b"] : [], branch]);
  }
  async deleteBranch(branch) {
    await this.git.run(["branch", "--quiet", "-d", branch]);
  }
  async head() {
    return this.git.read(["rev-parse", "HEAD"]);
  }
  identity(person) {
    const date = this.clock.next();
    return {
      GIT_AUTHOR_NAME: person.name,
      GIT_AUTHOR_EMAIL: person.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: person.name,
      GIT_COMMITTER_EMAIL: person.email,
      GIT_COMMITTER_DATE: date
    };
  }
  async write(path, change) {
    const file = join(this.dir, path);
    if (typeof change === "string") {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, change);
      return;
    }
    const text = await readFile(file, "utf8");
    const count = text.split(change.replace).length - 1;
    if (count === 0 || count > 1 && !change.all)
      throw new Error(`demo edit of ${path}: expected one "${change.replace}", found ${count}`);
    await writeFile(file, text.split(change.replace).join(change.by));
  }
};
async function record(repo, author, message, changes, expect, why) {
  const sha = await repo.commit(author, message, changes);
  return { sha, subject: message.split("\n")[0], expect, why };
}
function demoGitEnv() {
  return { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
}
var STORIES = {
  target: `Morgan's app: scaffold, home page + /health, Prisma schema (the fork point). After the forks were cloned, Morgan fixed the "Wellcome" typo in the home page heading, and ported db-fork's empty-average fix by hand under another message.`,
  "api-fork": "Ada documented the endpoints (docs: not a synced type), added slugify() with its own test (a clean 2-file feat), then committed .env.production with production credentials under a fix: message (denied path).",
  "web-fork": "Wes fixed the same heading typo with other words (conflicts with the target's fix), merged a side branch that adds .editorconfig (a chore commit and a merge commit), renamed the app in the page title without updating the test that checks it (the test fails), and renamed renderHome() in a refactor!: (breaking).",
  "db-fork": "Dana made average([]) return 0 (the target has it already, hand-ported: same patch, other message), then added an optional name to the Prisma User model (schema only)."
};
var EXPECTED = {
  "api-fork": {
    outcome: "merged",
    notes: 'Applies only "feat: add slugify()" (2 files: risk 2); skips the docs commit (type-not-allowed) and the .env.production fix (path-denied). typecheck, test and both smoke probes pass; prisma does not run (no prisma/** change). Risk 2 <= 5: merged.'
  },
  "web-fork": {
    outcome: "pull-request",
    notes: `The heading fix conflicts with the target's own (skipped, onConflict: skip); the chore on the merged side branch is type-not-allowed and the merge commit is skipped (merge-commit); the refactor!: is held (breaking). (Listed with --first-parent, the chore commit would not appear at all.) Applies only "feat: brand the home page as Acme Portal": typecheck passes, 1 new test failure ('the home page names the app in its title'): risk 1 file + 5 = 6 > 5 and a failed check: pull request, not merged.`
  },
  "db-fork": {
    outcome: "merged",
    notes: `The empty-average fix is already-applied (same patch-id as the target's hand-port). Applies "feat(db): add an optional name to users": prisma validate runs (prisma/** changed) and passes, typecheck, test and smoke pass; risk 1 file + 2 (Prisma schema) = 3 <= 5: merged.`
  }
};
async function createDemoSandbox(root, options) {
  const paths = {
    target: join(root, "target"),
    api: join(root, "api-fork"),
    web: join(root, "web-fork"),
    db: join(root, "db-fork"),
    config: join(root, "auto-sync.config.json")
  };
  const taken = Object.values(paths).filter((path) => existsSync(path));
  if (taken.length > 0)
    throw new SyncError("USAGE", `${root} already holds a demo sandbox (${taken.join(", ")})`, {
      hint: "Pass an empty or new directory for the demo."
    });
  const runner = new ProcessRunner();
  const clock = new Clock();
  const target = await DemoRepo.init(paths.target, runner, clock);
  await target.commit(MORGAN, "chore: scaffold the demo app", SCAFFOLD);
  await target.commit(MORGAN, "feat: serve a home page and a health check", HOME_AND_SERVER);
  const forkPoint = await target.commit(MORGAN, "feat: add the Prisma schema", PRISMA);
  const api = await DemoRepo.clone(target, paths.api, runner, clock);
  const web = await DemoRepo.clone(target, paths.web, runner, clock);
  const db = await DemoRepo.clone(target, paths.db, runner, clock);
  const dbFix = await record(
    db,
    DANA,
    "fix: return 0 for the average of an empty list",
    EMPTY_AVERAGE_FIX,
    "already-applied",
    "the target has the same patch (same patch-id) under another message"
  );
  await target.commit(MORGAN, "fix: correct the spelling of the home page heading", TARGET_HEADING_FIX);
  await target.commit(MORGAN, "fix(math): guard average() against an empty list\n\nPorted by hand from db-fork.\n", EMPTY_AVERAGE_FIX);
  const apiCommits = [
    await record(
      api,
      ADA,
      "docs: document the endpoints in the README",
      README_ENDPOINTS,
      "type-not-allowed",
      "docs is not one of feat, fix, perf, refactor"
    ),
    await record(
      api,
      ADA,
      "feat: add slugify() for readable URLs",
      SLUGIFY_FEATURE,
      "apply",
      "two new files (src/slug.ts, test/slug.test.ts); checks pass"
    ),
    await record(
      api,
      ADA,
      "fix: point production at the new database host",
      ENV_PRODUCTION,
      "path-denied",
      ".env.production matches the built-in deny glob **/.env*"
    )
  ];
  const webFix = await record(
    web,
    WES,
    "fix: correct the home page heading typo",
    WEB_HEADING_FIX,
    "conflict",
    "the target changed the same line (its own heading fix); onConflict: skip"
  );
  await web.checkout("chore/editorconfig", true);
  const webChore = await record(
    web,
    WES,
    "chore: add an .editorconfig",
    EDITORCONFIG,
    "type-not-allowed",
    "chore is not a synced type (on the merged side branch)"
  );
  await web.checkout("main");
  const mergeSha = await web.merge(WES, "chore/editorconfig");
  await web.deleteBranch("chore/editorconfig");
  const webCommits = [
    webFix,
    webChore,
    {
      sha: mergeSha,
      subject: "Merge branch 'chore/editorconfig'",
      expect: "merge-commit",
      why: "merge commits are never replayed"
    },
    await record(
      web,
      WES,
      "feat: brand the home page as Acme Portal",
      BRANDED_TITLE,
      "apply",
      "applies cleanly but fails the test 'the home page names the app in its title'"
    ),
    await record(
      web,
      WES,
      "refactor!: rename renderHome() to renderHomePage()\n\nBREAKING CHANGE: importers of renderHome() must use renderHomePage().\n",
      RENAME_RENDER_HOME,
      "held-breaking",
      'breaking change and commits.breaking is "hold"'
    )
  ];
  const dbCommits = [
    dbFix,
    await record(
      db,
      DANA,
      "feat(db): add an optional name to users",
      USER_NAME_FIELD,
      "apply",
      "valid schema change: 1 file + 2 for the Prisma schema = risk 3"
    )
  ];
  const sources = [
    { name: "api-fork", dir: api.dir, story: STORIES["api-fork"], commits: apiCommits },
    { name: "web-fork", dir: web.dir, story: STORIES["web-fork"], commits: webCommits },
    { name: "db-fork", dir: db.dir, story: STORIES["db-fork"], commits: dbCommits }
  ];
  await writeFile(paths.config, `${JSON.stringify(demoConfig(sources, options.toolRoot), null, 2)}
`);
  return { root, targetDir: target.dir, targetStory: STORIES.target, forkPoint, sources, configPath: paths.config, expected: EXPECTED };
}
function demoConfig(sources, toolRoot) {
  const node = process.execPath;
  const tsc = join(toolRoot, "node_modules", ".bin", "tsc");
  const typeRoots = join(toolRoot, "node_modules", "@types");
  const start = [node, "src/server.ts"];
  return {
    sources: sources.map((source) => ({ name: source.name, url: source.dir, branch: "main" })),
    target: { branch: "main", identity: "demo/target", committer: { name: "auto-sync demo", email: "auto-sync@demo.example" } },
    // follow "all": the web-fork story shows a side-branch merge skipped and its chore judged on its own.
    commits: { types: [...DEFAULT_TYPES], breaking: "hold", onConflict: "skip", follow: "all" },
    // The app has no dependencies; install must still be a command that succeeds.
    install: { run: [node, "-e", "0"], timeoutMs: 6e4 },
    checks: [
      // The app installs nothing, so @types/node comes from auto-sync's own node_modules.
      { name: "typecheck", run: [tsc, "--noEmit", "-p", ".", "--typeRoots", typeRoots], parser: "tsc", timeoutMs: 12e4 },
      { name: "test", run: [node, "--test"], parser: "node-test", timeoutMs: 12e4 },
      { name: "prisma", builtin: "prisma-validate", when: ["prisma/**"], timeoutMs: 6e4 }
    ],
    smoke: [
      { name: "api-health", start, url: "/health", expectStatus: 200, timeoutMs: 15e3 },
      { name: "web-root", start, url: "/", expectStatus: 200, timeoutMs: 15e3 }
    ],
    risk: { autoMergeMaxRisk: 5 },
    forge: { type: "local", mergeMethod: "merge" }
  };
}

// scripts/auto-sync/demo/run-demo.ts
var TOOL_ROOT = PACKAGE_ROOT;
async function runDemo(cli, env, log, main) {
  const started = performance.now();
  const root = cli.out ? resolve(process.cwd(), cli.out) : await mkdtemp(join2(tmpdir(), "auto-sync-demo-"));
  log.info(`demo: building a sandbox in ${root} (a target app and three sibling forks)…`);
  const sandbox = await createDemoSandbox(root, { toolRoot: TOOL_ROOT });
  for (const source of sandbox.sources) log.info(`  ${source.name}: ${source.story}`);
  const reportPath = cli.report ? resolve(process.cwd(), cli.report) : join2(root, "report.json");
  const args = [
    "run",
    "--apply",
    "--repo",
    sandbox.targetDir,
    "--config",
    sandbox.configPath,
    "--report",
    reportPath,
    ...cli.verbose ? ["--verbose"] : []
  ];
  log.info(`demo: npx tsx scripts/auto-sync ${args.join(" ")}
`);
  const vars = Object.fromEntries(Object.entries(env.vars).filter(([name]) => !/TOKEN|SECRET|_PAT$|^CI$|^GITHUB_/i.test(name)));
  vars.AUTO_SYNC_WORK_DIR = join2(root, "verify");
  const code = await main(args, vars);
  const report = JSON.parse(await readFile2(reportPath, "utf8"));
  log.out("\ndemo summary");
  let matches = true;
  for (const source of report.sources) {
    const expected = sandbox.expected[source.name];
    const ok = expected?.outcome === source.outcome;
    matches &&= ok;
    log.out(
      `  ${source.name.padEnd(9)} ${String(source.outcome).padEnd(13)} ${ok ? "(as expected)" : `(expected ${expected?.outcome})`} — ${expected?.notes ?? ""}`
    );
  }
  log.out("\nwhere to look:");
  log.out(`  target repository:  ${sandbox.targetDir}   (git log --oneline --graph main)`);
  log.out(`  proposals (PRs):    ${join2(sandbox.targetDir, ".neon", "proposals")}`);
  log.out(`  state:              ${join2(sandbox.targetDir, ".neon", "auto-sync-state.json")}`);
  log.out(`  JSON report:        ${reportPath}`);
  log.out(
    `  run it again:       AUTO_SYNC_WORK_DIR=${vars.AUTO_SYNC_WORK_DIR} npx tsx scripts/auto-sync run --apply --repo ${sandbox.targetDir} --config ${sandbox.configPath}   (nothing new: changes nothing)`
  );
  log.out(
    `
demo finished in ${((performance.now() - started) / 1e3).toFixed(1)} s${matches ? "" : " — some outcomes differ from the stories (see above)"}`
  );
  return code === 0 && matches ? 0 : 1;
}
export {
  TOOL_ROOT,
  runDemo
};
