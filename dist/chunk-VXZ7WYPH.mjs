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
  MissingObjects
} from "./chunk-DUCIGC6T.mjs";
import {
  OID,
  ObjectReader,
  exited
} from "./chunk-DGVNAYVH.mjs";
import {
  parseRaw
} from "./chunk-AQ7F6235.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/git/inspect.ts
init_define_AUTO_SYNC_BUILD();
async function readBlobs(git, oids) {
  const blobs = /* @__PURE__ */ new Map();
  const wanted = [...new Set(oids)].filter((oid) => OID.test(oid));
  if (wanted.length === 0) return blobs;
  const reader = new ObjectReader(git);
  try {
    const answers = await Promise.all(wanted.map((oid) => reader.read(oid)));
    for (const answer of answers) if ("body" in answer) blobs.set(answer.oid, answer.body);
  } finally {
    await reader.close().catch(() => reader.abort());
  }
  return blobs;
}
async function listTreeNames(git, commit, dir) {
  const out = await git.read([
    "--literal-pathspecs",
    "ls-tree",
    "-z",
    "--name-only",
    "--end-of-options",
    commit,
    "--",
    dir ? `${dir}/` : "."
  ]);
  return out.split("\0").filter(Boolean).map((path) => path.slice(dir ? dir.length + 1 : 0));
}
async function listTreePaths(git, commit) {
  const out = await git.read(["ls-tree", "-r", "-z", "--name-only", "--full-tree", "--end-of-options", commit]);
  return out.split("\0").filter(Boolean);
}
async function readDiffSummary(git, from, to) {
  const out = await git.read([
    "diff",
    "-z",
    "--raw",
    "--numstat",
    "--no-renames",
    "--no-abbrev",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--end-of-options",
    from,
    to,
    "--"
  ]);
  const tokens = out.split("\0");
  const entries = [];
  let i = 0;
  for (; i < tokens.length && tokens[i].startsWith(":"); i += 2) entries.push(...parseRaw(`${tokens[i]}\0${tokens[i + 1] ?? ""}`));
  const lines = [];
  for (; i < tokens.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(tokens[i]);
    if (!match) continue;
    const [, added, deleted, path] = match;
    lines.push(added === "-" ? { path } : { path, added: Number(added), deleted: Number(deleted) });
  }
  return { entries, lines };
}
var CopyFinder = class {
  constructor(git) {
    this.git = git;
  }
  git;
  child;
  out;
  done;
  sent = 0;
  add(sha) {
    if (!OID.test(sha)) throw new Error(`CopyFinder: not a commit id: ${sha}`);
    if (!this.child) {
      const args = [
        "diff-tree",
        "--stdin",
        "-z",
        "-r",
        "--raw",
        "--no-abbrev",
        "-M",
        "-C",
        "-C",
        "--find-copies-harder",
        "--no-ext-diff",
        "--no-textconv"
      ];
      const child = this.git.start(args, { buffered: true });
      this.child = child;
      this.done = exited(child, "diff-tree --stdin");
      this.done.catch(() => void 0);
      this.out = collect(child.stdout);
    }
    this.sent++;
    if (this.outbox.push(sha) === 1)
      setImmediate(() => {
        const lines = this.outbox.splice(0);
        this.child.stdin.write(`${lines.join("\n")}
`);
      });
  }
  outbox = [];
  async finish() {
    const changes = /* @__PURE__ */ new Map();
    if (!this.child) return changes;
    await new Promise((resolve) => setImmediate(resolve));
    this.child.stdin.end();
    const [out] = await Promise.all([this.out, this.done]);
    const tokens = out.split("\0");
    let current;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token === "") continue;
      if (OID.test(token)) {
        current = [];
        changes.set(token, current);
        continue;
      }
      const entries = parseRaw(`${token}\0${tokens[i + 1] ?? ""}\0${tokens[i + 2] ?? ""}`);
      const entry = entries[0];
      if (!entry || !current) throw new SyncError("GIT_FAILED", "git diff-tree printed an entry auto-sync cannot read");
      current.push(entry);
      i += entry.from !== void 0 ? 2 : 1;
    }
    if (changes.size > this.sent) throw new SyncError("GIT_FAILED", "git diff-tree printed more commits than it was given");
    return changes;
  }
};
var ObjectFetcher = class {
  constructor(git, maxBytes) {
    this.git = git;
    this.maxBytes = maxBytes;
  }
  git;
  maxBytes;
  checker;
  checked;
  reader;
  carry = "";
  asked = [];
  requested = /* @__PURE__ */ new Set();
  answered = 0;
  missing = [];
  reads = [];
  sizes = /* @__PURE__ */ new Map();
  bodies = /* @__PURE__ */ new Map();
  add(oid) {
    if (!OID.test(oid)) return;
    if (this.requested.has(oid)) return;
    this.requested.add(oid);
    if (!this.checker) {
      const child = this.git.start(["cat-file", "--batch-check"]);
      this.checker = child;
      this.checked = exited(child, "cat-file --batch-check");
      this.checked.catch(() => void 0);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk) => this.onAnswers(chunk));
    }
    this.asked.push(oid);
    this.queue(oid);
  }
  // Requests are written in batches, once per turn of the event loop: thousands of one-line
  // writes to a pipe cost more than git's answers (measured: 130 ms of 5,700 writes).
  outbox = [];
  queue(oid) {
    if (this.outbox.push(oid) === 1)
      setImmediate(() => {
        const lines = this.outbox.splice(0);
        this.checker.stdin.write(`${lines.join("\n")}
`);
      });
  }
  /** Answers come in the order asked, one line each: `<oid> <type> <size>` or `<oid> missing`. */
  onAnswers(chunk) {
    const lines = (this.carry + chunk).split("\n");
    this.carry = lines.pop();
    const small = [];
    for (const line of lines) {
      const oid = this.asked[this.answered++] ?? "";
      const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(line);
      if (!match || match[1] !== oid) {
        this.missing.push(oid);
        continue;
      }
      const size = Number(match[3]);
      this.sizes.set(oid, { type: match[2], size });
      if (size > this.maxBytes || match[2] !== "blob") continue;
      small.push(oid);
    }
    if (small.length === 0) return;
    this.reader ??= new ObjectReader(this.git);
    this.reads.push(
      this.reader.readAll(small).then((answers) => {
        for (const answer of answers) if ("body" in answer) this.bodies.set(answer.oid, answer.body);
      })
    );
  }
  async finish() {
    try {
      if (this.checker) {
        await new Promise((resolve) => setImmediate(resolve));
        this.checker.stdin.end();
        await this.checked;
      }
      await Promise.all(this.reads);
      if (this.missing.length > 0) throw new MissingObjects(this.missing);
    } finally {
      await this.reader?.close().catch(() => this.reader?.abort());
    }
  }
};
function collect(stream) {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => text += chunk);
  return new Promise((resolve, reject) => {
    stream.on("end", () => resolve(text));
    stream.on("error", reject);
  });
}

export {
  readBlobs,
  listTreeNames,
  listTreePaths,
  readDiffSummary,
  CopyFinder,
  ObjectFetcher
};
