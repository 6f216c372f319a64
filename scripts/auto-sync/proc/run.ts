import { ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { trackChild } from './children.ts';
import { stopRequested } from './interrupt.ts';
import type { SandboxScope } from './sandbox.ts';

// The one place that starts child processes: run() for a child awaited to its end, start() for a
// long-lived one whose pipes the caller drives (git's --batch modes, a smoke-test server).
// run() never throws for a non-zero exit: callers turn results into typed errors,
// because only they know what a given exit means (git's 128 vs a test's 1).
// Every child is tracked (proc/children.ts) so that a signal ends them all; once a stop signal has
// arrived, sibling code (a sandboxed command) is not started any more.

export interface RunOptions {
  cwd?: string;
  /** The complete environment of the child: nothing is inherited implicitly. */
  env: Readonly<Record<string, string | undefined>>;
  input?: string | Uint8Array;
  timeoutMs?: number;
  /**
   * Start the child in its own process group. A timeout then signals the whole group (SIGTERM, then
   * SIGKILL), and once the child exits whatever it left in the group is killed at once.
   */
  group?: boolean;
  /**
   * Keep at most this many characters of stdout/stderr (head and tail). Output is streamed, so memory
   * stays bounded however much the child prints. Default: unbounded.
   */
  maxOutputChars?: number;
  /** Run inside this sandbox (sibling code); results and traces still show the command itself. */
  sandbox?: SandboxScope;
}

export interface StartOptions {
  cwd?: string;
  /** The complete environment of the child: nothing is inherited implicitly. */
  env: Readonly<Record<string, string | undefined>>;
  stdio: StdioOptions;
  /** Own process group, so the caller can signal everything the child started. */
  detached?: boolean;
  /** Trace the child when it closes; off for callers that record it themselves (Git.record). */
  trace?: boolean;
  /** Run inside this sandbox (a sibling's smoke server). */
  sandbox?: SandboxScope;
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
  /** Set when the process could not be started at all (e.g. "spawn foo ENOENT"). */
  startError?: string;
}

/**
 * Milliseconds on the monotonic clock, for durations. Not `performance.now()`: the first touch of
 * that global loads node:perf_hooks (about 1 ms of an idle run's start-up).
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface ProcessTrace {
  (event: { command: string; durationMs: number; exitCode: number | undefined; signal: string | undefined }): void;
}

/** Counts and optionally traces every child process; one per run, passed down explicitly. */
export class ProcessRunner {
  spawned = 0;
  constructor(private readonly trace?: ProcessTrace) {}

  /**
   * Starts a long-lived child and returns it at once; the caller drives its pipes and waits for it.
   * Counted like every other child; plain node:child_process, so the git hot path stays cheap.
   */
  start(file: string, args: readonly string[], options: StartOptions): ChildProcess {
    this.spawned++;
    const started = nowMs();
    const command = [file, ...args].join(' ');
    if (options.sandbox && stopRequested()) return notStarted(STOPPING);
    const wrapped = options.sandbox ? options.sandbox.wrap(file, args, options.cwd ?? process.cwd(), options.env.PATH) : { file, args };
    if ('error' in wrapped) return notStarted(wrapped.error);
    const child = spawn(wrapped.file, [...wrapped.args], {
      cwd: options.cwd,
      env: withoutUndefined(options.env),
      stdio: options.stdio,
      detached: options.detached ?? false,
    });
    // Untracked once its pipes close: a grandchild holding them keeps the group worth signalling.
    child.once('close', trackChild(child.pid, options.detached ?? false, options.sandbox !== undefined));
    if (options.trace) {
      child.once('close', (code, signal) =>
        this.trace?.({ command, durationMs: nowMs() - started, exitCode: code ?? undefined, signal: signal ?? undefined }),
      );
    }
    return child;
  }

  /** Traces a child started with start() once it has ended, for callers that time it themselves. */
  record(event: Parameters<ProcessTrace>[0]): void {
    this.trace?.(event);
  }

  async run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    const command = [file, ...args].join(' ');
    if (!options.sandbox) return this.runAs(command, file, args, options);
    if (stopRequested()) {
      this.spawned++;
      const result = { command, exitCode: undefined, signal: undefined, timedOut: false, stdout: '', stderr: '', durationMs: 0 };
      return { ...result, ok: false, startError: STOPPING };
    }
    const wrapped = options.sandbox.wrap(file, args, options.cwd ?? process.cwd(), options.env.PATH);
    if (!('error' in wrapped)) return this.runAs(command, wrapped.file, wrapped.args, options);
    this.spawned++; // counted like a spawn that failed
    const result = { command, exitCode: undefined, signal: undefined, timedOut: false, stdout: '', stderr: '', durationMs: 0 };
    return { ...result, ok: false, startError: wrapped.error };
  }

  private async runAs(command: string, file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    this.spawned++;
    const group = options.group ?? false;
    const max = options.maxOutputChars;
    // git calls (the hot path of an hourly no-op run) need none of execa's machinery, and loading
    // execa costs more than the whole run; it is loaded only for checks (groups, bounded output).
    if (!group && max === undefined) return this.runPlain(command, file, args, options);
    const { execa } = await import('execa');
    const started = nowMs();
    const subprocess = execa(file, args, {
      cwd: options.cwd,
      env: withoutUndefined(options.env),
      extendEnv: false,
      input: options.input,
      // In group mode the timeout is ours: execa would signal the leader only.
      timeout: group ? undefined : options.timeoutMs,
      detached: group,
      cleanup: true,
      killSignal: 'SIGTERM',
      forceKillAfterDelay: FORCE_KILL_AFTER_MS,
      reject: false,
      stripFinalNewline: false,
      buffer: max === undefined,
      maxBuffer: 512 * 1024 * 1024,
    });
    const pid = subprocess.pid;
    const untrack = trackChild(pid, group, options.sandbox !== undefined);
    const stdout = max === undefined ? undefined : new HeadTail(max, subprocess.stdout);
    const stderr = max === undefined ? undefined : new HeadTail(max, subprocess.stderr);
    const groupTimeout = { fired: false, timers: [] as NodeJS.Timeout[] };
    if (group && pid !== undefined) {
      // A grandchild that keeps stdout open would otherwise keep us waiting after the leader exits.
      subprocess.nodeChildProcess.once('exit', () => {
        for (const timer of groupTimeout.timers) clearTimeout(timer);
        signalGroup(pid, 'SIGKILL');
      });
      if (options.timeoutMs !== undefined) {
        groupTimeout.timers.push(
          setTimeout(() => {
            groupTimeout.fired = true;
            signalGroup(pid, 'SIGTERM');
            groupTimeout.timers.push(setTimeout(() => signalGroup(pid, 'SIGKILL'), FORCE_KILL_AFTER_MS));
          }, options.timeoutMs),
        );
      }
    }
    const result = await subprocess;
    untrack();
    for (const timer of groupTimeout.timers) clearTimeout(timer);
    const durationMs = nowMs() - started;
    if (group && pid !== undefined) signalGroup(pid, 'SIGKILL');
    const exitCode = typeof result.exitCode === 'number' ? result.exitCode : undefined;
    const signal = result.signal ?? undefined;
    const timedOut = result.timedOut === true || groupTimeout.fired;
    this.trace?.({ command, durationMs, exitCode, signal });
    const bound = (text: unknown) => clip(typeof text === 'string' ? text : '', max);
    return {
      command,
      exitCode,
      signal,
      timedOut,
      stdout: stdout ? stdout.text() : bound(result.stdout),
      stderr: stderr ? stderr.text() : bound(result.stderr),
      durationMs,
      ok: exitCode === 0 && !signal && !timedOut,
      ...(pid === undefined ? { startError: result.originalMessage ?? result.message ?? 'the process could not be started' } : {}),
    };
  }

  /** A plain child with node:child_process: buffered output, optional timeout (SIGTERM, then SIGKILL). */
  private runPlain(command: string, file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    const started = nowMs();
    return new Promise((resolve) => {
      // A bounded call runs in its own process group, so a timeout reaches its helpers too (git's
      // git-remote-https would otherwise keep the pipes open, and the call would never end).
      const bounded = options.timeoutMs !== undefined;
      const child = spawn(file, [...args], {
        cwd: options.cwd,
        env: withoutUndefined(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: bounded,
      });
      const untrack = trackChild(child.pid, bounded);
      const kill = (signal: NodeJS.Signals) => (bounded && child.pid !== undefined ? signalGroup(child.pid, signal) : child.kill(signal));
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let startError: string | undefined;
      let timedOut = false;
      const timers: NodeJS.Timeout[] = [];
      if (options.timeoutMs !== undefined) {
        timers.push(
          setTimeout(() => {
            timedOut = true;
            kill('SIGTERM');
            timers.push(setTimeout(() => kill('SIGKILL'), FORCE_KILL_AFTER_MS));
          }, options.timeoutMs),
        );
      }
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.stdin.on('error', () => {}); // a child that exits without reading its input
      child.on('error', (error) => {
        startError = error.message;
      });
      child.on('close', (code, signal) => {
        untrack();
        for (const timer of timers) clearTimeout(timer);
        const durationMs = nowMs() - started;
        const exitCode = typeof code === 'number' && !startError ? code : undefined;
        this.trace?.({ command, durationMs, exitCode, signal: signal ?? undefined });
        resolve({
          command,
          exitCode,
          signal: signal ?? undefined,
          timedOut,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          durationMs,
          ok: exitCode === 0 && !signal && !timedOut && !startError,
          ...(startError ? { startError } : {}),
        });
      });
      child.stdin.end(options.input ?? '');
    });
  }
}

const FORCE_KILL_AFTER_MS = 2_000;
const STOPPING = 'not started: auto-sync is stopping (a stop signal was received)';

/** A child that never started, as spawn reports one: 'error', then 'close'. */
function notStarted(message: string): ChildProcess {
  const child = new ChildProcess();
  process.nextTick(() => {
    child.emit('error', Object.assign(new Error(message), { code: 'ENOENT' }));
    child.emit('close', -2, null);
  });
  return child;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Keeps the first and last max/2 characters of a stream, counting what falls in between. */
class HeadTail {
  private head = '';
  private tail = '';
  private total = 0;
  private readonly half: number;

  constructor(
    private readonly max: number,
    stream: NodeJS.ReadableStream | null,
  ) {
    this.half = Math.floor(max / 2);
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => this.push(chunk));
  }

  private push(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.half) {
      const room = this.half - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    this.tail += chunk;
    if (this.tail.length > 2 * this.max) this.tail = this.tail.slice(-this.max);
  }

  text(): string {
    if (this.total <= this.max) return this.head + this.tail;
    const tail = this.tail.slice(this.tail.length - (this.max - this.head.length));
    return `${this.head}\n… [${this.total - this.head.length - tail.length} characters cut] …\n${tail}`;
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
