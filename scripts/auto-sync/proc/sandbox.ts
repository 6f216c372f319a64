import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { lchown, lstat, readdir } from 'node:fs/promises';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../build-info.ts';
import { SyncError } from '../errors.ts';
import type { ProcessRunner } from './run.ts';

// Sibling code runs in the strongest sandbox this machine offers, found by running `true` through
// each candidate once per run. Every mode has its own PID namespace: the sandbox sees only its own
// processes (not the token-holding parent, its environ or its cwd), and when the namespace's first
// process exits the kernel kills everything left in it, daemons that called setsid included.
//
//   bwrap         bubblewrap: the whole filesystem read-only, a private /tmp, the caller's HOME and the
//                 target's .git replaced by empty directories, only the scratch directories writable.
//                 As root, bwrap mounts as root and setpriv then drops the command to SANDBOX_UID with
//                 no capability: another uid on the host too. Otherwise an unprivileged user namespace.
//   unshare-root  root without bwrap: unshare (PID + mount namespace), then setpriv to SANDBOX_UID, so
//                 ordinary permissions keep it out of root's files; read-only binds and hiding on top.
//   unshare-user  not root, without bwrap: a user namespace; the same uid, so only the read-only binds
//                 (target, tool, HOME, work dir) stop it writing the caller's files.
//   none          a plain process with the scrubbed environment (verify.sandbox "off", or nothing works).
// No mode isolates the network: smoke probes reach the server on the host's loopback.

export type SandboxMode = 'bwrap' | 'unshare-root' | 'unshare-user' | 'none';
export type SandboxSetting = 'auto' | 'required' | 'off';

/** nobody: an unprivileged uid that owns nothing of the tool's, the target's or root's. */
export const SANDBOX_UID = 65534;

export interface SandboxPaths {
  /** The only places it may write: the validation directory, its HOME, its cache. */
  writable: readonly string[];
  /** Never writable (bwrap: the whole filesystem is read-only anyway). */
  readOnly: readonly string[];
  /** Replaced by an empty directory (a file: by /dev/null): the caller's HOME, the target's .git. */
  hidden: readonly string[];
}

export interface SandboxScope {
  readonly mode: SandboxMode;
  /** The argv that runs file/args inside, or why it cannot start, in spawn's words. */
  wrap(file: string, args: readonly string[], cwd: string, path: string | undefined): { file: string; args: string[] } | { error: string };
}

export interface Sandbox {
  readonly mode: SandboxMode;
  /** Set when the sandbox runs as another uid: its scratch directories must be given to it (grantToSandbox). */
  readonly user: { uid: number; gid: number } | undefined;
  /** One line for the log: what this mode blocks, or why there is none. */
  readonly summary: string;
  scope(paths: SandboxPaths): SandboxScope;
}

/** The tool's checkout and the node running it: readable inside, even under a hidden HOME or /tmp. */
const VISIBLE = [PACKAGE_ROOT, dirname(dirname(process.execPath))];

export const NO_SANDBOX: Sandbox = {
  mode: 'none',
  user: undefined,
  summary: 'none (verify.sandbox is "off"): sibling code runs as a plain process with the scrubbed environment',
  scope: () => ({ mode: 'none', wrap: (file, args) => ({ file, args: [...args] }) }),
};

interface Tools {
  env: string;
  sh: string;
  setpriv: string;
  unshare: string;
  bwrap?: string;
}

type Op = { kind: 'ro' | 'hide-dir' | 'hide-file' | 'dir' | 'rw'; path: string };

const under = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

