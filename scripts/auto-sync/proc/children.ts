import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processStart } from './pid.ts';
import { makeTempDirSync, removeTempDirSync } from './temp.ts';

// The child processes auto-sync has running, so that a signal can end every one of them: groups
// (checks, smoke servers, bounded network calls, started detached) by their group, others by pid.
// Sibling code (sandboxed commands) is ended at once on a stop signal; auto-sync's own git is left
// to finish within its bounds (a state push cut half-way would lose what was delivered), and is
// killed only when the run exits without waiting (a second signal, or the grace time).
// The groups of sibling code are also written down (auto-sync-run-<pid>-*/children.json), so that
// when this process is killed outright (SIGKILL) the next run can end them (proc/temp.ts
// sweepTempDirs). auto-sync's own bounded git calls are not: git ends them itself (its stall limits,
// http.lowSpeedLimit/Time), and writing the file at every start and end of the idle hour's ten
// ls-remote calls cost 9 ms of its 180.

const live = new Map<number, { group: boolean; sibling: boolean; start: string | undefined }>();
let recordDir: string | undefined;

export const CHILDREN_FILE = 'children.json';

export function trackChild(pid: number | undefined, group: boolean, sibling = false): () => void {
  if (pid === undefined) return () => {};
  const recorded = group && sibling;
  live.set(pid, { group, sibling, start: recorded ? processStart(pid) : undefined });
  if (recorded) record();
  return () => {
    if (live.delete(pid) && recorded) record();
  };
}

/** Signals tracked children (their whole group when they have one); returns how many were signalled. */
export function signalChildren(signal: NodeJS.Signals, which: 'sibling' | 'all' = 'all'): number {
  let count = 0;
  for (const [pid, { group, sibling }] of live) {
    if (which === 'sibling' && !sibling) continue;
    try {
      process.kill(group ? -pid : pid, signal);
      count++;
    } catch {
      // Gone already.
    }
  }
  return count;
}

export function trackedChildren(): number {
  return live.size;
}

/** At the end of a command: the record goes once no group is left to record. */
export function closeChildRecord(): void {
  if (!recordDir || [...live.values()].some((c) => c.group && c.sibling)) return;
  removeTempDirSync(recordDir);
  recordDir = undefined;
}

/** The groups, as the next run needs them to tell a leftover group from a pid used again. */
function record(): void {
  try {
    recordDir ??= makeTempDirSync('run');
    const groups = [...live].filter(([, c]) => c.group && c.sibling).map(([pgid, c]) => ({ pgid, start: c.start ?? null }));
    writeFileSync(join(recordDir, CHILDREN_FILE), JSON.stringify(groups));
  } catch {
    // Best effort: the signal handlers work from memory; only a SIGKILL needs this file.
  }
}
