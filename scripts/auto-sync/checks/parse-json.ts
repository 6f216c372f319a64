import { key, pushLine, stripAnsi, type ParseContext, type Parsed } from './parse-util.ts';

// Machine-readable reports, written by the tool to a file auto-sync names: jest's `--json` and
// vitest's `json` reporter (the same shape), ESLint's `--format json`. Findings have the same keys
// as the text parsers give ("file > suite > test", "file rule message"), so a baseline read either
// way compares. Pure: the caller reads the file. Returns undefined for anything that is not such a report.

export type ReportFormat = 'jest-json' | 'eslint-json';

export const REPORT_FORMATS: readonly ReportFormat[] = ['jest-json', 'eslint-json'];

export function parseReport(format: ReportFormat, text: string, context: ParseContext): Parsed | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return format === 'jest-json' ? parseJestJson(data, context) : parseEslintJson(data, context);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const firstLineOf = (text: string): string => stripAnsi(text).trim().split('\n')[0]?.trim() ?? '';

// { numFailedTests, testResults: [{ name, status, message, assertionResults: [{ ancestorTitles, title, status, failureMessages }] }] }
function parseJestJson(data: unknown, context: ParseContext): Parsed | undefined {
  if (!isRecord(data) || !Array.isArray(data.testResults)) return undefined;
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  for (const file of data.testResults) {
    if (!isRecord(file)) continue;
    const name = context.relative(typeof file.name === 'string' ? file.name : '(unnamed file)');
    const tests = Array.isArray(file.assertionResults) ? file.assertionResults.filter(isRecord) : [];
    const failed = tests.filter((t) => t.status === 'failed');
    for (const test of failed) {
      const title = typeof test.title === 'string' ? test.title : '(unnamed)';
      out.findings.push(key([name, ...strings(test.ancestorTitles), title].join(' > ')));
      pushLine(out.firstLines, `${name} ● ${[...strings(test.ancestorTitles), title].join(' › ')}`);
      const message = firstLineOf(strings(test.failureMessages)[0] ?? '');
      if (message) pushLine(out.firstLines, message);
    }
    // A file that failed with no failing test in it did not load (or failed outside any test).
    if (file.status === 'failed' && failed.length === 0) {
      out.findings.push(key(name));
      pushLine(out.firstLines, `${name} ● failed to run`);
      const message = firstLineOf(typeof file.message === 'string' ? file.message : '');
      if (message) pushLine(out.firstLines, message);
    }
  }
  const counted = typeof data.numFailedTests === 'number' ? data.numFailedTests : 0;
  const suites = typeof data.numRuntimeErrorTestSuites === 'number' ? data.numRuntimeErrorTestSuites : 0;
  out.failures = Math.max(counted + suites, out.findings.length);
  return out;
}

// [{ filePath, messages: [{ ruleId, severity (2 = error), message, fatal }] }]
function parseEslintJson(data: unknown, context: ParseContext): Parsed | undefined {
  if (!Array.isArray(data)) return undefined;
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  for (const file of data) {
    if (!isRecord(file) || !Array.isArray(file.messages)) continue;
    const path = context.relative(typeof file.filePath === 'string' ? file.filePath : '');
    for (const message of file.messages) {
      if (!isRecord(message) || message.severity !== 2) continue; // warnings never fail a sync
      const rule = typeof message.ruleId === 'string' ? message.ruleId : undefined;
      const text = typeof message.message === 'string' ? message.message : '';
      out.findings.push(key(path, rule, text));
      const at = typeof message.line === 'number' ? `${message.line}:${typeof message.column === 'number' ? message.column : 0}` : '';
      pushLine(out.firstLines, `${path}: ${[at, 'error', text, rule].filter(Boolean).join('  ')}`);
    }
  }
  out.errors = out.findings.length;
  return out;
}
