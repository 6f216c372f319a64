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
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/checks/plan-check.ts
init_define_AUTO_SYNC_BUILD();
import { posix } from "node:path";

// scripts/auto-sync/checks/command-line.ts
init_define_AUTO_SYNC_BUILD();
function splitCommandLine(text) {
  const segments = [];
  let words = [];
  let word = "";
  let inWord = false;
  let simple = true;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endSegment = () => {
    endWord();
    if (words.length > 0) segments.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return { segments: [...segments, [...words, word + text.slice(i + 1)]], simple: false };
      word += text.slice(i + 1, close);
      inWord = true;
      i = close;
    } else if (ch === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        const c = text[j];
        if (c === "\\" && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) word += text[++j];
        else {
          if (c === "$" || c === "`") simple = false;
          word += c;
        }
      }
      if (j >= text.length) simple = false;
      i = j;
    } else if (ch === "\\") {
      if (i + 1 < text.length && text[i + 1] !== "\n") word += text[++i];
      else i++;
      inWord = true;
    } else if (ch === " " || ch === "	") {
      endWord();
    } else if (ch === ";" || ch === "&" || ch === "|" || ch === "\n") {
      endSegment();
      if ((ch === "&" || ch === "|") && text[i + 1] === ch) i++;
    } else if (ch === "#" && !inWord) {
      simple = false;
      break;
    } else {
      if ("$`<>()".includes(ch)) simple = false;
      word += ch;
      inWord = true;
    }
  }
  endSegment();
  return { segments, simple: simple && segments.length === 1 };
}
function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// scripts/auto-sync/checks/plan-check.ts
var TOOL_PARSER = {
  jest: "jest",
  vitest: "vitest",
  "node-test": "node-test",
  eslint: "eslint",
  tsc: "tsc"
};
var NPM_PLACEHOLDER = /^echo "Error: no test specified" && exit 1$/;
function planCheck(check, facts, reportPath) {
  const given = typeof check.run === "string" ? splitCommandLine(check.run) : { segments: [[...check.run]], simple: true };
  const words = given.simple ? given.segments[0] : void 0;
  const script = words ? scriptOf(words) : void 0;
  const notes = [];
  let body = given;
  if (script) {
    if (!facts.packageJson) return { kind: "skip", reason: "no package.json" };
    const text = facts.scripts[script.name];
    if (text === void 0) return { kind: "skip", reason: `package.json has no "${script.name}" script` };
    if (script.name === "test" && NPM_PLACEHOLDER.test(text.trim()))
      return { kind: "skip", reason: `the "test" script is npm's placeholder ("no test specified")` };
    const split = splitCommandLine(text);
    body = split.simple ? { segments: [[...split.segments[0], ...script.extra]], simple: true } : split;
  }
  const tools = body.segments.map(toolOf);
  const known = [...new Set(tools.filter((t) => t !== void 0))];
  const tool = known.length === 1 ? known[0] : void 0;
  const where = script ? ` (from the "${script.name}" script)` : "";
  if (tool === "tsc" || check.parser === "tsc") {
    const missing = typeScriptMissing(facts, body.segments[tools.indexOf("tsc")] ?? []);
    if (missing) return { kind: "skip", reason: missing };
  }
  const parser = check.parser !== "auto" ? check.parser : (tool && TOOL_PARSER[tool]) ?? "none";
  if (check.parser === "auto") notes.push(`parser ${parser}${tool ? ` (${tool}${where})` : ""}`);
  const fixing = body.segments.map((segment, i) => fixingFlags(segment, tools[i])).find((flags) => flags.length > 0);
  if (fixing) {
    const segment = body.segments.find((s, i) => fixingFlags(s, tools[i]).length > 0);
    const eslintAlone = body.simple && tool === "eslint" && fixing.every((flag) => flag === "--fix");
    if (!eslintAlone)
      return {
        kind: "refuse",
        message: `\`${segment.map(shellQuote).join(" ")}\`${where} changes files (${fixing.join(", ")}): a check must not fix what it checks. Set checks[].run to a command that only checks (e.g. \`npx eslint .\`, \`npx prettier --check .\`).`
      };
    const plain = withoutFix(body.segments[0]);
    const inject2 = parser === "eslint" ? reportArgs("eslint", plain, reportPath) : void 0;
    notes.push(`runs eslint without --fix${where}`);
    const argv2 = [...plain, ...inject2?.args ?? []];
    return run(check, parser, fromNodeModules(argv2), inject2?.report, argv2.map(shellQuote).join(" "), tool, notes);
  }
  const base = words && (!script || script.manager === "npm") && body.simple ? words : void 0;
  const inject = base && tool && TOOL_PARSER[tool] === parser ? reportArgs(tool, body.segments[0], reportPath) : void 0;
  if (!base || !inject) {
    const display = typeof check.run === "string" ? check.run : check.run.map(shellQuote).join(" ");
    return run(check, parser, check.run, void 0, display, tool, notes);
  }
  const argv = script ? [...base, ...script.hasSeparator ? [] : ["--"], ...inject.args] : [...base, ...inject.args];
  const runnable = /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] ?? "") ? ["env", ...argv] : argv;
  notes.push(inject.report ? `machine-readable report (${inject.report.format})` : `${inject.args.join(" ")}`);
  return run(check, parser, runnable, inject.report, argv.map(shellQuote).join(" "), tool, notes);
}
function run(check, parser, command, report, display, tool, notes) {
  const spec = { name: check.name, run: command, timeoutMs: check.timeoutMs, parser, ...report ? { report } : {} };
  return { kind: "run", spec, display, notes, ...tool ? { tool } : {} };
}
function fromNodeModules(argv) {
  const words = /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] ?? "") ? ["env", ...argv] : [...argv];
  return ["/bin/sh", "-c", 'PATH="$PWD/node_modules/.bin:$PATH" exec "$@"', "sh", ...words];
}
var NPM_RUN = /* @__PURE__ */ new Set(["run", "run-script", "rum", "urn"]);
var NPM_TEST = /* @__PURE__ */ new Set(["test", "t", "tst"]);
function scriptOf(words) {
  const manager = posix.basename(words[0] ?? "");
  if (manager !== "npm" && manager !== "pnpm" && manager !== "yarn") return void 0;
  let i = 1;
  while (words[i]?.startsWith("-")) i++;
  const command = words[i];
  let name;
  if (command !== void 0 && NPM_TEST.has(command) && (manager === "npm" || command === "test")) name = "test";
  else if (command === "start") name = "start";
  else if (command !== void 0 && (manager === "npm" ? NPM_RUN.has(command) : command === "run")) {
    i++;
    while (words[i]?.startsWith("-") && words[i] !== "--") i++;
    name = words[i];
  }
  if (name === void 0 || name === "--") return void 0;
  const rest = words.slice(i + 1);
  const separator = rest.indexOf("--");
  if (manager === "npm") return { manager, name, extra: separator === -1 ? [] : rest.slice(separator + 1), hasSeparator: separator !== -1 };
  return { manager, name, extra: rest[0] === "--" ? rest.slice(1) : rest, hasSeparator: separator !== -1 };
}
var ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
var PROGRAMS = {
  jest: "jest",
  "jest.js": "jest",
  vitest: "vitest",
  "vitest.mjs": "vitest",
  mocha: "mocha",
  _mocha: "mocha",
  eslint: "eslint",
  "eslint.js": "eslint",
  tsc: "tsc",
  prettier: "prettier",
  stylelint: "stylelint",
  biome: "biome"
};
function programIndex(words) {
  let i = 0;
  for (; ; ) {
    while (ASSIGNMENT.test(words[i] ?? "")) i++;
    const name = posix.basename(words[i] ?? "");
    if (name === "npx" || name === "cross-env" || name === "env") {
      i++;
      while (words[i]?.startsWith("-")) i += words[i] === "-p" || words[i] === "--package" ? 2 : 1;
    } else if ((name === "npm" || name === "pnpm" || name === "yarn") && (words[i + 1] === "exec" || words[i + 1] === "dlx")) {
      i += 2;
      while (words[i]?.startsWith("-") && words[i] !== "--") i++;
      if (words[i] === "--") i++;
    } else if (name === "node" || name === "tsx") {
      let j = i + 1;
      while (words[j]?.startsWith("-") && words[j] !== "--test") j++;
      return words[j] === "--test" || words[j] === void 0 ? i : j;
    } else return i;
  }
}
function toolOf(words) {
  const i = programIndex(words);
  const name = posix.basename(words[i] ?? "");
  if ((name === "node" || name === "tsx") && words.slice(i + 1).includes("--test")) return "node-test";
  if (name === "react-scripts" && words[i + 1] === "test") return "jest";
  return PROGRAMS[name] ?? (/^(jest|vitest|eslint|tsc)\.[cm]?js$/.test(name) ? PROGRAMS[name.replace(/\.[cm]?js$/, "")] : void 0);
}
function fixingFlags(words, tool) {
  const args = words.slice(programIndex(words) + 1);
  const flags = args.filter((w) => w === "--fix" || w.startsWith("--fix="));
  if (tool === "prettier") flags.push(...args.filter((w) => w === "--write" || w === "-w"));
  if (tool === "biome") flags.push(...args.filter((w) => w === "--write" || w.startsWith("--apply") || w === "--unsafe"));
  return flags;
}
function withoutFix(words) {
  const out = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === "--fix") continue;
    if (w === "--fix-type") {
      i++;
      continue;
    }
    out.push(w);
  }
  return out;
}
function reportArgs(tool, words, path) {
  const has = (...flags) => words.some((w) => flags.some((f) => w === f || w.startsWith(`${f}=`)));
  switch (tool) {
    case "jest":
      if (has("--json", "--outputFile", "--reporters", "--watch", "--watchAll")) return void 0;
      return { args: ["--json", `--outputFile=${path}`], report: { path, format: "jest-json" } };
    case "vitest":
      if (has("--reporter", "--outputFile", "--watch", "-w")) return void 0;
      return {
        args: ["--reporter=default", "--reporter=json", `--outputFile.json=${path}`],
        report: { path, format: "jest-json" }
      };
    case "eslint":
      if (has("--format", "-f", "--output-file", "-o")) return void 0;
      return { args: ["--format", "json", "--output-file", path], report: { path, format: "eslint-json" } };
    case "node-test": {
      const after = words.slice(words.indexOf("--test") + 1);
      if (has("--test-reporter", "--test-reporter-destination", "--watch") || after.some((w) => !w.startsWith("-"))) return void 0;
      return { args: ["--test-reporter=tap"] };
    }
    case "tsc":
      if (has("--pretty", "--watch", "-w")) return void 0;
      return { args: ["--pretty", "false"] };
    default:
      return void 0;
  }
}
function typeScriptMissing(facts, words) {
  const at = words.findIndex((w) => w === "-p" || w === "--project");
  const project = at === -1 ? void 0 : words[at + 1]?.replace(/^\.\//, "");
  const needed = project === void 0 || project === "." ? "tsconfig.json" : /\.json$/.test(project) && !project.includes("/") ? project : void 0;
  if (needed && !facts.tsconfigs.includes(needed)) return `not a TypeScript project: no ${needed}`;
  const program = words[programIndex(words)] ?? "tsc";
  if (!program.includes("/") && !facts.dependencies.has("typescript"))
    return `not a TypeScript project: "typescript" is not in package.json's dependencies (the tsc npx would find is another package)`;
  return void 0;
}

// scripts/auto-sync/checks/scrub-env.ts
init_define_AUTO_SYNC_BUILD();
import { join } from "node:path";
var ALLOWED = /* @__PURE__ */ new Set(["PATH", "HOME", "CI", "LANG", "LC_ALL", "TZ", "TMPDIR", "TEMP", "TMP", "TERM", "npm_config_cache"]);
var ALLOWED_PREFIXES = ["NODE_"];
var SECRET_LOOKING = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|COOKIE|PAT$|KEY|(^|_)AUTH(_|$)/i;
var NEVER = [/^SOURCE_PAT$/, /^GITHUB_TOKEN$/, /^ACTIONS_/, /^GIT_CONFIG_/, /^GIT_ASKPASS$/, /^SSH_ASKPASS$/, /^SSH_AUTH_SOCK$/];
var NODE_OPTIONS_UNSAFE = /(^|\s)(--require|-r|--import|--loader|--experimental-loader|--inspect[-\w]*|--env-file[-\w]*)(=|\s|$)/;
var FORCED_ENV = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0"
};
var EMPTY_GITCONFIG = ".auto-sync-empty-gitconfig";
function refusalReason(name) {
  if (NEVER.some((pattern) => pattern.test(name))) return `${name} is never passed to sibling code`;
  if (SECRET_LOOKING.test(name)) return `${name} looks like a secret (matches ${SECRET_LOOKING.source})`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `${name} is not a valid variable name`;
  return void 0;
}
function checkAllowedNames(names) {
  return names.flatMap((name) => refusalReason(name) ?? []);
}
function scrubEnvDetailed(env, extraAllowed = [], options = {}) {
  const problems = checkAllowedNames(extraAllowed);
  if (problems.length > 0) {
    throw new SyncError("CONFIG_INVALID", "Refused to pass secret-looking variables to sibling code", {
      details: problems,
      hint: "Remove these names from the allowed environment; sibling code never receives credentials."
    });
  }
  const extra = new Set(extraAllowed);
  const out = {};
  const dropped = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === void 0) continue;
    const listed = ALLOWED.has(name) || extra.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
    if (!listed) continue;
    const refusal = refusalReason(name);
    if (refusal) {
      dropped.push({ name, reason: refusal });
      continue;
    }
    if (name === "NODE_OPTIONS" && NODE_OPTIONS_UNSAFE.test(value)) {
      dropped.push({ name, reason: "NODE_OPTIONS loads code or opens a debugger (--require/--import/--loader/--inspect)" });
      continue;
    }
    out[name] = value;
  }
  if (options.home !== void 0) out.HOME = options.home;
  if (options.tmp !== void 0) Object.assign(out, { TMPDIR: options.tmp, TEMP: options.tmp, TMP: options.tmp });
  Object.assign(out, FORCED_ENV);
  if (options.home !== void 0) out.GIT_CONFIG_GLOBAL = join(options.home, EMPTY_GITCONFIG);
  return { env: out, dropped };
}
function scrubEnv(env, extraAllowed = [], options = {}) {
  return scrubEnvDetailed(env, extraAllowed, options).env;
}

