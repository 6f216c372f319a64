import { readFileSync } from 'node:fs';

// Is a process still there? Used to tell a live run's lock and temp directories from a dead one's.

/** Running (not a zombie). EPERM means it exists under another uid: alive. */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readStat(pid);
  return stat === undefined || stat.state !== 'Z';
}

/**
 * When the process started (clock ticks since boot, /proc/<pid>/stat field 22), to tell a pid
 * reused by another process from the one that wrote a lock. Undefined where /proc is not there.
 */
export function processStart(pid: number): string | undefined {
  return readStat(pid)?.start;
}

function readStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}
