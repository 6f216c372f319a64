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
  repoRoot
} from "./chunk-44GCHEUP.mjs";
import {
  readRepoFacts
} from "./chunk-UY2TSZ73.mjs";
import {
  configValue
} from "./chunk-KYXXX33O.mjs";
import {
  ProcessRunner
} from "./chunk-EGVF3VTZ.mjs";
import "./chunk-6AZSIFK2.mjs";
import {
  Git
} from "./chunk-FE3YQVJZ.mjs";
import {
  checkSourceUrl,
  parseConfigText
} from "./chunk-FAMTXUZO.mjs";
import "./chunk-PUJTW6QM.mjs";
import {
  scriptOf,
  splitCommandLine,
  toolOf
} from "./chunk-FOLJCIBQ.mjs";
import "./chunk-WOX2EN5J.mjs";
import "./chunk-75ZOHKPX.mjs";
import "./chunk-F3D2PCZV.mjs";
import "./chunk-BBBARBGM.mjs";
import "./chunk-PJWMB5KA.mjs";
import "./chunk-BWQCXTIL.mjs";
import {
  CODE_DIR,
  PACKAGE_ROOT
} from "./chunk-N3FRCOHJ.mjs";
import "./chunk-KLZKRLRV.mjs";
import "./chunk-RDSVHA4S.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/commands/init.ts
init_define_AUTO_SYNC_BUILD();
import { existsSync } from "node:fs";
import { mkdir, open, readdir } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";

