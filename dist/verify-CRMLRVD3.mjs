#!/usr/bin/env node
// auto-sync, bundled by scripts/build.ts from scripts/auto-sync/ (do not edit: run `npm run build`).
if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(`error: RUNTIME_UNSUPPORTED: ${"auto-sync needs Node 24 or newer; this is Node "}${process.versions.node}\n  → ${"Use Node 24 or newer (in this repository `npx node` is Node 24; on a runner actions/setup-node with node-version: 24) and git 2.38 or newer (for merge-tree --write-tree)."}\n`);
  process.exit(2);
}
import { createRequire as __autoSyncCreateRequire } from 'node:module';
import { dirname as __autoSyncDirname } from 'node:path';
import { fileURLToPath as __autoSyncFileURLToPath } from 'node:url';
const require = __autoSyncCreateRequire(import.meta.url);
const __filename = __autoSyncFileURLToPath(import.meta.url);
const __dirname = __autoSyncDirname(__filename);
const __autoSyncDistDir = __dirname;
import {
  readRepoFacts,
  readTreeFile
} from "./chunk-UY2TSZ73.mjs";
import {
  materializeTree
} from "./chunk-2KSAOAM6.mjs";
import {
  treeWithFiles
} from "./chunk-QPJYUZDN.mjs";
import {
  regenerateCommand,
  regeneratedPaths
} from "./chunk-I3IPG4P4.mjs";
import {
  treeOf
} from "./chunk-KYXXX33O.mjs";
import {
  nowMs
} from "./chunk-EGVF3VTZ.mjs";
import {
  claimRunDir,
  makeTempDir,
  removeTempDir
} from "./chunk-6AZSIFK2.mjs";
import "./chunk-JXGPT7T4.mjs";
import "./chunk-DGVNAYVH.mjs";
import "./chunk-FE3YQVJZ.mjs";
import {
  EMPTY_GITCONFIG,
  MAX_FIRST_LINES,
  findCount,
  key,
  makeContext,
  nextMessageLine,
  planCheck,
  pushLine,
  runSmoke,
  scrubEnv,
  stripAnsi,
  toLines
} from "./chunk-FOLJCIBQ.mjs";
import {
  createMatcher
} from "./chunk-4U3R6STH.mjs";
import "./chunk-F3D2PCZV.mjs";
import "./chunk-BBBARBGM.mjs";
import {
  PACKAGE_ROOT
} from "./chunk-N3FRCOHJ.mjs";
import {
  SyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/verify.ts
init_define_AUTO_SYNC_BUILD();
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat as lstat3, mkdir, readdir as readdir3, rename, rm as rm2, stat as stat3, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join4, relative as relative2 } from "node:path";

// scripts/auto-sync/checks/diagnose.ts
init_define_AUTO_SYNC_BUILD();

// scripts/auto-sync/checks/parse-compilers.ts
init_define_AUTO_SYNC_BUILD();
var TSC_PLAIN = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
var TSC_PRETTY = /^(.+?):(\d+):(\d+) - error (TS\d+): (.*)$/;
var TSC_GLOBAL = /^error (TS\d+): (.*)$/;
var TSC_FOUND = /^Found (\d+) errors?\b/;
var TSC_CONFIG_CODE = /^TS(5\d{3}|18003)$/;
var TSC_GLOBAL_CONFIG_CODE = /^TS(5\d{3}|6\d{3}|18003)$/;
var parseTsc = (lines, context) => {
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  for (const line of lines) {
    const located = TSC_PLAIN.exec(line) ?? TSC_PRETTY.exec(line);
    if (located) {
      const [, file = "", , , code = "", message] = located;
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
      if (!out.problem && TSC_GLOBAL_CONFIG_CODE.test(global[1] ?? "")) out.problem = configProblem(key(global[1], global[2]));
    }
  }
  out.errors = Math.max(out.findings.length, findCount(lines, TSC_FOUND) ?? 0);
  return out;
};
function configProblem(finding) {
  return `tsc reports a configuration error, so its type errors cannot be trusted: ${finding}`;
}
var ESLINT_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)\s*$/;
var ESLINT_RULE = /^(.*?)\s{2,}(@?[\w-]+(?:\/[\w-]+)*)$/;
var ESLINT_SUMMARY = /^✖ \d+ problems? \((\d+) errors?, \d+ warnings?\)/;
var parseEslint = (lines, context) => {
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  let file = "";
  for (const line of lines) {
    if (line.trim() === "") continue;
    const row = ESLINT_ROW.exec(line);
    if (row) {
      if (row[3] !== "error") continue;
      const body = row[4] ?? "";
      const ruled = ESLINT_RULE.exec(body);
      const [message, rule] = ruled ? [ruled[1], ruled[2]] : [body, void 0];
      out.findings.push(key(file, rule, message));
      pushLine(out.firstLines, file ? `${file}: ${line.trim()}` : line);
      continue;
    }
    if (!/^\s/.test(line) && !line.startsWith("✖")) file = context.relative(line);
  }
  out.errors = Math.max(out.findings.length, findCount(lines, ESLINT_SUMMARY) ?? 0);
  return out;
};
var parseNone = (lines) => {
  const firstLines = [];
  for (const line of lines) if (/\b(error|fail(ed|ure)?)\b/i.test(line)) pushLine(firstLines, line);
  return { errors: 0, failures: 0, findings: [], firstLines };
};

// scripts/auto-sync/checks/parse-json.ts
init_define_AUTO_SYNC_BUILD();
function parseReport(format, text, context) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return void 0;
  }
  return format === "jest-json" ? parseJestJson(data, context) : parseEslintJson(data, context);
}
var isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
var strings = (value) => Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
var firstLineOf = (text) => stripAnsi(text).trim().split("\n")[0]?.trim() ?? "";
function parseJestJson(data, context) {
  if (!isRecord(data) || !Array.isArray(data.testResults)) return void 0;
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  for (const file of data.testResults) {
    if (!isRecord(file)) continue;
    const name = context.relative(typeof file.name === "string" ? file.name : "(unnamed file)");
    const tests = Array.isArray(file.assertionResults) ? file.assertionResults.filter(isRecord) : [];
    const failed = tests.filter((t) => t.status === "failed");
    for (const test of failed) {
      const title = typeof test.title === "string" ? test.title : "(unnamed)";
      out.findings.push(key([name, ...strings(test.ancestorTitles), title].join(" > ")));
      pushLine(out.firstLines, `${name} ● ${[...strings(test.ancestorTitles), title].join(" › ")}`);
      const message = firstLineOf(strings(test.failureMessages)[0] ?? "");
      if (message) pushLine(out.firstLines, message);
    }
    if (file.status === "failed" && failed.length === 0) {
      out.findings.push(key(name));
      pushLine(out.firstLines, `${name} ● failed to run`);
      const message = firstLineOf(typeof file.message === "string" ? file.message : "");
      if (message) pushLine(out.firstLines, message);
    }
  }
  const counted = typeof data.numFailedTests === "number" ? data.numFailedTests : 0;
  const suites = typeof data.numRuntimeErrorTestSuites === "number" ? data.numRuntimeErrorTestSuites : 0;
  out.failures = Math.max(counted + suites, out.findings.length);
  return out;
}
function parseEslintJson(data, context) {
  if (!Array.isArray(data)) return void 0;
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  for (const file of data) {
    if (!isRecord(file) || !Array.isArray(file.messages)) continue;
    const path = context.relative(typeof file.filePath === "string" ? file.filePath : "");
    for (const message of file.messages) {
      if (!isRecord(message) || message.severity !== 2) continue;
      const rule = typeof message.ruleId === "string" ? message.ruleId : void 0;
      const text = typeof message.message === "string" ? message.message : "";
      out.findings.push(key(path, rule, text));
      const at = typeof message.line === "number" ? `${message.line}:${typeof message.column === "number" ? message.column : 0}` : "";
      pushLine(out.firstLines, `${path}: ${[at, "error", text, rule].filter(Boolean).join("  ")}`);
    }
  }
  out.errors = out.findings.length;
  return out;
}

