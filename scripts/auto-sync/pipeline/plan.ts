import type { Config, SourceConfig } from '../config/schema.ts';
import type { RunEnvironment } from '../env.ts';
import { SyncError, summarizeError, type ErrorSummary } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { isMissingObjects } from '../git/missing.ts';
import { configValue, deleteRef, pointRef, readHead } from '../git/refs.ts';
import { fetchSource, lsRemoteHead, sourceRef, type RemoteTarget, type RetryPolicy } from '../git/remote.ts';
import type { Logger } from '../output/log.ts';
import { originIdentity } from '../plan/provenance.ts';
import { nowMs } from '../proc/run.ts';
import type { Inspection } from './inspect.ts';
import type { CommitDecision, CommitInfo } from '../plan/types.ts';
import { isSettled, pendingShas, type State } from '../state/file.ts';

// The planning step: for each source, look (ls-remote), fetch, list and decide.
// It reads the sources and the target; it writes nothing but auto-sync's own source refs.

export interface TargetInfo {
  branch: string;
  ref: string;
  head: string;
  /** The head's committer time (unix seconds): integration commits use it, so the same batch on the
   * same target head always gives the same shas, and an idle re-run changes nothing. */
  headTime: number;
  identity: string;
}

export interface SourcePlan {
  name: string;
  origin: string;
  status: 'ok' | 'unchanged' | 'error';
  head: string | null;
  previousHead: string | null;
  /** Commits listed this run, in order (settled ones included), for the state's watermark. */
  listed: string[];
  /** Decisions for the commits that were not settled by an earlier run. */
  commits: CommitDecision[];
  error: ErrorSummary | null;
  durationMs: number;
}

export interface RunPlan {
  /** Resolved only when a source needed it: an idle hourly run never looks at the target. */
  target: TargetInfo | null;
  sources: SourcePlan[];
}

export interface PlanDeps {
  git: Git;
  config: Config;
  state: State;
  env: RunEnvironment;
  log: Logger;
}

export async function resolveTarget(git: Git, config: Config, env: RunEnvironment): Promise<TargetInfo> {
  const branch = config.target.branch;
  // Asked alongside the head, and only when neither the config nor the environment names it.
  const originOf =
    (config.target.identity ?? env.githubRepository)
      ? Promise.resolve('')
      : configValue(git, 'remote.origin.url').then((url) => (url ? originIdentity(url, 'target') : 'target'));
  let ref = `refs/heads/${branch}`;
  let found = await readHead(git, ref);
  if (!found) {
    ref = `refs/remotes/origin/${branch}`;
    found = await readHead(git, ref);
  }
  if (!found)
    throw new SyncError(
      'TARGET_BRANCH_MISSING',
      `the target has no branch "${branch}" (neither refs/heads/${branch} nor origin/${branch})`,
    );
  const identity = config.target.identity ?? env.githubRepository ?? (await originOf);
  return { branch, ref, head: found.sha, headTime: found.time, identity: identity.toLowerCase() };
}

export function sourceOrigin(source: SourceConfig): string {
  return originIdentity(source.url, source.name);
}

export function remoteFor(source: SourceConfig, env: RunEnvironment): RemoteTarget {
  // A token goes only over https (or plain http to this machine's loopback, as a local server):
  // over plain http anyone on the path could read it.
  const https = /^https:\/\//i.test(source.url) || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//i.test(source.url);
  return {
    name: source.name,
    url: source.url,
    branch: source.branch,
    tokenEnv: source.tokenEnv,
    token: https ? env.token(source.tokenEnv) : undefined,
  };
}

