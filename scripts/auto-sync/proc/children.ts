// The child processes auto-sync has running, so that a signal can end every one of them: groups
// (checks, smoke servers, bounded network calls, started detached) by their group, others by pid.

const live = new Map<number, { group: boolean }>();

export function trackChild(pid: number | undefined, group: boolean): () => void {
  if (pid === undefined) return () => {};
  live.set(pid, { group });
  return () => {
    live.delete(pid);
  };
}

/** Signals every tracked child (its whole group when it has one); returns how many were signalled. */
export function signalChildren(signal: NodeJS.Signals): number {
  let count = 0;
  for (const [pid, { group }] of live) {
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
