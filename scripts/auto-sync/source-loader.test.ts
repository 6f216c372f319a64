import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './test/helpers/repo.ts';
import { ownPrivateDirectory } from './source-loader.ts';

// Run from the sources, the entry has the tool's dependencies loaded as Node loads them; tsx
// rewrites an ES module that contains `import(` (and gives it a source map). A function's text shows
// which one ran: Node keeps it as written, tsx's rewrite appends to the `import(...)` call.

const root = makeTempDir('auto-sync-source-loader-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FUNCTION = "async () => import('node:path')";

function fixture() {
  const modules = join(root, 'node_modules');
  const esm = join(modules, 'esm-dep');
  const cjs = join(modules, 'cjs-dep');
  mkdirSync(esm, { recursive: true });
  mkdirSync(cjs, { recursive: true });
  writeFileSync(join(esm, 'package.json'), JSON.stringify({ name: 'esm-dep', type: 'module', main: 'index.js' }));
  writeFileSync(join(esm, 'index.js'), `export const load = ${FUNCTION};\nexport const text = load.toString();\n`);
  writeFileSync(join(cjs, 'package.json'), JSON.stringify({ name: 'cjs-dep', main: 'index.js' }));
  writeFileSync(join(cjs, 'index.js'), `exports.text = (${FUNCTION}).toString();\n`);
  const loader = pathToFileURL(fileURLToPath(new URL('./source-loader.ts', import.meta.url))).href;
  const script = join(root, 'main.mts');
  writeFileSync(
    script,
    [
      `const { loadDependenciesAsNodeDoes } = await import(${JSON.stringify(loader)});`,
      `if (process.argv[2] === 'hook') await loadDependenciesAsNodeDoes(${JSON.stringify(modules)});`,
      `const esm: { text: string; load: () => Promise<{ sep: string }> } = await import(${JSON.stringify(pathToFileURL(join(esm, 'index.js')).href)});`,
      `const cjs: { text: string } = await import(${JSON.stringify(pathToFileURL(join(cjs, 'index.js')).href)});`,
      `console.log(JSON.stringify({ esm: esm.text, cjs: cjs.text, sep: (await esm.load()).sep }));`,
    ].join('\n'),
  );
  return script;
}

const tsx = createRequire(import.meta.url).resolve('tsx');
const run = (script: string, mode: string) =>
  JSON.parse(execFileSync(process.execPath, ['--import', pathToFileURL(tsx).href, script, mode], { encoding: 'utf8' })) as {
    esm: string;
    cjs: string;
    sep: string;
  };

describe('loadDependenciesAsNodeDoes', () => {
  it('hands Node the ES modules of node_modules as written; without it tsx rewrites them', () => {
    const script = fixture();
    const withHook = run(script, 'hook');
    expect(withHook.esm).toBe(FUNCTION);
    expect(withHook.sep).toBe('/');
    expect(withHook.cjs).toContain("import('node:path')"); // CommonJS still goes to tsx, and works
    const without = run(script, 'plain');
    expect(without.esm).not.toBe(FUNCTION); // the test sees tsx's rewrite when the hook is absent
    expect(without.sep).toBe('/');
  });
});

describe('enableStartUpCaches', () => {
  const script = (packageRoot: string) => {
    const loader = pathToFileURL(fileURLToPath(new URL('./source-loader.ts', import.meta.url))).href;
    const file = join(root, `caches-${Math.random().toString(36).slice(2)}.mts`);
    const module = join(root, `module-${Math.random().toString(36).slice(2)}.mts`);
    writeFileSync(module, 'export const value: number = 42;\n');
    writeFileSync(
      file,
      [
        `const { enableStartUpCaches } = await import(${JSON.stringify(loader)});`,
        `await enableStartUpCaches(${JSON.stringify(packageRoot)});`,
        `const { value } = await import(${JSON.stringify(pathToFileURL(module).href)});`,
        `console.log(JSON.stringify({ value, sourceMaps: process.sourceMapsEnabled }));`,
      ].join('\n'),
    );
    return file;
  };
  const runScript = (file: string, nodeOptions = '') =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', pathToFileURL(tsx).href, file], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: nodeOptions },
      }),
    ) as { value: number; sourceMaps: boolean };
  const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).length : 0);

  it("keeps V8's code cache in the tool's own private directory, and turns source maps off unless asked", () => {
    const packageRoot = join(root, 'tool-a');
    mkdirSync(packageRoot);
    const cache = join(packageRoot, 'node_modules', '.cache', 'auto-sync-v8');
    expect(runScript(script(packageRoot))).toEqual({ value: 42, sourceMaps: false });
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(entries(cache)).toBeGreaterThan(0);
    expect(runScript(script(packageRoot), '--enable-source-maps')).toEqual({ value: 42, sourceMaps: true });
    // A damaged entry (a crash while it was written, a full disk) is not used: Node checks each one.
    for (const entry of readdirSync(cache, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) writeFileSync(join(entry.parentPath, entry.name), 'garbage');
    expect(runScript(script(packageRoot))).toEqual({ value: 42, sourceMaps: false });
  });

  it('does not use a cache directory that others can write, that is a symlink, or that another uid owns', () => {
    const open = join(root, 'open', 'node_modules', '.cache', 'auto-sync-v8');
    mkdirSync(open, { recursive: true });
    chmodSync(open, 0o777);
    expect(ownPrivateDirectory(open)).toBe(false);
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    const linked = join(root, 'linked', 'node_modules', '.cache');
    mkdirSync(linked, { recursive: true });
    symlinkSync(elsewhere, join(linked, 'auto-sync-v8'));
    expect(ownPrivateDirectory(join(linked, 'auto-sync-v8'))).toBe(false);
    expect(runScript(script(join(root, 'linked')))).toEqual({ value: 42, sourceMaps: false });
    expect(entries(elsewhere)).toBe(0); // nothing written through the link
    if (process.getuid?.() === 0) {
      const foreign = join(root, 'foreign');
      mkdirSync(foreign, { mode: 0o700 });
      chownSync(foreign, 4242, 4242);
      expect(ownPrivateDirectory(foreign)).toBe(false);
    }
    expect(ownPrivateDirectory(join(root, 'fresh', 'node_modules', '.cache', 'auto-sync-v8'))).toBe(true);
  });
});