// scripts/auto-sync/config/init-config.ts
init_define_AUTO_SYNC_BUILD();
var LOCKFILES = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"]
];
function packageManagerOf(facts) {
  for (const [file, manager] of LOCKFILES)
    if (facts.files.has(file))
      return { manager: manager === "yarn" && facts.files.has(".yarnrc.yml") ? "yarn-berry" : manager, lockfile: file };
  return { manager: "npm" };
}
function installCommand(manager, lockfile) {
  switch (manager) {
    case "pnpm":
      return "pnpm install --frozen-lockfile --ignore-scripts";
    case "yarn":
      return "yarn install --frozen-lockfile --ignore-scripts";
    case "yarn-berry":
      return "yarn install --immutable --mode=skip-build";
    case "npm":
      return lockfile ? "npm ci --ignore-scripts" : "npm install --ignore-scripts --no-audit --no-fund";
  }
}
var PARSER_OF = { jest: "jest", vitest: "vitest", "node-test": "node-test", eslint: "eslint", tsc: "tsc" };
var REPORT_OF = {
  jest: "jest --json",
  vitest: "vitest --reporter=json",
  eslint: "eslint -f json",
  tsc: "tsc --pretty false",
  "node-test": "node --test (its output parsed)"
};
function sourceNameOf(url) {
  const last = url.replace(/[/\\]+$/, "").split(/[/\\:]/).at(-1) ?? "";
  const name = last.replace(/\.git$/i, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 63);
  return name || "source";
}
function parseInitSources(values) {
  const sources = [];
  const problems = [];
  const taken = /* @__PURE__ */ new Set();
  for (const value of values) {
    const named = /^([A-Za-z0-9][A-Za-z0-9._-]{0,62})=(.+)$/.exec(value);
    const url = named ? named[2] : value;
    const problem = checkSourceUrl(url);
    if (problem) {
      problems.push(`--from ${JSON.stringify(shownUrl(url))}: ${problem}`);
      continue;
    }
    let name = named ? named[1] : sourceNameOf(url);
    if (taken.has(name)) {
      if (named) {
        problems.push(`--from: two sources named "${name}"`);
        continue;
      }
      let i = 2;
      while (taken.has(`${name}-${i}`)) i++;
      name = `${name}-${i}`;
    }
    taken.add(name);
    sources.push({ name, url });
  }
  return { sources, problems };
}
function shownUrl(url) {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1***@").replace(/[?#].*$/s, "?***");
}
function initialConfig(facts, sources, options) {
  const detected = [];
  const { manager, lockfile } = packageManagerOf(facts);
  const run = manager === "npm" ? "npm run" : manager === "pnpm" ? "pnpm run" : "yarn run";
  const test = manager === "npm" ? "npm test" : manager === "pnpm" ? "pnpm test" : "yarn test";
  const install = installCommand(manager, lockfile);
  detected.push(
    facts.packageJson ? `package manager: ${manager === "yarn-berry" ? "yarn (berry)" : manager}${lockfile ? ` (${lockfile})` : " (no lockfile: installs resolve afresh each time)"}` : "no package.json: no install, no checks; smoke probes only if you add them"
  );
  const checks = [];
  const typescript = facts.tsconfigs.length > 0 && facts.dependencies.has("typescript");
  if (typescript) {
    checks.push({
      comment: `TypeScript (${facts.tsconfigs.join(", ")}): tsc's errors counted, configuration errors never taken for known failures`,
      value: { name: "typecheck", run: "npx --no-install tsc --noEmit", parser: "tsc", timeoutMs: 6e5 }
    });
    detected.push(`typecheck: tsc --noEmit (${facts.tsconfigs.join(", ")})`);
  } else
    detected.push(
      facts.tsconfigs.length > 0 ? "typecheck: none (a tsconfig, but typescript is not a dependency)" : "typecheck: none (not TypeScript)"
    );
  const scriptCheck = (name, timeoutMs) => {
    const body = facts.scripts[name];
    if (body === void 0 || name === "test" && /no test specified/.test(body)) {
      detected.push(`${name}: none (no "${name}" script in package.json)`);
      return;
    }
    const tool = toolOfScript(body);
    const parser = tool ? PARSER_OF[tool] ?? "auto" : "auto";
    const report = tool ? REPORT_OF[tool] : void 0;
    const fixes = /(^|\s)--fix(\s|$)/.test(body);
    const notes = [
      `the "${name}" script: ${JSON.stringify(body)}`,
      tool ? `runs ${tool}` : "its tool not recognised: failures are shown, never excused as known",
      report ? `read through ${report}` : "",
      fixes ? "run without --fix (a check must not fix what it checks)" : ""
    ].filter(Boolean);
    checks.push({
      comment: notes.join("; "),
      value: { name, run: name === "test" ? test : `${run} ${name}`, parser, timeoutMs }
    });
    detected.push(`${name}: ${tool ?? "a script"}${report ? ` (${report})` : ""}`);
  };
  if (facts.packageJson) {
    scriptCheck("lint", 6e5);
    scriptCheck("build", 9e5);
    scriptCheck("test", 9e5);
  }
  checks.push({
    comment: "the Prisma schema validated offline, only when a batch touches it",
    value: { name: "prisma", builtin: "prisma-validate", when: ["prisma/**", "**/schema.prisma"], timeoutMs: 6e4 }
  });
  const smoke = [];
  if (facts.scripts.start !== void 0) {
    smoke.push({
      comment: `the "start" script, probed on 127.0.0.1:$PORT (set url to your health route)`,
      value: {
        name: "start",
        start: manager === "npm" ? "npm start" : `${manager.replace("-berry", "")} start`,
        url: "/",
        timeoutMs: 3e4
      }
    });
    detected.push('smoke: the "start" script, probed at /');
  } else detected.push('smoke: none (no "start" script)');
  const lines = [
    "// auto-sync configuration, written by `auto-sync init`. JSON with comments; `auto-sync check-config` checks it.",
    '// Reference: the README of auto-sync, section "Configuration".',
    "{",
    `  "$schema": ${JSON.stringify(options.schema)},`,
    "  // The sibling repositories to take commits from (https URLs read their token from SOURCE_PAT).",
    `  "sources": ${block(
      sources.map((s) => ({ comment: "", value: { name: s.name, url: s.url } })),
      "  "
    )},`,
    options.github ? "  // On GitHub: merges and pull requests through the API (GITHUB_TOKEN, GITHUB_REPOSITORY)." : '  // local: merges into the branch and writes proposals under .neon/proposals/; "github" on GitHub Actions.',
    `  "forge": { "type": ${JSON.stringify(options.github ? "github" : "local")} },`,
    `  // Installed before the checks, in the sandbox, with no token in reach; no package scripts run.`,
    `  "install": { "run": ${JSON.stringify(install)} },`,
    "  // Each check runs on the integration branch, and again on the target head when it fails there too.",
    `  "checks": ${block(checks, "  ")},`,
    `  "smoke": ${block(smoke, "  ")}`,
    "}",
    ""
  ];
  return { text: lines.join("\n"), detected };
}
function block(entries, indent) {
  if (entries.length === 0) return "[]";
  const inner = entries.flatMap((e, i) => [
    ...e.comment ? [`${indent}  // ${e.comment.replace(/[\r\n\u2028\u2029]+/g, " ")}`] : [],
    `${indent}  ${oneLineObject(e.value)}${i < entries.length - 1 ? "," : ""}`
  ]);
  return `[
${inner.join("\n")}
${indent}]`;
}
function oneLineObject(value) {
  return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
}
function toolOfScript(body) {
  const split = splitCommandLine(body);
  const tools = new Set(split.segments.map((words) => scriptOf(words) ? void 0 : toolOf(words)).filter((t) => t !== void 0));
  return tools.size === 1 ? [...tools][0] : void 0;
}

