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
  makeTempDirSync,
  processStart,
  releaseLocksSync,
  removeTempDirSync,
  removeTempDirsSync
} from "./chunk-6AZSIFK2.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/proc/interrupt.ts
init_define_AUTO_SYNC_BUILD();

// scripts/auto-sync/proc/children.ts
init_define_AUTO_SYNC_BUILD();
import { writeFileSync } from "node:fs";
import { join } from "node:path";
var live = /* @__PURE__ */ new Map();
var recordDir;
var CHILDREN_FILE = "children.json";
function trackChild(pid, group, sibling = false) {
  if (pid === void 0) return () => {
  };
  const recorded = group && sibling;
  live.set(pid, { group, sibling, start: recorded ? processStart(pid) : void 0 });
  if (recorded) record();
  return () => {
    if (live.delete(pid) && recorded) record();
  };
}
function signalChildren(signal, which = "all") {
  let count = 0;
  for (const [pid, { group, sibling }] of live) {
    if (which === "sibling" && !sibling) continue;
    try {
      process.kill(group ? -pid : pid, signal);
      count++;
    } catch {
    }
  }
  return count;
}
function closeChildRecord() {
  if (!recordDir || [...live.values()].some((c) => c.group && c.sibling)) return;
  removeTempDirSync(recordDir);
  recordDir = void 0;
}
function record() {
  try {
    recordDir ??= makeTempDirSync("run");
    const groups = [...live].filter(([, c]) => c.group && c.sibling).map(([pgid, c]) => ({ pgid, start: c.start ?? null }));
    writeFileSync(join(recordDir, CHILDREN_FILE), JSON.stringify(groups));
  } catch {
  }
}

