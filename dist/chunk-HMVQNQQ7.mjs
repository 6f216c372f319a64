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
  deliverDraft,
  describeDraft,
  fetchFromBundle,
  integrationRef,
  settleProposals
} from "./chunk-2QAPHAA3.mjs";
import {
  treeWithFiles,
  writeFilesCommit
} from "./chunk-QPJYUZDN.mjs";
import {
  lockfileCommitMessage,
  regeneratedPaths
} from "./chunk-I3IPG4P4.mjs";
import {
  commitUrlOf,
  webRepositoryOf
} from "./chunk-Y6LXJMLO.mjs";
import {
  recordSource
} from "./chunk-3MHOMYTN.mjs";
import {
  proposalBody,
  proposalLabels,
  proposalTitle
} from "./chunk-AZ7N7DHR.mjs";
import {
  treeOf
} from "./chunk-KYXXX33O.mjs";
import {
  TRAILER
} from "./chunk-JXGPT7T4.mjs";
import {
  explainRisk,
  formatNumber,
  scoreRisk
} from "./chunk-XKK76LSD.mjs";
import {
  DEFAULT_MESSAGE_PREFIX
} from "./chunk-BBBARBGM.mjs";
import {
  SyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/pipeline/publish.ts
init_define_AUTO_SYNC_BUILD();
import { join } from "node:path";

// scripts/auto-sync/plan/decide.ts
init_define_AUTO_SYNC_BUILD();
var GATE_ORDER = [
  "type-errors",
  "test-failures",
  "checks",
  "smoke",
  "review-required",
  "risk",
  "target-unchanged"
];
var PASSING = /* @__PURE__ */ new Set(["passed", "skipped"]);
function decideDelivery(input) {
  const { risk, autoMergeMaxRisk: max } = input;
  const badChecks = input.checks.filter((c) => !PASSING.has(c.status));
  const badSmoke = input.smoke.filter((s) => !PASSING.has(s.status));
  const riskText = `risk ${formatNumber(risk.score)}`;
  const review = input.reviewRequired ?? [];
  const byName = {
    "type-errors": {
      name: "type-errors",
      passed: input.newTypeErrors === 0,
      detail: input.newTypeErrors === 0 ? "no new type errors" : count(input.newTypeErrors, "new type error")
    },
    "test-failures": {
      name: "test-failures",
      passed: input.newTestFailures === 0,
      detail: input.newTestFailures === 0 ? "no new test failures" : count(input.newTestFailures, "new test failure")
    },
    checks: {
      name: "checks",
      passed: badChecks.length === 0,
      detail: badChecks.length > 0 ? `${describeFailures(badChecks, "check")}` : allPassed(input.checks, "check")
    },
    smoke: {
      name: "smoke",
      passed: badSmoke.length === 0,
      detail: badSmoke.length > 0 ? `${describeFailures(badSmoke, "smoke probe")}` : allPassed(input.smoke, "smoke probe")
    },
    "review-required": {
      name: "review-required",
      passed: review.length === 0,
      detail: review.length === 0 ? "nothing that needs a person" : `a person must review: ${review.slice(0, 3).join(", ")}${review.length > 3 ? ` and ${review.length - 3} more` : ""}`
    },
    risk: {
      name: "risk",
      // `<=` is false for NaN: an unknown score never merges on its own.
      passed: risk.score <= max,
      detail: `${riskText} ${risk.score <= max ? "≤" : ">"} ${formatNumber(max)} (${explainRisk(risk)})`
    },
    "target-unchanged": {
      name: "target-unchanged",
      passed: !input.targetMoved,
      detail: input.targetMoved ? "the target branch moved after validation; the batch must be validated again" : "the target branch has not moved since validation"
    }
  };
  const gates = GATE_ORDER.map((name) => byName[name]);
  const failing = GATE_ORDER.filter((name) => !byName[name].passed);
  const first = failing[0];
  const notes = extraNotes(input);
  if (first === void 0) {
    const checked = input.checks.length + input.smoke.length > 0 ? "all checks and smoke probes passed" : "no checks or smoke probes ran";
    return {
      action: "merge",
      decidedBy: "all-gates-passed",
      gates,
      summary: `merged: ${riskText} ≤ ${formatNumber(max)}, ${checked}${notes}`
    };
  }
  const also = failing.length > 1 ? `; also failing: ${failing.slice(1).join(", ")}` : "";
  return { action: "propose", decidedBy: first, gates, summary: `proposed: ${byName[first].detail}${also}${notes}` };
}
function extraNotes(input) {
  const notes = [];
  if (input.newLintErrors > 0) notes.push(`${count(input.newLintErrors, "new lint error")} (not a gate)`);
  if (input.conflicts > 0) notes.push(`${count(input.conflicts, "conflicting commit")} left pending`);
  return notes.length > 0 ? `; ${notes.join("; ")}` : "";
}
function describeFailures(items, noun) {
  const shown = items.slice(0, 5).map((i) => `${i.name} ${i.status}`);
  const more = items.length > 5 ? ` and ${items.length - 5} more` : "";
  return `${items.length === 1 ? noun : `${items.length} ${noun}s`} did not pass: ${shown.join(", ")}${more}`;
}
function allPassed(items, noun) {
  if (items.length === 0) return `no ${noun}s ran`;
  const skipped = items.filter((i) => i.status === "skipped").length;
  return `${count(items.length - skipped, `${noun} passed`, `${noun}s passed`)}${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}
function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function shouldWaitForRevalidation(decision, deferredBefore) {
  const onlyMoved = decision.decidedBy === "target-unchanged" && decision.gates.every((g) => g.passed || g.name === "target-unchanged");
  return onlyMoved && !deferredBefore;
}

// scripts/auto-sync/plan/transitions.ts
init_define_AUTO_SYNC_BUILD();

// scripts/auto-sync/plan/settle.ts
init_define_AUTO_SYNC_BUILD();
function settledRecord(s, now) {
  return {
    decision: s.decision,
    reason: "picked",
    at: now,
    proposal: s.proposal,
    detail: s.decision === "declined" ? `proposal #${s.proposal} was closed without merging` : `proposal #${s.proposal} was merged`
  };
}
function settleProposal(previous, id, outcome, now) {
  if (!previous) return { state: previous, settled: [] };
  const { settled } = settleProposals(previous.commits, /* @__PURE__ */ new Map([[id, outcome]]));
  if (settled.length === 0) return { state: previous, settled };
  const commits = { ...previous.commits };
  for (const s of settled) commits[s.sha] = settledRecord(s, now);
  let next = { ...previous, commits, updatedAt: now };
  if (next.integration && settled.some((s) => next.integration.commits.includes(s.sha))) {
    const { integration: _dropped, ...rest } = next;
    next = rest;
  }
  return { state: next, settled };
}