// scripts/auto-sync/checks/smoke.ts
init_define_AUTO_SYNC_BUILD();
import { createServer } from "node:net";

// scripts/auto-sync/checks/parse-util.ts
init_define_AUTO_SYNC_BUILD();
var MAX_FIRST_LINES = 10;
var MAX_KEY_CHARS = 240;
var ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
function stripAnsi(text) {
  return text.replace(ANSI, "");
}
function toLines(text) {
  return stripAnsi(text).replace(/\r\n?/g, "\n").split("\n");
}
function makeContext(cwd) {
  const root = cwd?.replace(/\/+$/, "");
  return {
    relative(path) {
      let out = path.trim().replace(/^file:\/\//, "");
      if (root && out.startsWith(`${root}/`)) out = out.slice(root.length + 1);
      return out.replace(/^(\.\/)+/, "");
    }
  };
}
function key(...parts) {
  const text = parts.filter((part) => part !== void 0 && part !== "").join(" ").replace(/\s+/g, " ").trim();
  return text.length > MAX_KEY_CHARS ? `${text.slice(0, MAX_KEY_CHARS)}…` : text;
}
function pushLine(firstLines, line) {
  if (firstLines.length < MAX_FIRST_LINES) firstLines.push(line.trimEnd());
}
function findCount(lines, pattern) {
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match?.[1] !== void 0) return Number(match[1]);
  }
  return void 0;
}
function nextMessageLine(lines, index, skip = () => false) {
  for (let i = index + 1; i < Math.min(lines.length, index + 6); i++) {
    const line = lines[i];
    if (line === void 0 || line.trim() === "") continue;
    return skip(line) ? void 0 : line;
  }
  return void 0;
}

