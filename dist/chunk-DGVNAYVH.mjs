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
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/channel.ts
init_define_AUTO_SYNC_BUILD();
var ChannelClosed = class extends SyncError {
};
var Channel = class {
  constructor(child, command, terminator) {
    this.child = child;
    this.command = command;
    this.terminator = terminator;
    this.ended = exited(child, command).then(() => {
      throw new ChannelClosed("GIT_FAILED", `git ${command} ended before answering`);
    });
    this.ended.catch(() => void 0);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      this.buffer += chunk;
      this.wake?.();
    });
  }
  child;
  command;
  terminator;
  buffer = "";
  wake;
  ended;
  send(input) {
    this.child.stdin.write(input);
  }
  async next(timeoutMs) {
    let timer;
    const late = new Promise((_, reject) => {
      if (timeoutMs !== void 0)
        timer = setTimeout(() => reject(new SyncError("GIT_FAILED", `git ${this.command} did not answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      for (; ; ) {
        const end = this.buffer.indexOf(this.terminator);
        if (end !== -1) {
          const answer = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + this.terminator.length);
          return answer;
        }
        await Promise.race([new Promise((resolve) => this.wake = resolve), this.ended, late]);
      }
    } finally {
      clearTimeout(timer);
    }
  }
  async close() {
    this.child.stdin.end();
    await this.ended.catch((error) => {
      if (!(error instanceof ChannelClosed)) throw error;
    });
  }
  abort() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
};
var ObjectReader = class {
  child;
  done;
  buffer = Buffer.alloc(0);
  waiting = [];
  failure;
  constructor(git) {
    this.child = git.start(["cat-file", "--batch"]);
    this.done = exited(this.child, "cat-file --batch");
    this.done.then(
      () => this.fail(new ChannelClosed("GIT_FAILED", "git cat-file --batch ended before answering")),
      (error) => this.fail(error)
    );
    this.child.stdout.on("data", (chunk) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }
  /** `request` is anything cat-file takes: an oid, `<rev>^{commit}`, `<tree>:<path>`. */
  read(request) {
    if (/[\n\r]/.test(request) || request === "") throw new Error(`cat-file: invalid request ${JSON.stringify(request)}`);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.child.stdin.write(`${request}
`);
    });
  }
  /** Many reads in one write to git's stdin (a write per request costs more than git's answer). */
  readAll(requests) {
    for (const request of requests)
      if (/[\n\r]/.test(request) || request === "") throw new Error(`cat-file: invalid request ${JSON.stringify(request)}`);
    if (this.failure) return Promise.reject(this.failure);
    const answers = requests.map(
      (request) => new Promise((resolve, reject) => this.waiting.push({ request, resolve, reject }))
    );
    if (requests.length > 0) this.child.stdin.write(`${requests.join("\n")}
`);
    return Promise.all(answers);
  }
  async close() {
    this.child.stdin.end();
    await this.done;
  }
  abort() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
  drain() {
    for (; ; ) {
      const next = this.waiting[0];
      const eol = this.buffer.indexOf(10);
      if (!next || eol === -1) return;
      const header = this.buffer.toString("latin1", 0, eol);
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.buffer = this.buffer.subarray(eol + 1);
        this.waiting.shift();
        next.resolve({ missing: next.request });
        continue;
      }
      const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
      if (!match) {
        this.fail(new SyncError("GIT_FAILED", `git cat-file --batch answered ${JSON.stringify(header)} for ${next.request}`));
        return;
      }
      const size = Number(match[3]);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(eol + 1, eol + 1 + size));
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.waiting.shift();
      next.resolve({ oid: match[1], type: match[2], body });
    }
  }
  fail(error) {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
};
function exited(child, command) {
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => stderr += chunk);
  child.stdin.on("error", () => void 0);
  const done = new Promise((resolve, reject) => {
    const fail = (reason) => reject(new SyncError("GIT_FAILED", `git ${command} failed: ${firstLine(stderr) || reason}`, { details: [stderr.trim()] }));
    child.once("error", (error) => fail(error.message));
    child.once("close", (code, signal) => code === 0 ? resolve() : fail(`exit ${code ?? signal}`));
  });
  done.catch(() => void 0);
  return done;
}

// scripts/auto-sync/git/objects.ts
init_define_AUTO_SYNC_BUILD();
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
var OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
function objectFormatOf(oid) {
  return oid.length === 64 ? "sha256" : "sha1";
}
var NewObjects = class {
  constructor(format) {
    this.format = format;
  }
  format;
  objects = [];
  seen = /* @__PURE__ */ new Set();
  dir;
  /** Bytes held in memory. */
  bytes = 0;
  write(type, body) {
    const header = Buffer.from(`${type} ${body.length}\0`, "latin1");
    const oid = createHash(this.format).update(header).update(body).digest("hex");
    if (this.seen.has(oid)) return oid;
    this.seen.add(oid);
    if (this.dir) {
      writeLoose(this.dir, oid, Buffer.concat([header, body]));
    } else {
      this.objects.push({ type, body });
      this.bytes += body.length;
    }
    return oid;
  }
  spill(dir) {
    this.dir = dir;
    for (const { type, body } of this.objects) {
      const stored = Buffer.concat([Buffer.from(`${type} ${body.length}\0`, "latin1"), body]);
      writeLoose(dir, createHash(this.format).update(stored).digest("hex"), stored);
    }
    this.objects = [];
    this.bytes = 0;
  }
  /** A version 2 pack of every object, undeltified, as `git index-pack --stdin` takes it. */
  pack() {
    if (this.dir) throw new Error("NewObjects.pack: the objects were spilled to a directory");
    const head = Buffer.alloc(12);
    head.write("PACK", 0, "latin1");
    head.writeUInt32BE(2, 4);
    head.writeUInt32BE(this.objects.length, 8);
    const parts = [head];
    for (const { type, body } of this.objects) parts.push(packEntryHeader(PACK_TYPES[type], body.length), ...storedZlib(body));
    const pack = Buffer.concat(parts);
    return Buffer.concat([pack, createHash(this.format).update(pack).digest()]);
  }
};
var PACK_TYPES = { commit: 1, tree: 2, blob: 3 };
function packEntryHeader(type, size) {
  const bytes = [type << 4 | size & 15];
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes[bytes.length - 1] |= 128;
    bytes.push(rest & 127);
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}
function storedZlib(data) {
  const parts = [Buffer.from([120, 1])];
  for (let offset = 0; ; offset += 65535) {
    const block = data.subarray(offset, offset + 65535);
    const last = offset + 65535 >= data.length;
    const header = Buffer.alloc(5);
    header[0] = last ? 1 : 0;
    header.writeUInt16LE(block.length, 1);
    header.writeUInt16LE(~block.length & 65535, 3);
    parts.push(header, block);
    if (last) break;
  }
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(data));
  parts.push(trailer);
  return parts;
}
function adler32(data) {
  let a = 1;
  let b = 0;
  for (let start = 0; start < data.length; start += 5552) {
    const end = Math.min(start + 5552, data.length);
    for (let i = start; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b << 16 | a) >>> 0;
}
function writeLoose(dir, oid, stored) {
  const path = join(dir, oid.slice(0, 2), oid.slice(2));
  if (existsSync(path)) return;
  mkdirSync(join(dir, oid.slice(0, 2)), { recursive: true });
  writeFileSync(path, deflateSync(stored, { level: 1 }));
}
function commitObject(fields) {
  const head = [`tree ${fields.tree}`, ...fields.parents.map((parent) => `parent ${parent}`), "author "].join("\n");
  return Buffer.concat([
    Buffer.from(head, "utf8"),
    fields.author,
    Buffer.from(`
committer ${fields.committer}

${fields.message}`, "utf8")
  ]);
}
function parseCommit(sha, body) {
  const end = body.indexOf("\n\n");
  const lines = body.toString("latin1", 0, end === -1 ? body.length : end).split("\n");
  const field = (key) => lines.filter((line) => line.startsWith(`${key} `)).map((line) => line.slice(key.length + 1));
  const [tree = ""] = field("tree");
  const [author] = field("author");
  if (!OID.test(tree) || author === void 0) throw new SyncError("GIT_FAILED", `commit ${sha} could not be parsed`);
  return { sha, tree, parents: field("parent"), author: toUtf8(Buffer.from(author, "latin1"), field("encoding")[0]) };
}
function toUtf8(bytes, encoding) {
  if (encoding === void 0 || /^utf-?8$/i.test(encoding)) return bytes;
  try {
    return Buffer.from(new TextDecoder(encoding, { fatal: true }).decode(bytes), "utf8");
  } catch {
    return bytes;
  }
}
var TREE_MODE = "40000";
var CANONICAL = /* @__PURE__ */ new Set(["100644", "100755", "120000", "160000", TREE_MODE]);
function isTreeMode(mode) {
  return Number.parseInt(mode, 8) === 16384;
}
function canonicalMode(mode) {
  if (CANONICAL.has(mode)) return mode;
  const value = Number.parseInt(mode, 8);
  switch (value & 61440) {
    case 32768:
      return value & 64 ? "100755" : "100644";
    case 40960:
      return "120000";
    case 16384:
      return TREE_MODE;
    default:
      return "160000";
  }
}
function parseTree(body, format) {
  const size = format === "sha256" ? 32 : 20;
  const entries = /* @__PURE__ */ new Map();
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(32, pos);
    const nul = body.indexOf(0, space);
    if (space === -1 || nul === -1 || nul + 1 + size > body.length) throw new SyncError("GIT_FAILED", "a tree object could not be parsed");
    entries.set(body.toString("latin1", space + 1, nul), {
      mode: body.toString("latin1", pos, space),
      oid: body.toString("hex", nul + 1, nul + 1 + size)
    });
    pos = nul + 1 + size;
  }
  return entries;
}
function treeObject(entries) {
  const list = [...entries].map(([name, entry]) => ({ name, mode: canonicalMode(entry.mode), oid: entry.oid }));
  const order = (a, b) => compareTreeNames(a.name, a.mode === TREE_MODE, b.name, b.mode === TREE_MODE);
  if (list.some((entry, i) => i > 0 && order(list[i - 1], entry) > 0)) list.sort(order);
  let size = 0;
  for (const { name, mode, oid } of list) size += mode.length + name.length + 2 + oid.length / 2;
  const body = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const { name, mode, oid } of list) {
    pos += body.write(mode, pos, "latin1");
    body[pos++] = 32;
    pos += body.write(name, pos, "latin1");
    body[pos++] = 0;
    pos += body.write(oid, pos, "hex");
  }
  return body;
}
function compareTreeNames(a, aTree, b, bTree) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  const next = (name, tree) => name.length > length ? name.charCodeAt(length) : tree ? 47 : 0;
  return next(a, aTree) - next(b, bTree);
}

export {
  Channel,
  ObjectReader,
  exited,
  OID,
  objectFormatOf,
  NewObjects,
  commitObject,
  parseCommit,
  TREE_MODE,
  isTreeMode,
  canonicalMode,
  parseTree,
  treeObject
};
