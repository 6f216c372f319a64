// Environment variables are read here and nowhere else; the rest of the tool gets a RunEnvironment.

/** A set of environment variables, as passed to a child process. */
export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface RunEnvironment {
  /** The whole environment, for child processes that need PATH, HOME and the like. */
  readonly vars: Readonly<Record<string, string | undefined>>;
  /** In CI (CI or GITHUB_ACTIONS set): apply by default. */
  readonly ci: boolean;
  readonly githubActions: boolean;
  readonly githubRepository: string | undefined;
  readonly githubToken: string | undefined;
  readonly githubApiUrl: string;
  readonly githubServerUrl: string;
  readonly githubStepSummary: string | undefined;
  readonly githubRunId: string | undefined;
  /** GITHUB_WORKSPACE: annotations name files relative to it. */
  readonly githubWorkspace: string | undefined;
  /** The digest prepare printed for its hand-off (checksums.json); publish refuses a hand-off that differs. */
  readonly handoffDigest: string | undefined;
  /** AUTO_SYNC_GITHUB_PACING=off: no spacing between API writes (a GitHub Enterprise server without secondary limits, tests). */
  readonly githubPacing: boolean;
  /** AUTO_SYNC_WORK_DIR: where verify keeps its validation directories and baseline cache. */
  readonly workDir: string | undefined;
  /** AUTO_SYNC_LOCK_WAIT_MS: how long a run waits for another run's lock on the target (default 5 s). */
  readonly lockWaitMs: number;
  /** AUTO_SYNC_LOCK_STALE_MS: a lock of another host untouched this long is stale (default 15 min). */
  readonly lockStaleMs: number;
  /** Looks up a token variable named in the config. */
  token(name: string): string | undefined;
}

export function readEnvironment(vars: Readonly<Record<string, string | undefined>> = process.env): RunEnvironment {
  const set = (name: string) => {
    const value = vars[name];
    return value !== undefined && value !== '' && value !== 'false' && value !== '0';
  };
  const nonEmpty = (name: string) => (vars[name] ? vars[name] : undefined);
  return {
    vars: { ...vars },
    ci: set('CI') || set('GITHUB_ACTIONS'),
    githubActions: set('GITHUB_ACTIONS'),
    githubRepository: nonEmpty('GITHUB_REPOSITORY'),
    githubToken: nonEmpty('GITHUB_TOKEN'),
    githubApiUrl: nonEmpty('GITHUB_API_URL') ?? 'https://api.github.com',
    githubServerUrl: nonEmpty('GITHUB_SERVER_URL') ?? 'https://github.com',
    githubStepSummary: nonEmpty('GITHUB_STEP_SUMMARY'),
    githubRunId: nonEmpty('GITHUB_RUN_ID'),
    githubWorkspace: nonEmpty('GITHUB_WORKSPACE'),
    handoffDigest: nonEmpty('AUTO_SYNC_HANDOFF_DIGEST'),
    githubPacing: vars.AUTO_SYNC_GITHUB_PACING !== 'off',
    workDir: nonEmpty('AUTO_SYNC_WORK_DIR'),
    lockWaitMs: milliseconds(vars.AUTO_SYNC_LOCK_WAIT_MS, 5_000),
    lockStaleMs: milliseconds(vars.AUTO_SYNC_LOCK_STALE_MS, 15 * 60_000),
    token: (name) => nonEmpty(name),
  };
}

/**
 * The link to this workflow run's log (GitHub Actions), or undefined off a runner. The run lives in
 * the repository whose workflow runs (GITHUB_REPOSITORY), which need not be the target.
 */
export function runUrlOf(env: RunEnvironment): string | undefined {
  if (!env.githubActions || !env.githubRunId || !env.githubRepository) return undefined;
  if (!/^[\w.-]+\/[\w.-]+$/.test(env.githubRepository) || !/^\d+$/.test(env.githubRunId)) return undefined;
  return `${env.githubServerUrl.replace(/\/+$/, '')}/${env.githubRepository}/actions/runs/${env.githubRunId}`;
}

/** The web host of GITHUB_SERVER_URL (github.com, or a GitHub Enterprise server): its repositories get links. */
export function githubWebHost(env: RunEnvironment): string | undefined {
  try {
    const url = new URL(env.githubServerUrl);
    return url.protocol === 'https:' ? url.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function milliseconds(value: string | undefined, fallback: number): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}
