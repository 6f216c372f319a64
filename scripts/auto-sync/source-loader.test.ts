import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './test/helpers/repo.ts';

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