// scripts/auto-sync/plan/transitions.ts
var REVALIDATE = "revalidating";
function nextSourceState(previous, input) {
  const { integration, delivery, now } = input;
  const applied = integration?.applied ?? [];
  const outcomes = /* @__PURE__ */ new Map();
  if (delivery.kind === "deferred")
    for (const sha of applied)
      outcomes.set(sha, {
        decision: "picked",
        reason: "picked",
        detail: `${REVALIDATE}: the target moved after validation`,
        deferred: true
      });
  if (delivery.kind === "merged") for (const sha of applied) outcomes.set(sha, { decision: "applied", reason: "picked" });
  if (delivery.kind === "proposed")
    for (const sha of applied) outcomes.set(sha, { decision: "proposed", reason: "picked", detail: `proposal #${delivery.proposal}` });
  let next = recordSource(previous, { head: input.head, listed: input.listed, decisions: input.decisions, outcomes, now });
  const edit = (change) => {
    const commits = { ...next.commits };
    change(commits);
    next = { ...next, commits };
  };
  if (delivery.kind === "proposed")
    edit((commits) => {
      for (const sha of applied) if (commits[sha]) commits[sha] = { ...commits[sha], proposal: delivery.proposal };
    });
  const ownWork = (sha) => {
    const old = previous?.commits[sha];
    return old !== void 0 && (old.decision === "picked" || old.decision === "proposed");
  };
  const foundApplied = input.decisions.filter((d) => d.reason === "already-applied" && ownWork(d.sha));
  if (foundApplied.length > 0)
    edit((commits) => {
      for (const d of foundApplied) commits[d.sha] = { decision: "applied", reason: "picked", at: now };
    });
  if (next.integration && next.integration.commits.every((sha) => next.commits[sha]?.decision === "applied")) next = without(next);
  const declined = input.settled.filter((s) => s.decision === "declined");
  if (input.settled.length > 0) {
    edit((commits) => {
      for (const s of input.settled) commits[s.sha] = settledRecord(s, now);
    });
    next = { ...next, updatedAt: now };
    if (!integration && next.integration && input.settled.some((s) => next.integration.commits.includes(s.sha))) next = without(next);
  }
  if (delivery.kind === "merged")
    edit((commits) => {
      for (const sha of integration?.carried ?? [])
        if (commits[sha]?.decision === "proposed") commits[sha] = { decision: "applied", reason: "picked", at: now };
    });
  if (integration && delivery.kind === "proposed")
    next = { ...next, integration: { branch: integration.branch, head: integration.head, commits: [...applied] } };
  if (integration && delivery.kind === "failed" && delivery.pushed)
    next = { ...next, integration: { branch: integration.branch, head: integration.head, commits: [...applied] } };
  if (delivery.kind === "merged" && next.integration) next = without(next);
  return { state: next, declinedProposals: [...new Set(declined.map((s) => s.proposal))], declinedCommits: declined.length };
}
function without(source) {
  const { integration: _dropped, ...rest } = source;
  return rest;
}

