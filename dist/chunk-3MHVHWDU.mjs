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
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/errors.ts
init_define_AUTO_SYNC_BUILD();
var ERROR_CODES = {
  USAGE: { exit: 2, hint: "Run with --help to see the commands and options." },
  CONFIG_NOT_FOUND: { exit: 2, hint: "Create the file or pass --config FILE." },
  CONFIG_EXISTS: { exit: 2, hint: "Edit the existing configuration, or pass --config FILE to write another." },
  CONFIG_INVALID: { exit: 2, hint: "Fix the problems listed above; `check-config` re-checks without running." },
  NOT_A_REPO: { exit: 2, hint: "Run inside the target repository or pass --repo DIR." },
  TARGET_BRANCH_MISSING: { exit: 2, hint: "Set target.branch in the config to a branch that exists in the target." },
  STATE_CORRUPT: {
    exit: 2,
    hint: "Move the file aside (it is never overwritten) and run again; auto-sync rebuilds what it needs from history."
  },
  STATE_VERSION: {
    exit: 2,
    hint: "This state file was written by another version of auto-sync; upgrade auto-sync or move the file aside."
  },
  SOURCE_AUTH: { exit: 1, hint: "Check that the token variable is set and the token can read the repository (contents: read)." },
  SOURCE_NOT_FOUND: { exit: 1, hint: "Check the source url; for a private repository the token must be able to see it." },
  SOURCE_BRANCH_MISSING: { exit: 1, hint: "Check the source branch name in the config." },
  SOURCE_UNREACHABLE: { exit: 1, hint: "The source could not be reached after retrying; it will be tried again on the next run." },
  SOURCE_FETCH_FAILED: { exit: 1, hint: "See the git message above; run with --verbose for the commands." },
  NO_COMMON_HISTORY: { exit: 1, hint: "Set `since` on this source to the last commit that is already in the target." },
  SOURCE_REWRITTEN: {
    exit: 1,
    hint: "The source branch was replaced by a history that shares nothing with what auto-sync synced before: if that is intended, set `since` on this source to the commit to start after; otherwise restore the source branch."
  },
  SINCE_NOT_FOUND: { exit: 1, hint: "Set `since` to a commit that exists on the source branch." },
  GIT_FAILED: { exit: 1, hint: "Run with --verbose to see the git commands; this is likely a bug or a broken repository." },
  BUNDLE_TAMPERED: { exit: 1, hint: "The hand-off directory does not match what prepare wrote; run prepare again." },
  HANDOFF_INVALID: { exit: 2, hint: "Pass the directory written by the previous phase (prepare --out DIR)." },
  TARGET_MOVED: { exit: 1, hint: "The target branch moved during the run; the next run will pick up from there." },
  TARGET_AUTH: {
    exit: 1,
    hint: "The token (GITHUB_TOKEN, or AUTO_SYNC_TOKEN when set) must be valid and allowed to push to the target repository: in the workflow, `permissions: contents: write`."
  },
  FORGE_FAILED: { exit: 1, hint: "See the message above; the next run retries delivery." },
  FORGE_AUTH: {
    exit: 1,
    hint: "Check that the forge token is set and valid, with contents: write and pull-requests: write on the target repository."
  },
  STATE_WRITE_FAILED: {
    exit: 1,
    hint: "What was merged or proposed is in the target already (its commits carry Auto-Sync-Origin trailers): fix the cause above and run again; the next run rebuilds the record from history and proposals."
  },
  LOCKED: {
    exit: 1,
    hint: "Another auto-sync run is working on this target: let it finish, then run again (a lock whose process is gone is taken over)."
  },
  INTERRUPTED: { exit: 1, hint: "The run was stopped by a signal; the next run picks up from what was recorded." },
  RUNTIME_UNSUPPORTED: {
    exit: 2,
    hint: "Use Node 24 or newer (in this repository `npx node` is Node 24; on a runner actions/setup-node with node-version: 24) and git 2.38 or newer (for merge-tree --write-tree)."
  },
  SANDBOX_UNAVAILABLE: {
    exit: 2,
    hint: 'verify.sandbox is "required" but this machine offers no sandbox: run as root (another uid and a PID namespace), allow user namespaces (unshare --user), or install bubblewrap.'
  },
  FORGE_NOT_LOCAL: {
    exit: 2,
    hint: 'accept and decline act on local proposals (forge.type "local"); on GitHub, merge the pull request to accept it or close it to decline it: the next run records either.'
  },
  PROPOSAL_NOT_FOUND: {
    exit: 2,
    hint: "Pass the number of an open proposal (the N of .neon/proposals/N-<source>.json) or the name of a source that has one; `status` lists them."
  },
  PROPOSAL_NOT_OPEN: { exit: 2, hint: "Only an open proposal can be accepted or declined; a merged or closed one is settled already." },
  PROPOSAL_DRAFT: {
    exit: 2,
    hint: "A conflict draft holds conflict markers: resolve them on its branch and merge it yourself, or decline it."
  },
  PROPOSAL_MOVED: {
    exit: 1,
    hint: "The branch is not what the proposal recorded (a person pushed to it, or it was deleted): review it again; the next run updates the proposal, or merge the branch yourself."
  },
  MERGE_REFUSED: {
    exit: 1,
    hint: "Nothing was merged: deal with what the message says (commit or stash local changes, finish the rebase, resolve the conflict) and run accept again."
  }
};
var SyncError = class extends Error {
  code;
  hint;
  details;
  constructor(code, message, options = {}) {
    super(message, { cause: options.cause });
    this.name = "SyncError";
    this.code = code;
    this.hint = options.hint ?? ERROR_CODES[code].hint;
    this.details = options.details ?? [];
  }
  get exitCode() {
    return ERROR_CODES[this.code].exit;
  }
};
function isSyncError(error) {
  return error instanceof SyncError;
}
function summarizeError(error) {
  if (isSyncError(error)) return { code: error.code, message: error.message, hint: error.hint };
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack ? { stack: error.stack } : {};
  return { code: "INTERNAL", message, hint: "This is a bug in auto-sync; please report it with the output of --verbose.", ...stack };
}

export {
  ERROR_CODES,
  SyncError,
  isSyncError,
  summarizeError
};
