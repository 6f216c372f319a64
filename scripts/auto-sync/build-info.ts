import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where this running copy of auto-sync is, and which version it is. Run from the sources
// (`npx tsx scripts/auto-sync`), this file is scripts/auto-sync/build-info.ts; in the bundle
// (dist/auto-sync.mjs, built by scripts/build.ts) esbuild defines __AUTO_SYNC_BUILD__ and
// import.meta.url is the bundle itself.

declare const __AUTO_SYNC_BUILD__: { version: string; sourceHash: string } | undefined;

/** Set in the bundle only: the package version and a hash of the sources it was built from. */
export const BUILD: { version: string; sourceHash: string } | undefined =
  typeof __AUTO_SYNC_BUILD__ === 'undefined' ? undefined : __AUTO_SYNC_BUILD__;

/** The directory of the running code: scripts/auto-sync from the sources, dist/ in the bundle. */
export const CODE_DIR = dirname(fileURLToPath(import.meta.url));

/** The tool's package root (package.json, node_modules): the checkout, or node_modules/auto-sync when installed. */
export const PACKAGE_ROOT = BUILD ? dirname(CODE_DIR) : resolve(CODE_DIR, '..', '..');

let version: string | undefined;

/** The tool's version: baked into the bundle, read from package.json when run from the sources. */
export function toolVersion(): string {
  if (BUILD) return BUILD.version;
  version ??= (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
