import { parseConventional, type ConventionalInfo } from './conventional.ts';

// A merge applied as one unit (commits.follow "first-parent") is judged by what it says it is. Pure.
//
// In order: its own subject when it is a Conventional Commit (GitHub's squash-like merges:
// "fix: mask … (#4252)"); the pull request's title GitHub puts in the body of "Merge pull request
// #123 from x/y" or "Merge branch …"; the "* type: subject" list a squash writes in the body; and
// last the side-branch commits it brings in. Among several, the first whose type is allowed decides
// (else the first conventional one, so the reason names its type); the unit is breaking when any of
// them is.

const MERGE_SUBJECT = /^Merge (pull request #\d+ from |branch |remote-tracking branch )/;

export function judgeMergeUnit(message: string, sideMessages: readonly string[], allowedTypes: ReadonlySet<string>): ConventionalInfo {
  const own = parseConventional(message);
  const subject = message.split('\n', 1)[0]!.trim();
  if (own.type) return { ...own, breaking: own.breaking || sideMessages.some((m) => parseConventional(m).breaking) };
  const body = message.split('\n').slice(1);
  const candidates: ConventionalInfo[] = [];
  if (MERGE_SUBJECT.test(subject)) {
    const title = body.map((line) => line.trim()).find((line) => line.length > 0);
    if (title) candidates.push(parseConventional(title));
  }
  for (const line of body) {
    const bullet = /^\s*[*-]\s+(.*)$/.exec(line);
    if (bullet) candidates.push(parseConventional(bullet[1]!));
  }
  for (const side of sideMessages) candidates.push(parseConventional(side));
  const conventional = candidates.filter((c) => c.type);
  const chosen = conventional.find((c) => allowedTypes.has(c.type!)) ?? conventional[0];
  if (!chosen) return { ...own, subject };
  return { ...chosen, subject, breaking: conventional.some((c) => c.breaking) };
}

/** The commits a merge brings in: reachable from its other parents, not from its first; within `graph`. */
export function sideCommitsOf(merge: string, graph: ReadonlyMap<string, { parents: readonly string[] }>): string[] {
  const node = graph.get(merge);
  if (!node || node.parents.length < 2) return [];
  const reach = (starts: readonly string[]) => {
    const seen = new Set<string>();
    const stack = [...starts];
    while (stack.length > 0) {
      const sha = stack.pop()!;
      if (seen.has(sha) || !graph.has(sha)) continue;
      seen.add(sha);
      stack.push(...graph.get(sha)!.parents);
    }
    return seen;
  };
  const main = reach([node.parents[0]!]);
  return [...reach(node.parents.slice(1))].filter((sha) => !main.has(sha));
}