// scripts/auto-sync/pipeline/lockfile-commit.ts
init_define_AUTO_SYNC_BUILD();
async function commitRegenerated(git, config, source, verified, headTime) {
  const integration = source.integration;
  const paths = regeneratedPaths(integration.regenerate);
  if (paths.length === 0) return void 0;
  const keep = (failure) => ({ head: integration.head, paths, failure });
  if (verified?.head !== integration.head) return keep("the batch was not validated");
  const outcome = verified.lockfiles;
  if (!outcome) return keep("verify did not regenerate them");
  if (outcome.status !== "ran") return keep(outcome.reason);
  const got = outcome.files.map((f) => f.path);
  if (got.length !== paths.length || new Set(got).size !== got.length || got.some((p) => !paths.includes(p)) || !outcome.tree)
    throw new SyncError("HANDOFF_INVALID", `results.json regenerated other files than ${paths.join(", ")} for "${source.name}"`, {
      hint: "Run the verify phase again from the same plan; results.json must come from it unchanged."
    });
  const files = outcome.files.map((f) => ({ path: f.path, content: Buffer.from(f.content, "utf8") }));
  const tree = await treeWithFiles(git, integration.head, files);
  if (tree !== outcome.tree)
    throw new SyncError("HANDOFF_INVALID", `the regenerated lockfiles of "${source.name}" do not make the tree verify checked`, {
      details: [`verify: ${outcome.tree}`, `publish: ${tree}`],
      hint: "Run the verify phase again from the same plan; results.json must come from it unchanged."
    });
  if (tree === await treeOf(git, integration.head)) return { head: integration.head, paths };
  const origins = (integration.regenerate ?? []).map((r) => ({ origin: source.origin, sha: r.sha }));
  const commit = await writeFilesCommit(git, {
    parent: integration.head,
    files,
    message: lockfileCommitMessage(config.forge.messagePrefix, paths, origins),
    committer: { ...config.target.committer, date: `${headTime} +0000` }
  });
  return { head: commit.sha, paths, commit: commit.sha };
}

