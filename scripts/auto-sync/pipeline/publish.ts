import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { DEFAULT_MESSAGE_PREFIX } from '../config/defaults.ts';
import { SyncError, summarizeError, type ErrorSummary } from '../errors.ts';
import type { Forge, Proposal } from '../forge/types.ts';
import { fetchFromBundle } from '../git/bundle.ts';
import type { Git } from '../git/git.ts';
import type { Logger } from '../output/log.ts';
import { decideDelivery, shouldWaitForRevalidation, type MergeDecision } from '../plan/decide.ts';
import { scoreRisk, type Risk } from '../plan/risk.ts';
import { TRAILER } from '../plan/provenance.ts';
import { commitUrlOf, webRepositoryOf, type WebRepository } from '../report/links.ts';
import { proposalBody, proposalLabels, proposalTitle, type ProposalContent } from '../report/pr-body.ts';
import { nextSourceState, REVALIDATE, type Delivery } from '../plan/transitions.ts';
import type { State } from '../state/file.ts';
import type { CheckOutcome, PlanFile, PreparedSource, ResultsFile, SmokeOutcome, VerifiedSource } from '../handoff/files.ts';
import { deliverDraft, describeDraft, type DraftOutcome } from './conflict-drafts.ts';
import { commitRegenerated } from './lockfile-commit.ts';
import { integrationRef } from './prepare.ts';

// Phase 3: score, decide, deliver through the forge, record. Holds the target's write access;
// never runs anything from the integration commits (it reads them only as git objects).

export type Outcome = 'merged' | 'pull-request' | 'nothing' | 'error';

export { REVALIDATE };

export interface PublishedSource {
  name: string;
  /** Not delivered: validated on a target that moved; the next run validates it again. */
  deferred?: boolean;
  outcome: Outcome;
  /** Why this outcome, in one line (the deciding gate, a refusal…). */
  reason: string;
  risk: Risk | null;
  decision: MergeDecision | null;
  checks: CheckOutcome[];
  smoke: SmokeOutcome[];
  proposal: { id: number; url: string; action: string } | null;
  merge: { sha: string; fastForward: boolean } | null;
  error: ErrorSummary | null;
  /** The commit of lockfiles regenerated in verify, on top of the integration head: what was pushed. */
  lockfileCommit?: string;
  /** commits.onConflict "propose": the draft of the source's persisting conflict. */
  draft?: DraftOutcome['draft'];
}

export interface PublishDeps {
  git: Git;
  config: Config;
  forge: Forge;
  state: State;
  now: Date;
  log: Logger;
  /** What the proposal links to: the run's log, the configuration in use, extra GitHub hosts. */
  links?: PublishLinks;
}

export interface PublishLinks {
  runUrl?: string;
  /** The configuration file relative to the target's root (report/links.ts configPathInRepo). */
  configPath?: string;
  /** Hosts whose https URLs are GitHub repositories besides github.com (GITHUB_SERVER_URL's). */
  githubHosts?: readonly string[];
}

/** Loads a source's bundle into the repository and checks it holds exactly the planned head. */
export async function loadBundle(git: Git, dir: string, source: PreparedSource, localRef: string): Promise<void> {
  const integration = source.integration!;
  await fetchFromBundle(git, join(dir, integration.bundle), integrationRef(source.name), localRef);
  const head = await git.resolve(localRef);
  if (head !== integration.head)
    throw new SyncError(
      'BUNDLE_TAMPERED',
      `the bundle of "${source.name}" holds ${head ?? 'nothing'}, not the planned ${integration.head}`,
    );
}

