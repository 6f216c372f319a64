import { lstatSync, mkdirSync, readFileSync } from 'node:fs';
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

/**
 * Start-up caches for a run from the sources (the figures of `npm run bench`, idle run and planning):
 * - V8's code cache of the modules loaded after this call (module.enableCompileCache), kept in the
 *   tool's own `node_modules/.cache/auto-sync-v8`: compiling the tool's modules is a quarter of an
 *   idle run's start-up. Never in a shared directory such as /tmp: an entry there, planted by
 *   another user or by sibling code (which can write /tmp under `unshare` sandboxes), would be run
 *   as the tool's code. Used only when the directory is ours (owned by this uid, not a symlink,
 *   writable by nobody else); a checkout or install we cannot write simply runs without it.
 * - No source maps for the tool's own modules unless Node was asked for them (`--enable-source-maps`,
 *   also in NODE_OPTIONS): tsx turns them on, and Node then reads each module's inline map when it
 *   compiles it. Stack traces then name the compiled positions, as the bundle's do.
 */
export async function enableStartUpCaches(packageRoot: string): Promise<void> {
  const { constants, enableCompileCache } = await import('node:module');
  const dir = `${packageRoot}/node_modules/.cache/auto-sync-v8`;
  if (ownPrivateDirectory(dir)) {
    const result = enableCompileCache(dir);
    if (result.status === constants.compileCacheStatus.FAILED) return;
  }
  const asked = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--enable-source-maps');
  if (!asked) process.setSourceMapsEnabled(false);
}

/** Creates `dir` (mode 700) when missing; true when it is a directory of this uid that no one else can write. */
export function ownPrivateDirectory(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = lstatSync(dir);
    return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
