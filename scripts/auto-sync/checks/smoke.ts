import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { RunStatus } from '../plan/types.ts';
import type { ProcessRunner } from '../proc/run.ts';
import type { SandboxScope } from '../proc/sandbox.ts';
import { toLines } from './parse-util.ts';
import type { SafeEnv } from './scrub-env.ts';

// Starts a sibling's server, waits until it answers, and always kills it with all its children.
// The server is started with ProcessRunner.start, not run(): run() waits for its child to end,
// and a server does not. The child is still counted on the runner.

export interface SmokeProbe {
  name: string;
  start: string | readonly string[];
  /** A path ("/health") on 127.0.0.1, or a full loopback URL where {port} stands for the port. */
  url: string;
  expectStatus: number;
  timeoutMs: number;
}

export type SmokeStatus = RunStatus;

export interface SmokeResult {
  name: string;
  status: SmokeStatus;
  /** The last HTTP status the server answered with, if it answered at all. */
  httpStatus?: number;
  durationMs: number;
  /** The last ≤40 lines the server printed (stdout and stderr, in arrival order). */
  outputTail: string;
  message?: string;
}

export interface SmokeOptions {
  cwd: string;
  env: SafeEnv;
  pollIntervalMs?: number;
  requestTimeoutMs?: number;
  /** Where the server runs (proc/sandbox.ts); its PID namespace dies with it, daemons included. */
  sandbox?: SandboxScope;
}

const KEEP_OUTPUT_CHARS = 64 * 1024;
const TAIL_LINES = 40;
const STOP_GRACE_MS = 1_000;

export async function runSmoke(runner: ProcessRunner, probe: SmokeProbe, options: SmokeOptions): Promise<SmokeResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const port = await findFreePort();
  const url = probeUrl(probe.url, port);
  if (typeof url === 'string') return { name: probe.name, status: 'error', durationMs: elapsed(), outputTail: '', message: url };

  const [file, ...args] = typeof probe.start === 'string' ? ['/bin/sh', '-c', probe.start] : probe.start;
  if (!file) return { name: probe.name, status: 'error', durationMs: elapsed(), outputTail: '', message: 'the start command is empty' };
  const server = startServer(runner, file, args, options, port);
  try {
    const outcome = await poll(server, url, probe, options);
    const display = typeof probe.start === 'string' ? probe.start : probe.start.join(' ');
    const base = {
      name: probe.name,
      durationMs: elapsed(),
      outputTail: server.tail(),
      ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
    };
    switch (outcome.kind) {
      case 'answered':
        return { ...base, status: 'passed' };
      case 'spawn-error':
        return { ...base, status: 'error', message: `could not start \`${display}\`: ${outcome.error}` };
      case 'exited':
        return { ...base, status: 'failed', message: `${probe.name} exited (${outcome.how}) before answering ${url.href}` };
      case 'timeout':
        // It answered, but never as expected: the server is up and wrong. Never answered: not up in time.
        return outcome.httpStatus === undefined
          ? { ...base, status: 'timed-out', message: `${url.href} did not answer within ${probe.timeoutMs} ms` }
          : { ...base, status: 'failed', message: `${url.href} answered ${outcome.httpStatus}, expected ${probe.expectStatus}` };
    }
  } finally {
    await server.stop();
  }
}

type Outcome =
  | { kind: 'answered'; httpStatus: number }
  | { kind: 'spawn-error'; error: string; httpStatus?: undefined }
  | { kind: 'exited'; how: string; httpStatus?: number }
  | { kind: 'timeout'; httpStatus?: number };

async function poll(server: Server, url: URL, probe: SmokeProbe, options: SmokeOptions): Promise<Outcome> {
  const deadline = performance.now() + probe.timeoutMs;
  const interval = options.pollIntervalMs ?? 150;
  let httpStatus: number | undefined;
  while (true) {
    const remaining = deadline - performance.now();
    if (server.ended) break;
    if (remaining <= 0) return { kind: 'timeout', httpStatus };
    const answer = await request(url, Math.min(options.requestTimeoutMs ?? 1_000, remaining));
    if (answer !== undefined) {
      httpStatus = answer;
      if (answer === probe.expectStatus) return { kind: 'answered', httpStatus: answer };
    }
    // Sleep, but wake at once if the server dies meanwhile.
    await Promise.race([sleep(Math.min(interval, Math.max(0, deadline - performance.now()))), server.exited]);
  }
  const end = await server.exited;
  await Promise.race([server.drained, sleep(250)]); // let the last words of a crashing server arrive
  if (end.error) return { kind: 'spawn-error', error: end.error };
  return { kind: 'exited', how: end.signal ? `killed by ${end.signal}` : `exit code ${end.code}`, httpStatus };
}

async function request(url: URL, timeoutMs: number): Promise<number | undefined> {
  try {
    // No redirects: a 302 is an answer, and a Location pointing off this machine is never followed.
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(Math.max(1, timeoutMs)) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined; // not listening yet, or too slow: try again
  }
}

/** The probe URL on loopback with the port filled in, or why it cannot be used. */
export function probeUrl(spec: string, port: number): URL | string {
  const text = spec.startsWith('/') ? `http://127.0.0.1:{port}${spec}` : spec;
  let url: URL;
  try {
    url = new URL(text.replaceAll('{port}', String(port)));
  } catch {
    return `the smoke URL ${JSON.stringify(spec)} is not a URL or a path`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the smoke URL ${spec} must be http or https`;
  if (!isLoopback(url.hostname)) return `the smoke URL ${spec} must point at this machine (127.0.0.1, localhost or [::1])`;
  return url;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** A port that was free a moment ago; the server binds it soon after. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

interface Server {
  readonly ended: boolean;
  readonly exited: Promise<Exit>;
  /** Output streams closed: never, while a grandchild holds them open. */
  readonly drained: Promise<void>;
  tail(): string;
  stop(): Promise<void>;
}

function startServer(runner: ProcessRunner, file: string, args: readonly string[], options: SmokeOptions, port: number): Server {
  // Own process group (detached) so that stop() reaches every process the server started.
  const child: ChildProcess = runner.start(file, args, {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port), HOST: options.env.HOST ?? '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
  let output = '';
  const collect = (chunk: string) => {
    output += chunk;
    if (output.length > 2 * KEEP_OUTPUT_CHARS) output = output.slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  let ended = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  }).then((exit) => {
    ended = true;
    return exit;
  });
  const drained = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone.
    }
  };
  return {
    get ended() {
      return ended;
    },
    exited,
    drained,
    tail: () =>
      toLines(output)
        .filter((line, i, all) => i < all.length - 1 || line !== '')
        .slice(-TAIL_LINES)
        .join('\n'),
    async stop() {
      signalGroup('SIGTERM');
      await Promise.race([exited, sleep(STOP_GRACE_MS)]);
      // Whatever is left, the leader included if it ignored SIGTERM, and grandchildren in any case.
      signalGroup('SIGKILL');
      await Promise.race([exited, sleep(STOP_GRACE_MS)]);
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
