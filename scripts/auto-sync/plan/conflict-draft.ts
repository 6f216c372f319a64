import { code, fence } from '../report/markdown.ts';
import type { CommitDecision } from './types.ts';

// A conflict a person can resolve: which conflict to deliver as a draft, and the exact commands to
// finish it locally. Pure; git/conflict-draft.ts writes the draft commit (markers committed).

/** Conflicts that persist: pending as `conflict` now and already in the previous run's record. */
export function persistingConflicts(
  decisions: readonly CommitDecision[],
  previous: Readonly<Record<string, { decision: string; reason: string }>> | undefined,
): CommitDecision[] {
  return decisions.filter((d) => d.reason === 'conflict' && previous?.[d.sha]?.reason === 'conflict');
}

/** Open drafts whose commit no longer conflicts (applied cleanly, held for another reason, or gone): to close. */
export function staleDrafts(
  drafts: readonly { id: number; state: string; commits: readonly string[] }[],
  conflicting: ReadonlySet<string>,
): { id: number; sha: string | undefined }[] {
  return drafts
    .filter((d) => d.state === 'open' && !(d.commits[0] !== undefined && conflicting.has(d.commits[0])))
    .map((d) => ({ id: d.id, sha: d.commits[0] }));
}

export interface DraftInstructions {
  branch: string;
  /** The integration branch the draft sits on. */
  base: string;
  sha: string;
  paths: readonly string[];
  remote?: string;
}

/** The draft branch of a source's oldest persisting conflict. */
export function draftBranchName(prefix: string, source: string, sha: string): string {
  return `${prefix}${source}-conflict-${sha.slice(0, 12)}`;
}

/** Markdown for the draft's body: what conflicts, and the commands that finish it. */
export function draftInstructions(d: DraftInstructions): string {
  const remote = d.remote ?? 'origin';
  // Paths are the source's: quoted for the shell, and each given after `--`.
  const paths = d.paths.map(shellQuote).join(' ');
  // Paths are the source's (hostile): code spans and a fence their text cannot close.
  const commands = [
    `git fetch ${remote} ${shellQuote(d.branch)}`,
    `git switch -c ${shellQuote(d.branch)} ${shellQuote(`${remote}/${d.branch}`)}`,
    `# edit the files, remove the markers, then:`,
    `git add -- ${paths}`,
    `git commit --amend --no-edit`,
    `git push --force-with-lease ${remote} ${shellQuote(d.branch)}`,
  ];
  return [
    `The commit ${code(d.sha.slice(0, 12))} does not apply on ${code(d.base)}. This draft holds it with the conflict committed:`,
    `the files below contain \`<<<<<<<\` / \`>>>>>>>\` markers. Resolve them, and the draft can be reviewed like any proposal.`,
    '',
    ...d.paths.slice(0, 20).map((p) => `- ${code(p, { max: 1000 })}`),
    ...(d.paths.length > 20 ? [`- … and ${d.paths.length - 20} more`] : []),
    '',
    fence(commands.join('\n'), 'sh'),
  ].join('\n');
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./@:+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
