import { findCount, key, nextMessageLine, pushLine, type LineParser, type ParseContext, type Parsed } from './parse-util.ts';

// `node --test`: the spec reporter (the default, also when piped, since Node 23) and TAP
// (--test-reporter=tap). Findings are "file > suite > test", like the other test runners.

const FAIL_COUNT = /^[ℹ#] fail (\d+)\s*$/;

export const parseNodeTest: LineParser = (lines, context) => {
  const tap = lines.some((line) => /^TAP version \d+/.test(line) || /^\s*(not )?ok \d+\b/.test(line));
  const out = tap ? parseTap(lines, context) : parseSpec(lines, context);
  out.failures = Math.max(findCount(lines, FAIL_COUNT) ?? 0, out.findings.length);
  return out;
};

interface Frame {
  indent: number;
  name: string;
  hasChildren: boolean;
}

// Spec reporter. The live tree gives the suite path; the closing "✖ failing tests:" list gives the file:
//   ▶ math
//     ✖ subtracts wrongly (1.5ms)
//   ✖ math (7.6ms)                       <- a suite closing, not a test
//   ✖ failing tests:
//   test at test/a.test.mjs:5:3
//   ✖ subtracts wrongly (1.5ms)
//     AssertionError [ERR_ASSERTION]: …
const SPEC_SUITE = /^(\s*)▶ (.+?)\s*$/;
const SPEC_RESULT = /^(\s*)([✖✔﹣]) (.+?)(?: \([\d.]+m?s\))?(?: # .*)?\s*$/;
const SPEC_LIST = /^✖ failing tests:\s*$/;
const SPEC_AT = /^test at (.+?)(?::\d+){1,2}\s*$/;

function parseSpec(lines: readonly string[], context: ParseContext): Parsed {
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  const listAt = lines.findIndex((line) => SPEC_LIST.test(line));
  const tree = listAt === -1 ? lines : lines.slice(0, listAt);
  const stack: Frame[] = [];
  const treeFailures: string[][] = [];
  for (const line of tree) {
    const suite = SPEC_SUITE.exec(line);
    if (suite) {
      stack.push({ indent: suite[1]?.length ?? 0, name: suite[2] ?? '', hasChildren: true });
      continue;
    }
    const result = SPEC_RESULT.exec(line);
    if (!result) continue;
    const indent = result[1]?.length ?? 0;
    const name = result[3] ?? '';
    const top = stack.at(-1);
    if (top && top.indent === indent && top.name === name) stack.pop();
    else if (result[2] === '✖') treeFailures.push([...stack.map((frame) => frame.name), name]);
  }
  if (listAt === -1) {
    for (const path of treeFailures) out.findings.push(key(path.join(' > ')));
    return out;
  }
  for (let i = listAt + 1; i < lines.length; i++) {
    const at = SPEC_AT.exec(lines[i] ?? '');
    const result = at && SPEC_RESULT.exec(lines[i + 1] ?? '');
    if (!at || !result) continue;
    const file = context.relative(at[1] ?? '');
    const name = result[3] ?? '';
    const found = treeFailures.findIndex((path) => path.at(-1) === name);
    const path = found === -1 ? [name] : (treeFailures.splice(found, 1)[0] ?? [name]);
    out.findings.push(key(name === file ? file : [file, ...path].join(' > ')));
    pushLine(out.firstLines, `${file}: ${(lines[i + 1] ?? '').trim()}`);
    const message = nextMessageLine(lines, i + 1, (next) => SPEC_AT.test(next));
    if (message) pushLine(out.firstLines, message.trim());
  }
  return out;
}

// TAP: a "not ok" with subtests is a suite (its failure is its children's), TODO/SKIP never fail.
//   # Subtest: math
//       not ok 2 - subtracts wrongly
//         ---
//         location: '/abs/test/a.test.mjs:5:3'
const TAP_SUBTEST = /^(\s*)# Subtest: (.+?)\s*$/;
const TAP_RESULT = /^(\s*)(not )?ok \d+(?: - (.*?))?(?:\s+#\s*(TODO|SKIP)\b.*)?\s*$/i;
const TAP_LOCATION = /^\s+location: '(.+?)(?::\d+){1,2}'\s*$/;

function parseTap(lines: readonly string[], context: ParseContext): Parsed {
  const out: Parsed = { errors: 0, failures: 0, findings: [], firstLines: [] };
  const stack: Frame[] = [];
  let pending: { path: string[]; indent: number } | undefined;
  const settle = (file?: string) => {
    if (!pending) return;
    const path = file !== undefined && pending.path.at(-1) === file ? [file] : file !== undefined ? [file, ...pending.path] : pending.path;
    out.findings.push(key(path.join(' > ')));
    pending = undefined;
  };
  for (const line of lines) {
    const subtest = TAP_SUBTEST.exec(line);
    if (subtest) {
      settle();
      const indent = subtest[1]?.length ?? 0;
      const parent = stack.at(-1);
      if (parent && parent.indent < indent) parent.hasChildren = true;
      stack.push({ indent, name: subtest[2] ?? '', hasChildren: false });
      continue;
    }
    const result = TAP_RESULT.exec(line);
    if (result) {
      settle();
      const indent = result[1]?.length ?? 0;
      const frame = stack.at(-1)?.indent === indent ? stack.pop() : undefined;
      if (result[2] && !result[4] && !frame?.hasChildren) {
        pending = { path: [...stack.map((entry) => entry.name), result[3] ?? frame?.name ?? '(unnamed)'], indent };
        pushLine(out.firstLines, line.trim());
      }
      continue;
    }
    const location = pending && TAP_LOCATION.exec(line);
    if (location) settle(context.relative(location[1] ?? ''));
  }
  settle();
  return out;
}
