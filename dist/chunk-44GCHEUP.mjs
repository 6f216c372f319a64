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
  workTreeRoot
} from "./chunk-KYXXX33O.mjs";
import {
  ProcessRunner
} from "./chunk-EGVF3VTZ.mjs";
import {
  Git,
  gitBaseEnv
} from "./chunk-FE3YQVJZ.mjs";
import {
  createRedactor
} from "./chunk-75ZOHKPX.mjs";
import {
  loadConfig
} from "./chunk-PJWMB5KA.mjs";
import {
  cachedParse
} from "./chunk-BWQCXTIL.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/output/log.ts
init_define_AUTO_SYNC_BUILD();
function createLogger(options) {
  const stdout = options.stdout ?? ((text) => process.stdout.write(text));
  const stderr = options.stderr ?? ((text) => process.stderr.write(text));
  const line = (write, prefix) => (message) => write(`${options.redact(prefix + message)}
`);
  return {
    info: line(stderr, ""),
    warn: line(stderr, "warning: "),
    error: line(stderr, "error: "),
    debug: options.verbose ? line(stderr, "  · ") : () => {
    },
    out: (text) => stdout(options.redact(text.endsWith("\n") ? text : `${text}
`))
  };
}

// scripts/auto-sync/commands/context.ts
init_define_AUTO_SYNC_BUILD();
import { existsSync } from "node:fs";
import { isAbsolute, join as join2, resolve } from "node:path";

// scripts/auto-sync/git/version.ts
init_define_AUTO_SYNC_BUILD();
import { realpathSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
var MIN_GIT = [2, 38];
function gitVersionProblem(output) {
  const m = /git version (\d+)\.(\d+)/.exec(output);
  if (!m) return `cannot tell the git version from "${output.trim().slice(0, 80)}"`;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > MIN_GIT[0] || major === MIN_GIT[0] && minor >= MIN_GIT[1]) return void 0;
  return `auto-sync needs git ${MIN_GIT.join(".")} or newer (merge-tree --write-tree); this is git ${major}.${minor}`;
}
async function requireGitVersion(runner, env) {
  const ask = async () => {
    const result = await runner.run("git", ["--version"], { env: gitBaseEnv(env), timeoutMs: 3e4 });
    if (result.startError) throw new SyncError("RUNTIME_UNSUPPORTED", `git was not found on PATH (${result.startError})`);
    return (result.ok ? gitVersionProblem(result.stdout) : `git --version failed (exit ${result.exitCode ?? result.signal})`) ?? null;
  };
  const binary = gitBinary(env.PATH);
  const problem = binary ? await cachedParse("git-version", binary, ["git/version.ts"], ask) : await ask();
  if (problem) throw new SyncError("RUNTIME_UNSUPPORTED", problem);
}
function gitBinary(path) {
  for (const dir of (path ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      const file = join(dir, "git");
      const real = realpathSync(file);
      const st = statSync(real);
      if (st.isFile()) return `${real}\0${st.ino}\0${st.size}\0${st.mtimeMs}`;
    } catch {
    }
  }
  return void 0;
}

// scripts/auto-sync/commands/context.ts
var DEFAULT_CONFIGS = ["auto-sync.config.json", ".github/auto-sync.json", "scripts/auto-sync/config.json"];
function secretsOf(env, tokenEnvs) {
  const names = /* @__PURE__ */ new Set(["GITHUB_TOKEN", "SOURCE_PAT", "GH_TOKEN", ...tokenEnvs]);
  for (const name of Object.keys(env.vars)) if (/(TOKEN|SECRET|PASSWORD|_PAT)$/i.test(name)) names.add(name);
  return [...names].map((name) => env.vars[name]).filter((v) => typeof v === "string");
}
async function repoRoot(cli, env, runner) {
  const dir = resolve(cli.repo ?? process.cwd());
  if (existsSync(join2(dir, ".git"))) return dir;
  const git = new Git(dir, runner, env.vars);
  const root = await workTreeRoot(git);
  if (root === void 0) throw new SyncError("NOT_A_REPO", `${dir} is not inside a git repository`);
  return root;
}
function configPathOf(cli, root) {
  if (cli.config) return isAbsolute(cli.config) ? cli.config : resolve(process.cwd(), cli.config);
  const found = DEFAULT_CONFIGS.map((name) => join2(root, name)).find((path) => existsSync(path));
  if (found) return found;
  throw new SyncError("CONFIG_NOT_FOUND", `no configuration in ${root} (looked for ${DEFAULT_CONFIGS.join(", ")})`, {
    hint: 'Create auto-sync.config.json at the root of the target (see "Using it on your repository" in the README) or pass --config FILE.'
  });
}
async function openTarget(cli, env, io) {
  let redact = (t) => t;
  let log = createLogger({ redact: (t) => redact(t), verbose: cli.verbose, ...io });
  const runner = new ProcessRunner(
    (event) => log.debug(
      `git ${event.command.replace(/^git (-c \S+ )*/, "")} (${event.durationMs.toFixed(0)} ms${event.exitCode ? `, exit ${event.exitCode}` : ""})`
    )
  );
  await requireGitVersion(runner, env.vars);
  const root = await repoRoot(cli, env, runner);
  const configPath = configPathOf(cli, root);
  const config = await loadConfig(configPath);
  redact = createRedactor(
    secretsOf(
      env,
      config.sources.map((s) => s.tokenEnv)
    )
  );
  if (env.githubActions) {
    const { createActionsLogger } = await import("./actions-Z5XSWVYO.mjs");
    log = createActionsLogger({
      redact,
      verbose: cli.verbose,
      secrets: secretsOf(
        env,
        config.sources.map((s) => s.tokenEnv)
      )
    });
  }
  const stdout = io.stdout ?? ((text) => void process.stdout.write(text));
  if (cli.report === "-") log = { ...log, out: (text) => log.info(text.replace(/\n$/, "")) };
  return { root, git: new Git(root, runner, env.vars), runner, config, configPath, redact, log, stdout };
}
function selectSources(config, names) {
  if (names.length === 0) return config.sources;
  const unknown = names.filter((n) => !config.sources.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new SyncError("USAGE", `unknown source ${unknown.map((n) => `"${n}"`).join(", ")}`, {
      hint: `Configured sources: ${config.sources.map((s) => s.name).join(", ")}.`
    });
  }
  return config.sources.filter((s) => names.includes(s.name));
}
function requireDir(value, flag) {
  if (!value) throw new SyncError("USAGE", `${flag} DIR is required`, { hint: `Pass ${flag} DIR: the hand-off directory between phases.` });
  return resolve(process.cwd(), value);
}

export {
  createLogger,
  secretsOf,
  repoRoot,
  configPathOf,
  openTarget,
  selectSources,
  requireDir
};
