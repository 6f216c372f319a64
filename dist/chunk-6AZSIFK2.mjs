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

// scripts/auto-sync/proc/lock.ts
init_define_AUTO_SYNC_BUILD();
import { randomBytes } from "node:crypto";
import { readFileSync as readFileSync2, statSync, unlinkSync } from "node:fs";
import { link, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

// scripts/auto-sync/proc/pid.ts
init_define_AUTO_SYNC_BUILD();
import { readFileSync } from "node:fs";
function isRunning(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== "EPERM") return false;
  }
  const stat2 = readStat(pid);
  return stat2 === void 0 || stat2.state !== "Z";
}
function processStart(pid) {
  return readStat(pid)?.start;
}
function readStat(pid) {
  try {
    const stat2 = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat2.slice(stat2.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", start: fields[19] ?? "" };
  } catch {
    return void 0;
  }
}

// scripts/auto-sync/proc/lock.ts
var LOCK_FILE = "auto-sync.lock";
function lockPathFor(root) {
  const dotGit = join(root, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return join(dotGit, LOCK_FILE);
    const gitDir = resolve(
      root,
      readFileSync2(dotGit, "utf8").replace(/^gitdir:\s*/, "").trim()
    );
    let common = gitDir;
    try {
      common = resolve(gitDir, readFileSync2(join(gitDir, "commondir"), "utf8").trim());
    } catch {
    }
    return join(common, LOCK_FILE);
  } catch {
    return join(root, LOCK_FILE);
  }
}
var held = /* @__PURE__ */ new Set();
async function acquireLock(path, options) {
  const deadline = Date.now() + options.waitMs;
  let told = false;
  while (true) {
    if (options.signal?.aborted) throw options.signal.reason;
    const attempt = await tryLock(path, options);
    if ("release" in attempt) return attempt;
    if (Date.now() >= deadline) throw lockedError(path, attempt.held, options.waitMs);
    if (!told) {
      told = true;
      options.onWait?.(attempt.held);
    }
    await sleep(Math.min(options.pollMs ?? 100, Math.max(1, deadline - Date.now())), options.signal);
  }
}
async function tryLock(path, options) {
  const mine = newHolder(options.command);
  for (let round = 0; round < 5; round++) {
    if (await createExclusive(path, mine)) return hold(path, mine, void 0, options.staleMs);
    const observed = await observe(path);
    if (observed === "gone") continue;
    if (!isStale(observed, options.staleMs)) return { held: observed.holder };
    if (await takeOver(path, observed, mine, options.staleMs)) return hold(path, mine, observed.holder ?? "unknown", options.staleMs);
    return { held: await observe(path).then((o) => o === "gone" ? void 0 : o.holder) ?? observed.holder };
  }
  return { held: void 0 };
}
function releaseLocksSync() {
  for (const lock of held) lock.releaseSync();
}
function newHolder(command) {
  const start = processStart(process.pid);
  return {
    pid: process.pid,
    startedAt: (/* @__PURE__ */ new Date()).toISOString(),
    host: hostname(),
    command,
    nonce: randomBytes(8).toString("hex"),
    ...start ? { processStart: start } : {}
  };
}
async function observe(path) {
  let text;
  let info;
  try {
    [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
  } catch (error) {
    if (error.code === "ENOENT") return "gone";
    throw lockIoError(path, error);
  }
  const holder = parseHolder(text);
  const id = holder?.nonce ?? `unreadable-${info.ino}-${Buffer.from(text).toString("base64url").slice(0, 32)}`;
  return { holder, id, mtimeMs: info.mtimeMs };
}
function parseHolder(text) {
  try {
    const value = JSON.parse(text);
    if (typeof value.pid !== "number" || typeof value.host !== "string" || typeof value.nonce !== "string") return void 0;
    if (!/^[A-Za-z0-9-]+$/.test(value.nonce)) return void 0;
    return {
      pid: value.pid,
      host: value.host,
      nonce: value.nonce,
      startedAt: String(value.startedAt ?? ""),
      command: String(value.command ?? ""),
      ...value.processStart ? { processStart: String(value.processStart) } : {}
    };
  } catch {
    return void 0;
  }
}
function isStale(observed, staleMs, now = Date.now()) {
  const { holder } = observed;
  if (holder && holder.host === hostname()) {
    if (holder.pid === process.pid) return false;
    if (!isRunning(holder.pid)) return true;
    const start = holder.processStart === void 0 ? void 0 : processStart(holder.pid);
    return start !== void 0 && start !== holder.processStart;
  }
  return now - observed.mtimeMs > staleMs;
}
var files = 0;
async function writeOwn(path, holder) {
  const tmp = `${path}.tmp-${process.pid}-${holder.nonce}-${++files}`;
  await writeFile(tmp, `${JSON.stringify(holder)}
`, { flag: "wx", mode: 420 });
  return tmp;
}
async function createExclusive(path, holder) {
  let tmp;
  try {
    tmp = await writeOwn(path, holder);
  } catch (error) {
    throw lockIoError(path, error);
  }
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    const code = error.code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw lockIoError(path, error);
    return createWithoutLink(path, holder);
  } finally {
    await rm(tmp, { force: true });
  }
}
async function createWithoutLink(path, holder) {
  let handle;
  try {
    handle = await open(path, "wx", 420);
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw lockIoError(path, error);
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}
`);
  } finally {
    await handle.close();
  }
  return true;
}
async function takeOver(path, observed, mine, staleMs, depth = 0) {
  const token = `${path}.takeover-${observed.id}`;
  if (!await createExclusive(token, mine)) {
    const other = await observe(token);
    if (other === "gone" || depth > 3 || !isStale(other, staleMs)) return false;
    if (!await takeOver(token, other, mine, staleMs, depth + 1)) return false;
  }
  const now = await observe(path);
  if (now === "gone" || now.id !== observed.id) {
    await rm(token, { force: true });
    return false;
  }
  const tmp = await writeOwn(path, mine);
  await rename(tmp, path);
  await rm(token, { force: true });
  return true;
}
function hold(path, holder, tookOver, staleMs) {
  const heartbeat = setInterval(
    () => {
      const when = /* @__PURE__ */ new Date();
      utimes(path, when, when).catch(() => {
      });
    },
    Math.max(1e3, Math.floor(staleMs / 3))
  );
  heartbeat.unref();
  let released = false;
  const lock = {
    path,
    holder,
    tookOver,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(lock);
      const now = await observe(path).catch(() => "gone");
      if (now !== "gone" && now.id === holder.nonce) await rm(path, { force: true });
    },
    releaseSync() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(lock);
      try {
        if (parseHolder(readFileSync2(path, "utf8"))?.nonce === holder.nonce) unlinkSync(path);
      } catch {
      }
    }
  };
  held.add(lock);
  sweepLeftovers(path).catch(() => {
  });
  return lock;
}
async function sweepLeftovers(path) {
  const dir = dirname(path);
  const name = basename(path);
  const quoted = name.replaceAll(".", "\\.");
  const token = new RegExp(`^${quoted}(\\.takeover-[\\w-]+)+$`);
  const tmp = new RegExp(`^${quoted}(\\.takeover-[\\w-]+)*\\.tmp-(\\d+)-[0-9a-f]+-\\d+$`);
  for (const entry of await readdir(dir).catch(() => [])) {
    const own = tmp.exec(entry);
    if (token.test(entry) || own && !isRunning(Number(own[2]))) await rm(join(dir, entry), { force: true });
  }
}
function lockedError(path, holder, waitMs) {
  const who = holder ? `pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}, running \`${holder.command}\`` : "a run whose lock file cannot be read";
  return new SyncError("LOCKED", `another auto-sync run holds the lock on this target (${who}); waited ${(waitMs / 1e3).toFixed(1)} s`, {
    hint: holder ? `Let it finish${holder.host === hostname() ? ` (or stop it: kill ${holder.pid})` : ""}, then run again; set AUTO_SYNC_LOCK_WAIT_MS to wait longer. A lock whose process is gone is taken over by the next run; the lock file is ${path}.` : `If no auto-sync run is going on, remove ${path}; set AUTO_SYNC_LOCK_WAIT_MS to wait longer.`
  });
}
function lockIoError(path, error) {
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError("LOCKED", `the run lock ${path} could not be taken: ${message}`, {
    hint: "The target’s git directory must be writable by the user running auto-sync.",
    cause: error
  });
}
function sleep(ms, signal) {
  return new Promise((resolve2) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve2();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

// scripts/auto-sync/proc/temp.ts
init_define_AUTO_SYNC_BUILD();
import { mkdtempSync, readFileSync as readFileSync3, rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir as readdir2, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";
var TEMP_KINDS = ["handoff", "home", "objects", "state-index", "verify", "run"];
var NAME = new RegExp(`^auto-sync-(${TEMP_KINDS.join("|")})-(\\d+)-[A-Za-z0-9]{6}$`);
var live = /* @__PURE__ */ new Set();
async function makeTempDir(kind, parent = tmpdir()) {
  const dir = await mkdtemp(join2(parent, `auto-sync-${kind}-${process.pid}-`));
  live.add(dir);
  return dir;
}
function makeTempDirSync(kind, parent = tmpdir()) {
  const dir = mkdtempSync(join2(parent, `auto-sync-${kind}-${process.pid}-`));
  live.add(dir);
  return dir;
}
async function removeTempDir(dir) {
  await rm2(dir, { recursive: true, force: true });
  live.delete(dir);
}
function removeTempDirSync(dir) {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}
function removeTempDirsSync() {
  const removed = [];
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
    }
    live.delete(dir);
  }
  return removed;
}
function tempParents() {
  return [.../* @__PURE__ */ new Set([tmpdir(), "/dev/shm"])];
}
async function sweepTempDirs(parents = tempParents(), alive = isRunning) {
  const removed = [];
  for (const parent of parents) {
    const names = await readdir2(parent).catch(() => []);
    for (const name of names) {
      const match = NAME.exec(name);
      if (!match) continue;
      const pid = Number(match[2]);
      if (pid === process.pid || alive(pid)) continue;
      const dir = join2(parent, name);
      if (match[1] === "run") endLeftoverGroups(dir);
      try {
        await rm2(dir, { recursive: true, force: true });
        removed.push(dir);
      } catch {
      }
    }
  }
  return removed;
}
async function claimRunDir(root, command) {
  await mkdir(root, { recursive: true });
  const runs = join2(root, "runs");
  await sweepTempDirs([runs]);
  const lock = await tryLock(join2(root, "run.lock"), { command, staleMs: 15 * 6e4 });
  if ("release" in lock) return { dir: root, shared: false, release: () => lock.release() };
  await mkdir(runs, { recursive: true });
  const dir = await makeTempDir("verify", runs);
  return { dir, shared: true, release: () => removeTempDir(dir) };
}
function endLeftoverGroups(dir) {
  let groups;
  try {
    groups = JSON.parse(readFileSync3(join2(dir, "children.json"), "utf8"));
  } catch {
    return;
  }
  for (const { pgid, start } of Array.isArray(groups) ? groups : []) {
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    const now = processStart(pgid);
    if (now !== void 0 && start !== null && now !== start) continue;
    if (now !== void 0 && start === null) continue;
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
    }
  }
}

export {
  processStart,
  lockPathFor,
  acquireLock,
  releaseLocksSync,
  makeTempDir,
  makeTempDirSync,
  removeTempDir,
  removeTempDirSync,
  removeTempDirsSync,
  sweepTempDirs,
  claimRunDir
};
