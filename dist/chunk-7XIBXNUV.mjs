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

// scripts/auto-sync/git/remote.ts
init_define_AUTO_SYNC_BUILD();
function sourceRef(name) {
  return `refs/auto-sync/sources/${name}`;
}
var TRANSIENT = [
  /returned error: (5\d\d|429|408)/i,
  /could not resolve host/i,
  /connection (refused|reset|timed out)/i,
  /operation timed out/i,
  /timed out/i,
  /failed to connect/i,
  /couldn't connect/i,
  /early eof/i,
  /unexpected disconnect/i,
  /remote end hung up unexpectedly/i,
  /RPC failed/i,
  /transfer closed/i,
  /operation too slow/i,
  /empty reply from server/i,
  /SSL_ERROR_SYSCALL|gnutls_handshake|TLS connection was non-properly terminated/i,
  /http2? (framing|stream)/i
];
var AUTH = [
  /returned error: 40[13]/i,
  /authentication failed/i,
  /could not read (username|password)/i,
  /terminal prompts disabled/i,
  /permission denied \(publickey/i,
  /invalid credentials/i
];
var NOT_FOUND = [
  /returned error: 404/i,
  /repository not found/i,
  /does not appear to be a git repository/i,
  /not found/i,
  /no such file or directory/i
];
var ADVICE = {
  transient: "The remote could not be reached; it is tried again by the next run.",
  auth: "Check the token: it must be set, valid, and allowed to access the repository.",
  "not-found": "Check the URL, and that the token can see the repository.",
  other: "See git's message above."
};
function classifyGitFailure(stderr) {
  const kind = AUTH.some((re) => re.test(stderr)) ? "auth" : NOT_FOUND.some((re) => re.test(stderr)) ? "not-found" : TRANSIENT.some((re) => re.test(stderr)) ? "transient" : "other";
  return { kind, advice: ADVICE[kind] };
}
function gitMessage(stderr) {
  const fatal = stderr.split("\n").find((line) => /^(fatal|error): /.test(line));
  return (fatal ? fatal.replace(/^(fatal|error): /, "").trim() : firstLine(stderr.replace(/^remote: /gm, ""))) || "";
}
async function runNetwork(git, args, options) {
  const attempts = Math.max(1, options.retry.attempts);
  for (let attempt = 1; ; attempt++) {
    const result = await git.run(args, { token: options.token, allowFailure: true, timeoutMs: options.timeoutMs });
    if (result.ok || !result.timedOut && options.accept?.(result)) return { result };
    const failure2 = result.timedOut ? { kind: "transient", advice: ADVICE.transient, message: `no answer within ${seconds(options.timeoutMs ?? 0)}` } : classifyGitFailure(result.stderr);
    if (failure2.kind !== "transient" || attempt >= attempts) return { result, failure: failure2 };
    const waitMs = options.retry.backoffMs * attempt;
    options.retry.onRetry?.({ attempt, attempts, waitMs, result, failure: failure2 });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
function seconds(ms) {
  return `${Number((ms / 1e3).toFixed(1))} s`;
}
var SOURCE_TIMEOUT_MS = { lsRemote: 2 * 6e4, fetch: 15 * 6e4 };
var STALL_LIMIT = ["-c", "http.lowSpeedLimit=1", "-c", "http.lowSpeedTime=60"];
var remoteCommand = {
  lsRemote: (url, refs) => ["ls-remote", "--end-of-options", url, ...refs],
  fetch: (url, refspecs) => [
    // Auto-maintenance on every fetch doubles a small fetch; the user's own git runs it.
    "-c",
    "maintenance.auto=false",
    "-c",
    "gc.auto=0",
    "-c",
    "fetch.writeCommitGraph=false",
    "fetch",
    "--quiet",
    "--no-tags",
    "--no-write-fetch-head",
    "--no-recurse-submodules",
    "--no-auto-maintenance",
    "--no-auto-gc",
    "--end-of-options",
    url,
    ...refspecs
  ],
  /** `lease`: the expected remote sha ('' for absent); `strict`: no signing, no submodule pushes. */
  push: (url, refspec, options = {}) => [
    "push",
    "--porcelain",
    "--no-verify",
    ...options.strict ? ["--no-signed", "--recurse-submodules=no"] : [],
    ...options.lease ? [`--force-with-lease=${options.lease.ref}:${options.lease.sha}`] : [],
    "--end-of-options",
    url,
    refspec
  ]
};
function sourceRetry(source, policy) {
  return {
    attempts: policy.attempts,
    backoffMs: policy.backoffMs,
    // Linear backoff: 1.5 s, 3 s, 4.5 s by default.
    onRetry: ({ attempt, attempts, waitMs, result, failure: failure2 }) => policy.onRetry?.({
      source,
      attempt,
      attempts,
      waitMs,
      message: failure2.message ?? (gitMessage(result.stderr || result.stdout) || "git failed")
    })
  };
}
function failure(remote, stderr, what, attempts, known) {
  const kind = known?.kind ?? classifyGitFailure(stderr).kind;
  const line = known?.message ?? (gitMessage(stderr) || "git failed");
  switch (kind) {
    case "transient":
      return new SyncError("SOURCE_UNREACHABLE", `source "${remote.name}" could not be reached after ${attempts} attempt(s): ${line}`);
    case "auth":
      return new SyncError("SOURCE_AUTH", `source "${remote.name}": authentication failed (${line})`, {
        hint: remote.token ? `The token in ${remote.tokenEnv} was refused: check it is valid and can read ${remote.url} (contents: read).` : `No token: set ${remote.tokenEnv} to a token that can read ${remote.url} (contents: read), or change tokenEnv.`
      });
    case "not-found":
      return new SyncError("SOURCE_NOT_FOUND", `source "${remote.name}": repository not found at ${remote.url} (${line})`);
    default:
      return new SyncError("SOURCE_FETCH_FAILED", `source "${remote.name}": ${what} failed: ${line}`);
  }
}
async function lsRemoteHead(git, remote, policy) {
  const ref = `refs/heads/${remote.branch}`;
  const { result, failure: failed } = await runNetwork(git, [...STALL_LIMIT, ...remoteCommand.lsRemote(remote.url, [ref])], {
    token: remote.token,
    retry: sourceRetry(remote.name, policy),
    timeoutMs: policy.timeoutMs?.lsRemote ?? SOURCE_TIMEOUT_MS.lsRemote
  });
  if (!result.ok) throw failure(remote, result.stderr || result.stdout, "ls-remote", policy.attempts, failed);
  const line = result.stdout.split("\n").find((l) => l.endsWith(`	${ref}`));
  const sha = line?.split("	")[0];
  if (!sha) throw new SyncError("SOURCE_BRANCH_MISSING", `source "${remote.name}" has no branch "${remote.branch}"`);
  return sha;
}
async function fetchSource(git, remote, policy) {
  const ref = sourceRef(remote.name);
  const missing = (r) => /couldn't find remote ref/i.test(r.stderr);
  const { result, failure: failed } = await runNetwork(
    git,
    [...STALL_LIMIT, ...remoteCommand.fetch(remote.url, [`+refs/heads/${remote.branch}:${ref}`])],
    {
      token: remote.token,
      retry: sourceRetry(remote.name, policy),
      accept: missing,
      timeoutMs: policy.timeoutMs?.fetch ?? SOURCE_TIMEOUT_MS.fetch
    }
  );
  if (!result.ok) {
    if (!result.timedOut && missing(result))
      throw new SyncError("SOURCE_BRANCH_MISSING", `source "${remote.name}" has no branch "${remote.branch}"`);
    throw failure(remote, result.stderr, "fetch", policy.attempts, failed);
  }
  const sha = await git.resolve(ref);
  if (!sha) throw new SyncError("SOURCE_FETCH_FAILED", `source "${remote.name}": fetch wrote no ${ref}`);
  return sha;
}

export {
  sourceRef,
  gitMessage,
  runNetwork,
  remoteCommand,
  lsRemoteHead,
  fetchSource
};
