// The demo target app, as text. It needs no install: Node 24 runs its TypeScript by type stripping
// (so no enums, namespaces or parameter properties) and its tests with `node --test`.
// Backslashes and backticks in these templates are escaped; sandbox.test.ts runs the result.

/** A whole file, or an edit of one that must match exactly once (every occurrence with `all`). */
export type Change = string | { replace: string; by: string; all?: true };
export type Changes = Record<string, Change>;

export const SCAFFOLD: Changes = {
  'package.json': `{
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
  'tsconfig.json': `{
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
  '.gitignore': `node_modules/
*.log
.env
`,
  'README.md': `# Demo target app

A tiny app that auto-sync's demo keeps in sync with its forks. It needs no install:
Node 24 runs its TypeScript directly.

- \`npm start\` serves \`/health\` and \`/\` on \`PORT\` (default 3000)
- \`npm test\` runs \`node --test\`
`,
  'src/math.ts': `export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function average(values: readonly number[]): number {
  return sum(values) / values.length;
}
`,
  'test/math.test.ts': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { average, sum } from '../src/math.ts';

test('sum adds the values', () => {
  assert.equal(sum([1, 2, 3]), 6);
});

test('average of a few values', () => {
  assert.equal(average([2, 4]), 3);
});
`,
};

export const HOME_AND_SERVER: Changes = {
  'src/home.ts': `import { average } from './math.ts';

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
  'src/server.ts': `import { createServer } from 'node:http';
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
  'test/home.test.ts': `import { test } from 'node:test';
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
`,
};

// Prisma 7 no longer accepts `url` in the datasource block (prisma-validate fails with P1012);
// the connection URL lives in prisma.config.ts, which this demo has no use for.
export const PRISMA: Changes = {
  'prisma/schema.prisma': `// DATABASE_URL is read by prisma.config.ts (Prisma 7 keeps URLs out of the schema).
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
`,
};

const HEADING = '<h1>Wellcome to the demo app</h1>';

/** Made by the target after the fork; web-fork fixed the same line its own way. */
export const TARGET_HEADING_FIX: Changes = {
  'src/home.ts': { replace: HEADING, by: '<h1>Welcome to the demo app</h1>' },
};

export const WEB_HEADING_FIX: Changes = {
  'src/home.ts': { replace: HEADING, by: '<h1>Welcome to the demo!</h1>' },
};

/** Made in db-fork, then ported by hand to the target: the same patch, another message. */
export const EMPTY_AVERAGE_FIX: Changes = {
  'src/math.ts': {
    replace: '  return sum(values) / values.length;',
    by: '  // An empty list has no average; 0 keeps the home page from showing "NaN".\n  if (values.length === 0) return 0;\n  return sum(values) / values.length;',
  },
  'test/math.test.ts': {
    replace: '  assert.equal(average([2, 4]), 3);\n});\n',
    by: "  assert.equal(average([2, 4]), 3);\n});\n\ntest('average of an empty list is 0', () => {\n  assert.equal(average([]), 0);\n});\n",
  },
};

export const SLUGIFY_FEATURE: Changes = {
  'src/slug.ts': `// Turns a title into a readable URL part: "Crème Brûlée!" -> "creme-brulee".
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
`,
  'test/slug.test.ts': `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify } from '../src/slug.ts';

test('slugify makes readable URL parts', () => {
  assert.equal(slugify('  Crème Brûlée, again!  '), 'creme-brulee-again');
});

test('slugify of nothing is empty', () => {
  assert.equal(slugify('!!!'), '');
});
`,
};

export const README_ENDPOINTS: Changes = {
  'README.md': {
    replace: '- `npm test` runs `node --test`\n',
    by: '- `npm test` runs `node --test`\n\n## Endpoints\n\n| Path | Answer |\n| --- | --- |\n| `/health` | `{"ok":true}` |\n| `/` | the home page |\n',
  },
};

// A fake secret: auto-sync must never copy this file (built-in deny `**/.env*`).
export const ENV_PRODUCTION: Changes = {
  '.env.production': `DATABASE_URL=postgresql://app:FAKE-demo-password-not-real@db.internal.example:5432/app
SESSION_SECRET=fake-demo-session-secret-0123456789abcdef
`,
};

export const EDITORCONFIG: Changes = {
  '.editorconfig': `root = true

[*]
indent_style = space
indent_size = 2
end_of_line = lf
insert_final_newline = true
`,
};

/** Breaks the existing test 'the home page names the app in its title'. */
export const BRANDED_TITLE: Changes = {
  'src/home.ts': { replace: "export const APP_TITLE = 'Demo app';", by: "export const APP_TITLE = 'Acme Portal';" },
};

export const RENAME_RENDER_HOME: Changes = {
  'src/home.ts': { replace: 'renderHome', by: 'renderHomePage', all: true },
  'src/server.ts': { replace: 'renderHome', by: 'renderHomePage', all: true },
  'test/home.test.ts': { replace: 'renderHome', by: 'renderHomePage', all: true },
};

export const USER_NAME_FIELD: Changes = {
  'prisma/schema.prisma': {
    replace: '  email     String   @unique\n',
    by: '  email     String   @unique\n  name      String?\n',
  },
};
