import { lstat, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LockfileOutcome } from '../handoff/files.ts';
import type { Logger } from '../output/log.ts';
import { joinOutput, runStep } from '../output/progress.ts';
import { regenerateCommand } from '../plan/lockfiles.ts';
import type { ProcessRunner } from '../proc/run.ts';
import type { SandboxScope } from '../proc/sandbox.ts';
import { readTreeFile } from './tree-file.ts';

// Regenerates lockfiles in a validation tree with the project's package manager (plan/lockfiles.ts
// picks the command), run as the install step is: same scrubbed environment, sandbox and time limit.
// Sibling code (its .npmrc, its package.json) steers the tool, so nothing here holds a token, and
// what it wrote is read back as a regular file of bounded size, never through a link.

/** The most a regenerated lockfile may be to travel in results.json (handoff/schemas.ts allows this). */
export const REGENERATED_MAX_BYTES = 32 * 1024 * 1024;

export interface RegenerateDeps {
  runner: ProcessRunner;
  log: Logger;
  timeoutMs: number;
}

export interface RegenerateScope {
  env: Readonly<Record<string, string | undefined>>;
  sandbox: SandboxScope;
}

/** Every directory from `dir` down to `path`'s is a real directory, no link. */
async function plainDirectories(dir: string, path: string): Promise<boolean> {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const info = await lstat(join(dir, ...parts.slice(0, i))).catch(() => undefined);
    if (!info?.isDirectory()) return false;
  }
  return true;
}

/** Runs the command of each lockfile in its directory, in order; stops at the first failure. */
export async function regenerateLockfiles(
  deps: RegenerateDeps,
  scope: RegenerateScope,
  dir: string,
  paths: readonly string[],
  label: string,
): Promise<Omit<LockfileOutcome, 'tree'>> {
  const files: LockfileOutcome['files'] = [];
  const ran: string[] = [];
  let durationMs = 0;
  const originals = new Map<string, Buffer | undefined>();
  // A failure leaves the tree as the batch has it: the checks then run on what is published.
  const failed = async (reason: string): Promise<Omit<LockfileOutcome, 'tree'>> => {
    for (const [path, body] of originals) {
      // The package manager ran on sibling content: a directory it turned into a link is not followed.
      if (!(await plainDirectories(dir, path))) continue;
      await rm(join(dir, path), { force: true, recursive: true });
      if (body) await writeFile(join(dir, path), body, { flag: 'wx' });
    }
    return { status: 'failed', reason, durationMs, files: [] };
  };
  for (const path of paths) {
    if (path.split('/').some((part) => part === '' || part === '.' || part === '..'))
      return await failed(`${path}: not a path inside the tree`);
    const original = await readTreeFile(join(dir, path), REGENERATED_MAX_BYTES);
    originals.set(path, original);
    const command = regenerateCommand(path, original?.subarray(0, 4096).toString('utf8') ?? '');
    const shown = [command.file, ...command.args].join(' ');
    const result = await runStep(
      deps.log,
      { label: `${label} regenerate ${path}`, command: shown, limitMs: deps.timeoutMs },
      () =>
        deps.runner.run(command.file, command.args, {
          cwd: join(dir, dirname(path)),
          env: scope.env,
          sandbox: scope.sandbox,
          timeoutMs: deps.timeoutMs,
          group: true,
          maxOutputChars: 64 * 1024,
        }),
      (r) => ({
        status: r.ok ? 'passed' : r.timedOut ? 'timed-out' : 'failed',
        durationMs: r.durationMs,
        output: joinOutput(r.stdout, r.stderr),
      }),
    );
    durationMs += result.durationMs;
    if (!result.ok) {
      const why =
        result.startError ?? (result.timedOut ? `timed out after ${deps.timeoutMs} ms` : `exit ${result.exitCode ?? result.signal}`);
      const tail = result.stderr.trim().split('\n').slice(-5).join(' | ');
      return await failed(`${shown} in ${dirname(path)}: ${why}${tail ? `: ${tail}` : ''}`);
    }
    const body = await readTreeFile(join(dir, path), REGENERATED_MAX_BYTES);
    if (!body) return await failed(`${shown} left no regular file ${path} (at most ${REGENERATED_MAX_BYTES} bytes)`);
    const content = body.toString('utf8');
    // Carried as text: bytes that are not UTF-8 would not come back the same.
    if (!Buffer.from(content, 'utf8').equals(body)) return await failed(`${path} as regenerated is not UTF-8 text`);
    files.push({ path, content });
    ran.push(shown);
  }
  return { status: 'ran', reason: [...new Set(ran)].join('; '), durationMs, files };
}
