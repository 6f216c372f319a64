import { SyncError } from '../errors.ts';
import { closeChildRecord, signalChildren } from './children.ts';
import { releaseLocksSync } from './lock.ts';
import { removeTempDirsSync } from './temp.ts';

// SIGINT and SIGTERM: stop starting new work, end sibling code's process groups at once (auto-sync's
// own git commands are bounded and left to finish: proc/children.ts), and let the
// run finish what it is in (record the state of what was delivered, write the report) with its
// temp directories removed on the way out; main turns that into exit 130 / 143.
// Sibling code is not started any more (ProcessRunner asks stopRequested()), and steps check
// throwIfStopped() before they begin. If the run has not ended STOP_GRACE_MS after the signal, or
// a second signal comes, it exits at once: children killed, temp dirs removed, lock released.

export type StopSignal = 'SIGINT' | 'SIGTERM';

export const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

const STOP_GRACE_MS = 15_000;
const KILL_AFTER_MS = 2_000;

let received: StopSignal | undefined;
let controller = new AbortController();
let installs = 0;

export function stopRequested(): boolean {
  return received !== undefined;
}

/** Aborted when a stop signal arrives; its reason is the INTERRUPTED error. */
export function stopSignal(): AbortSignal {
  return controller.signal;
}

export function interruption(): { signal: StopSignal; exitCode: number } | undefined {
  return received ? { signal: received, exitCode: EXIT_CODES[received] } : undefined;
}

/** "SIGINT received: <what> not started", or "SIGINT received: <sentence>". */
export function interruptedError(what: string, sentence = `${what} not started`): SyncError {
  return new SyncError('INTERRUPTED', `${received ?? 'a stop signal'} received: ${sentence}`);
}

/** Between steps and sources: throws INTERRUPTED once a stop signal has arrived. */
export function throwIfStopped(what: string, sentence?: string): void {
  if (received) throw interruptedError(what, sentence);
}

export interface SignalHandling {
  dispose(): void;
}

/**
 * Installs the handlers for one command (nested commands, as the demo runs them, share the first
 * installation). `exit` is process.exit, passed in for tests.
 */
export function handleSignals(options: { warn: (line: string) => void; exit?: (code: number) => never; graceMs?: number }): SignalHandling {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  if (installs++ > 0) return { dispose: () => void installs-- };
  const hardExit = (code: number) => {
    signalChildren('SIGKILL');
    removeTempDirsSync();
    releaseLocksSync();
    exit(code);
  };
  const onSignal = (signal: StopSignal) => {
    if (received) {
      options.warn(`${signal} received again: exiting now`);
      hardExit(EXIT_CODES[received]);
      return;
    }
    received = signal;
    controller.abort(interruptedError('the rest of the run'));
    const signalled = signalChildren('SIGTERM', 'sibling');
    options.warn(
      `${signal} received: stopping — ${signalled} process group(s) of sibling code ended, no new work started; the state of what was delivered is recorded, temp directories removed`,
    );
    setTimeout(() => signalChildren('SIGKILL', 'sibling'), KILL_AFTER_MS).unref();
    const graceTimer = setTimeout(() => {
      options.warn(`still running ${((options.graceMs ?? STOP_GRACE_MS) / 1000).toFixed(0)} s after ${signal}: exiting now`);
      hardExit(EXIT_CODES[signal]);
    }, options.graceMs ?? STOP_GRACE_MS);
    graceTimer.unref();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  // Whatever way the process ends (an uncaught error, process.exit elsewhere): nothing left behind.
  const onExit = () => {
    removeTempDirsSync();
    releaseLocksSync();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('exit', onExit);
  return {
    dispose() {
      if (--installs > 0) return;
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('exit', onExit);
      closeChildRecord();
      // After a signal the grace timer stays (unref'd): should a handle keep the process alive, it still ends.
    },
  };
}

/** For tests in one process: forget a signal received earlier. */
export function resetInterruption(): void {
  received = undefined;
  controller = new AbortController();
}
