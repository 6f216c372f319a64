import { parseEslint, parseNone, parseTsc } from './parse-compilers.ts';
import { parseReport, type ReportFormat } from './parse-json.ts';
import { parseNodeTest } from './parse-node-test.ts';
import { parseJest, parseVitest } from './parse-tests.ts';
import { makeContext, toLines, type LineParser } from './parse-util.ts';

// Turns a check's printed output into counts and comparable keys. Pure: no I/O, no clock.

export type Parser = 'tsc' | 'eslint' | 'vitest' | 'jest' | 'node-test' | 'none';

export const PARSERS: readonly Parser[] = ['tsc', 'eslint', 'vitest', 'jest', 'node-test', 'none'];

export interface Diagnosis {
  /** Type or lint errors (lint warnings do not count). */
  errors: number;
  /** Failing tests, including test files that failed to load. */
  failures: number;
  /**
   * One key per error or failure, without line or column numbers, so that a comparison with the
   * baseline survives shifted lines: "src/a.ts TS2322 Type 'string' is not …", "test/x.test.ts > suite > name".
   */
  findings: string[];
  /** The first ≤10 error lines, as printed (without colours). */
  firstLines: string[];
  /** The last ≤40 lines of output. */
  tail: string;
  /** The tool could not do its job (a tsc configuration error): the check is an error, never a known failure. */
  problem?: string;
  /** It failed, and neither its report nor its output said what failed: it can never be excused as known. */
  unrecognised?: boolean;
  /** Read from the tool's machine-readable report rather than its printed output. */
  fromReport?: boolean;
}

export interface DiagnoseOptions {
  /** The directory the check ran in: printed absolute paths are made relative to it. */
  cwd?: string;
  /** The machine-readable report the tool wrote, when it was asked for one (undefined: none was written). */
  report?: { format: ReportFormat; text: string | undefined };
}

const TAIL_LINES = 40;

const LINE_PARSERS: Record<Parser, LineParser> = {
  tsc: parseTsc,
  eslint: parseEslint,
  vitest: parseVitest,
  jest: parseJest,
  'node-test': parseNodeTest,
  none: parseNone,
};

export function diagnose(
  parser: Parser,
  stdout: string,
  stderr: string,
  exitCode: number | undefined,
  options: DiagnoseOptions = {},
): Diagnosis {
  const lines = [...toLines(stdout), ...toLines(stderr)];
  const context = makeContext(options.cwd);
  const printed = LINE_PARSERS[parser](lines, context);
  const report = options.report?.text === undefined ? undefined : parseReport(options.report.format, options.report.text, context);
  // The report is exact, but it leaves out what happened outside any test (vitest's unhandled
  // errors): when it finds nothing where the printed output does, the printed output is read.
  const useReport = report !== undefined && (report.findings.length > 0 || printed.findings.length === 0);
  const parsed = useReport ? { ...report, ...(printed.problem ? { problem: printed.problem } : {}) } : printed;
  // A failed run whose output the parser did not recognise (a crash, a config error) still shows
  // the lines that look like errors. The counts stay as parsed: the exit code is judged by the caller.
  const unexplained = exitCode !== 0 && parsed.firstLines.length === 0;
  const firstLines = unexplained ? parseNone(lines, context).firstLines : parsed.firstLines;
  const unrecognised = exitCode !== 0 && parser !== 'none' && parsed.errors + parsed.failures === 0 && !parsed.problem;
  return {
    ...parsed,
    firstLines,
    tail: tailOf(lines),
    ...(unrecognised ? { unrecognised: true } : {}),
    ...(useReport ? { fromReport: true } : {}),
  };
}

function tailOf(lines: readonly string[]): string {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  return lines
    .slice(Math.max(0, end - TAIL_LINES), end)
    .map((line) => line.trimEnd())
    .join('\n');
}

export interface BaselineDelta {
  newErrors: number;
  newFailures: number;
  newFindings: string[];
}

/**
 * What the current run has that the baseline did not. Findings are compared as multisets (two
 * identical errors where the baseline had one is one new error). Where findings do not account for
 * the counts (a parser saw only a summary line, or the output was cut), counts are compared instead.
 */
export function compareWithBaseline(current: Diagnosis, baseline: Diagnosis | undefined): BaselineDelta {
  if (!baseline) return { newErrors: current.errors, newFailures: current.failures, newFindings: [...current.findings] };
  const newFindings = multisetDifference(current.findings, baseline.findings);
  const complete = (d: Diagnosis) => d.findings.length >= d.errors + d.failures;
  const countDelta = {
    newErrors: Math.max(0, current.errors - baseline.errors),
    newFailures: Math.max(0, current.failures - baseline.failures),
  };
  if (!complete(current) || !complete(baseline)) return { ...countDelta, newFindings };
  // A parser reports either errors (tsc, eslint) or failures (test runners), so every new finding is one of them.
  if (current.failures === 0) return { newErrors: newFindings.length, newFailures: 0, newFindings };
  if (current.errors === 0) return { newErrors: 0, newFailures: newFindings.length, newFindings };
  return { ...countDelta, newFindings };
}

function multisetDifference(items: readonly string[], minus: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const item of minus) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  const out: string[] = [];
  for (const item of items) {
    const left = remaining.get(item) ?? 0;
    if (left > 0) remaining.set(item, left - 1);
    else out.push(item);
  }
  return out;
}
