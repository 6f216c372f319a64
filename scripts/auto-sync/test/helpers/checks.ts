import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Helpers for the checks tests only.

const require = createRequire(import.meta.url);

/** Alive means running: a zombie waiting for init to reap it is as dead as it gets. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `pid` is gone, up to `ms`; processes killed by a group signal may take a moment. */
export async function waitGone(pid: number, ms = 2_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isAlive(pid);
}

export function readPid(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

/** Entry scripts of the project's own tools, run with this very Node (24) rather than whatever is on PATH. */
export const TOOLS = {
  node: process.execPath,
  tsc: join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'),
  vitest: join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs'),
};

/** Throwaway projects made of a file-tree description, removed by `cleanup` (call it in afterEach). */
export function projectFactory(prefix: string): { make: (files: Record<string, string>) => string; cleanup: () => void } {
  const dirs: string[] = [];
  return {
    make(files) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      return dir;
    },
    cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
