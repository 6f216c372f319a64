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

// scripts/auto-sync/git/git.ts
init_define_AUTO_SYNC_BUILD();
var DROPPED = /^(GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_ASKPASS|SSH_ASKPASS|GIT_NAMESPACE|GIT_CEILING_DIRECTORIES)$/;
function gitBaseEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) if (!DROPPED.test(key)) out[key] = value;
  out.LC_ALL = "C";
  out.LANGUAGE = "C";
  out.GIT_TERMINAL_PROMPT = "0";
  out.GIT_CONFIG_PARAMETERS = SAFE_CONFIG_PARAMETERS;
  out.GCM_INTERACTIVE = "never";
  out.GIT_ALLOW_PROTOCOL = "file:git:http:https:ssh";
  out.GIT_SSH_COMMAND = env.GIT_SSH_COMMAND ?? "ssh -o BatchMode=yes";
  return out;
}
function authHeaderValue(token) {
  return `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}
function withToken(env, token) {
  const out = { ...env };
  if (!token) return out;
  out.GIT_CONFIG_COUNT = "2";
  out.GIT_CONFIG_KEY_0 = "http.extraHeader";
  out.GIT_CONFIG_VALUE_0 = authHeaderValue(token);
  out.GIT_CONFIG_KEY_1 = "credential.helper";
  out.GIT_CONFIG_VALUE_1 = "";
  return out;
}
var SAFE_CONFIG_PARAMETERS = "'core.hooksPath'='/dev/null' 'core.fsmonitor'='false'";
var BUFFERED = { GIT_FLUSH: "0" };
var Git = class _Git {
  constructor(dir, runner, env, overrides = {}) {
    this.dir = dir;
    this.runner = runner;
    this.env = env;
    this.overrides = overrides;
  }
  dir;
  runner;
  env;
  overrides;
  /** The same repository with extra environment for every process (e.g. a scratch object directory). */
  withEnv(overrides) {
    return new _Git(this.dir, this.runner, this.env, { ...this.overrides, ...overrides });
  }
  get processes() {
    return this.runner.spawned;
  }
  async run(args, options = {}) {
    let env = { ...gitBaseEnv(this.env), ...this.overrides, ...BUFFERED, ...options.env };
    env = withToken(env, options.token);
    const result = await this.runner.run("git", args, {
      cwd: options.cwd ?? this.dir,
      env,
      input: options.input,
      timeoutMs: options.timeoutMs
    });
    if (!result.ok && !options.allowFailure) {
      throw new SyncError(
        "GIT_FAILED",
        `git ${args[0] ?? ""} failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`}`,
        {
          details: [result.stderr.trim()]
        }
      );
    }
    return result;
  }
  /** stdout of a git command that must succeed, without the final newline. */
  async read(args, options = {}) {
    const result = await this.run(args, options);
    return result.stdout.replace(/\n$/, "");
  }
  /**
   * Starts a long-lived git process (a --batch or --stdin mode) whose pipes the caller drives.
   * Same environment as run() and counted like every other process; the caller must end its stdin.
   * `unbuffered` runs it under coreutils' `stdbuf -o0`, for modes that do not flush after each answer;
   * `buffered`, for output read as a stream (not answers to requests), has it written in full buffers.
   */
  start(args, options = {}) {
    const argv = options.unbuffered ? ["-o0", "git", ...args] : [...args];
    const child = this.runner.start(options.unbuffered ? "stdbuf" : "git", argv, {
      cwd: this.dir,
      env: { ...gitBaseEnv(this.env), ...this.overrides, ...options.buffered ? BUFFERED : {} },
      stdio: ["pipe", "pipe", "pipe"]
    });
    return child;
  }
  /** Traces a process started with start(), once it has ended (for --verbose). */
  record(args, durationMs, exitCode) {
    this.runner.record({ command: ["git", ...args].join(" "), durationMs, exitCode, signal: void 0 });
  }
  /** Resolves a revision to a full sha, or undefined when it does not exist. */
  async resolve(rev) {
    const result = await this.run(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], { allowFailure: true });
    return result.ok ? result.stdout.trim() : void 0;
  }
};
function firstLine(text) {
  return text.split("\n").map((line) => line.trim()).find((line) => line.length > 0) ?? "";
}

export {
  gitBaseEnv,
  Git,
  firstLine
};