/** Mounts in path order (a parent before what is inside it); at one depth: read-only, hidden, writable. */
function mountPlan(paths: SandboxPaths, mode: SandboxMode): Op[] {
  const real = (list: readonly string[]) => list.flatMap((p) => existing(p) ?? []);
  const writable = real(paths.writable);
  const visible = real(VISIBLE);
  // bwrap binds from the old root, so what must stay visible is bound back into a hidden directory;
  // a mount namespace cannot, so there a directory holding the tool or a scratch directory stays.
  // Under bwrap's private /tmp there is nothing to hide, unless a bind brings it back.
  const hidden = real(paths.hidden).filter((h) =>
    mode === 'bwrap'
      ? !under(h, '/tmp') || [...visible, ...writable].some((p) => under(h, p))
      : ![...visible, ...writable].some((p) => p !== h && under(p, h)),
  );
  const fresh = mode === 'bwrap' ? ['/tmp', ...hidden] : hidden; // empty directories inside the sandbox
  const inFresh = (p: string) => fresh.some((f) => p !== f && under(p, f));
  const ops: Op[] = [
    ...(mode === 'bwrap' ? visible.filter(inFresh) : [...real(paths.readOnly), ...visible].filter((p) => !inFresh(p))).map((path) => ({
      kind: 'ro' as const,
      path,
    })),
    ...hidden.map((path) => ({ kind: statSync(path).isDirectory() ? ('hide-dir' as const) : ('hide-file' as const), path })),
    ...writable.map((path) => ({ kind: 'rw' as const, path })),
  ];
  if (mode === 'bwrap') {
    // bwrap makes missing parents of a mount point with the mode of the source's: a private parent
    // (a 0700 TMPDIR) would lock the sandbox uid out of its own scratch directory. Made 0755 here.
    const bound = new Set(ops.map((op) => op.path));
    const parents = ops.filter((op) => op.kind === 'ro' || op.kind === 'rw').flatMap((op) => ancestors(op.path).filter(inFresh));
    for (const path of new Set(parents)) if (!bound.has(path)) ops.push({ kind: 'dir', path });
  }
  const depth = (p: string) => p.split(sep).filter(Boolean).length;
  const order = { ro: 0, 'hide-dir': 1, 'hide-file': 1, dir: 2, rw: 3 };
  return ops.sort((a, b) => depth(a.path) - depth(b.path) || order[a.kind] - order[b.kind]);
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) out.push(dir);
  return out;
}

const BWRAP_OPS: Record<Op['kind'], (path: string) => string[]> = {
  ro: (path) => ['--ro-bind', path, path],
  rw: (path) => ['--bind', path, path],
  'hide-dir': (path) => ['--tmpfs', path],
  'hide-file': (path) => ['--ro-bind', '/dev/null', path],
  dir: (path) => ['--perms', '0755', '--dir', path],
};

// PID 1 of an unshare sandbox: a shell that makes the mounts while it still may, then runs the command
// and waits. It is never the command itself: PID 1 ignores a SIGTERM it has no handler for, and a
// timeout's SIGTERM must reach the command (it comes through the process group; PID 1 stays).
const UNSHARE_INIT = `while [ "$1" != -- ]; do
  case $1 in
    ro) mount --bind -- "$2" "$2" && mount -o remount,bind,ro -- "$2" ;;
    rw) mount --bind -- "$2" "$2" && mount -o remount,bind,rw -- "$2" ;;
    hide-dir) mount -t tmpfs -o ro,mode=000 -- tmpfs "$2" ;;
    hide-file) mount --bind -- /dev/null "$2" ;;
  esac || exit 125
  shift 2
done
shift
"$@"`;