export async function publish(
  deps: PublishDeps,
  plan: PlanFile,
  results: ResultsFile,
  dir: string,
): Promise<{ sources: PublishedSource[]; state: State }> {
  const state: State = { version: deps.state.version, sources: { ...deps.state.sources } };
  const published: PublishedSource[] = [];
  for (const source of plan.sources) {
    const base: PublishedSource = {
      name: source.name,
      outcome: 'nothing',
      reason: '',
      risk: null,
      decision: null,
      checks: [],
      smoke: [],
      proposal: null,
      merge: null,
      error: source.error,
    };
    if (source.status === 'error') {
      published.push({ ...base, outcome: 'error', reason: source.error?.message ?? 'failed' });
      continue;
    }
    if (source.status === 'unchanged' || !source.head) {
      published.push({ ...base, reason: 'source unchanged' });
      continue;
    }
    const verified = results.sources.find((r) => r.name === source.name);
    const progress: { pushed: boolean; head?: string } = { pushed: false };
    let result: PublishedSource;
    let delivery: Delivery;
    try {
      if (source.integration) {
        result = await deliver(deps, plan, source, verified, dir, progress);
        delivery = deliveryOf(result);
      } else {
        result = {
          ...base,
          reason: source.unchangedSince
            ? `no change since the last run: ${source.unchangedSince.branch} is still proposed`
            : 'no commit to sync',
        };
        delivery = { kind: 'none' };
      }
    } catch (error) {
      // This source's failure is its result; what it already did is recorded (and observed next run).
      result = { ...base, outcome: 'error', reason: summarizeError(error).message, error: summarizeError(error) };
      delivery = { kind: 'failed', pushed: progress.pushed };
    }
    const transition = nextSourceState(state.sources[source.name], {
      head: source.head,
      listed: source.listed,
      decisions: source.commits,
      ...(source.integration
        ? {
            integration: {
              branch: source.integration.branch,
              head: progress.head ?? source.integration.head,
              applied: source.integration.applied.map((a) => a.sha),
              carried: source.integration.carried,
            },
          }
        : {}),
      settled: source.settled,
      delivery,
      now: deps.now.toISOString(),
    });
    if (transition.declinedCommits > 0) {
      const ids = transition.declinedProposals.map((id) => `#${id}`).join(', ');
      result.reason = `${result.reason}; ${transition.declinedCommits} commit(s) of closed proposal ${ids} declined: not proposed again unless the source changes them`;
    }
    state.sources[source.name] = transition.state;
    await addDraft(deps, plan, source, dir, result);
    published.push(result);
  }
  return { sources: published, state };
}

