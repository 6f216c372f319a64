import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Run from the sources (`npx tsx scripts/auto-sync`), every ES module goes through tsx, the tool's
// dependencies too: tsx rewrites each one that contains `import(` and gives it a source map, which
// costs more than loading it (secretlint's rule preset, 218 KB: 150–250 ms instead of 10–27 ms),
// on every run that plans something. Dependencies are plain JavaScript, so the entry has them loaded
// as Node itself loads them: an in-thread load hook, which runs before tsx's, hands Node the file as
// it is. TypeScript (the tool's own modules) and CommonJS files still go to tsx. The bundle
// (dist/auto-sync.mjs) has no dependencies to load and never calls this.

/** Registers the hook for ES modules under `nodeModules` (a directory). */
export async function loadDependenciesAsNodeDoes(nodeModules: string): Promise<void> {
  // Imported here, not at the top: on a Node without these exports the bundle would fail to link
  // before runtime-check.ts could say which Node it needs.
  const { findPackageJSON, registerHooks } = await import('node:module');
  const own = new URL('./', import.meta.url).href;
  const prefix = pathToFileURL(nodeModules).href + '/';
  const typeOf = new Map<string, string | undefined>();
  const isModule = (url: string): boolean => {
    if (url.endsWith('.mjs')) return true;
    if (!url.endsWith('.js')) return false;
    const manifest = findPackageJSON(url);
    if (!manifest) return false;
    if (!typeOf.has(manifest)) typeOf.set(manifest, (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type);
    return typeOf.get(manifest) === 'module';
  };
  registerHooks({
    // The tool's own imports name their files exactly (`./x.ts`): resolved here, without tsx's
    // search for other extensions (about 0.1 ms an import, 50 of them on an idle run). tsx still
    // loads (compiles) them.
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (parent?.startsWith(own) && !parent.includes('/node_modules/') && /^\.\.?\/[^?#]*\.ts$/.test(specifier))
        return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (url.startsWith(prefix) && !url.includes('?') && !url.includes('#') && isModule(url))
        return { format: 'module', source: readFileSync(fileURLToPath(url)), shortCircuit: true };
      return nextLoad(url, context);
    },
  });
}
