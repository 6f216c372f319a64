import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ERROR_CODES } from './auto-sync/errors.ts';
import { MIN_NODE_MAJOR, nodeVersionProblem } from './auto-sync/runtime-check.ts';

// `npm run build`: the whole tool as ES modules, dist/auto-sync.mjs (the entry) and the chunks
// beside it that it imports, plus the one file they cannot hold (the Prisma schema engine's .wasm,
// read only when a Prisma check runs). Split, not one file: what a command does not use is never
// compiled (the idle hourly run loads a fifth of the 2.9 MB; one file cost it 100 ms). dist/ is
// committed: a GitHub Action is checked out at its tag and run without `npm ci`, so the bundle must
// be in the repository at that tag. test/bundle.test.ts fails when it is older than the sources.

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const BUNDLE = 'auto-sync.mjs';
const ENTRY = 'scripts/auto-sync/index.ts';
const WASM_DIR = join(ROOT, 'node_modules', '@prisma', 'prisma-schema-wasm', 'src');
const WASM = 'prisma_schema_build_bg.wasm';
const SCHEMA = 'config.schema.json';

// First the Node version check of runtime-check.ts, as the bundle's very first statement (before
// any module's code, whatever order esbuild gives them); then what modules that expect CommonJS
// need (require of node builtins, __dirname), taken from the bundle's own location.
// Written out here rather than taken from the function's text, which depends on the loader that
// compiled build.ts (tsx, vitest); the e2e test holds its message to runtime-check.ts's.
const NODE_CHECK = [
  `if (Number(process.versions.node.split('.')[0]) < ${MIN_NODE_MAJOR}) {`,
  `  process.stderr.write(\`error: RUNTIME_UNSUPPORTED: \${${JSON.stringify(nodeVersionProblem('v0.0.0', MIN_NODE_MAJOR)!.replace(/0\.0\.0$/, ''))}}\${process.versions.node}\\n  → \${${JSON.stringify(ERROR_CODES.RUNTIME_UNSUPPORTED.hint)}}\\n\`);`,
  `  process.exit(${ERROR_CODES.RUNTIME_UNSUPPORTED.exit});`,
  '}',
];
const BANNER = [
  '#!/usr/bin/env node',
  '// auto-sync, bundled by scripts/build.ts from scripts/auto-sync/ (do not edit: run `npm run build`).',
  ...NODE_CHECK,
  "import { createRequire as __autoSyncCreateRequire } from 'node:module';",
  "import { dirname as __autoSyncDirname } from 'node:path';",
  "import { fileURLToPath as __autoSyncFileURLToPath } from 'node:url';",
  'const require = __autoSyncCreateRequire(import.meta.url);',
  'const __filename = __autoSyncFileURLToPath(import.meta.url);', // write-file-atomic hashes it into temp names
  'const __dirname = __autoSyncDirname(__filename);',
  'const __autoSyncDistDir = __dirname;',
].join('\n');

/** The Prisma engine reads its .wasm next to itself (`${__dirname}/…`): next to the bundle, in dist/. */
const prismaWasm: Plugin = {
  name: 'prisma-wasm',
  setup(b) {
    b.onLoad({ filter: /prisma_schema_build\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const replaced = text.replace('`${__dirname}/prisma_schema_build_bg.wasm`', `\`\${__autoSyncDistDir}/${WASM}\``);
      if (replaced === text) throw new Error(`${args.path}: the .wasm path is no longer where build.ts expects it`);
      return { contents: replaced, loader: 'js' };
    });
  },
};

/** A hash of every source the bundle is made of (keys the validated-config cache in the bundle). */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) =>
        e.isDirectory()
          ? e.name === 'test'
            ? [] // the e2e tests and their helpers: never part of the bundle
            : walk(join(dir, e.name))
          : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
            ? [join(dir, e.name)]
            : [],
      );
  for (const file of walk(join(ROOT, 'scripts', 'auto-sync'))) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
  hash.update(readFileSync(join(ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the bundle in memory: its text, and the files dist/ holds. */
export async function buildBundle(): Promise<{ files: Map<string, Buffer> }> {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Syntax lowered to Node 18, so that an older Node parses the file and hears from the runtime check.
    target: 'node18',
    write: false,
    outdir: DIST,
    // Lazily imported modules (commands, the planner, the forge, secretlint, verify) become chunks,
    // flat beside the entry: each chunk finds dist/ (the .wasm, the package root) from its own URL.
    splitting: true,
    entryNames: 'auto-sync',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: { js: BANNER },
    define: { __AUTO_SYNC_BUILD__: JSON.stringify({ version, sourceHash: sourceHash() }) },
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
    plugins: [prismaWasm],
    // jsonc-parser's main entry is UMD, whose require() calls esbuild cannot follow; its ES build is the same code.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  });
  const files = new Map<string, Buffer>();
  for (const file of result.outputFiles) files.set(relative(DIST, file.path), Buffer.from(file.contents));
  files.set(WASM, readFileSync(join(WASM_DIR, WASM)));
  // The configuration's JSON Schema, for the `$schema` that `init` writes (commands/init.ts).
  files.set(SCHEMA, readFileSync(join(ROOT, 'scripts', 'auto-sync', SCHEMA)));
  return { files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const { files } = await buildBundle();
  mkdirSync(DIST, { recursive: true });
  // Chunks are named by their content: the ones of an earlier build go.
  for (const name of readdirSync(DIST)) if (!files.has(name)) rmSync(join(DIST, name), { force: true });
  for (const [name, content] of files) writeFileSync(join(DIST, name), content, name === BUNDLE ? { mode: 0o755 } : {});
  const code = [...files].filter(([name]) => name.endsWith('.mjs'));
  const size = (code.reduce((sum, [, content]) => sum + content.length, 0) / 1024 / 1024).toFixed(1);
  console.log(`dist/${BUNDLE} and ${code.length - 1} chunks: ${size} MB, built in ${(performance.now() - started).toFixed(0)} ms`);
}