/** The conflict draft, beside the batch: failing to deliver it never fails the source's delivery. */
async function addDraft(deps: PublishDeps, plan: PlanFile, source: PreparedSource, dir: string, result: PublishedSource): Promise<void> {
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

/** How a delivery ended, as the state transitions read it (never from the words of `reason`). */
export function deliveryOf(result: PublishedSource): Delivery {
  if (result.deferred) return { kind: 'deferred' };
  if (result.outcome === 'merged') return { kind: 'merged' };
  if (result.outcome === 'pull-request' && result.proposal && result.proposal.action !== 'noted')
    return { kind: 'proposed', proposal: result.proposal.id };
  if (result.outcome === 'pull-request') return { kind: 'left-alone' };
  return { kind: 'none' };
}

function sum(checks: readonly CheckOutcome[], pick: (c: CheckOutcome) => number, parsers?: readonly string[]): number {
  return checks.filter((c) => !parsers || parsers.includes(c.parser)).reduce((n, c) => n + pick(c), 0);
}

async function deliver(
  deps: PublishDeps,
  plan: PlanFile,
  source: PreparedSource,
  verified: VerifiedSource | undefined,
  dir: string,
  /** `head`: what the branch is moved to (the lockfile commit when there is one). */
  progress: { pushed: boolean; head?: string },
): Promise<PublishedSource> {
  const { git, config, forge, log } = deps;
  const integration = source.integration!;
  const target = plan.target!;
  await loadBundle(git, dir, source, `refs/auto-sync/publish/${source.name}`);
  const validated = verified?.head === integration.head;
  const checks = validated ? verified.checks : [];
  const smoke = validated ? verified.smoke : [];
  const newTypeErrors = sum(checks, (c) => c.newErrors, ['tsc']);
  const newLintErrors = sum(checks, (c) => c.newErrors, ['eslint']);
  const newTestFailures = sum(checks, (c) => c.newFailures);
  const changes = integration.changes;
  const prerequisites = source.commits.filter((c) => c.reason === 'prerequisite').map((c) => c.sha);
  // A conflict only in lockfiles: verify regenerated them; their commit goes on top (lockfile-commit.ts).
  const lockfiles = await commitRegenerated(git, config, source, verified, target.headTime);
  const head = lockfiles?.head ?? integration.head;
  progress.head = head;
  const regenerated = lockfiles ? { paths: lockfiles.paths, ...(lockfiles.failure ? { failure: lockfiles.failure } : {}) } : undefined;
  const risk = scoreRisk(
    { filesChanged: integration.files, newTypeErrors, newLintErrors, newTestFailures, changes, prerequisites, regenerated },
    config.risk,
  );
  const current = await git.resolve(target.ref);
  const decisionChecks = validated ? checks : [{ name: 'validation', status: 'error' as const }];
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
      ...(lockfiles?.paths ?? []).map((p) => `${p} ${lockfiles?.failure ? 'not regenerated' : 'regenerated'}`),
    ],
  });
  const result: PublishedSource = {
    name: source.name,
    outcome: 'pull-request',
    reason: decision.summary,
    risk,
    decision,
    checks,
    smoke,
    proposal: null,
    merge: null,
    error: null,
    ...(lockfiles?.commit ? { lockfileCommit: lockfiles.commit } : {}),
  };

  // Validated on a target that has moved since (another source merged first, a person pushed):
  // when that is the only gate in the way, the batch waits for the next run, which builds and
  // validates it again on the new head. Once: a second time, it is proposed.
  const records = deps.state.sources[source.name]?.commits ?? {};
  const deferredBefore = integration.applied.some((a) => records[a.sha]?.deferred === true);
  if (shouldWaitForRevalidation(decision, deferredBefore)) {
    return {
      ...result,
      outcome: 'nothing',
      reason: `${REVALIDATE}: the target moved after validation; the batch is built and validated again on the next run`,
      deferred: true,
    };
  }

  const previous = deps.state.sources[source.name]?.integration;
  const branch = await forge.publishBranch({
    branch: integration.branch,
    sha: head,
    expectedSha: previous?.branch === integration.branch ? previous.head : null,
    // With no record of the branch (a lost state, a run killed before it wrote), its commits say
    // whether it is auto-sync's own.
    owner: { base: integration.base, committer: config.target.committer },
  });
  progress.pushed = branch.status !== 'diverged';
  log.debug(`${source.name}: branch ${integration.branch} ${branch.status}`);

  if (decision.action === 'merge') {
    const merge = await forge.merge({
      source: source.name,
      headBranch: integration.branch,
      headSha: head,
      baseBranch: target.branch,
      expectedBaseSha: integration.base,
      method: config.forge.mergeMethod,
      message: mergeMessage(source, config.forge.messagePrefix),
      committer: config.target.committer,
    });
    if (merge.status === 'merged') {
      await forge.closeMerged(source.name, integration.branch, merge.sha);
      return { ...result, outcome: 'merged', merge: { sha: merge.sha, fastForward: merge.fastForward } };
    }
    result.reason = `merge refused (${merge.reason}); proposed instead`;
  }
  if (branch.status === 'diverged') {
    // A person's commits on the branch win: leave it, and say on the proposal why it was not updated.
    const note = `The source has new commits for this branch, but ${integration.branch} has commits auto-sync did not write (${branch.reason}), so auto-sync left it alone. Merge or close this pull request, or delete the branch, to let auto-sync continue.`;
    const open = await forge.findOpenProposal(source.name, integration.branch);
    if (open) await forge.noteOnProposal(open.id, note);
    return {
      ...result,
      reason: `${result.reason}; the branch ${integration.branch} has commits auto-sync did not write, so it was left alone${open ? ` (noted on proposal #${open.id})` : ''}`,
      ...(open ? { proposal: { id: open.id, url: open.url, action: 'noted' } } : {}),
    };
  }
  const web = webRepositoryOf(config.sources.find((s) => s.name === source.name)?.url ?? '', deps.links?.githubHosts);
  const content = {
    ...proposalContent(source, target.branch, checks, smoke, risk, decision, web),
    ...(deps.links?.runUrl ? { runUrl: deps.links.runUrl } : {}),
    ...(deps.links?.configPath ? { configPath: deps.links.configPath } : {}),
    messagePrefix: config.forge.messagePrefix,
  };
  const proposal = await forge.upsertProposal({
    source: source.name,
    title: proposalTitle(content),
    body: proposalBody(content),
    labels: proposalLabels(risk),
    headBranch: integration.branch,
    headSha: head,
    baseBranch: target.branch,
    commits: integration.applied.map((a) => a.sha),
  });
  return { ...result, proposal: { id: proposal.id, url: proposal.url, action: proposal.action } };
}

