import { realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cachedParse } from '../config/validated-cache.ts';
import type { EnvVars } from '../env.ts';
import { SyncError } from '../errors.ts';
import type { ProcessRunner } from '../proc/run.ts';
import { gitBaseEnv } from './git.ts';

// The git auto-sync needs: integration applies commits with `git merge-tree --write-tree` (git 2.38).
// Checked once when a command opens the target, so an old git is named at once, not as a usage
// error of merge-tree half-way through a run.

export const MIN_GIT: readonly [number, number] = [2, 38];

/** A one-line problem for `git --version` output, or undefined when it is new enough. Pure. */
export function gitVersionProblem(output: string): string | undefined {
  const m = /git version (\d+)\.(\d+)/.exec(output);
  if (!m) return `cannot tell the git version from "${output.trim().slice(0, 80)}"`;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > MIN_GIT[0] || (major === MIN_GIT[0] && minor >= MIN_GIT[1])) return undefined;
  return `auto-sync needs git ${MIN_GIT.join('.')} or newer (merge-tree --write-tree); this is git ${major}.${minor}`;
}

export async function requireGitVersion(runner: ProcessRunner, env: EnvVars): Promise<void> {
  const ask = async (): Promise<string | null> => {
    const result = await runner.run('git', ['--version'], { env: gitBaseEnv(env), timeoutMs: 30_000 });
    if (result.startError) throw new SyncError('RUNTIME_UNSUPPORTED', `git was not found on PATH (${result.startError})`);
    return (result.ok ? gitVersionProblem(result.stdout) : `git --version failed (exit ${result.exitCode ?? result.signal})`) ?? null;
  };
  // Asked once per git binary (its path, inode, size and time): an idle hourly run spawns no extra process.
  const binary = gitBinary(env.PATH);
  const problem = binary ? await cachedParse('git-version', binary, ['git/version.ts'], ask) : await ask();
  if (problem) throw new SyncError('RUNTIME_UNSUPPORTED', problem);
}

/** The identity of the git that PATH finds: where it is and which file it is. */
function gitBinary(path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      const file = join(dir, 'git');
      const real = realpathSync(file);
      const st = statSync(real);
      if (st.isFile()) return `${real}\0${st.ino}\0${st.size}\0${st.mtimeMs}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