export async function planRun(deps: PlanDeps, sources: readonly SourceConfig[]): Promise<RunPlan> {
  const { git, config, env, log } = deps;
  let targetPromise: Promise<TargetInfo> | undefined;
  const getTarget = () => (targetPromise ??= resolveTarget(git, config, env));
  let targetOrigins: Promise<Set<string>> | undefined;
  const trustedOf = (target: TargetInfo) => new Set([target.identity, ...config.sources.map(sourceOrigin)]);
  // The listing's parser (git/log.ts and what it needs) too: an idle run lists nothing.
  let logModule: Promise<typeof import('../git/log.ts')> | undefined;
  const gitLog = () => (logModule ??= import('../git/log.ts'));
  const appliedInTarget = (target: TargetInfo) =>
    (targetOrigins ??= gitLog().then(({ readTargetOrigins }) => readTargetOrigins(git, target.head, trustedOf(target))));
  const retry: RetryPolicy = {
    ...config.retry,
    onRetry: ({ source, attempt, attempts, waitMs, message }) =>
      log.warn(`source "${source}": attempt ${attempt} of ${attempts} failed (${message}); retrying in ${(waitMs / 1000).toFixed(1)} s`),
  };
  // A source never planned before, or with pending commits, is planned whatever its head: the
  // target (and its trailers) will be needed, so they are read while the sources are asked.
  // An idle run, where every source may turn out unchanged, still looks at nothing but the sources.
  // Loaded only for a source with something new: an idle run needs no commit parser or globs.
  let planningModules: ReturnType<typeof loadPlanningModules> | undefined;
  const planning = () => (planningModules ??= loadPlanningModules());
  const planned = sources.some((source) => !deps.state.sources[source.name] || pendingShas(deps.state.sources[source.name]!).length > 0);
  // Looking at a source is network-bound (ls-remote, fetch): up to 16 at once.
  const looked = mapLimit(sources, 16, async (source) => {
    const started = nowMs();
    const previous = deps.state.sources[source.name];
    const base: SourcePlan = {
      name: source.name,
      origin: sourceOrigin(source),
      status: 'ok',
      head: null,
      previousHead: previous?.lastHead ?? null,
      listed: [],
      commits: [],
      error: null,
      durationMs: 0,
    };
    // After an interrupted fetch, commits can be here without their trees or blobs: once found
    // missing, the source's ref is dropped and the source fetched again (git then sends them).
    const attempt = async (refetch: boolean): Promise<SourcePlan> => {
      const remote = remoteFor(source, env);
      const remoteHead = await lsRemoteHead(git, remote, retry);
      if (previous && remoteHead === previous.lastHead && pendingShas(previous).length === 0) {
        return { ...base, status: 'unchanged' as const, head: remoteHead, durationMs: nowMs() - started };
      }
      // A head whose objects are already here (held or pending commits are looked at again every
      // run) needs no fetch: only auto-sync's ref is pointed at it (update-ref refuses a commit that
      // is not here; then it is fetched). Asked while the target is resolved.
      if (refetch) await deleteRef(git, sourceRef(source.name));
      const [target, known] = await Promise.all([getTarget(), refetch ? false : pointRef(git, sourceRef(source.name), remoteHead)]);
      const head = known ? remoteHead : await fetchSource(git, remote, retry);
      // `since` bounds the range too once a watermark exists: it is how a replaced history is accepted.
      const since = source.since ? await git.resolve(source.since) : undefined;
      if (source.since && !previous?.watermark && !since) {
        throw new SyncError('SINCE_NOT_FOUND', `source "${source.name}": since ${source.since} is not a commit of the source`);
      }
      const exclude = [...(previous?.watermark ? [previous.watermark] : []), ...(since ? [since] : [])];
      // The target's trailers are read while git lists the source, and commits are judged as they
      // arrive (held back only until the trailers are known), so JavaScript and git work at once.
      // Each picked commit's content is inspected as it is classified (git's work overlapping).
      const commits: CommitDecision[] = [];
      const waiting: CommitInfo[] = [];
      let classify: ((commit: CommitInfo) => CommitDecision) | undefined;
      let inspection: Inspection | undefined;
      // First-parent mode: a merge is judged by the side-branch commits it brings in too. They are
      // listed (without diffs) only once a merge shows up; from that merge on, commits wait for
      // that list, in order, so that decisions (and maxPerRun) keep the listing's order.
      const follow = config.commits.follow;
      const { listCommitGraph, listCommits } = await gitLog();
      const listing = { target: target.head, source: head, exclude, follow };
      let graph: Promise<void> | undefined;
      let forGraph: CommitInfo[] | undefined;
      let sides: ((merge: string) => string[]) | undefined;
      const decide = (commit: CommitInfo) => {
        if (commit.parents.length > 1 && sides) commit.sideMessages = sides(commit.sha);
        const decision = classify!(commit);
        commits.push(decision);
        inspection!.add(commit, decision);
      };
      const judge = (commit: CommitInfo) => {
        if (isSettled(previous, commit.sha)) return;
        if (follow === 'first-parent' && commit.parents.length > 1 && !sides && !graph) {
          forGraph = [];
          graph = Promise.all([listCommitGraph(git, listing), import('../plan/merge-unit.ts')]).then(([known, { sideCommitsOf }]) => {
            sides = (merge) => sideCommitsOf(merge, known).map((sha) => known.get(sha)!.message);
            for (const held of forGraph!.splice(0))
              if (classify) decide(held);
              else waiting.push(held);
            forGraph = undefined;
          });
          graph.catch(() => undefined); // awaited after the listing; a failure surfaces there
        }
        if (forGraph) forGraph.push(commit);
        else if (classify) decide(commit);
        else waiting.push(commit);
      };
      // git starts listing first: if the planning modules are still loading, it works meanwhile.
      const listed = listCommits(git, listing, judge);
      listed.catch(() => undefined); // awaited below
      preloadScanner();
      const ready = planning()
        .then((modules) => Promise.all([...modules, appliedInTarget(target)]))
        .then(([{ createClassifier }, { createPathPolicy }, { toolRuntimeGlobs, currentToolLocation }, { startInspection }, applied]) => {
          const paths = createPathPolicy({ ...config.paths, alwaysDeny: toolRuntimeGlobs(git.dir, currentToolLocation()) });
          classify = createClassifier({
            ...config.commits,
            paths,
            targetIdentity: target.identity,
            trustedOrigins: trustedOf(target),
            appliedInTarget: applied,
          });
          inspection = startInspection(git, { denies: paths.denies, maxFileBytes: config.paths.maxFileBytes });
          for (const commit of waiting.splice(0)) decide(commit);
        });
      let listedCommits: CommitInfo[];
      try {
        [listedCommits] = await Promise.all([listed, ready]);
        await graph;
      } catch (error) {
        await inspection?.finish([]).catch(() => undefined); // ends its git processes
        throw error;
      }
      if (listedCommits.some((c) => c.parents.length === 0)) {
        await inspection!.finish([]).catch(() => undefined);
        if (exclude.length === 0)
          throw new SyncError('NO_COMMON_HISTORY', `source "${source.name}" shares no history with the target branch "${target.branch}"`);
        // The range reached a root commit past the watermark: the branch was replaced by another history.
        throw new SyncError(
          'SOURCE_REWRITTEN',
          `source "${source.name}": the branch now holds a history that shares nothing with ${previous?.watermark?.slice(0, 12) ?? source.since}, which auto-sync synced up to`,
        );
      }
      // What the picked commits write, entry by entry, and a secret scan of their added lines.
      const inspected = await inspection!.finish(commits);
      return { ...base, head, listed: listedCommits.map((c) => c.sha), commits: inspected, durationMs: nowMs() - started };
    };
    try {
      try {
        return await attempt(false);
      } catch (error) {
        if (!isMissingObjects(error)) throw error;
        log.warn(`source "${source.name}": objects missing after an interrupted fetch; fetching the source again`);
        return await attempt(true);
      }
    } catch (error) {
      return { ...base, status: 'error' as const, error: summarizeError(error), durationMs: nowMs() - started };
    }
  });
  // The target is asked after the sources' ls-remote calls have started (theirs take longer), and
  // the planning modules are loaded while git answers.
  if (planned) {
    getTarget()
      .then(appliedInTarget, () => undefined)
      .catch(() => undefined);
    planning().catch(() => undefined);
  }
  const plans = await looked;
  for (const plan of plans) log.debug(`source "${plan.name}": ${plan.status} in ${plan.durationMs.toFixed(0)} ms`);
  const target = targetPromise ? await targetPromise.catch(() => null) : null;
  return { target, sources: plans };
}

/**
 * The planning modules, one after the other with a turn of the event loop between them: loading a
 * module graph holds this thread (30 ms for these), and git's answers (an ls-remote, an update-ref
 * that the listing waits for) are then taken between two loads, not after all of them. The secret
 * scanner, the largest, is loaded after the listing has started (preloadScanner).
 */
async function loadPlanningModules() {
  const classify = await import('../plan/classify.ts');
  await nextTurn();
  const paths = await import('../plan/paths.ts');
  await nextTurn();
  const toolFiles = await import('../config/tool-files.ts');
  await nextTurn();
  const inspect = await import('./inspect.ts');
  return [classify, paths, toolFiles, inspect] as const;
}

/** Loads the secret scanner on a later turn, so that what git has answered is taken first. */
function preloadScanner(): void {
  void nextTurn()
    .then(() => import('./inspect.ts'))
    .then((inspect) => inspect.loadScanner())
    .catch(() => undefined); // loaded again, and a failure surfaces, when a scan needs it
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Maps with at most `limit` calls in flight, keeping the order of results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