function buildSandbox(mode: Exclude<SandboxMode, 'none'>, tools: Tools, uid: number): Sandbox {
  const user = process.getuid?.() === 0 ? { uid, gid: uid } : undefined;
  const who = user ? `as uid ${user.uid}` : 'as the same uid';
  const summary = {
    bwrap: `bwrap ${who}: own PID, mount, IPC and UTS namespaces; filesystem read-only except its scratch directories; private /tmp; HOME and the target's .git hidden; network shared`,
    'unshare-root': `unshare + setpriv ${who}: own PID and mount namespaces; root's files protected by permissions, target, tool and work dir bound read-only; network and /tmp shared`,
    'unshare-user': `unshare --user ${who}: own PID, mount and user namespaces; target, tool, HOME and work dir bound read-only; network and /tmp shared`,
  }[mode];
  // The command runs with no capability (so it cannot undo a mount) and, as root, as SANDBOX_UID.
  // env resets SIGTERM for it: the wrapper outside ignores SIGTERM (below), so that a timeout's SIGTERM
  // reaches the command through the process group while the sandbox stays up to kill what is left.
  const uidDrop = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
  const dropAll = [tools.setpriv, ...uidDrop, '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--'];
  const scope = (paths: SandboxPaths): SandboxScope => {
    const plan = mountPlan(paths, mode);
    // unshare-root cannot make a private parent passable (bwrap can): better a clear error than EACCES.
    const locked = mode === 'unshare-root' ? [...paths.writable, ...VISIBLE].flatMap((p) => unreachable(existing(p) ?? '/', uid)) : [];
    return {
      mode,
      wrap(file, args, cwd, path) {
        const problem = checked(file, cwd, path);
        if (problem) return problem;
        if (locked.length > 0)
          return {
            error: `uid ${uid} cannot reach ${locked[0]} (a parent directory is private): use a work directory under /tmp, or install bubblewrap`,
          };
        const inner = [tools.env, '--default-signal=TERM', '--', file, ...args];
        if (mode === 'bwrap') {
          // As root bwrap mounts as root (it can read a private TMPDIR) and setpriv drops to SANDBOX_UID
          // inside; otherwise bwrap is unprivileged, in a user namespace of this uid.
          // No --new-session: the command must stay in the runner's process group (see above); it has
          // no controlling terminal to abuse, since the runner starts it in a session of its own.
          const namespaces = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent'];
          const root = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
          // Hidden directories become read-only last, once what is bound into them is in place.
          const mounts = plan.flatMap((op) => BWRAP_OPS[op.kind](op.path));
          mounts.push(...plan.flatMap((op) => (op.kind === 'hide-dir' ? ['--remount-ro', op.path] : [])));
          const sandbox = [tools.bwrap!, ...namespaces, ...root, ...mounts, '--chdir', cwd, '--'];
          return split([tools.env, '--ignore-signal=TERM', '--', ...sandbox, ...(user ? dropAll : []), ...inner]);
        }
        const namespaces = mode === 'unshare-user' ? ['--user', '--map-root-user'] : [];
        const unshare = [tools.unshare, ...namespaces, '--pid', '--fork', '--kill-child', '--mount-proc', '--'];
        const init = [tools.sh, '-c', UNSHARE_INIT, 'sandbox', ...plan.flatMap((op) => [op.kind, op.path]), '--'];
        return split([tools.env, '--ignore-signal=TERM', '--', ...unshare, ...init, ...dropAll, ...inner]);
      },
    };
  };
  return { mode, user, summary, scope };
}

/** The first directory above `path` that `uid` may not pass through, if any. */
function unreachable(path: string, uid: number): string[] {
  return ancestors(path)
    .reverse()
    .filter((dir) => {
      const info = statSync(dir);
      return (info.mode & (info.uid === uid ? 0o100 : info.gid === uid ? 0o010 : 0o001)) === 0;
    })
    .slice(0, 1);
}

function split([file, ...args]: string[]): { file: string; args: string[] } {
  return { file: file!, args };
}

export interface DetectOptions {
  /** Candidates, strongest first; default: bwrap, then unshare-root (as root) or unshare-user. */
  modes?: readonly Exclude<SandboxMode, 'none'>[];
  /** PATH to find bwrap, unshare, setpriv, env and sh on. */
  path?: string;
  uid?: number;
}

