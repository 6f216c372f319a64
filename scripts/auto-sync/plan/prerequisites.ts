import type { CommitDecision, Reason } from './types.ts';

// Which skipped commits a conflicting wanted commit needs, and whether policy lets them in. Pure.
//
// A wanted commit that does not apply depends, line by line (line-origins.ts), on the commits that
// last changed the lines its conflicting hunks touch. Those that are skipped only because of their
// type (a `chore(deps)` bump, a `release` commit, a non-conventional message, an over-limit one) can
// come along as prerequisites, and so can what they depend on in turn. A commit policy forbids — a
// path denial, a skip-list entry, a declined proposal, a held breaking change, held content — never
// comes in this way: the dependent then stays pending and names it.

/** How a source commit can serve as a prerequisite. */
export type Standing =
  | { kind: 'wanted' }
  | { kind: 'eligible' }
  | { kind: 'forbidden'; reason: string }
  /** Not a listed commit the target lacks (in the target, a merge in all mode, unknown): no dependency. */
  | { kind: 'none' };

/** Reasons a skipped commit may still come in as a prerequisite: nothing but its type held it back. */
const ELIGIBLE: ReadonlySet<Reason> = new Set<Reason>(['type-not-allowed', 'not-conventional', 'over-limit']);
/** Reasons that mean the target has it, or it is no change of its own. */
const NO_DEPENDENCY: ReadonlySet<Reason> = new Set<Reason>(['already-applied', 'from-target', 'empty', 'merge-commit']);

export function standingOf(decision: Pick<CommitDecision, 'decision' | 'reason'> | undefined): Standing {
  if (!decision) return { kind: 'none' };
  if (decision.decision === 'picked') return decision.reason === 'prerequisite' ? { kind: 'eligible' } : { kind: 'wanted' };
  if (ELIGIBLE.has(decision.reason)) return { kind: 'eligible' };
  if (NO_DEPENDENCY.has(decision.reason)) return { kind: 'none' };
  // conflict / after-conflict / blocked / prerequisites-held: a wanted commit that did not make it.
  if (['conflict', 'after-conflict', 'blocked', 'prerequisites-held'].includes(decision.reason)) return { kind: 'wanted' };
  return { kind: 'forbidden', reason: decision.reason };
}

export interface PrerequisiteInput {
  /** Wanted commits that did not apply, with the paths they conflict in. */
  conflicting: readonly { sha: string; paths: readonly string[] }[];
  /** Line-level dependencies of a commit, on the given paths (all its paths when undefined). */
  dependsOn: (sha: string, paths?: readonly string[]) => readonly string[];
  standing: (sha: string) => Standing;
  mode: 'include' | 'hold';
  /** Source order (oldest first), for the order prerequisites are applied in. */
  order: readonly string[];
  /** Wanted commits already held back, with what blocks them: a commit depending on one is blocked by the same. */
  pendingBefore?: ReadonlyMap<string, readonly { sha: string; reason: string }[]>;
}

export interface PrerequisiteOutcome {
  /** Prerequisites to apply, oldest first, each with the first wanted commit that needs it. */
  include: { sha: string; neededBy: string }[];
  /** Wanted commits that stay pending: blocked by forbidden commits, or (hold) waiting for their prerequisites. */
  pending: { sha: string; reason: 'blocked' | 'prerequisites-held'; blockers: { sha: string; reason: string }[] }[];
}

