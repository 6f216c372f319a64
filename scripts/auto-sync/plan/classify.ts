import { parseConventional } from './conventional.ts';
import { judgeMergeUnit } from './merge-unit.ts';
import type { PathPolicy } from './paths.ts';
import { parseCherryPickedFrom, parseOrigins } from './provenance.ts';
import type { CommitDecision, CommitInfo, Reason } from './types.ts';

// Decides, commit by commit, what would be synced and why the rest would not. Pure.

export interface ClassifyOptions {
  types: readonly string[];
  breaking: 'allow' | 'hold';
  maxPerRun: number;
  /** Shas (or unique prefixes) a person chose never to sync. */
  skip: readonly string[];
  paths: PathPolicy;
  /** Identity of the target (owner/name): commits whose origin is the target are loops. */
  targetIdentity: string;
  /** Identities trusted in trailers: the configured sources and the target. */
  trustedOrigins: ReadonlySet<string>;
  /** Origin shas already in the target, read from its trusted trailers and -x lines. */
  appliedInTarget: ReadonlySet<string>;
  /** 'first-parent': a merge is one unit, judged by its title (merge-unit.ts); 'all' (default): merges are skipped. */
  follow?: 'first-parent' | 'all';
}

export function classifyCommits(commits: readonly CommitInfo[], options: ClassifyOptions): CommitDecision[] {
  return commits.map(createClassifier(options));
}

/** The same decisions one commit at a time, in order (so commits can be judged as git lists them). */
export function createClassifier(options: ClassifyOptions): (commit: CommitInfo) => CommitDecision {
  const allowedTypes = new Set(options.types);
  let picked = 0;
  return (commit) => {
    const unit = commit.parents.length > 1 && options.follow === 'first-parent';
    const info = unit ? judgeMergeUnit(commit.message, commit.sideMessages ?? [], allowedTypes) : parseConventional(commit.message);
    const files = [...new Set(commit.files.flatMap((f) => (f.from ? [f.from, f.path] : [f.path])))];
    const base = {
      sha: commit.sha,
      subject: info.subject,
      type: info.type,
      scope: info.scope,
      breaking: info.breaking,
      author: `${commit.authorName} <${commit.authorEmail}>`,
      files,
    };
    const skipped = (reason: Reason, detail?: string): CommitDecision => ({
      ...base,
      decision: 'skipped',
      reason,
      ...(detail ? { detail } : {}),
    });

    const skipEntry = options.skip.find((prefix) => commit.sha.startsWith(prefix));
    if (skipEntry) return skipped('skip-listed', `listed in commits.skip as ${skipEntry}`);
    if (commit.parents.length > 1 && !unit) return skipped('merge-commit');

    const origins = parseOrigins(commit.message).filter((o) => options.trustedOrigins.has(o.origin));
    const fromTarget = origins.find((o) => o.origin === options.targetIdentity);
    if (fromTarget) return skipped('from-target', `came from the target (${fromTarget.origin}@${fromTarget.sha.slice(0, 12)})`);
    if (options.appliedInTarget.has(commit.sha)) return skipped('already-applied', 'the target has a commit with this origin');
    const appliedOrigin = [...origins.map((o) => o.sha), ...parseCherryPickedFrom(commit.message)].find((sha) =>
      options.appliedInTarget.has(sha),
    );
    if (appliedOrigin) return skipped('already-applied', `its origin ${appliedOrigin.slice(0, 12)} is already in the target`);
    if (commit.patchInTarget) return skipped('already-applied', 'the target has a commit with the same patch-id');

    if (commit.files.length === 0) return skipped('empty');
    if (!info.type) return skipped('not-conventional');
    if (!allowedTypes.has(info.type)) return skipped('type-not-allowed', `type "${info.type}" is not in commits.types`);
    if (info.breaking && options.breaking === 'hold')
      return skipped('breaking-change', 'breaking change held: set commits.breaking to "allow" or list it in commits.skip');

    const blocked = options.paths.check(files);
    if (blocked) return skipped(blocked.reason, blocked.file);

    picked++;
    if (picked > options.maxPerRun)
      return skipped('over-limit', `beyond commits.maxPerRun (${options.maxPerRun}); pending for the next run`);
    return { ...base, decision: 'picked', reason: 'picked' };
  };
}
