import { TRAILER } from './provenance.ts';

// Lockfile-only conflicts. A lockfile is derived data: the package manager writes it from the
// package.json files. A picked commit whose every conflict is in a lockfile is applied with the
// lockfile(s) as the target has them (prepare, git only), and the verify phase regenerates them with
// the project's package manager in its sandbox (never where a token is); publish commits what verify
// produced on top of the batch, which then always goes to a person. Pure: no I/O.

const LOCKFILE_NAMES: ReadonlySet<string> = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock']);

/** A lockfile the package manager can regenerate, at any depth. */
export function isLockfile(path: string): boolean {
  return LOCKFILE_NAMES.has(path.slice(path.lastIndexOf('/') + 1));
}

/** Every conflicting path is a lockfile (and there is one): resolved by regenerating, not by a person. */
export function isLockfileOnlyConflict(paths: readonly string[]): boolean {
  return paths.length > 0 && paths.every(isLockfile);
}

export interface RegenerateCommand {
  manager: 'npm' | 'pnpm' | 'yarn';
  /** Run in the lockfile's directory. */
  file: string;
  args: string[];
}

/**
 * The command that rewrites `path` from the package.json beside it, without running any package's
 * scripts. `head` is the start of the lockfile: yarn berry's has `__metadata:`, classic's does not
 * (classic has no lockfile-only mode, so it installs too, scripts still off).
 */
export function regenerateCommand(path: string, head = ''): RegenerateCommand {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'pnpm-lock.yaml') return { manager: 'pnpm', file: 'pnpm', args: ['install', '--lockfile-only', '--ignore-scripts'] };
  if (name === 'yarn.lock')
    return /^__metadata:/m.test(head)
      ? { manager: 'yarn', file: 'yarn', args: ['install', '--mode=update-lockfile'] }
      : { manager: 'yarn', file: 'yarn', args: ['install', '--ignore-scripts', '--non-interactive'] };
  if (!isLockfile(path)) throw new Error(`regenerateCommand: not a lockfile: ${path}`);
  // No --offline: a project without dependencies needs no registry anyway, and one with them needs
  // the metadata of what changed.
  return { manager: 'npm', file: 'npm', args: ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'] };
}

/** The paths to regenerate for a batch: each once, in the order first met. */
export function regeneratedPaths(entries: readonly { paths: readonly string[] }[] | undefined): string[] {
  return [...new Set((entries ?? []).flatMap((e) => e.paths))];
}

/**
 * The message of the commit publish adds: Conventional (a type a downstream auto-sync does not sync
 * by default), with one origin trailer per commit it completes, so that reading history back (state
 * rebuild, loop detection) sees only commits that were synced anyway, and the branch's owner check
 * recognises it as auto-sync's.
 */
export function lockfileCommitMessage(
  prefix: string,
  paths: readonly string[],
  origins: readonly { origin: string; sha: string }[],
): string {
  const clean = paths.map((p) => p.replace(/[\u0000-\u001f\u007f]/g, '?'));
  const shown = clean.length <= 3 ? clean.join(', ') : `${clean.slice(0, 3).join(', ')} and ${clean.length - 3} more`;
  const body =
    'The synced commits conflicted with the target only in these lockfiles. auto-sync took the\n' +
    "target's lockfiles and regenerated them with the project's package manager in the verify phase;\n" +
    'the checks ran on this tree.';
  const trailers = origins.map((o) => `${TRAILER}: ${o.origin}@${o.sha}`).join('\n');
  return `${prefix}: regenerate ${shown}\n\n${body}\n\n${trailers}\n`;
}
