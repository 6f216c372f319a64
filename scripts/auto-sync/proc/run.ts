import { execa } from 'execa';

// The one helper through which auto-sync starts child processes.
// It never throws for a non-zero exit: callers turn results into typed errors,
// because only they know what a given exit means (git's 128 vs a test's 1).

export interface RunOptions {
  cwd?: string;
  /** The complete environment of the child: nothing is inherited implicitly. */
  env: Readonly<Record<string, string | undefined>>;
  input?: string | Uint8Array;
  timeoutMs?: number;
  /** Start the child in its own process group so that a timeout kills its children too. */
  group?: boolean;
  /** Keep at most this many characters of stdout/stderr (head and tail). Default: unbounded. */
  maxOutputChars?: number;
}

export interface RunResult {
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** True only for a normal exit with code 0: a signal kill is a failure. */
  ok: boolean;
}

export interface ProcessTrace {
  (event: { command: string; durationMs: number; exitCode: number | undefined; signal: string | undefined }): void;
}

/** Counts and optionally traces every child process; one per run, passed down explicitly. */
export class ProcessRunner {
  spawned = 0;
  constructor(private readonly trace?: ProcessTrace) {}

  async run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    this.spawned++;
    const started = performance.now();
    const subprocess = execa(file, args, {
      cwd: options.cwd,
      env: withoutUndefined(options.env),
      extendEnv: false,
      input: options.input,
      timeout: options.timeoutMs,
      detached: options.group ?? false,
      cleanup: true,
      killSignal: 'SIGTERM',
      forceKillAfterDelay: 2_000,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: 512 * 1024 * 1024,
    });
    const pid = subprocess.pid;
    const result = await subprocess;
    const durationMs = performance.now() - started;
    if (options.group && pid !== undefined) killGroup(pid);
    const command = [file, ...args].join(' ');
    const exitCode = typeof result.exitCode === 'number' ? result.exitCode : undefined;
    const signal = result.signal ?? undefined;
    this.trace?.({ command, durationMs, exitCode, signal });
    const bound = (text: unknown) => clip(typeof text === 'string' ? text : '', options.maxOutputChars);
    return {
      command,
      exitCode,
      signal,
      timedOut: result.timedOut === true,
      stdout: bound(result.stdout),
      stderr: bound(result.stderr),
      durationMs,
      ok: exitCode === 0 && !signal && result.timedOut !== true,
    };
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

function withoutUndefined(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

export function clip(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n… [${text.length - max} characters cut] …\n${text.slice(text.length - half)}`;
}
