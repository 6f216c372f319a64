import { findCount, key, pushLine, type LineParser, type Parsed } from './parse-util.ts';

// Type checkers and linters: each problem is one finding keyed by file, code/rule and message,
// without line or column, so a baseline comparison survives code moving around.

const TSC_PLAIN = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/; // src/a.ts(1,7): error TS2322: …
const TSC_PRETTY = /^(.+?):(\d+):(\d+) - error (TS\d+): (.*)$/; // src/a.ts:1:7 - error TS2322: …
const TSC_GLOBAL = /^error (TS\d+): (.*)$/; // error TS5023: Unknown compiler option …
const TSC_FOUND = /^Found (\d+) errors?\b/;
// Options and project files: TS5xxx (compiler options), TS6xxx without a file (TS6053 file not
// found…; located TS6xxx are source errors such as TS6133 unused locals), TS18003 (no inputs), and
// anything reported in a JSON file (a tsconfig that does not parse). Depending on the version, tsc
// stops there or checks with other options than the project's: what it says about types proves nothing.
const TSC_CONFIG_CODE = /^TS(5\d{3}|18003)$/;
const TSC_GLOBAL_CONFIG_CODE = /^TS(5\d{3}|6\d{3}|18003)$/;

export const parseTsc: LineParser = (lines, context) => {
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  for (const line of lines) {
    const located = TSC_PLAIN.exec(line) ?? TSC_PRETTY.exec(line);
    if (located) {
      const [, file = '', , , code = '', message] = located;
      out.findings.push(key(context.relative(file), code, message));
      pushLine(out.firstLines, line);
      if (!out.problem && (TSC_CONFIG_CODE.test(code) || /\.json$/i.test(file)))
        out.problem = configProblem(key(context.relative(file), code, message));
      continue;
    }
    const global = TSC_GLOBAL.exec(line);
    if (global) {
      out.findings.push(key(global[1], global[2]));
      pushLine(out.firstLines, line);
      if (!out.problem && TSC_GLOBAL_CONFIG_CODE.test(global[1] ?? '')) out.problem = configProblem(key(global[1], global[2]));
    }
  }
  // "Found N errors" is printed in pretty mode only; trust whichever is larger.
  out.errors = Math.max(out.findings.length, findCount(lines, TSC_FOUND) ?? 0);
  return out;
};

function configProblem(finding: string): string {
  return `tsc reports a configuration error, so its type errors cannot be trusted: ${finding}`;
}

// ESLint's default "stylish" formatter:
//   /abs/path/src/a.js
//     1:10  error    'foo' is defined but never used  no-unused-vars
//     3:5   error    Parsing error: Unexpected token
//   ✖ 3 problems (2 errors, 1 warning)
const ESLINT_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)\s*$/;
const ESLINT_RULE = /^(.*?)\s{2,}(@?[\w-]+(?:\/[\w-]+)*)$/; // the rule is the last column, after 2+ spaces
const ESLINT_SUMMARY = /^✖ \d+ problems? \((\d+) errors?, \d+ warnings?\)/;

export const parseEslint: LineParser = (lines, context) => {
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  let file = '';
  for (const line of lines) {
    if (line.trim() === '') continue;
    const row = ESLINT_ROW.exec(line);
    if (row) {
      if (row[3] !== 'error') continue; // warnings never fail a sync
      const body = row[4] ?? '';
      const ruled = ESLINT_RULE.exec(body);
      const [message, rule] = ruled ? [ruled[1], ruled[2]] : [body, undefined];
      out.findings.push(key(file, rule, message));
      pushLine(out.firstLines, file ? `${file}: ${line.trim()}` : line);
      continue;
    }
    if (!/^\s/.test(line) && !line.startsWith('✖')) file = context.relative(line);
  }
  out.errors = Math.max(out.findings.length, findCount(lines, ESLINT_SUMMARY) ?? 0);
  return out;
};

// No parser: nothing is counted; lines that look like errors are still shown to the user.
export const parseNone: LineParser = (lines) => {
  const firstLines: string[] = [];
  for (const line of lines) if (/\b(error|fail(ed|ure)?)\b/i.test(line)) pushLine(firstLines, line);
  return { errors: 0, failures: 0, findings: [], firstLines };
};