// scripts/auto-sync/commands/init.ts
var DEFAULT_FILE = "auto-sync.config.json";
async function initCommand(cli, env, log) {
  const runner = new ProcessRunner();
  const root = await repoRoot(cli, env, runner);
  const { sources, problems } = parseInitSources(cli.from);
  if (cli.from.length === 0)
    problems.push("no source given: pass --from URL (or --from NAME=URL) for each sibling repository to take commits from");
  if (problems.length > 0)
    throw new SyncError("USAGE", `init: ${problems.length} problem(s) with the sources`, {
      details: problems,
      hint: "Example: auto-sync init --from https://github.com/acme/upstream.git"
    });
  const file = cli.config ? isAbsolute(cli.config) ? cli.config : resolve(process.cwd(), cli.config) : join(root, DEFAULT_FILE);
  const names = new Set(await readdir(root).catch(() => []));
  const facts = { ...await readRepoFacts(root), files: names };
  const origin = await configValue(new Git(root, runner, env.vars), "remote.origin.url").catch(() => "");
  const github = env.githubActions || isGitHubUrl(origin);
  const { text, detected } = initialConfig(facts, sources, { schema: schemaRef(dirname(file)), github });
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(`init wrote a configuration that does not validate: ${JSON.stringify(parsed.problems)}`);
  await mkdir(dirname(file), { recursive: true });
  try {
    const handle = await open(file, "wx");
    try {
      await handle.writeFile(text, "utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error.code === "EEXIST")
      throw new SyncError("CONFIG_EXISTS", `${file} exists already; init does not replace a configuration`, {
        hint: "Edit it (auto-sync check-config checks it), remove it to start afresh, or pass --config FILE to write another."
      });
    throw error;
  }
  const shown = relative(process.cwd(), file) || file;
  log.out(`wrote ${shown}: ${sources.length} source(s): ${sources.map((s) => s.name).join(", ")}`);
  for (const line of detected) log.out(`  ${line}`);
  log.out(`next: auto-sync check-config --repo ${quote(root)}, then auto-sync run --repo ${quote(root)} (a dry run outside CI)`);
  return 0;
}
function schemaRef(configDir) {
  const candidates = [join(CODE_DIR, "config.schema.json"), join(PACKAGE_ROOT, "scripts", "auto-sync", "config.schema.json")];
  const schema = candidates.find((path) => existsSync(path)) ?? candidates[0];
  const rel = relative(configDir, schema);
  return rel.startsWith("..") || isAbsolute(rel) ? schema : `./${rel}`;
}
function isGitHubUrl(url) {
  return /^(https:\/\/([^/@]*@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)/i.test(url.trim());
}
function quote(path) {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
export {
  initCommand
};
