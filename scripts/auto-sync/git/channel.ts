import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';

// Requests and answers over long-lived git processes (`--stdin` and `--batch` modes).

export type Child = ChildProcessByStdio<Writable, Readable, Readable>;

export class ChannelClosed extends SyncError {}

/** Text answers, each ending with `terminator`. */
export class Channel {
  private buffer = '';
  private wake?: () => void;
  private readonly ended: Promise<never>;

  constructor(
    private readonly child: Child,
    private readonly command: string,
    private readonly terminator: string,
  ) {
    // Rejects once the process is gone, for whatever reason, so that no wait can hang.
    this.ended = exited(child, command).then(() => {
      throw new ChannelClosed('GIT_FAILED', `git ${command} ended before answering`);
    });
    this.ended.catch(() => undefined);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake?.();
    });
  }

  send(input: string): void {
    this.child.stdin.write(input);
  }

  async next(timeoutMs?: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      if (timeoutMs !== undefined)
        timer = setTimeout(() => reject(new SyncError('GIT_FAILED', `git ${this.command} did not answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      for (;;) {
        const end = this.buffer.indexOf(this.terminator);
        if (end !== -1) {
          const answer = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + this.terminator.length);
          return answer;
        }
        await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), this.ended, late]);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    await this.ended.catch((error: unknown) => {
      if (!(error instanceof ChannelClosed)) throw error;
    });
  }

  abort(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export type BatchObject = { oid: string; type: string; body: Buffer } | { missing: string };

/**
 * One `git cat-file --batch` for many reads. Requests may be sent before earlier answers arrive:
 * git answers in order and flushes after each object, so a read costs one round trip at most.
 */
export class ObjectReader {
  private readonly child: Child;
  private readonly done: Promise<void>;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { request: string; resolve: (object: BatchObject) => void; reject: (error: Error) => void }[] = [];
  private failure?: Error;

  constructor(git: Git) {
    this.child = git.start(['cat-file', '--batch']);
    this.done = exited(this.child, 'cat-file --batch');
    this.done.then(
      () => this.fail(new ChannelClosed('GIT_FAILED', 'git cat-file --batch ended before answering')),
      (error: Error) => this.fail(error),
    );
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }

  /** `request` is anything cat-file takes: an oid, `<rev>^{commit}`, `<tree>:<path>`. */
  read(request: string): Promise<BatchObject> {
    if (/[\n\r]/.test(request) || request === '') throw new Error(`cat-file: invalid request ${JSON.stringify(request)}`);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.child.stdin.write(`${request}\n`);
    });
  }

  /** Many reads in one write to git's stdin (a write per request costs more than git's answer). */
  readAll(requests: readonly string[]): Promise<BatchObject[]> {
    for (const request of requests)
      if (/[\n\r]/.test(request) || request === '') throw new Error(`cat-file: invalid request ${JSON.stringify(request)}`);
    if (this.failure) return Promise.reject(this.failure);
    const answers = requests.map(
      (request) => new Promise<BatchObject>((resolve, reject) => this.waiting.push({ request, resolve, reject })),
    );
    if (requests.length > 0) this.child.stdin.write(`${requests.join('\n')}\n`);
    return Promise.all(answers);
  }

  async close(): Promise<void> {
    this.child.stdin.end();
    await this.done;
  }

  abort(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private drain(): void {
    for (;;) {
      const next = this.waiting[0];
      const eol = this.buffer.indexOf(0x0a);
      if (!next || eol === -1) return;
      const header = this.buffer.toString('latin1', 0, eol);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(eol + 1);
        this.waiting.shift();
        next.resolve({ missing: next.request });
        continue;
      }
      const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
      if (!match) {
        this.fail(new SyncError('GIT_FAILED', `git cat-file --batch answered ${JSON.stringify(header)} for ${next.request}`));
        return;
      }
      const size = Number(match[3]);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(eol + 1, eol + 1 + size));
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.waiting.shift();
      next.resolve({ oid: match[1]!, type: match[2]!, body });
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

/** Settles when the process ends: resolves on exit 0, rejects (with its stderr) on anything else. */
export function exited(child: Child, command: string): Promise<void> {
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  // EPIPE when git dies early: the exit status below reports it.
  child.stdin.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    const fail = (reason: string) =>
      reject(new SyncError('GIT_FAILED', `git ${command} failed: ${firstLine(stderr) || reason}`, { details: [stderr.trim()] }));
    child.once('error', (error) => fail(error.message));
    child.once('close', (code, signal) => (code === 0 ? resolve() : fail(`exit ${code ?? signal}`)));
  });
  done.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  return done;
}
