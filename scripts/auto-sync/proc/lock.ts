import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { link, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { SyncError } from '../errors.ts';
import { isRunning, processStart } from './pid.ts';

// One run at a time per target: a lock file in the target's git directory (.git/auto-sync.lock),
// holding who has it ({pid, startedAt, host, command}). It is made complete in a file of our own
// first and linked into place (link fails when the lock exists), so nobody ever reads half a lock.
//
// A lock is stale when its holder is gone: on this host, its pid no longer runs (or runs another
// process: the start time differs); from another host, or unreadable, when its file has not been
// touched for staleMs (a holder touches it every staleMs/3). Taking over a stale lock is race-free:
// the taker must first create `<lock>.takeover-<nonce of that stale lock>` exclusively, so of all
// runs that saw the same stale lock exactly one may replace it (rename over it); the others see
// the new holder. A taker that dies holding such a token leaves a stale token, taken over the
// same way.

export const LOCK_FILE = 'auto-sync.lock';

export interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
  command: string;
  /** Unique to this lock: what a taker checks it is replacing. */
  nonce: string;
  /** /proc start time of pid, to tell a reused pid from the holder. */
  processStart?: string;
}

export interface HeldLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** The stale holder this lock was taken over from, if any ("unknown": an unreadable lock file). */
  readonly tookOver: LockHolder | 'unknown' | undefined;
  release(): Promise<void>;
  releaseSync(): void;
}

export interface LockOptions {
  command: string;
  /** How long to wait for a live holder before giving up with LOCKED; 0: try once. */
  waitMs: number;
  /** A lock of another host (or an unreadable one) untouched for this long is stale. */
  staleMs: number;
  pollMs?: number;
  /** Told once when the lock is held by a live run and we start waiting. */
  onWait?: (holder: LockHolder | undefined) => void;
  /** Stops the wait (a signal); its reason is thrown. */
  signal?: AbortSignal;
}

/** The lock file of the target at `root`: in the git directory shared by all its work trees. */
export function lockPathFor(root: string): string {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return join(dotGit, LOCK_FILE);
    // A linked work tree: ".git" names its own git dir, whose "commondir" leads to the shared one.
    const gitDir = resolve(
      root,
      readFileSync(dotGit, 'utf8')
        .replace(/^gitdir:\s*/, '')
        .trim(),
    );
    let common = gitDir;
    try {
      common = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      // Not a linked work tree after all (a --separate-git-dir checkout): its git dir is the one.
    }
    return join(common, LOCK_FILE);
  } catch {
    return join(root, LOCK_FILE); // a bare repository: root is the git directory
  }
}

const held = new Set<HeldLock>();

/** Takes the lock, waiting up to waitMs for a live holder; throws LOCKED when it stays held. */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const deadline = Date.now() + options.waitMs;
  let told = false;
  while (true) {
    if (options.signal?.aborted) throw options.signal.reason;
    const attempt = await tryLock(path, options);
    if ('release' in attempt) return attempt;
    if (Date.now() >= deadline) throw lockedError(path, attempt.held, options.waitMs);
    if (!told) {
      told = true;
      options.onWait?.(attempt.held);
    }
    await sleep(Math.min(options.pollMs ?? 100, Math.max(1, deadline - Date.now())), options.signal);
  }
}

/** One attempt: the lock, or who holds it (undefined: unreadable, or gone meanwhile). */
export async function tryLock(
  path: string,
  options: Pick<LockOptions, 'command' | 'staleMs'>,
): Promise<HeldLock | { held: LockHolder | undefined }> {
  const mine = newHolder(options.command);
  for (let round = 0; round < 5; round++) {
    if (await createExclusive(path, mine)) return hold(path, mine, undefined, options.staleMs);
    const observed = await observe(path);
    if (observed === 'gone') continue; // released meanwhile: try again at once
    if (!isStale(observed, options.staleMs)) return { held: observed.holder };
    if (await takeOver(path, observed, mine, options.staleMs)) return hold(path, mine, observed.holder ?? 'unknown', options.staleMs);
    return { held: (await observe(path).then((o) => (o === 'gone' ? undefined : o.holder))) ?? observed.holder };
  }
  return { held: undefined };
}

/** For a signal or exit: releases every lock this process holds. */
export function releaseLocksSync(): void {
  for (const lock of held) lock.releaseSync();
}

function newHolder(command: string): LockHolder {
  const start = processStart(process.pid);
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    host: hostname(),
    command,
    nonce: randomBytes(8).toString('hex'),
    ...(start ? { processStart: start } : {}),
  };
}

interface Observed {
  holder: LockHolder | undefined;
  /** The holder's nonce, or an id of the unreadable file's content. */
  id: string;
  mtimeMs: number;
}

async function observe(path: string): Promise<Observed | 'gone'> {
  let text: string;
  let info;
  try {
    [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw lockIoError(path, error);
  }
  const holder = parseHolder(text);
  const id = holder?.nonce ?? `unreadable-${info.ino}-${Buffer.from(text).toString('base64url').slice(0, 32)}`;
  return { holder, id, mtimeMs: info.mtimeMs };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.nonce !== 'string') return undefined;
    if (!/^[A-Za-z0-9-]+$/.test(value.nonce)) return undefined;
    return {
      pid: value.pid,
      host: value.host,
      nonce: value.nonce,
      startedAt: String(value.startedAt ?? ''),
      command: String(value.command ?? ''),
      ...(value.processStart ? { processStart: String(value.processStart) } : {}),
    };
  } catch {
    return undefined;
  }
}

