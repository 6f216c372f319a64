import { stat } from 'node:fs/promises';
import type { RunStatus } from '../plan/types.ts';
import type { ProcessRunner, RunResult } from '../proc/run.ts';
import type { SandboxScope } from '../proc/sandbox.ts';
import { diagnose, type Diagnosis, type Parser } from './diagnose.ts';
import type { ReportFormat } from './parse-json.ts';
import type { SafeEnv } from './scrub-env.ts';
import { readTreeFile } from './tree-file.ts';

// Runs one validation command from sibling code: its own process group (so a timeout takes every
// child with it), stdin at EOF, bounded output, and a result that is data, never an exception.

export interface CheckSpec {
  name: string;
  /** A string goes through `sh -c`; an array is argv. */
  run: string | readonly string[];
  timeoutMs: number;
  parser: Parser;
  /** The machine-readable report the command is told to write (checks/plan-check.ts), read after it ends. */
  report?: { path: string; format: ReportFormat };
}

export type CheckStatus = RunStatus;

export interface CheckResult {
  name: string;
  status: CheckStatus;
  exitCode: number | undefined;
  signal: string | undefined;
  durationMs: number;
  diagnosis: Diagnosis;
  /** For 'error' (the command could not run), 'timed-out' and signal kills: what happened, in one line. */
  message?: string;
  /** For 'error': what the user can do. */
  hint?: string;
  /** What the command printed (each stream bounded), for the runner's log; not part of the results. */
  output?: { stdout: string; stderr: string };
}

export interface CheckOptions {
  cwd: string;
  env: SafeEnv;
  /** Where the command runs (proc/sandbox.ts); without one, a plain process. */
  sandbox?: SandboxScope;
}

/** Per stream: the head and tail of a long log are where compilers and test runners say what matters. */
export const MAX_OUTPUT_CHARS = 64 * 1024;
/** A report larger than this is not read (the printed output is parsed instead). */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;

// sh's codes for "command not found" and "found but not executable".
const SHELL_NOT_FOUND = 127;
const SHELL_NOT_EXECUTABLE = 126;

export async function runCheck(runner: ProcessRunner, check: CheckSpec, options: CheckOptions): Promise<CheckResult> {
  const cwdProblem = await checkDirectory(options.cwd);
  if (cwdProblem) return errorResult(check, cwdProblem, 0);
  const [file, ...args] = typeof check.run === 'string' ? ['/bin/sh', '-c', check.run] : check.run;
  if (file === undefined || file === '') return errorResult(check, 'the command is empty', 0);
  const result = await runner.run(file, args, {
    cwd: options.cwd,
    env: options.env,
    input: '', // EOF at once: a check waiting for input would otherwise sit until its timeout
    timeoutMs: check.timeoutMs,
    group: true,
    maxOutputChars: MAX_OUTPUT_CHARS,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
  // The report is the sibling's file: read without following a link, bounded (checks/tree-file.ts).
  const reportBytes = check.report ? await readTreeFile(check.report.path, MAX_REPORT_BYTES) : undefined;
  const diagnosis = diagnose(check.parser, result.stdout, result.stderr, result.exitCode, {
    cwd: options.cwd,
    ...(check.report ? { report: { format: check.report.format, text: reportBytes?.toString('utf8') } } : {}),
  });
  const output = { stdout: result.stdout, stderr: result.stderr };
  const base = { name: check.name, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs, diagnosis, output };
  const startProblem = startFailure(check, result);
  if (startProblem) {
    const shown = diagnosis.firstLines.length > 0 ? diagnosis : { ...diagnosis, firstLines: [startProblem] };
    return { ...errorResult(check, startProblem, result.durationMs), ...base, diagnosis: shown };
  }
  if (result.timedOut)
    return {
      ...base,
      status: 'timed-out',
      message: `${check.name} did not finish within ${check.timeoutMs} ms and was killed with all its children`,
    };
  if (result.signal) return { ...base, status: 'failed', message: `${check.name} was killed by ${result.signal}` };
  if (result.exitCode === 0) return { ...base, status: 'passed' };
  if (diagnosis.problem) return { ...base, status: 'error', message: diagnosis.problem, hint: CONFIG_PROBLEM_HINT };
  if (diagnosis.unrecognised)
    return {
      ...base,
      status: 'failed',
      message: `failed, output not recognised (parser ${check.parser}): nothing counted, so it is never taken for a known failure`,
    };
  return { ...base, status: 'failed' };
}

const CONFIG_PROBLEM_HINT =
  "Fix the project's configuration on the target branch (tsconfig.json), or set checks[].run to what the project uses.";

function startFailure(check: CheckSpec, result: RunResult): string | undefined {
  const display = typeof check.run === 'string' ? check.run : check.run.join(' ');
  if (result.startError) return `could not start \`${display}\`: ${result.startError}`;
  if (typeof check.run !== 'string') return undefined;
  // Only for the shell form: an argv program may use 126/127 as its own exit codes.
  const said = lastLine(result.stderr);
  if (result.exitCode === SHELL_NOT_FOUND) return `could not start \`${display}\`: command not found${said ? ` (${said})` : ''}`;
  if (result.exitCode === SHELL_NOT_EXECUTABLE) return `could not start \`${display}\`: not executable${said ? ` (${said})` : ''}`;
  return undefined;
}

async function checkDirectory(cwd: string): Promise<string | undefined> {
  try {
    if (!(await stat(cwd)).isDirectory()) return `the working directory ${cwd} is not a directory`;
    return undefined;
  } catch {
    return `the working directory ${cwd} does not exist`;
  }
}

/** A check that could not start is reported in its result, never thrown, so it has a hint but no error code. */
const FAILED_TO_START_HINT = 'Check the command in checks[] / smoke[]; it must exist in the validation worktree.';

function errorResult(check: CheckSpec, message: string, durationMs: number): CheckResult {
  const diagnosis: Diagnosis = { errors: 0, failures: 0, findings: [], firstLines: [message], tail: '' };
  return {
    name: check.name,
    status: 'error',
    exitCode: undefined,
    signal: undefined,
    durationMs,
    diagnosis,
    message,
    hint: FAILED_TO_START_HINT,
  };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1)?.trim() ?? '';
}