function mergeMessage(source: PreparedSource, prefix: string): string {
  return batchMergeMessage(
    source.origin,
    source.integration!.applied.map((a) => a.sha),
    prefix,
  );
}

/** The merge (or squash) message of a batch: also what `accept` uses for a local proposal. */
export function batchMergeMessage(origin: string, shas: readonly string[], prefix: string = DEFAULT_MESSAGE_PREFIX): string {
  const lines = shas.map((sha) => `${TRAILER}: ${origin}@${sha}`);
  // Conventional, with a type (chore) that a downstream auto-sync does not sync by default (report/pr-body.ts).
  const n = shas.length;
  return `${prefix}: sync ${n} commit${n === 1 ? '' : 's'} from ${origin}\n\n${lines.join('\n')}\n`;
}

/** What the proposal says (report/pr-body.ts renders it); exported for its tests. */
export function proposalContent(
  source: PreparedSource,
  targetBranch: string,
  checks: CheckOutcome[],
  smoke: SmokeOutcome[],
  risk: Risk,
  decision: MergeDecision,
  web: WebRepository | undefined,
): ProposalContent {
  const integration = source.integration!;
  const bySha = new Map(source.commits.map((c) => [c.sha, c]));
  const link = (sha: string) => {
    const url = commitUrlOf(web, sha);
    return url ? { url } : {};
  };
  return {
    source: { name: source.name, origin: source.origin, ...(web ? { url: web.url } : {}) },
    targetBranch,
    headBranch: integration.branch,
    commits: integration.applied.map((a) => {
      const c = bySha.get(a.sha);
      return {
        sha: a.sha,
        newSha: a.newSha,
        type: c?.type ?? null,
        subject: c?.subject ?? '(carried from an earlier proposal)',
        author: c?.author ?? '',
        ...link(a.sha),
      };
    }),
    skipped: source.commits
      .filter((c) => c.decision === 'skipped' && c.reason !== 'conflict')
      .map((c) => ({ sha: c.sha, subject: c.subject, reason: c.reason, ...(c.detail ? { detail: c.detail } : {}), ...link(c.sha) })),
    conflicts: integration.conflicts.map((c) => ({
      sha: c.sha,
      subject: bySha.get(c.sha)?.subject ?? '',
      paths: c.paths,
      ...link(c.sha),
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
      ...(c.message ? { message: c.message } : {}),
    })),
    smoke: smoke.map((s) => ({
      name: s.name,
      status: s.status,
      ...(s.httpStatus ? { httpStatus: s.httpStatus } : {}),
      ...(s.message ? { detail: s.message } : {}),
    })),
    risk,
    decision,
  };
}

export type { Proposal };