export function isStale(observed: Observed, staleMs: number, now = Date.now()): boolean {
  const { holder } = observed;
  if (holder && holder.host === hostname()) {
    if (holder.pid === process.pid) return false; // this very process (another lock of the same run)
    if (!isRunning(holder.pid)) return true;
    const start = holder.processStart === undefined ? undefined : processStart(holder.pid);
    return start !== undefined && start !== holder.processStart;
  }
  return now - observed.mtimeMs > staleMs;
}

let files = 0;

async function writeOwn(path: string, holder: LockHolder): Promise<string> {
  const tmp = `${path}.tmp-${process.pid}-${holder.nonce}-${++files}`;
  await writeFile(tmp, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o644 });
  return tmp;
}

/** Creates `path` holding `holder`, complete, only if it does not exist. */
async function createExclusive(path: string, holder: LockHolder): Promise<boolean> {
  let tmp: string;
  try {
    tmp = await writeOwn(path, holder);
  } catch (error) {
    throw lockIoError(path, error);
  }
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw lockIoError(path, error);
    // A filesystem without hard links: exclusive create, then write (a reader may see it empty a moment).
    return createWithoutLink(path, holder);
  } finally {
    await rm(tmp, { force: true });
  }
}

async function createWithoutLink(path: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockIoError(path, error);
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** Replaces the stale lock seen as `observed` with ours, unless another run does so first. */
async function takeOver(path: string, observed: Observed, mine: LockHolder, staleMs: number, depth = 0): Promise<boolean> {
  const token = `${path}.takeover-${observed.id}`;
  if (!(await createExclusive(token, mine))) {
    // Another run is taking this one over, or died doing so (a stale token: taken over in turn).
    const other = await observe(token);
    if (other === 'gone' || depth > 3 || !isStale(other, staleMs)) return false;
    if (!(await takeOver(token, other, mine, staleMs, depth + 1))) return false;
  }
  // The token is ours: nobody else may replace `observed`. Still the stale lock we saw?
  const now = await observe(path);
  if (now === 'gone' || now.id !== observed.id) {
    await rm(token, { force: true });
    return false;
  }
  const tmp = await writeOwn(path, mine);
  await rename(tmp, path);
  await rm(token, { force: true });
  return true;
}

function hold(path: string, holder: LockHolder, tookOver: HeldLock['tookOver'], staleMs: number): HeldLock {
  // Touched now and then, so another host can tell a live holder from a dead one.
  const heartbeat = setInterval(
    () => {
      const when = new Date();
      utimes(path, when, when).catch(() => {});
    },
    Math.max(1_000, Math.floor(staleMs / 3)),
  );
  heartbeat.unref();
  let released = false;
  const lock: HeldLock = {
    path,
    holder,
    tookOver,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(lock);
      const now = await observe(path).catch(() => 'gone' as const);
      if (now !== 'gone' && now.id === holder.nonce) await rm(path, { force: true });
    },
    releaseSync() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(lock);
      try {
        if (parseHolder(readFileSync(path, 'utf8'))?.nonce === holder.nonce) unlinkSync(path);
      } catch {
        // Gone already.
      }
    },
  };
  held.add(lock);
  sweepLeftovers(path).catch(() => {}); // best effort: leftovers are harmless
  return lock;
}

/**
 * Takeover tokens are moot once the lock is held anew (a taker re-reads the lock before replacing
 * it); temporary files are moot once their writer is gone.
 */
async function sweepLeftovers(path: string): Promise<void> {
  const dir = dirname(path);
  const name = basename(path);
  const quoted = name.replaceAll('.', '\\.');
  const token = new RegExp(`^${quoted}(\\.takeover-[\\w-]+)+$`);
  const tmp = new RegExp(`^${quoted}(\\.takeover-[\\w-]+)*\\.tmp-(\\d+)-[0-9a-f]+-\\d+$`);
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const own = tmp.exec(entry);
    if (token.test(entry) || (own && !isRunning(Number(own[2])))) await rm(join(dir, entry), { force: true });
  }
}

function lockedError(path: string, holder: LockHolder | undefined, waitMs: number): SyncError {
  const who = holder
    ? `pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}, running \`${holder.command}\``
    : 'a run whose lock file cannot be read';
  return new SyncError('LOCKED', `another auto-sync run holds the lock on this target (${who}); waited ${(waitMs / 1000).toFixed(1)} s`, {
    hint: holder
      ? `Let it finish${holder.host === hostname() ? ` (or stop it: kill ${holder.pid})` : ''}, then run again; set AUTO_SYNC_LOCK_WAIT_MS to wait longer. A lock whose process is gone is taken over by the next run; the lock file is ${path}.`
      : `If no auto-sync run is going on, remove ${path}; set AUTO_SYNC_LOCK_WAIT_MS to wait longer.`,
  });
}

function lockIoError(path: string, error: unknown): SyncError {
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError('LOCKED', `the run lock ${path} could not be taken: ${message}`, {
    hint: 'The target’s git directory must be writable by the user running auto-sync.',
    cause: error,
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
