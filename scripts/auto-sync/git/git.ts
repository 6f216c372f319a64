import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { SyncError } from '../errors.ts';
import type { ProcessRunner, RunResult } from '../proc/run.ts';

// The one git runner: every git process is started here, through ProcessRunner. The verbs built on
// it live beside it in git/ (refs, bundle, worktree, commit, log, remote); nothing else builds git argv.
// Every git process gets a fixed locale, never prompts,
// and receives a token only through GIT_CONFIG_* environment variables, never argv or a URL.

import type { EnvVars as Env } from '../env.ts';
export type { Env };

const DROPPED =
  /^(GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_ASKPASS|SSH_ASKPASS|GIT_NAMESPACE|GIT_CEILING_DIRECTORIES)$/;

/** Environment for every git process: the caller's, minus what could redirect git, plus safe defaults. */
export function gitBaseEnv(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) if (!DROPPED.test(key)) out[key] = value;
  out.LC_ALL = 'C';
  out.LANGUAGE = 'C';
  out.GIT_TERMINAL_PROMPT = '0';
  // As `-c core.hooksPath=/dev/null -c core.fsmonitor=false` on every command (the form git itself
  // passes `-c` to its children), without changing any argv.
  out.GIT_CONFIG_PARAMETERS = SAFE_CONFIG_PARAMETERS;
  out.GCM_INTERACTIVE = 'never';
  out.GIT_ALLOW_PROTOCOL = 'file:git:http:https:ssh';
  out.GIT_SSH_COMMAND = env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes';
  return out;
}

/** The header git sends for token auth; GitHub accepts the token as the password of x-access-token. */
export function authHeaderValue(token: string): string {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

export function withToken(env: Env, token: string | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  if (!token) return out;
  out.GIT_CONFIG_COUNT = '2';
  out.GIT_CONFIG_KEY_0 = 'http.extraHeader';
  out.GIT_CONFIG_VALUE_0 = authHeaderValue(token);
  // No credential helper may store or offer anything for this process.
  out.GIT_CONFIG_KEY_1 = 'credential.helper';
  out.GIT_CONFIG_VALUE_1 = '';
  return out;
}

export interface GitRunOptions {
  input?: string;
  /** Extra environment for this call only (e.g. author dates for commit-tree). */
  env?: Env;
  /** Token for this call; only network commands should get one. */
  token?: string;
  /** Return the failed result instead of throwing. */
  allowFailure?: boolean;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * On every git command auto-sync runs: a repository's own hooks and fsmonitor command never run
 * (a synced commit or sibling code could have planted them in the target's .git, and auto-sync's
 * processes hold the tokens).
 */
export const SAFE_CONFIG_PARAMETERS = "'core.hooksPath'='/dev/null' 'core.fsmonitor'='false'";

/**
 * Into a pipe, git log, rev-list and diff-tree --stdin flush after every commit: 4,600 reads of
 * about 300 bytes for a 5,000-commit listing, each one a turn of Node's event loop (measured: the
 * listing's JavaScript took longer than git). GIT_FLUSH=0 makes them write full stdio buffers.
 * Never for a process that answers requests (cat-file --batch, merge-tree --stdin).
 */
const BUFFERED = { GIT_FLUSH: '0' } as const;

export class Git {
  constructor(
    readonly dir: string,
    private readonly runner: ProcessRunner,
    private readonly env: Env,
    /** Set after the base environment, so they may name what gitBaseEnv drops (object directories). */
    private readonly overrides: Env = {},
  ) {}

  /** The same repository with extra environment for every process (e.g. a scratch object directory). */
  withEnv(overrides: Env): Git {
    return new Git(this.dir, this.runner, this.env, { ...this.overrides, ...overrides });
  }

  get processes(): number {
    return this.runner.spawned;
  }

  async run(args: readonly string[], options: GitRunOptions = {}): Promise<RunResult> {
    // Read when it ends: written in full buffers, not flushed per record (see BUFFERED).
    let env: Record<string, string | undefined> = { ...gitBaseEnv(this.env), ...this.overrides, ...BUFFERED, ...options.env };
    env = withToken(env, options.token);
    const result = await this.runner.run('git', args, {
      cwd: options.cwd ?? this.dir,
      env,
      input: options.input,
      timeoutMs: options.timeoutMs,
    });
    if (!result.ok && !options.allowFailure) {
      throw new SyncError(
        'GIT_FAILED',
        `git ${args[0] ?? ''} failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`}`,
        {
          details: [result.stderr.trim()],
        },
      );
    }
    return result;
  }

  /** stdout of a git command that must succeed, without the final newline. */
  async read(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    const result = await this.run(args, options);
    return result.stdout.replace(/\n$/, '');
  }

  /**
   * Starts a long-lived git process (a --batch or --stdin mode) whose pipes the caller drives.
   * Same environment as run() and counted like every other process; the caller must end its stdin.
   * `unbuffered` runs it under coreutils' `stdbuf -o0`, for modes that do not flush after each answer;
   * `buffered`, for output read as a stream (not answers to requests), has it written in full buffers.
   */
  start(
    args: readonly string[],
    options: { unbuffered?: boolean; buffered?: boolean } = {},
  ): ChildProcessByStdio<Writable, Readable, Readable> {
    const argv = options.unbuffered ? ['-o0', 'git', ...args] : [...args];
    const child = this.runner.start(options.unbuffered ? 'stdbuf' : 'git', argv, {
      cwd: this.dir,
      env: { ...gitBaseEnv(this.env), ...this.overrides, ...(options.buffered ? BUFFERED : {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return child as ChildProcessByStdio<Writable, Readable, Readable>;
  }

  /** Traces a process started with start(), once it has ended (for --verbose). */
  record(args: readonly string[], durationMs: number, exitCode: number | undefined): void {
    this.runner.record({ command: ['git', ...args].join(' '), durationMs, exitCode, signal: undefined });
  }

  /** Resolves a revision to a full sha, or undefined when it does not exist. */
  async resolve(rev: string): Promise<string | undefined> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { allowFailure: true });
    return result.ok ? result.stdout.trim() : undefined;
  }
}

export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}