// scripts/auto-sync/checks/smoke.ts
var KEEP_OUTPUT_CHARS = 64 * 1024;
var TAIL_LINES = 40;
var STOP_GRACE_MS = 1e3;
async function runSmoke(runner, probe, options) {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const port = await findFreePort();
  const url = probeUrl(probe.url, port);
  if (typeof url === "string") return { name: probe.name, status: "error", durationMs: elapsed(), outputTail: "", message: url };
  const [file, ...args] = typeof probe.start === "string" ? ["/bin/sh", "-c", probe.start] : probe.start;
  if (!file) return { name: probe.name, status: "error", durationMs: elapsed(), outputTail: "", message: "the start command is empty" };
  const server = startServer(runner, file, args, options, port);
  try {
    const outcome = await poll(server, url, probe, options);
    const display = typeof probe.start === "string" ? probe.start : probe.start.join(" ");
    const base = {
      name: probe.name,
      durationMs: elapsed(),
      outputTail: server.tail(),
      ...outcome.httpStatus === void 0 ? {} : { httpStatus: outcome.httpStatus }
    };
    switch (outcome.kind) {
      case "answered":
        return { ...base, status: "passed" };
      case "spawn-error":
        return { ...base, status: "error", message: `could not start \`${display}\`: ${outcome.error}` };
      case "exited":
        return { ...base, status: "failed", message: `${probe.name} exited (${outcome.how}) before answering ${url.href}` };
      case "timeout":
        return outcome.httpStatus === void 0 ? { ...base, status: "timed-out", message: `${url.href} did not answer within ${probe.timeoutMs} ms` } : { ...base, status: "failed", message: `${url.href} answered ${outcome.httpStatus}, expected ${probe.expectStatus}` };
    }
  } finally {
    await server.stop();
  }
}
async function poll(server, url, probe, options) {
  const deadline = performance.now() + probe.timeoutMs;
  const interval = options.pollIntervalMs ?? 150;
  let httpStatus;
  while (true) {
    const remaining = deadline - performance.now();
    if (server.ended) break;
    if (remaining <= 0) return { kind: "timeout", httpStatus };
    const answer = await request(url, Math.min(options.requestTimeoutMs ?? 1e3, remaining));
    if (answer !== void 0) {
      httpStatus = answer;
      if (answer === probe.expectStatus) return { kind: "answered", httpStatus: answer };
    }
    await Promise.race([sleep(Math.min(interval, Math.max(0, deadline - performance.now()))), server.exited]);
  }
  const end = await server.exited;
  await Promise.race([server.drained, sleep(250)]);
  if (end.error) return { kind: "spawn-error", error: end.error };
  return { kind: "exited", how: end.signal ? `killed by ${end.signal}` : `exit code ${end.code}`, httpStatus };
}
async function request(url, timeoutMs) {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(Math.max(1, timeoutMs)) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return void 0;
  }
}
function probeUrl(spec, port) {
  const text = spec.startsWith("/") ? `http://127.0.0.1:{port}${spec}` : spec;
  let url;
  try {
    url = new URL(text.replaceAll("{port}", String(port)));
  } catch {
    return `the smoke URL ${JSON.stringify(spec)} is not a URL or a path`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `the smoke URL ${spec} must be http or https`;
  if (!isLoopback(url.hostname)) return `the smoke URL ${spec} must point at this machine (127.0.0.1, localhost or [::1])`;
  return url;
}
function isLoopback(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
async function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
function startServer(runner, file, args, options, port) {
  const child = runner.start(file, args, {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port), HOST: options.env.HOST ?? "127.0.0.1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    ...options.sandbox ? { sandbox: options.sandbox } : {}
  });
  let output = "";
  const collect = (chunk) => {
    output += chunk;
    if (output.length > 2 * KEEP_OUTPUT_CHARS) output = output.slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout?.setEncoding("utf8").on("data", collect);
  child.stderr?.setEncoding("utf8").on("data", collect);
  let ended = false;
  const exited = new Promise((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  }).then((exit) => {
    ended = true;
    return exit;
  });
  const drained = new Promise((resolve) => child.once("close", () => resolve()));
  const signalGroup = (signal) => {
    if (child.pid === void 0) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
    }
  };
  return {
    get ended() {
      return ended;
    },
    exited,
    drained,
    tail: () => toLines(output).filter((line, i, all) => i < all.length - 1 || line !== "").slice(-TAIL_LINES).join("\n"),
    async stop() {
      signalGroup("SIGTERM");
      await Promise.race([exited, sleep(STOP_GRACE_MS)]);
      signalGroup("SIGKILL");
      await Promise.race([exited, sleep(STOP_GRACE_MS)]);
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
  };
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export {
  splitCommandLine,
  planCheck,
  scriptOf,
  toolOf,
  EMPTY_GITCONFIG,
  refusalReason,
  scrubEnv,
  MAX_FIRST_LINES,
  stripAnsi,
  toLines,
  makeContext,
  key,
  pushLine,
  findCount,
  nextMessageLine,
  runSmoke,
  probeUrl
};
