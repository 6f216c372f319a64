import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tryLock } from './lock.ts';
import { isRunning, processStart } from './pid.ts';

// The one owner of auto-sync's temporary directories. Each is named with the pid of the run that
// made it (auto-sync-<kind>-<pid>-XXXXXX) and known while the run lives, so that a signal removes
// them all (removeTempDirsSync) and the next run removes those of a run that was killed outright
// (sweepTempDirs: only where that pid is gone, never a live run's).

export const TEMP_KINDS = ['handoff', 'home', 'objects', 'state-index', 'verify', 'run'] as const;
export type TempKind = (typeof TEMP_KINDS)[number];

const NAME = new RegExp(`^auto-sync-(${TEMP_KINDS.join('|')})-(\\d+)-[A-Za-z0-9]{6}$`);

const live = new Set<string>();

export async function makeTempDir(kind: TempKind, parent: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, `auto-sync-${kind}-${process.pid}-`));
  live.add(dir);
  return dir;
}

/** For proc/children.ts, which records groups from synchronous code. */
export function makeTempDirSync(kind: TempKind, parent: string = tmpdir()): string {
  const dir = mkdtempSync(join(parent, `auto-sync-${kind}-${process.pid}-`));
  live.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

export function removeTempDirSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** For a signal or exit: everything this process still has. */
export function removeTempDirsSync(): string[] {
  const removed: string[] = [];
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Kept: nothing better to do on the way out.
    }
    live.delete(dir);
  }
  return removed;
}

export function liveTempDirs(): string[] {
  return [...live];
}

/** Where the kinds above are made: tmpdir(), and /dev/shm for the object scratch store (git/apply-commits.ts). */
export function tempParents(): string[] {
  return [...new Set([tmpdir(), '/dev/shm'])];
}

/** Removes the temp directories of runs whose process is gone; returns what it removed. */
export async function sweepTempDirs(
  parents: readonly string[] = tempParents(),
  alive: (pid: number) => boolean = isRunning,
): Promise<string[]> {
  const removed: string[] = [];
  for (const parent of parents) {
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const name of names) {
      const match = NAME.exec(name);
      if (!match) continue;
      const pid = Number(match[2]);
      if (pid === process.pid || alive(pid)) continue;
      const dir = join(parent, name);
      if (match[1] === 'run') endLeftoverGroups(dir);
      try {
        await rm(dir, { recursive: true, force: true });
        removed.push(dir);
      } catch {
        // Another run swept it first, or it is not ours to remove: left.
      }
    }
  }
  return removed;
}

/**
 * A directory of one's own under `root` (verify's work directory): root itself when no other live
 * run uses it (node_modules and trees kept from the last run are reused), else a fresh one under
 * root/runs/, removed when released. Two runs never share validation trees.
 */
export async function claimRunDir(root: string, command: string): Promise<{ dir: string; shared: boolean; release(): Promise<void> }> {
  await mkdir(root, { recursive: true });
  const runs = join(root, 'runs');
  await sweepTempDirs([runs]); // those of killed runs
  const lock = await tryLock(join(root, 'run.lock'), { command, staleMs: 15 * 60_000 });
  if ('release' in lock) return { dir: root, shared: false, release: () => lock.release() };
  await mkdir(runs, { recursive: true });
  const dir = await makeTempDir('verify', runs);
  return { dir, shared: true, release: () => removeTempDir(dir) };
}

/**
 * The process groups a killed run left (its children.json, proc/children.ts), ended with SIGKILL.
 * A group id is only used again once a new process with that pid leads a group: a leader that runs
 * with another start time is someone else's, and is left alone.
 */
function endLeftoverGroups(dir: string): void {
  let groups: { pgid: number; start: string | null }[];
  try {
    groups = JSON.parse(readFileSync(join(dir, 'children.json'), 'utf8')) as typeof groups;
  } catch {
    return;
  }
  for (const { pgid, start } of Array.isArray(groups) ? groups : []) {
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    const now = processStart(pgid);
    if (now !== undefined && start !== null && now !== start) continue;
    if (now !== undefined && start === null) continue; // nothing to tell them apart by
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
}
