import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TEST_GIT_ENV } from './repo.ts';

// Runs the real CLI as a subprocess, with Node 24 (this process's node) and tsx's loader.

export const ENTRY = fileURLToPath(new URL('../../index.ts', import.meta.url));
// Resolved here: the child runs in a temp dir where `tsx` cannot be found by name.
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A clean environment: no CI variables from the machine, test git identity, no global config. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...TEST_GIT_ENV };
  // The test run's temporary root (test/global-setup.ts), so that what the CLI leaves there goes too.
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; /** Another copy of the tool's index.ts. */ entry?: string },
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, options.entry ?? ENTRY, ...args],
      { cwd: options.cwd, env: cliEnv(options.env), maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function writeConfig(dir: string, config: unknown, path = 'auto-sync.config.json'): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, `${JSON.stringify(config, null, 2)}\n`);
  return full;
}