// scripts/auto-sync/pipeline/publish.ts
async function loadBundle(git, dir, source, localRef) {
  const integration = source.integration;
  await fetchFromBundle(git, join(dir, integration.bundle), integrationRef(source.name), localRef);
  const head = await git.resolve(localRef);
  if (head !== integration.head)
    throw new SyncError(
      "BUNDLE_TAMPERED",
      `the bundle of "${source.name}" holds ${head ?? "nothing"}, not the planned ${integration.head}`
    );
}
async function publish(deps, plan, results, dir) {
  const state = { version: deps.state.version, sources: { ...deps.state.sources } };
  const published = [];
  for (const source of plan.sources) {
    const base = {
      name: source.name,
      outcome: "nothing",
      reason: "",
      risk: null,
      decision: null,
      checks: [],
      smoke: [],
      proposal: null,
      merge: null,
      error: source.error
    };
    if (source.status === "error") {
      published.push({ ...base, outcome: "error", reason: source.error?.message ?? "failed" });
      continue;
    }
    if (source.status === "unchanged" || !source.head) {
      published.push({ ...base, reason: "source unchanged" });
      continue;
    }
    const verified = results.sources.find((r) => r.name === source.name);
    const progress = { pushed: false };
    let result;
    let delivery;
    try {
      if (source.integration) {
        result = await deliver(deps, plan, source, verified, dir, progress);
        delivery = deliveryOf(result);
      } else {
        result = {
          ...base,
          reason: source.unchangedSince ? `no change since the last run: ${source.unchangedSince.branch} is still proposed` : "no commit to sync"
        };
        delivery = { kind: "none" };
      }
    } catch (error) {
      result = { ...base, outcome: "error", reason: summarizeError(error).message, error: summarizeError(error) };
      delivery = { kind: "failed", pushed: progress.pushed };
    }
    const transition = nextSourceState(state.sources[source.name], {
      head: source.head,
      listed: source.listed,
      decisions: source.commits,
      ...source.integration ? {
        integration: {
          branch: source.integration.branch,
          head: progress.head ?? source.integration.head,
          applied: source.integration.applied.map((a) => a.sha),
          carried: source.integration.carried
        }
      } : {},
      settled: source.settled,
      delivery,
      now: deps.now.toISOString()
    });
    if (transition.declinedCommits > 0) {
      const ids = transition.declinedProposals.map((id) => `#${id}`).join(", ");
      result.reason = `${result.reason}; ${transition.declinedCommits} commit(s) of closed proposal ${ids} declined: not proposed again unless the source changes them`;
    }
    state.sources[source.name] = transition.state;
    await addDraft(deps, plan, source, dir, result);
    published.push(result);
  }
  return { sources: published, state };
}
async function addDraft(deps, plan, source, dir, result) {
  try {
    const outcome = await deliverDraft({ ...deps, previous: deps.state.sources[source.name] }, plan, source, dir);
    if (!outcome) return;
    result.draft = outcome.draft;
    const line = describeDraft(outcome);
    if (line) result.reason = result.reason ? `${result.reason}; ${line}` : line;
  } catch (error) {
    const message = summarizeError(error).message;
    deps.log.warn(`${source.name}: the conflict draft was not delivered: ${message}`);
    result.reason = `${result.reason}; the conflict draft was not delivered (${message})`;
  }
}
function deliveryOf(result) {
  if (result.deferred) return { kind: "deferred" };
  if (result.outcome === "merged") return { kind: "merged" };
  if (result.outcome === "pull-request" && result.proposal && result.proposal.action !== "noted")
    return { kind: "proposed", proposal: result.proposal.id };
  if (result.outcome === "pull-request") return { kind: "left-alone" };
  return { kind: "none" };
}
function sum(checks, pick, parsers) {
  return checks.filter((c) => !parsers || parsers.includes(c.parser)).reduce((n, c) => n + pick(c), 0);
}
async function deliver(deps, plan, source, verified, dir, progress) {
  const { git, config, forge, log } = deps;
  const integration = source.integration;
  const target = plan.target;
  await loadBundle(git, dir, source, `refs/auto-sync/publish/${source.name}`);
  const validated = verified?.head === integration.head;
  const checks = validated ? verified.checks : [];
  const smoke = validated ? verified.smoke : [];
  const newTypeErrors = sum(checks, (c) => c.newErrors, ["tsc"]);
  const newLintErrors = sum(checks, (c) => c.newErrors, ["eslint"]);
  const newTestFailures = sum(checks, (c) => c.newFailures);
  const changes = integration.changes;
  const prerequisites = source.commits.filter((c) => c.reason === "prerequisite").map((c) => c.sha);
  const lockfiles = await commitRegenerated(git, config, source, verified, target.headTime);
  const head = lockfiles?.head ?? integration.head;
  progress.head = head;
  const regenerated = lockfiles ? { paths: lockfiles.paths, ...lockfiles.failure ? { failure: lockfiles.failure } : {} } : void 0;
  const risk = scoreRisk(
    { filesChanged: integration.files, newTypeErrors, newLintErrors, newTestFailures, changes, prerequisites, regenerated },
    config.risk
  );
  const current = await git.resolve(target.ref);
  const decisionChecks = validated ? checks : [{ name: "validation", status: "error" }];
  const decision = decideDelivery({
    risk,
    autoMergeMaxRisk: config.risk.autoMergeMaxRisk,
    newTypeErrors,
    newLintErrors,
    newTestFailures,
    checks: decisionChecks,
    smoke,
    targetMoved: current !== integration.base,
    conflicts: integration.conflicts.length,
    // A regenerated lockfile is the package manager's answer to a conflict: a person looks at it.
    reviewRequired: [
      ...changes.scripts,
      ...(lockfiles?.paths ?? []).map((p) => `${p} ${lockfiles?.failure ? "not regenerated" : "regenerated"}`)
    ]
  });
  const result = {
    name: source.name,
    outcome: "pull-request",
    reason: decision.summary,
    risk,
    decision,
    checks,
    smoke,
    proposal: null,
    merge: null,
    error: null,
    ...lockfiles?.commit ? { lockfileCommit: lockfiles.commit } : {}
  };
  const records = deps.state.sources[source.name]?.commits ?? {};
  const deferredBefore = integration.applied.some((a) => records[a.sha]?.deferred === true);
  if (shouldWaitForRevalidation(decision, deferredBefore)) {
    return {
      ...result,
      outcome: "nothing",
      reason: `${REVALIDATE}: the target moved after validation; the batch is built and validated again on the next run`,
      deferred: true
    };
  }
  const previous = deps.state.sources[source.name]?.integration;
  const branch = await forge.publishBranch({
    branch: integration.branch,
    sha: head,
    expectedSha: previous?.branch === integration.branch ? previous.head : null,
    // With no record of the branch (a lost state, a run killed before it wrote), its commits say
    // whether it is auto-sync's own.
    owner: { base: integration.base, committer: config.target.committer }
  });
  progress.pushed = branch.status !== "diverged";
  log.debug(`${source.name}: branch ${integration.branch} ${branch.status}`);
  if (decision.action === "merge") {
    const merge = await forge.merge({
      source: source.name,
      headBranch: integration.branch,
      headSha: head,
      baseBranch: target.branch,
      expectedBaseSha: integration.base,
      method: config.forge.mergeMethod,
      message: mergeMessage(source, config.forge.messagePrefix),
      committer: config.target.committer
    });
    if (merge.status === "merged") {
      await forge.closeMerged(source.name, integration.branch, merge.sha);
      return { ...result, outcome: "merged", merge: { sha: merge.sha, fastForward: merge.fastForward } };
    }
    result.reason = `merge refused (${merge.reason}); proposed instead`;
  }
  if (branch.status === "diverged") {
    const note = `The source has new commits for this branch, but ${integration.branch} has commits auto-sync did not write (${branch.reason}), so auto-sync left it alone. Merge or close this pull request, or delete the branch, to let auto-sync continue.`;
    const open = await forge.findOpenProposal(source.name, integration.branch);
    if (open) await forge.noteOnProposal(open.id, note);
    return {
      ...result,
      reason: `${result.reason}; the branch ${integration.branch} has commits auto-sync did not write, so it was left alone${open ? ` (noted on proposal #${open.id})` : ""}`,
      ...open ? { proposal: { id: open.id, url: open.url, action: "noted" } } : {}
    };
  }
  const web = webRepositoryOf(config.sources.find((s) => s.name === source.name)?.url ?? "", deps.links?.githubHosts);
  const content = {
    ...proposalContent(source, target.branch, checks, smoke, risk, decision, web),
    ...deps.links?.runUrl ? { runUrl: deps.links.runUrl } : {},
    ...deps.links?.configPath ? { configPath: deps.links.configPath } : {},
    messagePrefix: config.forge.messagePrefix
  };
  const proposal = await forge.upsertProposal({
    source: source.name,
    title: proposalTitle(content),
    body: proposalBody(content),
    labels: proposalLabels(risk),
    headBranch: integration.branch,
    headSha: head,
    baseBranch: target.branch,
    commits: integration.applied.map((a) => a.sha)
  });
  return { ...result, proposal: { id: proposal.id, url: proposal.url, action: proposal.action } };
}
function mergeMessage(source, prefix) {
  return batchMergeMessage(
    source.origin,
    source.integration.applied.map((a) => a.sha),
    prefix
  );
}
function batchMergeMessage(origin, shas, prefix = DEFAULT_MESSAGE_PREFIX) {
  const lines = shas.map((sha) => `${TRAILER}: ${origin}@${sha}`);
  const n = shas.length;
  return `${prefix}: sync ${n} commit${n === 1 ? "" : "s"} from ${origin}

${lines.join("\n")}
`;
}
function proposalContent(source, targetBranch, checks, smoke, risk, decision, web) {
  const integration = source.integration;
  const bySha = new Map(source.commits.map((c) => [c.sha, c]));
  const link = (sha) => {
    const url = commitUrlOf(web, sha);
    return url ? { url } : {};
  };
  return {
    source: { name: source.name, origin: source.origin, ...web ? { url: web.url } : {} },
    targetBranch,
    headBranch: integration.branch,
    commits: integration.applied.map((a) => {
      const c = bySha.get(a.sha);
      return {
        sha: a.sha,
        newSha: a.newSha,
        type: c?.type ?? null,
        subject: c?.subject ?? "(carried from an earlier proposal)",
        author: c?.author ?? "",
        ...link(a.sha)
      };
    }),
    skipped: source.commits.filter((c) => c.decision === "skipped" && c.reason !== "conflict").map((c) => ({ sha: c.sha, subject: c.subject, reason: c.reason, ...c.detail ? { detail: c.detail } : {}, ...link(c.sha) })),
    conflicts: integration.conflicts.map((c) => ({
      sha: c.sha,
      subject: bySha.get(c.sha)?.subject ?? "",
      paths: c.paths,
      ...link(c.sha)
    })),
    checks: checks.map((c) => ({
      name: c.name,
      status: c.status,
      durationMs: c.durationMs,
      errors: c.errors,
      failures: c.failures,
      newErrors: c.newErrors,
      newFailures: c.newFailures,
      firstLines: c.firstLines,
      tail: c.tail,
      ...c.message ? { message: c.message } : {}
    })),
    smoke: smoke.map((s) => ({
      name: s.name,
      status: s.status,
      ...s.httpStatus ? { httpStatus: s.httpStatus } : {},
      ...s.message ? { detail: s.message } : {}
    })),
    risk,
    decision
  };
}

export {
  settleProposal,
  REVALIDATE,
  loadBundle,
  publish,
  deliveryOf,
  batchMergeMessage,
  proposalContent
};