// scripts/auto-sync/proc/interrupt.ts
var EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };
var STOP_GRACE_MS = 15e3;
var KILL_AFTER_MS = 2e3;
var received;
var controller = new AbortController();
var installs = 0;
function stopRequested() {
  return received !== void 0;
}
function stopSignal() {
  return controller.signal;
}
function interruption() {
  return received ? { signal: received, exitCode: EXIT_CODES[received] } : void 0;
}
function interruptedError(what, sentence = `${what} not started`) {
  return new SyncError("INTERRUPTED", `${received ?? "a stop signal"} received: ${sentence}`);
}
function throwIfStopped(what, sentence) {
  if (received) throw interruptedError(what, sentence);
}
function handleSignals(options) {
  const exit = options.exit ?? ((code) => process.exit(code));
  if (installs++ > 0) return { dispose: () => void installs-- };
  const hardExit = (code) => {
    signalChildren("SIGKILL");
    removeTempDirsSync();
    releaseLocksSync();
    exit(code);
  };
  const onSignal = (signal) => {
    if (received) {
      options.warn(`${signal} received again: exiting now`);
      hardExit(EXIT_CODES[received]);
      return;
    }
    received = signal;
    controller.abort(interruptedError("the rest of the run"));
    const signalled = signalChildren("SIGTERM", "sibling");
    options.warn(
      `${signal} received: stopping — ${signalled} process group(s) of sibling code ended, no new work started; the state of what was delivered is recorded, temp directories removed`
    );
    setTimeout(() => signalChildren("SIGKILL", "sibling"), KILL_AFTER_MS).unref();
    const graceTimer = setTimeout(() => {
      options.warn(`still running ${((options.graceMs ?? STOP_GRACE_MS) / 1e3).toFixed(0)} s after ${signal}: exiting now`);
      hardExit(EXIT_CODES[signal]);
    }, options.graceMs ?? STOP_GRACE_MS);
    graceTimer.unref();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  const onExit = () => {
    removeTempDirsSync();
    releaseLocksSync();
  };
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  process.on("exit", onExit);
  return {
    dispose() {
      if (--installs > 0) return;
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.off("exit", onExit);
      closeChildRecord();
    }
  };
}

// scripts/auto-sync/proc/run.ts
init_define_AUTO_SYNC_BUILD();
import { ChildProcess, spawn } from "node:child_process";
function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}
var ProcessRunner = class {
  constructor(trace) {
    this.trace = trace;
  }
  trace;
  spawned = 0;
  /**
   * Starts a long-lived child and returns it at once; the caller drives its pipes and waits for it.
   * Counted like every other child; plain node:child_process, so the git hot path stays cheap.
   */
  start(file, args, options) {
    this.spawned++;
    const started = nowMs();
    const command = [file, ...args].join(" ");
    if (options.sandbox && stopRequested()) return notStarted(STOPPING);
    const wrapped = options.sandbox ? options.sandbox.wrap(file, args, options.cwd ?? process.cwd(), options.env.PATH) : { file, args };
    if ("error" in wrapped) return notStarted(wrapped.error);
    const child = spawn(wrapped.file, [...wrapped.args], {
      cwd: options.cwd,
      env: withoutUndefined(options.env),
      stdio: options.stdio,
      detached: options.detached ?? false
    });
    child.once("close", trackChild(child.pid, options.detached ?? false, options.sandbox !== void 0));
    if (options.trace) {
      child.once(
        "close",
        (code, signal) => this.trace?.({ command, durationMs: nowMs() - started, exitCode: code ?? void 0, signal: signal ?? void 0 })
      );
    }
    return child;
  }
  /** Traces a child started with start() once it has ended, for callers that time it themselves. */
  record(event) {
    this.trace?.(event);
  }
  async run(file, args, options) {
    const command = [file, ...args].join(" ");
    if (!options.sandbox) return this.runAs(command, file, args, options);
    if (stopRequested()) {
      this.spawned++;
      const result2 = { command, exitCode: void 0, signal: void 0, timedOut: false, stdout: "", stderr: "", durationMs: 0 };
      return { ...result2, ok: false, startError: STOPPING };
    }
    const wrapped = options.sandbox.wrap(file, args, options.cwd ?? process.cwd(), options.env.PATH);
    if (!("error" in wrapped)) return this.runAs(command, wrapped.file, wrapped.args, options);
    this.spawned++;
    const result = { command, exitCode: void 0, signal: void 0, timedOut: false, stdout: "", stderr: "", durationMs: 0 };
    return { ...result, ok: false, startError: wrapped.error };
  }
  async runAs(command, file, args, options) {
    this.spawned++;
    const group = options.group ?? false;
    const max = options.maxOutputChars;
    if (!group && max === void 0) return this.runPlain(command, file, args, options);
    const { execa } = await import("./execa-HB5H42UN.mjs");
    const started = nowMs();
    const subprocess = execa(file, args, {
      cwd: options.cwd,
      env: withoutUndefined(options.env),
      extendEnv: false,
      input: options.input,
      // In group mode the timeout is ours: execa would signal the leader only.
      timeout: group ? void 0 : options.timeoutMs,
      detached: group,
      cleanup: true,
      killSignal: "SIGTERM",
      forceKillAfterDelay: FORCE_KILL_AFTER_MS,
      reject: false,
      stripFinalNewline: false,
      buffer: max === void 0,
      maxBuffer: 512 * 1024 * 1024
    });
    const pid = subprocess.pid;
    const untrack = trackChild(pid, group, options.sandbox !== void 0);
    const stdout = max === void 0 ? void 0 : new HeadTail(max, subprocess.stdout);
    const stderr = max === void 0 ? void 0 : new HeadTail(max, subprocess.stderr);
    const groupTimeout = { fired: false, timers: [] };
    if (group && pid !== void 0) {
      subprocess.nodeChildProcess.once("exit", () => {
        for (const timer of groupTimeout.timers) clearTimeout(timer);
        signalGroup(pid, "SIGKILL");
      });
      if (options.timeoutMs !== void 0) {
        groupTimeout.timers.push(
          setTimeout(() => {
            groupTimeout.fired = true;
            signalGroup(pid, "SIGTERM");
            groupTimeout.timers.push(setTimeout(() => signalGroup(pid, "SIGKILL"), FORCE_KILL_AFTER_MS));
          }, options.timeoutMs)
        );
      }
    }
    const result = await subprocess;
    untrack();
    for (const timer of groupTimeout.timers) clearTimeout(timer);
    const durationMs = nowMs() - started;
    if (group && pid !== void 0) signalGroup(pid, "SIGKILL");
    const exitCode = typeof result.exitCode === "number" ? result.exitCode : void 0;
    const signal = result.signal ?? void 0;
    const timedOut = result.timedOut === true || groupTimeout.fired;
    this.trace?.({ command, durationMs, exitCode, signal });
    const bound = (text) => clip(typeof text === "string" ? text : "", max);
    return {
      command,
      exitCode,
      signal,
      timedOut,
      stdout: stdout ? stdout.text() : bound(result.stdout),
      stderr: stderr ? stderr.text() : bound(result.stderr),
      durationMs,
      ok: exitCode === 0 && !signal && !timedOut,
      ...pid === void 0 ? { startError: result.originalMessage ?? result.message ?? "the process could not be started" } : {}
    };
  }
  /** A plain child with node:child_process: buffered output, optional timeout (SIGTERM, then SIGKILL). */
  runPlain(command, file, args, options) {
    const started = nowMs();
    return new Promise((resolve) => {
      const bounded = options.timeoutMs !== void 0;
      const child = spawn(file, [...args], {
        cwd: options.cwd,
        env: withoutUndefined(options.env),
        stdio: ["pipe", "pipe", "pipe"],
        detached: bounded
      });
      const untrack = trackChild(child.pid, bounded);
      const kill = (signal) => bounded && child.pid !== void 0 ? signalGroup(child.pid, signal) : child.kill(signal);
      const out = [];
      const err = [];
      let startError;
      let timedOut = false;
      const timers = [];
      if (options.timeoutMs !== void 0) {
        timers.push(
          setTimeout(() => {
            timedOut = true;
            kill("SIGTERM");
            timers.push(setTimeout(() => kill("SIGKILL"), FORCE_KILL_AFTER_MS));
          }, options.timeoutMs)
        );
      }
      child.stdout.on("data", (chunk) => out.push(chunk));
      child.stderr.on("data", (chunk) => err.push(chunk));
      child.stdin.on("error", () => {
      });
      child.on("error", (error) => {
        startError = error.message;
      });
      child.on("close", (code, signal) => {
        untrack();
        for (const timer of timers) clearTimeout(timer);
        const durationMs = nowMs() - started;
        const exitCode = typeof code === "number" && !startError ? code : void 0;
        this.trace?.({ command, durationMs, exitCode, signal: signal ?? void 0 });
        resolve({
          command,
          exitCode,
          signal: signal ?? void 0,
          timedOut,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          durationMs,
          ok: exitCode === 0 && !signal && !timedOut && !startError,
          ...startError ? { startError } : {}
        });
      });
      child.stdin.end(options.input ?? "");
    });
  }
};
var FORCE_KILL_AFTER_MS = 2e3;
var STOPPING = "not started: auto-sync is stopping (a stop signal was received)";
function notStarted(message) {
  const child = new ChildProcess();
  process.nextTick(() => {
    child.emit("error", Object.assign(new Error(message), { code: "ENOENT" }));
    child.emit("close", -2, null);
  });
  return child;
}
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
  }
}
var HeadTail = class {
  constructor(max, stream) {
    this.max = max;
    this.half = Math.floor(max / 2);
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk) => this.push(chunk));
  }
  max;
  head = "";
  tail = "";
  total = 0;
  half;
  push(chunk) {
    this.total += chunk.length;
    if (this.head.length < this.half) {
      const room = this.half - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    this.tail += chunk;
    if (this.tail.length > 2 * this.max) this.tail = this.tail.slice(-this.max);
  }
  text() {
    if (this.total <= this.max) return this.head + this.tail;
    const tail = this.tail.slice(this.tail.length - (this.max - this.head.length));
    return `${this.head}
… [${this.total - this.head.length - tail.length} characters cut] …
${tail}`;
  }
};
function withoutUndefined(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) if (value !== void 0) out[key] = value;
  return out;
}
function clip(text, max) {
  if (max === void 0 || text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}
… [${text.length - max} characters cut] …
${text.slice(text.length - half)}`;
}

export {
  stopRequested,
  stopSignal,
  interruption,
  interruptedError,
  throwIfStopped,
  handleSignals,
  nowMs,
  ProcessRunner
};
