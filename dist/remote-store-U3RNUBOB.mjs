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
  commitTree,
  fileAt,
  treeWithFile
} from "./chunk-XHRSU2SA.mjs";
import {
  emptyState,
  serializeState
} from "./chunk-3MHOMYTN.mjs";
import {
  gitMessage,
  remoteCommand,
  runNetwork
} from "./chunk-7XIBXNUV.mjs";
import {
  resolveCommits,
  setRef
} from "./chunk-KYXXX33O.mjs";
import "./chunk-6AZSIFK2.mjs";
import {
  firstLine
} from "./chunk-FE3YQVJZ.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import "./chunk-BWQCXTIL.mjs";
import "./chunk-N3FRCOHJ.mjs";
import {
  parseStateText
} from "./chunk-7JFH3OGF.mjs";
import "./chunk-UZQWDDPO.mjs";
import "./chunk-KLZKRLRV.mjs";
import "./chunk-RDSVHA4S.mjs";
import {
  SyncError,
  isSyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/state/remote-store.ts
init_define_AUTO_SYNC_BUILD();
var STATE_COMMIT_MESSAGE = "chore(auto-sync): record sync state [skip ci]";
function stateRef(branch) {
  return `refs/auto-sync/state/heads/${branch}`;
}
var PROTECTED = /GH006|GH013|protected branch|repository rule violations|not allowed to push code to protected branches/i;
var MOVED = /\((fetch first|non-fast-forward|stale info|failed to update ref)\)|cannot lock ref|is at [0-9a-f]+ but expected/;
function createGitStateStore(options) {
  checkOptions(options);
  const { git, remoteUrl: url, branch, stateBranch, path } = options;
  const attempts = Math.max(1, options.attempts ?? 3);
  const tokenName = options.tokenName ?? "GITHUB_TOKEN (or AUTO_SYNC_TOKEN)";
  const texts = /* @__PURE__ */ new Map();
  let tips;
  let onStateBranch = false;
  let told = false;
  const remote = async (args, what) => {
    const lineOf = (r) => gitMessage(r.stderr) || `exit ${r.exitCode ?? r.signal}`;
    const { result, failure } = await runNetwork(git, args, {
      token: options.token,
      retry: {
        attempts,
        backoffMs: options.retryDelayMs ?? 1e3,
        onRetry: ({ attempt, waitMs, result: failed }) => options.log(`state: git ${what} failed (${lineOf(failed)}); retrying in ${waitMs} ms (${attempt}/${attempts - 1})`)
      },
      // A rejected push reports per ref on stdout (porcelain); the caller reads why.
      accept: (r) => what === "push" && /^!\t/m.test(r.stdout)
    });
    if (!failure) return result;
    const line = lineOf(result);
    if (failure.kind === "auth" || failure.kind === "not-found") {
      const problem = options.token ? `${tokenName} was refused or cannot see the repository` : `no token was given (${tokenName} is not set)`;
      throw new SyncError("TARGET_AUTH", `git ${what} of ${url}: ${problem} (${line})`);
    }
    throw new SyncError("GIT_FAILED", `git ${what} of ${url} failed: ${line}`, {
      details: [result.stderr.trim()],
      hint: failure.kind === "transient" ? "The target could not be reached; the state is written again by the next run." : void 0
    });
  };
  const fetchTips = async () => {
    const wanted = [branch, stateBranch].map((name) => `refs/heads/${name}`);
    const listed = await remote(remoteCommand.lsRemote(url, wanted), "ls-remote");
    const present = new Set(
      listed.stdout.split("\n").map((line) => line.split("	")[1]).filter((ref) => ref !== void 0 && wanted.includes(ref))
    );
    if (!present.has(`refs/heads/${branch}`)) throw new SyncError("TARGET_BRANCH_MISSING", `${url} has no branch "${branch}"`);
    const names = present.has(`refs/heads/${stateBranch}`) ? [branch, stateBranch] : [branch];
    await remote(
      remoteCommand.fetch(
        url,
        names.map((name) => `+refs/heads/${name}:${stateRef(name)}`)
      ),
      "fetch"
    );
    const [branchTip, stateTip] = await resolveCommits(git, names.map(stateRef));
    return { branch: branchTip, state: stateTip ?? null };
  };
  const textAt = async (commit) => {
    if (commit === null) return null;
    const known = texts.get(commit);
    if (known !== void 0) return known;
    const result = await fileAt(git, commit, path);
    if (!result.ok && !/does not exist in '|exists on disk, but not in '/.test(result.stderr)) {
      throw new SyncError("STATE_CORRUPT", `cannot read ${path} in ${commit}: ${gitMessage(result.stderr)}`, {
        details: [result.stderr.trim()]
      });
    }
    const text = result.ok ? result.text : null;
    texts.set(commit, text);
    return text;
  };
  const parse = (text, on) => {
    const origin = `${on}:${path} (${url})`;
    try {
      return parseStateText(text, origin);
    } catch (error) {
      if (!isSyncError(error) || error.code !== "STATE_CORRUPT") throw error;
      throw new SyncError("STATE_CORRUPT", error.message, {
        details: error.details,
        hint: `Fix or delete ${path} on ${on} (its history has the earlier versions); auto-sync does not overwrite a state it cannot read.`
      });
    }
  };
  const buildCommit = async (base, text) => {
    const tree = await treeWithFile(git, base, path, text);
    return commitTree(git, { tree, parents: [base], message: STATE_COMMIT_MESSAGE, identity: options.committer, date: options.now() });
  };
  const push = async (commit, name) => {
    const dst = `refs/heads/${name}`;
    const result = await remote(remoteCommand.push(url, `${commit}:${dst}`, { strict: true }), "push");
    const status = result.stdout.split("\n").find((line) => line.includes(`:${dst}	`)) ?? "";
    if (result.ok && status !== "" && !status.startsWith("!")) return { status: "pushed", reason: "" };
    const said = remoteLines(result.stderr);
    const reason = said.find((line) => PROTECTED.test(line)) ?? status.split("	").at(-1) ?? firstLine(result.stderr);
    if (PROTECTED.test(result.stderr)) return { status: "protected", reason };
    if (MOVED.test(status) || MOVED.test(result.stderr)) return { status: "moved", reason };
    throw new SyncError("GIT_FAILED", `git push of ${name} to ${url} was rejected: ${reason}`, {
      details: [result.stderr.trim()],
      hint: `Check the rules of the target repository for ${name}; auto-sync must be allowed to push it.`
    });
  };
  const read = async () => {
    const fetched = await fetchTips();
    const fromStateBranch = await textAt(fetched.state);
    const fromBranch = fromStateBranch === null ? await textAt(fetched.branch) : null;
    const stored = fromStateBranch !== null ? { state: parse(fromStateBranch, stateBranch), from: "state-branch", commit: fetched.state } : fromBranch !== null ? { state: parse(fromBranch, branch), from: "branch", commit: fetched.branch } : { state: emptyState(), from: "none", commit: null };
    tips = fetched;
    return stored;
  };
  const write = async (state) => {
    const text = serializeState(state);
    if (!tips) await read();
    let attempt = 1;
    for (; ; ) {
      const current = tips;
      const useStateBranch = onStateBranch || current.state !== null;
      const name = useStateBranch ? stateBranch : branch;
      const tip = useStateBranch ? current.state : current.branch;
      if (tip !== null && await textAt(tip) === text) return { status: "unchanged", commit: tip };
      if (useStateBranch && !told) {
        told = true;
        if (!onStateBranch)
          options.log(`state: ${stateBranch} exists (${branch} was found protected earlier); state is kept on ${stateBranch}`);
      }
      const commit = await buildCommit(tip ?? current.branch, text);
      const pushed = await push(commit, name);
      if (pushed.status === "pushed") {
        await setRef(git, stateRef(name), commit, "auto-sync state");
        texts.set(commit, text);
        tips = useStateBranch ? { ...current, state: commit } : { ...current, branch: commit };
        return { status: useStateBranch ? "committed-to-state-branch" : "committed", commit };
      }
      if (pushed.status === "protected") {
        if (useStateBranch) {
          throw new SyncError("TARGET_AUTH", `the target refused the state on ${stateBranch} as well: ${pushed.reason}`, {
            hint: `Allow auto-sync to push ${stateBranch} (leave it out of the branch rules), or to push ${branch}.`
          });
        }
        onStateBranch = told = true;
        options.log(`state: ${branch} is protected (${pushed.reason}); state is kept on ${stateBranch}`);
        attempt = 1;
        continue;
      }
      if (attempt >= attempts) {
        throw new SyncError("TARGET_MOVED", `${name} kept moving: the state was rejected ${attempts} time(s) (${pushed.reason})`, {
          hint: "Something else pushes to this branch constantly; the next run writes the state again."
        });
      }
      options.log(`state: ${name} moved (${pushed.reason}); rebuilding on the new tip (${attempt}/${attempts - 1})`);
      attempt++;
      tips = await fetchTips();
    }
  };
  return { read, write };
}
function checkOptions(options) {
  const problems = [];
  for (const [field, name] of [
    ["branch", options.branch],
    ["stateBranch", options.stateBranch]
  ]) {
    if (!name || name.startsWith("-") || name.endsWith("/") || name.endsWith(".lock") || /\.\.|[\s:~^?*[\\]|@\{/.test(name))
      problems.push(`${field}: "${name}" is not a branch name`);
  }
  if (options.branch === options.stateBranch) problems.push("stateBranch: must differ from branch");
  if (!options.path || options.path.startsWith("/") || options.path.split("/").some((part) => part === "" || part === "." || part === ".." || part === ".git") || /[\\\n]/.test(options.path)) {
    problems.push(`path: "${options.path}" must be a plain relative path inside the repository`);
  }
  if (problems.length > 0) throw new SyncError("CONFIG_INVALID", "the state store options are invalid", { details: problems });
  if (/^https?:\/\/[^/@]*@/i.test(options.remoteUrl)) {
    throw new SyncError("TARGET_AUTH", "the target URL contains credentials", {
      hint: "Use a URL without user or password; the token is passed to git separately."
    });
  }
}
function remoteLines(stderr) {
  return stderr.split("\n").filter((line) => line.startsWith("remote: ")).map(
    (line) => line.slice("remote: ".length).replace(/^error: /, "").trim()
  );
}
export {
  STATE_COMMIT_MESSAGE,
  createGitStateStore,
  stateRef
};
