import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILD, CODE_DIR, PACKAGE_ROOT } from '../build-info.ts';

// Results of validating a text (config, state) cached by the text and the validator's own source:
// the same input through the same schema gives the same output, so an idle run can skip loading
// zod (a third of its start-up). Only successful results are cached; errors are always recomputed.
// The cache lives with the installed dependencies (node_modules/.cache), like other tools' caches.

// Sources are named relative to scripts/auto-sync/. The bundle has no sources beside it: there the
// hash of the sources it was built from stands for them (build-info.ts).
const HERE = CODE_DIR;
const CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'auto-sync');

function keyOf(kind: string, text: string, sources: readonly string[]): string {
  const hash = createHash('sha256').update(kind).update('\0').update(text);
  if (BUILD) hash.update('\0').update(BUILD.sourceHash);
  else for (const source of sources) hash.update('\0').update(readFileSync(join(HERE, source)));
  return hash.digest('hex');
}

export async function cachedParse<T>(kind: string, text: string, sources: readonly string[], parse: () => Promise<T>): Promise<T> {
  const file = join(CACHE_DIR, `${kind}-${keyOf(kind, text, sources)}.json`);
  const hit = await readFile(file, 'utf8').catch(() => undefined);
  if (hit !== undefined) {
    try {
      return JSON.parse(hit) as T;
    } catch {
      // A damaged cache entry is recomputed and replaced.
    }
  }
  const value = await parse();
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, file);
  } catch {
    // A read-only install works, uncached.
  }
  return value;
}
