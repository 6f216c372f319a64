import { findCount, key, nextMessageLine, pushLine, type LineParser, type Parsed } from './parse-util.ts';

// Test runners: each failing test is one finding "file > suite > test", the same shape for every
// runner, without line numbers.

// Vitest's default reporter lists every failure after the run (on stderr):
//    FAIL  test/math.test.ts > math > subtracts wrongly
//    FAIL  test/broken.test.ts [ test/broken.test.ts ]      <- a file that failed to load
//    FAIL  |project| test/x.test.ts > case                   <- with workspaces/projects
// and sums up on stdout:
//         Tests  2 failed | 2 passed (4)
const VITEST_FAIL = /^\s*FAIL\s+(?:\|[^|]+\|\s+)?(.+?)\s*$/;
const VITEST_SUITE_LOCATION = /\s+\[ .+ \]$/;
const VITEST_TESTS = /^\s*Tests\s+.*?(\d+) failed/;
const VITEST_FAILED_SUITES = /Failed Suites (\d+)/;
const VITEST_UNHANDLED = /Vitest caught (\d+) unhandled errors?/;
// The live tree, used only when the FAIL list was cut from the output:  "   × subtracts wrongly 11ms"
const VITEST_CROSS = /^\s*[×✗]\s+(.+?)(?:\s+\d+(?:\.\d+)?m?s)?\s*$/;

export const parseVitest: LineParser = (lines, context) => {
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  lines.forEach((line, index) => {
    const fail = VITEST_FAIL.exec(line);
    if (!fail) return;
    const [file = '', ...path] = (fail[1] ?? '').replace(VITEST_SUITE_LOCATION, '').split(' > ');
    out.findings.push(key([context.relative(file), ...path].join(' > ')));
    pushLine(out.firstLines, line.trim());
    const message = nextMessageLine(lines, index, (next) => VITEST_FAIL.test(next));
    if (message) pushLine(out.firstLines, message.trim());
  });
  const unhandled = findCount(lines, VITEST_UNHANDLED) ?? 0;
  for (let i = 0; i < unhandled; i++) out.findings.push('(unhandled error)');
  if (out.findings.length === unhandled) {
    for (const line of lines) {
      const cross = VITEST_CROSS.exec(line);
      if (cross) {
        out.findings.push(key(cross[1]));
        pushLine(out.firstLines, line.trim());
      }
    }
  }
  const counted = (findCount(lines, VITEST_TESTS) ?? 0) + (findCount(lines, VITEST_FAILED_SUITES) ?? 0) + unhandled;
  out.failures = Math.max(counted, out.findings.length);
  return out;
};

// Jest's default reporter:
//    FAIL  src/math.test.js (5.1 s)
//     ● math › subtracts wrongly
//     ● Test suite failed to run
//   Tests:       2 failed, 1 skipped, 3 passed, 6 total
// With many files it repeats every failure under "Summary of all failing tests"; we stop there.
const JEST_FILE = /^\s*(FAIL|PASS)\s+(.+?)(?:\s+\(\d[\d.]*\s*m?s\))?\s*$/;
const JEST_BULLET = /^\s*● (.+?)\s*$/;
const JEST_NOT_A_TEST = /^(Console|Validation (Error|Warning)|Deprecation Warning)\b/;
const JEST_TESTS = /^Tests:\s+.*?(\d+) failed/;

export const parseJest: LineParser = (lines, context) => {
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  let file: string | undefined;
  let suitesFailedToRun = 0;
  for (const [index, line] of lines.entries()) {
    if (/^\s*Summary of all failing tests/.test(line)) break;
    const header = JEST_FILE.exec(line);
    if (header) {
      file = header[1] === 'FAIL' ? context.relative(header[2] ?? '') : undefined;
      continue;
    }
    const bullet = JEST_BULLET.exec(line);
    if (!bullet || file === undefined || JEST_NOT_A_TEST.test(bullet[1] ?? '')) continue;
    if (bullet[1] === 'Test suite failed to run') {
      suitesFailedToRun++;
      out.findings.push(key(file));
    } else {
      out.findings.push(key([file, ...(bullet[1] ?? '').split(' › ')].join(' > ')));
    }
    pushLine(out.firstLines, `${file} ● ${bullet[1]}`);
    const message = nextMessageLine(lines, index, (next) => JEST_BULLET.test(next));
    if (message) pushLine(out.firstLines, message.trim());
  }
  out.failures = Math.max((findCount(lines, JEST_TESTS) ?? 0) + suitesFailedToRun, out.findings.length);
  return out;
};