// scripts/auto-sync/checks/parse-node-test.ts
init_define_AUTO_SYNC_BUILD();
var FAIL_COUNT = /^[ℹ#] fail (\d+)\s*$/;
var parseNodeTest = (lines, context) => {
  const tap = lines.some((line) => /^TAP version \d+/.test(line) || /^\s*(not )?ok \d+\b/.test(line));
  const out = tap ? parseTap(lines, context) : parseSpec(lines, context);
  out.failures = Math.max(findCount(lines, FAIL_COUNT) ?? 0, out.findings.length);
  return out;
};
var SPEC_SUITE = /^(\s*)▶ (.+?)\s*$/;
var SPEC_RESULT = /^(\s*)([✖✔﹣]) (.+?)(?: \([\d.]+m?s\))?(?: # .*)?\s*$/;
var SPEC_LIST = /^✖ failing tests:\s*$/;
var SPEC_AT = /^test at (.+?)(?::\d+){1,2}\s*$/;
function parseSpec(lines, context) {
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  const listAt = lines.findIndex((line) => SPEC_LIST.test(line));
  const tree = listAt === -1 ? lines : lines.slice(0, listAt);
  const stack = [];
  const treeFailures = [];
  for (const line of tree) {
    const suite = SPEC_SUITE.exec(line);
    if (suite) {
      stack.push({ indent: suite[1]?.length ?? 0, name: suite[2] ?? "", hasChildren: true });
      continue;
    }
    const result = SPEC_RESULT.exec(line);
    if (!result) continue;
    const indent = result[1]?.length ?? 0;
    const name = result[3] ?? "";
    const top = stack.at(-1);
    if (top && top.indent === indent && top.name === name) stack.pop();
    else if (result[2] === "✖") treeFailures.push([...stack.map((frame) => frame.name), name]);
  }
  if (listAt === -1) {
    for (const path of treeFailures) out.findings.push(key(path.join(" > ")));
    return out;
  }
  for (let i = listAt + 1; i < lines.length; i++) {
    const at = SPEC_AT.exec(lines[i] ?? "");
    const result = at && SPEC_RESULT.exec(lines[i + 1] ?? "");
    if (!at || !result) continue;
    const file = context.relative(at[1] ?? "");
    const name = result[3] ?? "";
    const found = treeFailures.findIndex((path2) => path2.at(-1) === name);
    const path = found === -1 ? [name] : treeFailures.splice(found, 1)[0] ?? [name];
    out.findings.push(key(name === file ? file : [file, ...path].join(" > ")));
    pushLine(out.firstLines, `${file}: ${(lines[i + 1] ?? "").trim()}`);
    const message = nextMessageLine(lines, i + 1, (next) => SPEC_AT.test(next));
    if (message) pushLine(out.firstLines, message.trim());
  }
  return out;
}
var TAP_SUBTEST = /^(\s*)# Subtest: (.+?)\s*$/;
var TAP_RESULT = /^(\s*)(not )?ok \d+(?: - (.*?))?(?:\s+#\s*(TODO|SKIP)\b.*)?\s*$/i;
var TAP_LOCATION = /^\s+location: '(.+?)(?::\d+){1,2}'\s*$/;
function parseTap(lines, context) {
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  const stack = [];
  let pending;
  const settle = (file) => {
    if (!pending) return;
    const path = file !== void 0 && pending.path.at(-1) === file ? [file] : file !== void 0 ? [file, ...pending.path] : pending.path;
    out.findings.push(key(path.join(" > ")));
    pending = void 0;
  };
  for (const line of lines) {
    const subtest = TAP_SUBTEST.exec(line);
    if (subtest) {
      settle();
      const indent = subtest[1]?.length ?? 0;
      const parent = stack.at(-1);
      if (parent && parent.indent < indent) parent.hasChildren = true;
      stack.push({ indent, name: subtest[2] ?? "", hasChildren: false });
      continue;
    }
    const result = TAP_RESULT.exec(line);
    if (result) {
      settle();
      const indent = result[1]?.length ?? 0;
      const frame = stack.at(-1)?.indent === indent ? stack.pop() : void 0;
      if (result[2] && !result[4] && !frame?.hasChildren) {
        pending = { path: [...stack.map((entry) => entry.name), result[3] ?? frame?.name ?? "(unnamed)"], indent };
        pushLine(out.firstLines, line.trim());
      }
      continue;
    }
    const location = pending && TAP_LOCATION.exec(line);
    if (location) settle(context.relative(location[1] ?? ""));
  }
  settle();
  return out;
}

// scripts/auto-sync/checks/parse-tests.ts
init_define_AUTO_SYNC_BUILD();
var VITEST_FAIL = /^\s*FAIL\s+(?:\|[^|]+\|\s+)?(.+?)\s*$/;
var VITEST_SUITE_LOCATION = /\s+\[ .+ \]$/;
var VITEST_TESTS = /^\s*Tests\s+.*?(\d+) failed/;
var VITEST_FAILED_SUITES = /Failed Suites (\d+)/;
var VITEST_UNHANDLED = /Vitest caught (\d+) unhandled errors?/;
var VITEST_CROSS = /^\s*[×✗]\s+(.+?)(?:\s+\d+(?:\.\d+)?m?s)?\s*$/;
var parseVitest = (lines, context) => {
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  lines.forEach((line, index) => {
    const fail = VITEST_FAIL.exec(line);
    if (!fail) return;
    const [file = "", ...path] = (fail[1] ?? "").replace(VITEST_SUITE_LOCATION, "").split(" > ");
    out.findings.push(key([context.relative(file), ...path].join(" > ")));
    pushLine(out.firstLines, line.trim());
    const message = nextMessageLine(lines, index, (next) => VITEST_FAIL.test(next));
    if (message) pushLine(out.firstLines, message.trim());
  });
  const unhandled = findCount(lines, VITEST_UNHANDLED) ?? 0;
  for (let i = 0; i < unhandled; i++) out.findings.push("(unhandled error)");
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
var JEST_FILE = /^\s*(FAIL|PASS)\s+(.+?)(?:\s+\(\d[\d.]*\s*m?s\))?\s*$/;
var JEST_BULLET = /^\s*● (.+?)\s*$/;
var JEST_NOT_A_TEST = /^(Console|Validation (Error|Warning)|Deprecation Warning)\b/;
var JEST_TESTS = /^Tests:\s+.*?(\d+) failed/;
var parseJest = (lines, context) => {
  const out = { errors: 0, failures: 0, findings: [], firstLines: [] };
  let file;
  let suitesFailedToRun = 0;
  for (const [index, line] of lines.entries()) {
    if (/^\s*Summary of all failing tests/.test(line)) break;
    const header = JEST_FILE.exec(line);
    if (header) {
      file = header[1] === "FAIL" ? context.relative(header[2] ?? "") : void 0;
      continue;
    }
    const bullet = JEST_BULLET.exec(line);
    if (!bullet || file === void 0 || JEST_NOT_A_TEST.test(bullet[1] ?? "")) continue;
    if (bullet[1] === "Test suite failed to run") {
      suitesFailedToRun++;
      out.findings.push(key(file));
    } else {
      out.findings.push(key([file, ...(bullet[1] ?? "").split(" › ")].join(" > ")));
    }
    pushLine(out.firstLines, `${file} ● ${bullet[1]}`);
    const message = nextMessageLine(lines, index, (next) => JEST_BULLET.test(next));
    if (message) pushLine(out.firstLines, message.trim());
  }
  out.failures = Math.max((findCount(lines, JEST_TESTS) ?? 0) + suitesFailedToRun, out.findings.length);
  return out;
};

// scripts/auto-sync/checks/diagnose.ts
var TAIL_LINES = 40;
var LINE_PARSERS = {
  tsc: parseTsc,
  eslint: parseEslint,
  vitest: parseVitest,
  jest: parseJest,
  "node-test": parseNodeTest,
  none: parseNone
};
function diagnose(parser, stdout, stderr, exitCode, options = {}) {
  const lines = [...toLines(stdout), ...toLines(stderr)];
  const context = makeContext(options.cwd);
  const printed = LINE_PARSERS[parser](lines, context);
  const report = options.report?.text === void 0 ? void 0 : parseReport(options.report.format, options.report.text, context);
  const useReport = report !== void 0 && (report.findings.length > 0 || printed.findings.length === 0);
  const parsed = useReport ? { ...report, ...printed.problem ? { problem: printed.problem } : {} } : printed;
  const unexplained = exitCode !== 0 && parsed.firstLines.length === 0;
  const firstLines = unexplained ? parseNone(lines, context).firstLines : parsed.firstLines;
  const unrecognised = exitCode !== 0 && parser !== "none" && parsed.errors + parsed.failures === 0 && !parsed.problem;
  return {
    ...parsed,
    firstLines,
    tail: tailOf(lines),
    ...unrecognised ? { unrecognised: true } : {},
    ...useReport ? { fromReport: true } : {}
  };
}
function tailOf(lines) {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(Math.max(0, end - TAIL_LINES), end).map((line) => line.trimEnd()).join("\n");
}
function compareWithBaseline(current, baseline) {
  if (!baseline) return { newErrors: current.errors, newFailures: current.failures, newFindings: [...current.findings] };
  const newFindings = multisetDifference(current.findings, baseline.findings);
  const complete = (d) => d.findings.length >= d.errors + d.failures;
  const countDelta = {
    newErrors: Math.max(0, current.errors - baseline.errors),
    newFailures: Math.max(0, current.failures - baseline.failures)
  };
  if (!complete(current) || !complete(baseline)) return { ...countDelta, newFindings };
  if (current.failures === 0) return { newErrors: newFindings.length, newFailures: 0, newFindings };
  if (current.errors === 0) return { newErrors: 0, newFailures: newFindings.length, newFindings };
  return { ...countDelta, newFindings };
}
function multisetDifference(items, minus) {
  const remaining = /* @__PURE__ */ new Map();
  for (const item of minus) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  const out = [];
  for (const item of items) {
    const left = remaining.get(item) ?? 0;
    if (left > 0) remaining.set(item, left - 1);
    else out.push(item);
  }
  return out;
}

// scripts/auto-sync/checks/prisma.ts
init_define_AUTO_SYNC_BUILD();
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
var TAIL_LINES2 = 40;
async function validatePrismaSchema(path, options = {}) {
  const isDir = (await stat(path)).isDirectory();
  const root = options.root ?? (isDir ? path : dirname(path));
  const absolute = isDir ? await findSchemaFiles(path) : [path];
  const files = await Promise.all(
    absolute.map(async (file) => [toName(root, file), (await readTreeFile(file))?.toString("utf8") ?? ""])
  );
  if (files.length === 0) {
    const message = `no .prisma files under ${path}`;
    return { errors: 1, failures: 0, findings: [message], firstLines: [message], tail: "", files: [] };
  }
  const loaded = await import("./prisma_schema_build-6VFCBY7H.mjs");
  const engine = "validate" in loaded ? loaded : loaded.default;
  const names = files.map(([name]) => name);
  const failure = validateWith(engine.validate, files);
  if (!failure) return { errors: 0, failures: 0, findings: [], firstLines: [], tail: "", files: names };
  const contents = new Map(files);
  const diagnostics = lintWith(engine.lint, files).filter((entry) => !entry.is_warning).sort((a, b) => a.file_name === b.file_name ? a.start - b.start : a.file_name < b.file_name ? -1 : 1);
  const findings = [];
  const firstLines = [];
  for (const entry of diagnostics) {
    findings.push(key(entry.file_name, failure.code, entry.text));
    const { line, text } = lineAt(contents.get(entry.file_name) ?? "", entry.start);
    if (firstLines.length < MAX_FIRST_LINES)
      firstLines.push(`${entry.file_name}:${line}: ${entry.text}`, `${String(line).padStart(4)} | ${text}`);
  }
  if (findings.length === 0) {
    for (const line of failure.message.split("\n")) {
      const match = /^error: (.*)$/.exec(line);
      if (match) findings.push(key(failure.code, match[1]));
    }
    if (findings.length === 0) findings.push(key(failure.code, failure.message.split("\n")[0]));
    firstLines.push(...findings.slice(0, MAX_FIRST_LINES));
  }
  const counted = Number(/Validation Error Count: (\d+)/.exec(failure.message)?.[1] ?? 0);
  return {
    errors: Math.max(counted, findings.length),
    failures: 0,
    findings,
    firstLines: firstLines.slice(0, MAX_FIRST_LINES),
    tail: failure.message.trimEnd().split("\n").slice(-TAIL_LINES2).join("\n"),
    files: names
  };
}
function validateWith(validate, files) {
  try {
    validate(JSON.stringify({ prismaSchema: files, noColor: true }));
    return void 0;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    try {
      const parsed = JSON.parse(text);
      return { code: parsed.error_code ?? "PRISMA", message: parsed.message ?? text };
    } catch {
      return { code: "PRISMA_ENGINE", message: `the Prisma schema engine failed: ${text}` };
    }
  }
}
function lintWith(lint, files) {
  try {
    const parsed = JSON.parse(lint(JSON.stringify(files)));
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
function lineAt(content, offset) {
  const before = content.slice(0, offset);
  const line = before.split("\n").length;
  const start = before.lastIndexOf("\n") + 1;
  const end = content.indexOf("\n", start);
  return { line, text: content.slice(start, end === -1 ? void 0 : end).trimEnd() };
}
async function findSchemaFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".prisma")).map((entry) => join(entry.parentPath, entry.name)).filter(
    (file) => !relative(dir, file).split(sep).some((part) => part === "node_modules" || part.startsWith("."))
  ).sort();
}
function toName(root, file) {
  const name = relative(root, file);
  return name === "" || name.startsWith("..") ? basename(file) : name.split(sep).join("/");
}

// scripts/auto-sync/checks/run-check.ts
init_define_AUTO_SYNC_BUILD();
import { stat as stat2 } from "node:fs/promises";
var MAX_OUTPUT_CHARS = 64 * 1024;
var MAX_REPORT_BYTES = 32 * 1024 * 1024;
var SHELL_NOT_FOUND = 127;
var SHELL_NOT_EXECUTABLE = 126;
async function runCheck(runner, check, options) {
  const cwdProblem = await checkDirectory(options.cwd);
  if (cwdProblem) return errorResult(check, cwdProblem, 0);
  const [file, ...args] = typeof check.run === "string" ? ["/bin/sh", "-c", check.run] : check.run;
  if (file === void 0 || file === "") return errorResult(check, "the command is empty", 0);
  const result = await runner.run(file, args, {
    cwd: options.cwd,
    env: options.env,
    input: "",
    // EOF at once: a check waiting for input would otherwise sit until its timeout
    timeoutMs: check.timeoutMs,
    group: true,
    maxOutputChars: MAX_OUTPUT_CHARS,
    ...options.sandbox ? { sandbox: options.sandbox } : {}
  });
  const reportBytes = check.report ? await readTreeFile(check.report.path, MAX_REPORT_BYTES) : void 0;
  const diagnosis = diagnose(check.parser, result.stdout, result.stderr, result.exitCode, {
    cwd: options.cwd,
    ...check.report ? { report: { format: check.report.format, text: reportBytes?.toString("utf8") } } : {}
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
      status: "timed-out",
      message: `${check.name} did not finish within ${check.timeoutMs} ms and was killed with all its children`
    };
  if (result.signal) return { ...base, status: "failed", message: `${check.name} was killed by ${result.signal}` };
  if (result.exitCode === 0) return { ...base, status: "passed" };
  if (diagnosis.problem) return { ...base, status: "error", message: diagnosis.problem, hint: CONFIG_PROBLEM_HINT };
  if (diagnosis.unrecognised)
    return {
      ...base,
      status: "failed",
      message: `failed, output not recognised (parser ${check.parser}): nothing counted, so it is never taken for a known failure`
    };
  return { ...base, status: "failed" };
}
var CONFIG_PROBLEM_HINT = "Fix the project's configuration on the target branch (tsconfig.json), or set checks[].run to what the project uses.";
function startFailure(check, result) {
  const display2 = typeof check.run === "string" ? check.run : check.run.join(" ");
  if (result.startError) return `could not start \`${display2}\`: ${result.startError}`;
  if (typeof check.run !== "string") return void 0;
  const said = lastLine(result.stderr);
  if (result.exitCode === SHELL_NOT_FOUND) return `could not start \`${display2}\`: command not found${said ? ` (${said})` : ""}`;
  if (result.exitCode === SHELL_NOT_EXECUTABLE) return `could not start \`${display2}\`: not executable${said ? ` (${said})` : ""}`;
  return void 0;
}
async function checkDirectory(cwd) {
  try {
    if (!(await stat2(cwd)).isDirectory()) return `the working directory ${cwd} is not a directory`;
    return void 0;
  } catch {
    return `the working directory ${cwd} does not exist`;
  }
}
var FAILED_TO_START_HINT = "Check the command in checks[] / smoke[]; it must exist in the validation worktree.";
function errorResult(check, message, durationMs) {
  const diagnosis = { errors: 0, failures: 0, findings: [], firstLines: [message], tail: "" };
  return {
    name: check.name,
    status: "error",
    exitCode: void 0,
    signal: void 0,
    durationMs,
    diagnosis,
    message,
    hint: FAILED_TO_START_HINT
  };
}
function lastLine(text) {
  return text.trimEnd().split("\n").at(-1)?.trim() ?? "";
}

// scripts/auto-sync/plan/baseline.ts
init_define_AUTO_SYNC_BUILD();
function judgeAgainstBaseline(current, before, delta) {
  const counted = current.errors + current.failures > 0;
  const sameKind = before.status === "failed" && current.status === "failed";
  const verdict = { newErrors: delta.newErrors, newFailures: delta.newFailures, newFindings: delta.newFindings };
  if (sameKind && counted && delta.newErrors === 0 && delta.newFailures === 0) {
    return {
      ...verdict,
      status: "passed",
      message: `fails on the target head too (${before.diagnosis.errors + before.diagnosis.failures} known problem(s)); nothing new`
    };
  }
  if (sameKind && !counted) {
    return {
      ...verdict,
      message: "fails on the target head too, but its output does not say what failed, so a new failure cannot be told apart: set a parser"
    };
  }
  return verdict;
}

// scripts/auto-sync/proc/sandbox.ts
init_define_AUTO_SYNC_BUILD();
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { lchown, lstat, readdir as readdir2 } from "node:fs/promises";
import { delimiter, dirname as dirname2, join as join2, resolve, sep as sep2 } from "node:path";
var SANDBOX_UID = 65534;
var VISIBLE = [PACKAGE_ROOT, dirname2(dirname2(process.execPath))];
var NO_SANDBOX = {
  mode: "none",
  user: void 0,
  summary: 'none (verify.sandbox is "off"): sibling code runs as a plain process with the scrubbed environment',
  scope: () => ({ mode: "none", wrap: (file, args) => ({ file, args: [...args] }) })
};
var under = (inner, outer) => inner === outer || inner.startsWith(outer.endsWith(sep2) ? outer : outer + sep2);
function mountPlan(paths, mode) {
  const real = (list) => list.flatMap((p) => existing(p) ?? []);
  const writable = real(paths.writable);
  const visible = real(VISIBLE);
  const hidden = real(paths.hidden).filter(
    (h) => mode === "bwrap" ? !under(h, "/tmp") || [...visible, ...writable].some((p) => under(h, p)) : ![...visible, ...writable].some((p) => p !== h && under(p, h))
  );
  const fresh = mode === "bwrap" ? ["/tmp", ...hidden] : hidden;
  const inFresh = (p) => fresh.some((f) => p !== f && under(p, f));
  const ops = [
    ...(mode === "bwrap" ? visible.filter(inFresh) : [...real(paths.readOnly), ...visible].filter((p) => !inFresh(p))).map((path) => ({
      kind: "ro",
      path
    })),
    ...hidden.map((path) => ({ kind: statSync(path).isDirectory() ? "hide-dir" : "hide-file", path })),
    ...writable.map((path) => ({ kind: "rw", path }))
  ];
  if (mode === "bwrap") {
    const bound = new Set(ops.map((op) => op.path));
    const parents = ops.filter((op) => op.kind === "ro" || op.kind === "rw").flatMap((op) => ancestors(op.path).filter(inFresh));
    for (const path of new Set(parents)) if (!bound.has(path)) ops.push({ kind: "dir", path });
  }
  const depth = (p) => p.split(sep2).filter(Boolean).length;
  const order = { ro: 0, "hide-dir": 1, "hide-file": 1, dir: 2, rw: 3 };
  return ops.sort((a, b) => depth(a.path) - depth(b.path) || order[a.kind] - order[b.kind]);
}
function ancestors(path) {
  const out = [];
  for (let dir = dirname2(path); dir !== dirname2(dir); dir = dirname2(dir)) out.push(dir);
  return out;
}
var BWRAP_OPS = {
  ro: (path) => ["--ro-bind", path, path],
  rw: (path) => ["--bind", path, path],
  "hide-dir": (path) => ["--tmpfs", path],
  "hide-file": (path) => ["--ro-bind", "/dev/null", path],
  dir: (path) => ["--perms", "0755", "--dir", path]
};
var UNSHARE_INIT = `while [ "$1" != -- ]; do
  case $1 in
    ro) mount --bind -- "$2" "$2" && mount -o remount,bind,ro -- "$2" ;;
    rw) mount --bind -- "$2" "$2" && mount -o remount,bind,rw -- "$2" ;;
    hide-dir) mount -t tmpfs -o ro,mode=000 -- tmpfs "$2" ;;
    hide-file) mount --bind -- /dev/null "$2" ;;
  esac || exit 125
  shift 2
done
shift
"$@"`;
function buildSandbox(mode, tools, uid) {
  const user = process.getuid?.() === 0 ? { uid, gid: uid } : void 0;
  const who = user ? `as uid ${user.uid}` : "as the same uid";
  const summary = {
    bwrap: `bwrap ${who}: own PID, mount, IPC and UTS namespaces; filesystem read-only except its scratch directories; private /tmp; HOME and the target's .git hidden; network shared`,
    "unshare-root": `unshare + setpriv ${who}: own PID and mount namespaces; root's files protected by permissions, target, tool and work dir bound read-only; network and /tmp shared`,
    "unshare-user": `unshare --user ${who}: own PID, mount and user namespaces; target, tool, HOME and work dir bound read-only; network and /tmp shared`
  }[mode];
  const uidDrop = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups"] : [];
  const dropAll = [tools.setpriv, ...uidDrop, "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"];
  const scope = (paths) => {
    const plan = mountPlan(paths, mode);
    const locked = mode === "unshare-root" ? [...paths.writable, ...VISIBLE].flatMap((p) => unreachable(existing(p) ?? "/", uid)) : [];
    return {
      mode,
      wrap(file, args, cwd, path) {
        const problem = checked(file, cwd, path);
        if (problem) return problem;
        if (locked.length > 0)
          return {
            error: `uid ${uid} cannot reach ${locked[0]} (a parent directory is private): use a work directory under /tmp, or install bubblewrap`
          };
        const inner = [tools.env, "--default-signal=TERM", "--", file, ...args];
        if (mode === "bwrap") {
          const namespaces2 = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent"];
          const root = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"];
          const mounts = plan.flatMap((op) => BWRAP_OPS[op.kind](op.path));
          mounts.push(...plan.flatMap((op) => op.kind === "hide-dir" ? ["--remount-ro", op.path] : []));
          const sandbox = [tools.bwrap, ...namespaces2, ...root, ...mounts, "--chdir", cwd, "--"];
          return split([tools.env, "--ignore-signal=TERM", "--", ...sandbox, ...user ? dropAll : [], ...inner]);
        }
        const namespaces = mode === "unshare-user" ? ["--user", "--map-root-user"] : [];
        const unshare = [tools.unshare, ...namespaces, "--pid", "--fork", "--kill-child", "--mount-proc", "--"];
        const init = [tools.sh, "-c", UNSHARE_INIT, "sandbox", ...plan.flatMap((op) => [op.kind, op.path]), "--"];
        return split([tools.env, "--ignore-signal=TERM", "--", ...unshare, ...init, ...dropAll, ...inner]);
      }
    };
  };
  return { mode, user, summary, scope };
}
function unreachable(path, uid) {
  return ancestors(path).reverse().filter((dir) => {
    const info = statSync(dir);
    return (info.mode & (info.uid === uid ? 64 : info.gid === uid ? 8 : 1)) === 0;
  }).slice(0, 1);
}
function split([file, ...args]) {
  return { file, args };
}
async function detectSandbox(runner, setting, options = {}) {
  if (setting === "off") return NO_SANDBOX;
  const path = options.path ?? process.env.PATH;
  const find = (name) => findExecutable(name, "/", path);
  const tools = { env: find("env"), sh: find("sh"), setpriv: find("setpriv"), unshare: find("unshare"), bwrap: find("bwrap") };
  const modes = options.modes ?? ["bwrap", process.getuid?.() === 0 ? "unshare-root" : "unshare-user"];
  const problems = [];
  for (const mode of modes) {
    const needed = mode === "bwrap" ? ["env", "setpriv", "bwrap"] : ["env", "sh", "setpriv", "unshare"];
    const missing = needed.filter((name) => !tools[name]);
    if (missing.length > 0) {
      problems.push(`${mode}: ${missing.join(", ")} not found`);
      continue;
    }
    if (mode !== "bwrap" && mode === "unshare-root" !== (process.getuid?.() === 0)) {
      problems.push(
        mode === "unshare-root" ? "unshare-root: not running as root" : "unshare-user: running as root (unshare-root is for root)"
      );
      continue;
    }
    const sandbox = buildSandbox(mode, tools, options.uid ?? SANDBOX_UID);
    const wrapped = sandbox.scope({ writable: [], readOnly: [], hidden: [] }).wrap("true", [], "/", path);
    if ("error" in wrapped) throw new Error(wrapped.error);
    const probe = await runner.run(wrapped.file, wrapped.args, { cwd: "/", env: { PATH: path }, timeoutMs: 1e4 });
    if (probe.ok) return sandbox;
    problems.push(`${mode}: ${probe.startError ?? (probe.stderr.trim().split("\n").at(-1) || `exit ${probe.exitCode ?? probe.signal}`)}`);
  }
  if (setting === "required")
    throw new SyncError("SANDBOX_UNAVAILABLE", 'verify.sandbox is "required" but no sandbox works on this machine', { details: problems });
  return { ...NO_SANDBOX, summary: `none: sibling code runs as a plain process with the scrubbed environment (${problems.join("; ")})` };
}
var detected = /* @__PURE__ */ new WeakMap();
function sandboxFor(runner, setting, onDetected) {
  const cache = detected.get(runner) ?? /* @__PURE__ */ new Map();
  detected.set(runner, cache);
  const known = cache.get(setting);
  if (known) return known;
  const fresh = detectSandbox(runner, setting).then((sandbox) => (onDetected(sandbox), sandbox));
  cache.set(setting, fresh);
  return fresh;
}
async function grantToSandbox(sandbox, dir) {
  const user = sandbox.user;
  if (!user) return;
  const walk = async (path, top) => {
    const info = await lstat(path);
    if (info.isSymbolicLink() || !top && info.uid === user.uid) return;
    if (info.isDirectory()) await Promise.all((await readdir2(path)).map((name) => walk(join2(path, name), false)));
    else if (info.nlink > 1) return;
    if (info.uid !== user.uid || info.gid !== user.gid) await lchown(path, user.uid, user.gid);
  };
  await walk(dir, true);
}
function existing(path) {
  try {
    return realpathSync(path);
  } catch {
    return void 0;
  }
}
function checked(file, cwd, path) {
  return findExecutable(file, cwd, path) ? void 0 : { error: `spawn ${file} ENOENT` };
}
function findExecutable(file, cwd, path) {
  const candidates = file.includes("/") ? [resolve(cwd, file)] : (path ?? "").split(delimiter).flatMap((dir) => dir ? [join2(dir, file)] : []);
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

// scripts/auto-sync/output/progress.ts
init_define_AUTO_SYNC_BUILD();
async function runStep(log, start, run, end) {
  const limit = start.limitMs !== void 0 ? `, up to ${formatDuration(start.limitMs)}` : "";
  log.info(`auto-sync: ${start.label}${start.command ? ` (${start.command})` : ""} started${limit}`);
  const began = nowMs();
  let value;
  try {
    value = await run();
  } catch (error) {
    log.info(`auto-sync: ${start.label} stopped after ${seconds(nowMs() - began)}`);
    throw error;
  }
  const result = end(value);
  const line = `auto-sync: ${start.label} ${STATUS_WORDS[result.status] ?? result.status} in ${seconds(result.durationMs)}${result.note ? ` ${result.note}` : ""}`;
  const output = result.output?.trim() ?? "";
  if (isGrouping(log) && output !== "") await log.group(line, async () => log.untrusted(output));
  else log.info(line);
  return value;
}
var STATUS_WORDS = { "timed-out": "timed out", error: "could not run" };
function joinOutput(stdout, stderr) {
  const parts = [stdout.trimEnd(), stderr.trimEnd() ? `--- stderr ---
${stderr.trimEnd()}` : ""];
  return parts.filter((part) => part !== "").join("\n");
}
function isGrouping(log) {
  const maybe = log;
  return typeof maybe.group === "function" && typeof maybe.untrusted === "function";
}
var seconds = (ms) => `${(ms / 1e3).toFixed(1)} s`;
var formatDuration = (ms) => ms >= 6e4 ? `${Math.round(ms / 6e4)} min` : seconds(ms);

// scripts/auto-sync/checks/regenerate-lockfiles.ts
init_define_AUTO_SYNC_BUILD();
import { lstat as lstat2, rm, writeFile } from "node:fs/promises";
import { dirname as dirname3, join as join3 } from "node:path";
var REGENERATED_MAX_BYTES = 32 * 1024 * 1024;
async function plainDirectories(dir, path) {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const info = await lstat2(join3(dir, ...parts.slice(0, i))).catch(() => void 0);
    if (!info?.isDirectory()) return false;
  }
  return true;
}
async function regenerateLockfiles(deps, scope, dir, paths, label) {
  const files = [];
  const ran = [];
  let durationMs = 0;
  const originals = /* @__PURE__ */ new Map();
  const failed = async (reason) => {
    for (const [path, body] of originals) {
      if (!await plainDirectories(dir, path)) continue;
      await rm(join3(dir, path), { force: true, recursive: true });
      if (body) await writeFile(join3(dir, path), body, { flag: "wx" });
    }
    return { status: "failed", reason, durationMs, files: [] };
  };
  for (const path of paths) {
    if (path.split("/").some((part) => part === "" || part === "." || part === ".."))
      return await failed(`${path}: not a path inside the tree`);
    const original = await readTreeFile(join3(dir, path), REGENERATED_MAX_BYTES);
    originals.set(path, original);
    const command = regenerateCommand(path, original?.subarray(0, 4096).toString("utf8") ?? "");
    const shown = [command.file, ...command.args].join(" ");
    const result = await runStep(
      deps.log,
      { label: `${label} regenerate ${path}`, command: shown, limitMs: deps.timeoutMs },
      () => deps.runner.run(command.file, command.args, {
        cwd: join3(dir, dirname3(path)),
        env: scope.env,
        sandbox: scope.sandbox,
        timeoutMs: deps.timeoutMs,
        group: true,
        maxOutputChars: 64 * 1024
      }),
      (r) => ({
        status: r.ok ? "passed" : r.timedOut ? "timed-out" : "failed",
        durationMs: r.durationMs,
        output: joinOutput(r.stdout, r.stderr)
      })
    );
    durationMs += result.durationMs;
    if (!result.ok) {
      const why = result.startError ?? (result.timedOut ? `timed out after ${deps.timeoutMs} ms` : `exit ${result.exitCode ?? result.signal}`);
      const tail = result.stderr.trim().split("\n").slice(-5).join(" | ");
      return await failed(`${shown} in ${dirname3(path)}: ${why}${tail ? `: ${tail}` : ""}`);
    }
    const body = await readTreeFile(join3(dir, path), REGENERATED_MAX_BYTES);
    if (!body) return await failed(`${shown} left no regular file ${path} (at most ${REGENERATED_MAX_BYTES} bytes)`);
    const content = body.toString("utf8");
    if (!Buffer.from(content, "utf8").equals(body)) return await failed(`${path} as regenerated is not UTF-8 text`);
    files.push({ path, content });
    ran.push(shown);
  }
  return { status: "ran", reason: [...new Set(ran)].join("; "), durationMs, files };
}

// scripts/auto-sync/pipeline/verify.ts
function defaultWorkDir(repoRoot) {
  return join4(tmpdir(), `auto-sync-verify-${createHash("sha256").update(repoRoot).digest("hex").slice(0, 12)}`);
}
async function verify(deps, plan) {
  const run = await claimRunDir(deps.workDir, "verify");
  if (run.shared) deps.log.info(`verify: another run is using ${deps.workDir}; this one works in ${run.dir}`);
  try {
    return await verifyIn({ ...deps, runDir: run.dir }, plan);
  } finally {
    await run.release();
  }
}
async function verifyIn(deps, plan) {
  const sandbox = await sandboxFor(deps.runner, deps.config.verify.sandbox, (found) => deps.log.info(`sandbox: ${found.summary}`));
  const sources = [];
  for (const source of plan.sources) {
    if (!source.integration) continue;
    deps.log.info(`verify ${source.name}: ${source.integration.head.slice(0, 10)} (${source.integration.files.length} file(s) changed)`);
    const { head, base, files } = source.integration;
    try {
      const regenerate = regeneratedPaths(source.integration.regenerate);
      sources.push(await verifySource(deps, sandbox, source.name, head, base, [.../* @__PURE__ */ new Set([...files, ...regenerate])], regenerate));
    } catch (error) {
      const summary = summarizeError(error);
      deps.log.error(`verify ${source.name}: ${summary.code}: ${summary.message}`);
      if (summary.stack) deps.log.info(summary.stack);
    }
  }
  return { version: 1, createdAt: (/* @__PURE__ */ new Date()).toISOString(), sources, sandbox: sandbox.mode };
}
async function openScope(deps, sandbox, dir) {
  const home = await makeTempDir("home");
  await writeFile2(join4(home, EMPTY_GITCONFIG), "", { mode: 292 });
  await mkdir(join4(home, "tmp"));
  await mkdir(join4(home, "reports"));
  const callerHome = deps.env.HOME;
  const sandboxed = sandbox.mode !== "none";
  const npmCache = sandboxed ? join4(deps.runDir ?? deps.workDir, "npm-cache", relative2(deps.runDir ?? deps.workDir, dir)) : deps.env.npm_config_cache ?? (callerHome ? join4(callerHome, ".npm") : void 0);
  if (sandboxed) await mkdir(npmCache, { recursive: true });
  for (const path of [dir, home, ...sandboxed ? [npmCache] : []]) await grantToSandbox(sandbox, path);
  const env = scrubEnv({ ...deps.env, ...npmCache ? { npm_config_cache: npmCache } : {}, CI: "true" }, deps.config.verify.envAllow, {
    home,
    tmp: join4(home, "tmp")
  });
  const scope = sandbox.scope({
    writable: [dir, home, ...sandboxed ? [npmCache] : []],
    readOnly: [deps.git.dir, deps.workDir, ...callerHome ? [callerHome] : []],
    // The target's .git may hold a token (actions/checkout keeps one in .git/config); the runtime
    // directory holds the caller's agent sockets (a read-only socket still takes connections).
    hidden: [join4(deps.git.dir, ".git"), ...[callerHome, deps.env.XDG_RUNTIME_DIR].flatMap((dir2) => dir2 ? [dir2] : [])]
  });
  return { env, sandbox: scope, reports: join4(home, "reports"), close: () => removeTempDir(home) };
}
async function materialize(git, commit, dir) {
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir3(dir)) if (entry !== "node_modules") await rm2(join4(dir, entry), { recursive: true, force: true });
  const index = join4(dir, "..", `.index-${process.pid}`);
  try {
    await materializeTree(git, commit, dir, index);
  } finally {
    await rm2(index, { force: true });
  }
}
function hasDependencies(pkg) {
  return [pkg?.dependencies, pkg?.devDependencies, pkg?.optionalDependencies].some((deps) => deps && Object.keys(deps).length > 0);
}
async function readJsonFile(path) {
  try {
    const body = await readTreeFile(path);
    return body === void 0 ? void 0 : JSON.parse(body.toString("utf8"));
  } catch {
    return void 0;
  }
}
var INSTALL_MARK = ".auto-sync-installed";
var LOCKFILES = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"];
var DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "overrides", "resolutions"];
async function install(deps, sandbox, scope, dir, label) {
  const pkg = await readJsonFile(join4(dir, "package.json"));
  if (!pkg) return { status: "skipped", reason: "no package.json", durationMs: 0 };
  if (!hasDependencies(pkg)) return { status: "skipped", reason: "no dependencies", durationMs: 0 };
  const hash = createHash("sha256");
  for (const name of LOCKFILES)
    hash.update(`${name}\0`).update(await readTreeFile(join4(dir, name)) ?? "").update("\0");
  const lockHash = hash.update(JSON.stringify(DEPENDENCY_FIELDS.map((field) => pkg[field] ?? null))).update(JSON.stringify(deps.config.install.run)).digest("hex");
  const mark = join4(dir, "node_modules", INSTALL_MARK);
  if (((await readTreeFile(mark))?.toString("utf8") ?? "") === lockHash)
    return { status: "skipped", reason: "node_modules matches the lockfiles and dependencies", durationMs: 0 };
  const command = deps.config.install.run;
  const [file, args] = typeof command === "string" ? ["sh", ["-c", command]] : [command[0], command.slice(1)];
  const run = () => deps.runner.run(file, args, {
    cwd: dir,
    env: scope.env,
    sandbox: scope.sandbox,
    timeoutMs: deps.config.install.timeoutMs,
    group: true,
    maxOutputChars: 64 * 1024
  });
  const result = await runStep(
    deps.log,
    { label: `${label} install`, command: display(command), limitMs: deps.config.install.timeoutMs },
    run,
    (r) => ({
      status: r.ok ? "passed" : r.timedOut ? "timed-out" : "failed",
      durationMs: r.durationMs,
      output: joinOutput(r.stdout, r.stderr)
    })
  );
  if (!result.ok)
    return {
      status: "failed",
      reason: `${result.startError ?? `exit ${result.exitCode ?? result.signal}`}: ${result.stderr.trim().split("\n").slice(-5).join(" | ")}`,
      durationMs: result.durationMs
    };
  await writeMark(sandbox, dir, lockHash);
  return { status: "ran", reason: "lockfile or dependencies changed, or nothing installed yet", durationMs: result.durationMs };
}
async function writeMark(sandbox, dir, lockHash) {
  const modules = join4(dir, "node_modules");
  if ((await lstat3(modules).catch(() => void 0))?.isSymbolicLink()) await rm2(modules);
  await mkdir(modules, { recursive: true });
  await grantToSandbox(sandbox, modules);
  await rm2(join4(modules, INSTALL_MARK), { force: true, recursive: true });
  await writeFile2(join4(modules, INSTALL_MARK), lockHash, { flag: "wx" });
}
var NO_DIAGNOSIS = { errors: 0, failures: 0, findings: [], firstLines: [], tail: "" };
async function runOne(deps, scope, check, dir, facts, label) {
  if (check.builtin === "prisma-validate") {
    const started = performance.now();
    const target = existsSync(join4(dir, "prisma")) ? join4(dir, "prisma") : dir;
    const diagnosis = await validatePrismaSchema(target, { root: dir });
    return {
      status: diagnosis.errors > 0 ? "failed" : "passed",
      parser: "prisma-validate",
      durationMs: performance.now() - started,
      diagnosis
    };
  }
  const planned = planCheck(
    { name: check.name, run: check.run, timeoutMs: check.timeoutMs, parser: check.parser },
    facts,
    join4(scope.reports, `${check.name}.json`)
  );
  if (planned.kind === "skip") {
    deps.log.info(`auto-sync: ${label} ${check.name} skipped (${planned.reason})`);
    return { status: "skipped", parser: check.parser, durationMs: 0, diagnosis: NO_DIAGNOSIS, message: planned.reason };
  }
  if (planned.kind === "refuse") {
    deps.log.warn(`${label} ${check.name}: not run: ${planned.message}`);
    return {
      status: "error",
      parser: check.parser,
      durationMs: 0,
      diagnosis: { ...NO_DIAGNOSIS, firstLines: [planned.message] },
      message: planned.message
    };
  }
  const notes = planned.notes.length > 0 ? `; ${planned.notes.join("; ")}` : "";
  const result = await runStep(
    deps.log,
    { label: `${label} ${check.name}`, command: `${planned.display}${notes}`, limitMs: check.timeoutMs },
    () => runCheck(deps.runner, planned.spec, { cwd: dir, env: scope.env, sandbox: scope.sandbox }),
    (r) => ({ status: r.status, durationMs: r.durationMs, output: r.output ? joinOutput(r.output.stdout, r.output.stderr) : "" })
  );
  const message = result.message && result.hint ? `${result.message} — ${result.hint}` : result.message;
  return {
    status: result.status,
    parser: planned.spec.parser,
    durationMs: result.durationMs,
    diagnosis: result.diagnosis,
    ...message ? { message } : {}
  };
}
function selectChecks(checks, files) {
  return checks.map((check) => ({ check, run: !check.when || files.some(createMatcher(check.when)) }));
}
async function verifySource(deps, sandbox, name, head, base, files, regenerate = []) {
  const dir = join4(deps.runDir ?? deps.workDir, "sources", name);
  await materialize(deps.git, head, dir);
  const pkg = await readJsonFile(join4(dir, "package.json"));
  const facts = await readRepoFacts(dir);
  const scope = await openScope(deps, sandbox, dir);
  try {
    const label = `verify ${name}:`;
    const lockfiles = regenerate.length > 0 ? await regenerateIn(deps, scope, dir, head, regenerate, label) : void 0;
    const installed = await install(deps, sandbox, scope, dir, label);
    const checks = [];
    const failed = [];
    for (const { check, run } of selectChecks(deps.config.checks, files)) {
      if (!run) {
        checks.push(skippedCheck(check, `no changed file matches ${check.when.join(", ")}`));
        continue;
      }
      if (installed.status === "failed") {
        checks.push({ ...skippedCheck(check, "install failed"), status: "error", message: `install failed: ${installed.reason}` });
        continue;
      }
      const result = await runOne(deps, scope, check, dir, facts, `${label} check`);
      const outcome = {
        name: check.name,
        parser: result.parser,
        status: result.status,
        durationMs: Math.round(result.durationMs),
        errors: result.diagnosis.errors,
        failures: result.diagnosis.failures,
        newErrors: result.diagnosis.errors,
        newFailures: result.diagnosis.failures,
        newFindings: result.diagnosis.findings,
        firstLines: result.diagnosis.firstLines,
        tail: result.diagnosis.tail,
        ...result.message ? { message: result.message } : {}
      };
      if (result.status === "failed") failed.push({ check, diagnosis: result.diagnosis, index: checks.length });
      checks.push(outcome);
    }
    const baseline = failed.length > 0 ? await judgeOnBaseline(deps, sandbox, base, failed, checks, label) : null;
    const smoke = [];
    for (const probe of deps.config.smoke) {
      const skip = smokeSkipReason(probe, pkg, installed.status);
      if (skip) {
        smoke.push({ name: probe.name, status: "skipped", durationMs: 0, outputTail: "", message: skip });
        continue;
      }
      const start = {
        label: `${label} smoke ${probe.name}`,
        command: `${display(probe.start)}, GET ${probe.url}`,
        limitMs: probe.timeoutMs
      };
      const result = await runStep(
        deps.log,
        start,
        () => runSmoke(deps.runner, probe, { cwd: dir, env: scope.env, sandbox: scope.sandbox }),
        (r) => ({
          status: r.status,
          durationMs: r.durationMs,
          output: r.outputTail,
          ...r.httpStatus ? { note: `(HTTP ${r.httpStatus})` } : {}
        })
      );
      smoke.push({
        name: result.name,
        status: result.status,
        ...result.httpStatus ? { httpStatus: result.httpStatus } : {},
        durationMs: Math.round(result.durationMs),
        outputTail: result.outputTail,
        ...result.message ? { message: result.message } : {}
      });
    }
    return { name, head, install: installed, checks, smoke, baseline, ...lockfiles ? { lockfiles } : {} };
  } finally {
    await scope.close();
  }
}
async function regenerateIn(deps, scope, dir, head, paths, label) {
  const run = await regenerateLockfiles(
    { runner: deps.runner, log: deps.log, timeoutMs: deps.config.install.timeoutMs },
    scope,
    dir,
    paths,
    label
  );
  if (run.status !== "ran") {
    deps.log.warn(`${label} lockfiles not regenerated (${run.reason}); the batch keeps the target's and is proposed`);
    return { ...run, tree: null };
  }
  const tree = await treeWithFiles(
    deps.git,
    head,
    run.files.map((f) => ({ path: f.path, content: Buffer.from(f.content, "utf8") }))
  );
  return { ...run, tree };
}
async function judgeOnBaseline(deps, sandbox, base, failed, checks, label) {
  const tree = await treeOf(deps.git, base);
  const known = await readBaseline(deps, tree) ?? {};
  const dir = join4(deps.runDir ?? deps.workDir, "baseline");
  let ran = 0;
  let prepared = "no";
  let scope;
  let baseFacts;
  try {
    for (const { check, diagnosis, index } of failed) {
      const key2 = checkKey(check, deps.config);
      if (!known[key2]) {
        if (!scope) {
          await materialize(deps.git, base, dir);
          baseFacts = await readRepoFacts(dir);
          scope = await openScope(deps, sandbox, dir);
          const baselineInstall = await install(deps, sandbox, scope, dir, `${label} baseline (target head)`);
          prepared = baselineInstall.status === "failed" ? "failed" : "yes";
          if (prepared === "failed")
            deps.log.warn(`  baseline: install failed on the target head (${baselineInstall.reason}); every failure counts as new`);
        }
        if (prepared === "failed") break;
        const result = await runOne(deps, scope, check, dir, baseFacts, `${label} baseline (target head) check`);
        known[key2] = { status: result.status, diagnosis: result.diagnosis };
        ran++;
      }
      const before = known[key2];
      const current = checks[index];
      checks[index] = { ...current, ...judgeAgainstBaseline(current, before, compareWithBaseline(diagnosis, before.diagnosis)) };
    }
  } finally {
    await scope?.close();
  }
  if (ran > 0) await writeBaseline(deps, tree, known);
  return prepared === "failed" ? null : { tree, cached: ran === 0 };
}
function skippedCheck(check, message) {
  return {
    name: check.name,
    parser: check.builtin ?? check.parser,
    status: "skipped",
    durationMs: 0,
    errors: 0,
    failures: 0,
    newErrors: 0,
    newFailures: 0,
    newFindings: [],
    firstLines: [],
    tail: "",
    message
  };
}
var display = (command) => typeof command === "string" ? command : command.join(" ");
function smokeSkipReason(probe, pkg, install2) {
  const usesNpmStart = (typeof probe.start === "string" ? probe.start.trim() : probe.start.join(" ")) === "npm start";
  if (usesNpmStart && !pkg?.scripts?.start) return 'package.json has no "start" script';
  if (install2 === "failed") return "install failed";
  return void 0;
}
var PLAN_VERSION = 2;
function checkKey(check, config) {
  return createHash("sha256").update(JSON.stringify([PLAN_VERSION, check.run, check.builtin, check.parser, config.install.run])).digest("hex").slice(0, 16);
}
async function readBaseline(deps, tree) {
  return readJsonFile(join4(deps.workDir, "baseline-cache", `${tree}.json`));
}
async function writeBaseline(deps, tree, diagnoses) {
  const dir = join4(deps.workDir, "baseline-cache");
  await mkdir(dir, { recursive: true });
  const kept = Object.fromEntries(Object.entries(diagnoses).filter(([, entry]) => entry.status === "passed" || entry.status === "failed"));
  const tmp = join4(dir, `.${tree}.json.${process.pid}-${Date.now()}.tmp`);
  await writeFile2(tmp, JSON.stringify(kept));
  await rename(tmp, join4(dir, `${tree}.json`));
  const names = (await readdir3(dir)).filter((name) => name.endsWith(".json") && !name.startsWith("."));
  const files = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat3(join4(dir, name)).catch(() => void 0))?.mtimeMs ?? 0 }))
  );
  for (const old of files.sort((a, b) => b.mtime - a.mtime).slice(BASELINES_KEPT)) await rm2(join4(dir, old.name), { force: true });
}
var BASELINES_KEPT = 20;
export {
  defaultWorkDir,
  verify
};