/** Tries each candidate by running `true` through it; the first that works is the sandbox. */
export async function detectSandbox(runner: ProcessRunner, setting: SandboxSetting, options: DetectOptions = {}): Promise<Sandbox> {
  if (setting === 'off') return NO_SANDBOX;
  const path = options.path ?? process.env.PATH;
  const find = (name: string) => findExecutable(name, '/', path);
  const tools = { env: find('env'), sh: find('sh'), setpriv: find('setpriv'), unshare: find('unshare'), bwrap: find('bwrap') };
  const modes = options.modes ?? ['bwrap', process.getuid?.() === 0 ? 'unshare-root' : 'unshare-user'];
  const problems: string[] = [];
  for (const mode of modes) {
    const needed = mode === 'bwrap' ? (['env', 'setpriv', 'bwrap'] as const) : (['env', 'sh', 'setpriv', 'unshare'] as const);
    const missing = needed.filter((name) => !tools[name]);
    if (missing.length > 0) {
      problems.push(`${mode}: ${missing.join(', ')} not found`);
      continue;
    }
    // As root, a user namespace maps its root to the real root: the owner of every system file.
    if (mode !== 'bwrap' && (mode === 'unshare-root') !== (process.getuid?.() === 0)) {
      problems.push(
        mode === 'unshare-root' ? 'unshare-root: not running as root' : 'unshare-user: running as root (unshare-root is for root)',
      );
      continue;
    }
    const sandbox = buildSandbox(mode, tools as Tools, options.uid ?? SANDBOX_UID);
    const wrapped = sandbox.scope({ writable: [], readOnly: [], hidden: [] }).wrap('true', [], '/', path);
    if ('error' in wrapped) throw new Error(wrapped.error); // true is everywhere
    const probe = await runner.run(wrapped.file, wrapped.args, { cwd: '/', env: { PATH: path }, timeoutMs: 10_000 });
    if (probe.ok) return sandbox;
    problems.push(`${mode}: ${probe.startError ?? (probe.stderr.trim().split('\n').at(-1) || `exit ${probe.exitCode ?? probe.signal}`)}`);
  }
  if (setting === 'required')
    throw new SyncError('SANDBOX_UNAVAILABLE', 'verify.sandbox is "required" but no sandbox works on this machine', { details: problems });
  return { ...NO_SANDBOX, summary: `none: sibling code runs as a plain process with the scrubbed environment (${problems.join('; ')})` };
}

const detected = new WeakMap<ProcessRunner, Map<SandboxSetting, Promise<Sandbox>>>();

/** detectSandbox once per runner (one runner per run); onDetected is told the first time only. */
export function sandboxFor(runner: ProcessRunner, setting: SandboxSetting, onDetected: (sandbox: Sandbox) => void): Promise<Sandbox> {
  const cache = detected.get(runner) ?? new Map<SandboxSetting, Promise<Sandbox>>();
  detected.set(runner, cache);
  const known = cache.get(setting);
  if (known) return known;
  const fresh = detectSandbox(runner, setting).then((sandbox) => (onDetected(sandbox), sandbox));
  cache.set(setting, fresh);
  return fresh;
}

/**
 * Gives `dir` and what we wrote into it to the sandbox's uid. Entries it already owns are its own
 * work (node_modules) and are not walked; symbolic links and hard links it may have planted on an
 * earlier run are never followed nor changed, so this cannot hand it a file from elsewhere.
 */
export async function grantToSandbox(sandbox: Sandbox, dir: string): Promise<void> {
  const user = sandbox.user;
  if (!user) return;
  const walk = async (path: string, top: boolean): Promise<void> => {
    const info = await lstat(path);
    if (info.isSymbolicLink() || (!top && info.uid === user.uid)) return;
    if (info.isDirectory()) await Promise.all((await readdir(path)).map((name) => walk(join(path, name), false)));
    else if (info.nlink > 1) return;
    if (info.uid !== user.uid || info.gid !== user.gid) await lchown(path, user.uid, user.gid);
  };
  await walk(dir, true);
}

function existing(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Like spawn: a command that is not there is a start error, not an exit code the sandbox made up. */
function checked(file: string, cwd: string, path: string | undefined): { error: string } | undefined {
  return findExecutable(file, cwd, path) ? undefined : { error: `spawn ${file} ENOENT` };
}

function findExecutable(file: string, cwd: string, path: string | undefined): string | undefined {
  const candidates = file.includes('/')
    ? [resolve(cwd, file)]
    : (path ?? '').split(delimiter).flatMap((dir) => (dir ? [join(dir, file)] : []));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
