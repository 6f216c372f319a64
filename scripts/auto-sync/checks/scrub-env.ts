import { join } from 'node:path';
import { SyncError } from '../errors.ts';

// The environment given to sibling code, which is untrusted: an allow-list, never a deny-list,
// so a secret added to CI tomorrow is not passed by default. Names that look like secrets are
// refused even when the configuration asks for them.

import type { EnvVars as Env } from '../env.ts';

declare const scrubbed: unique symbol;
/** An environment that went through scrubEnv: the only kind runCheck and runSmoke accept. */
export type SafeEnv = Readonly<Record<string, string>> & { readonly [scrubbed]: true };

const ALLOWED = new Set(['PATH', 'HOME', 'CI', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'TERM', 'npm_config_cache']);
const ALLOWED_PREFIXES = ['NODE_'];

// `(^|_)AUTH(_|$)` catches npm_config__auth and SSH_AUTH_SOCK but not GIT_AUTHOR_NAME.
const SECRET_LOOKING = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|COOKIE|PAT$|KEY|(^|_)AUTH(_|$)/i;
const NEVER = [/^SOURCE_PAT$/, /^GITHUB_TOKEN$/, /^ACTIONS_/, /^GIT_CONFIG_/, /^GIT_ASKPASS$/, /^SSH_ASKPASS$/, /^SSH_AUTH_SOCK$/];

// NODE_OPTIONS is kept for harmless flags (--max-old-space-size), but not when it makes every node
// process load code: a relative `--require ./x` would resolve inside the sibling's worktree, and a
// host preload (an APM agent, Yarn PnP) has no business running next to untrusted code.
// --inspect is dropped too: it opens a debugger port that anything on the machine can attach to.
const NODE_OPTIONS_UNSAFE = /(^|\s)(--require|-r|--import|--loader|--experimental-loader|--inspect[-\w]*|--env-file[-\w]*)(=|\s|$)/;

/** Always set: sibling code must not read git credentials from system or user config, nor be prompted. */
export const FORCED_ENV: Readonly<Record<string, string>> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

/** The empty global git config inside a throwaway HOME; the caller creates the file. */
export const EMPTY_GITCONFIG = '.auto-sync-empty-gitconfig';

export interface DroppedVariable {
  name: string;
  reason: string;
}

export interface ScrubbedEnv {
  env: SafeEnv;
  /** Variables that were present but withheld for a reason worth telling (not merely "not listed"). */
  dropped: DroppedVariable[];
}

export interface ScrubOptions {
  /**
   * Replaces HOME. Scrubbing variables does not stop code from reading ~/.npmrc or ~/.git-credentials,
   * so callers should point HOME at a throwaway directory.
   */
  home?: string;
  /**
   * Replaces TMPDIR, TEMP and TMP: a sandbox has a /tmp of its own (bwrap) or may write only its
   * scratch directories, so the caller's temporary directory may be missing or read-only there.
   */
  tmp?: string;
}

/** Why a name may not be allowed through, or undefined when it may. For config validation. */
export function refusalReason(name: string): string | undefined {
  if (NEVER.some((pattern) => pattern.test(name))) return `${name} is never passed to sibling code`;
  if (SECRET_LOOKING.test(name)) return `${name} looks like a secret (matches ${SECRET_LOOKING.source})`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `${name} is not a valid variable name`;
  return undefined;
}

/** Every problem with a list of extra allowed names, for reporting all at once. */
export function checkAllowedNames(names: readonly string[]): string[] {
  return names.flatMap((name) => refusalReason(name) ?? []);
}

export function scrubEnvDetailed(env: Env, extraAllowed: readonly string[] = [], options: ScrubOptions = {}): ScrubbedEnv {
  const problems = checkAllowedNames(extraAllowed);
  if (problems.length > 0) {
    throw new SyncError('CONFIG_INVALID', 'Refused to pass secret-looking variables to sibling code', {
      details: problems,
      hint: 'Remove these names from the allowed environment; sibling code never receives credentials.',
    });
  }
  const extra = new Set(extraAllowed);
  const out: Record<string, string> = {};
  const dropped: DroppedVariable[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const listed = ALLOWED.has(name) || extra.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
    if (!listed) continue;
    const refusal = refusalReason(name);
    if (refusal) {
      dropped.push({ name, reason: refusal });
      continue;
    }
    if (name === 'NODE_OPTIONS' && NODE_OPTIONS_UNSAFE.test(value)) {
      dropped.push({ name, reason: 'NODE_OPTIONS loads code or opens a debugger (--require/--import/--loader/--inspect)' });
      continue;
    }
    out[name] = value;
  }
  if (options.home !== undefined) out.HOME = options.home;
  if (options.tmp !== undefined) Object.assign(out, { TMPDIR: options.tmp, TEMP: options.tmp, TMP: options.tmp });
  Object.assign(out, FORCED_ENV);
  // Never a device: as root, `git config --global` would replace /dev/null itself. An empty file
  // in the throwaway HOME is as empty, and whatever sibling code writes there dies with that HOME.
  if (options.home !== undefined) out.GIT_CONFIG_GLOBAL = join(options.home, EMPTY_GITCONFIG);
  return { env: out as SafeEnv, dropped };
}

export function scrubEnv(env: Env, extraAllowed: readonly string[] = [], options: ScrubOptions = {}): SafeEnv {
  return scrubEnvDetailed(env, extraAllowed, options).env;
}