export function planPrerequisites(input: PrerequisiteInput): PrerequisiteOutcome {
  const position = new Map(input.order.map((sha, i) => [sha, i]));
  const include = new Map<string, string>();
  const pending: PrerequisiteOutcome['pending'] = [];
  const blockedBy = new Map<string, readonly { sha: string; reason: string }[]>(input.pendingBefore);
  // Oldest first, so that a commit held back here passes its blockers on to those that depend on it.
  const conflicting = [...input.conflicting].sort((a, b) => (position.get(a.sha) ?? 0) - (position.get(b.sha) ?? 0));
  for (const { sha, paths } of conflicting) {
    const needed = new Set<string>();
    const forbidden = new Map<string, string>();
    // Transitively: a prerequisite's own hunks depend on what last changed their lines.
    const queue: { sha: string; paths?: readonly string[] }[] = [{ sha, paths: paths.length > 0 ? paths : undefined }];
    const seen = new Set<string>([sha]);
    while (queue.length > 0) {
      const next = queue.shift()!;
      for (const dep of input.dependsOn(next.sha, next.paths)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        // Only earlier commits: a dependency is always older in the source.
        if ((position.get(dep) ?? -1) >= (position.get(sha) ?? Infinity)) continue;
        const standing = input.standing(dep);
        if (standing.kind === 'eligible') {
          needed.add(dep);
          queue.push({ sha: dep });
        } else if (standing.kind === 'forbidden') forbidden.set(dep, standing.reason);
        else if (standing.kind === 'wanted') for (const b of blockedBy.get(dep) ?? []) forbidden.set(b.sha, b.reason);
      }
    }
    const byOrder = (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
    if (forbidden.size > 0) {
      const blockers = [...forbidden.keys()].sort(byOrder).map((b) => ({ sha: b, reason: forbidden.get(b)! }));
      pending.push({ sha, reason: 'blocked', blockers });
      blockedBy.set(sha, blockers);
    } else if (needed.size > 0 && input.mode === 'hold') {
      pending.push({
        sha,
        reason: 'prerequisites-held',
        blockers: [...needed].sort(byOrder).map((b) => ({ sha: b, reason: 'prerequisite' })),
      });
    } else for (const dep of needed) if (!include.has(dep)) include.set(dep, sha);
  }
  const ordered = [...include.keys()].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  return { include: ordered.map((sha) => ({ sha, neededBy: include.get(sha)! })), pending };
}

/** The text a pending commit shows, naming what holds it back (parsed back by blockersOf). */
export function describeBlockers(reason: 'blocked' | 'prerequisites-held', blockers: readonly { sha: string; reason: string }[]): string {
  const shown = blockers.slice(0, 5).map((b) => `${b.sha.slice(0, 12)} (${b.reason})`);
  const more = blockers.length > 5 ? ` and ${blockers.length - 5} more` : '';
  return reason === 'blocked'
    ? `blocked by ${shown.join(', ')}${more}: it changed the lines this commit changes, and policy keeps it out`
    : `needs ${shown.join(', ')}${more}: commits.prerequisites is "hold"`;
}

/** Shas (12-digit prefixes) a pending commit's detail names as what blocks it: "blocked by", "needs", "conflicts with". */
export function blockersOf(detail: string | undefined): string[] {
  if (!detail) return [];
  // Up to the colon or " in " that ends the list: paths after it are the source's and name nothing.
  const lead = /^(?:blocked by|needs|conflicts with) (.*?)(?::| in |$)/.exec(detail);
  if (!lead) return [];
  return [...lead[1]!.matchAll(/\b([0-9a-f]{12})\b/g)].map((m) => m[1]!);
}

/** Pending commits grouped by the commit that blocks them: one line each, most held back first. */
export function groupByBlocker(
  pending: readonly { sha: string; reason: string; detail?: string }[],
): { blocker: string; reason: string; count: number; example: string }[] {
  const groups = new Map<string, { blocker: string; reason: string; count: number; example: string }>();
  for (const p of pending) {
    const [blocker] = blockersOf(p.detail);
    if (!blocker) continue;
    const why = new RegExp(`${blocker} \\(([^)]+)\\)`).exec(p.detail ?? '')?.[1] ?? p.reason;
    const group = groups.get(blocker) ?? { blocker, reason: why, count: 0, example: p.sha };
    group.count++;
    groups.set(blocker, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.blocker < b.blocker ? -1 : 1));
}

/** The dashboard's lines for grouped pending commits (Markdown list; shas and reasons are ours, not the source's). */
export function blockerLines(groups: ReturnType<typeof groupByBlocker>, max: number): string[] {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const lines = [`Held back by other commits (${total} in all, one line per blocking commit):`, ''];
  for (const g of groups.slice(0, max))
    lines.push(
      `- \`${g.blocker}\` (${g.reason.replace(/[^a-z -]/gi, '')}) holds back ${g.count} ${g.count === 1 ? 'commit' : 'commits'}, e.g. \`${g.example.slice(0, 10)}\``,
    );
  if (groups.length > max) lines.push(`- … and ${groups.length - max} more blocking commits`);
  return lines;
}
