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
  return [
    `The commit \`${d.sha.slice(0, 12)}\` does not apply on \`${d.base}\`. This draft holds it with the conflict committed:`,
    `the files below contain \`<<<<<<<\` / \`>>>>>>>\` markers. Resolve them, and the draft can be reviewed like any proposal.`,
    '',
    ...d.paths.slice(0, 20).map((p) => `- \`${p.replace(/`/g, "'")}\``),
    ...(d.paths.length > 20 ? [`- … and ${d.paths.length - 20} more`] : []),
    '',
    '```sh',
    `git fetch ${remote} ${shellQuote(d.branch)}`,
    `git switch -c ${shellQuote(d.branch)} ${shellQuote(`${remote}/${d.branch}`)}`,
    `# edit the files, remove the markers, then:`,
    `git add -- ${paths}`,
    `git commit --amend --no-edit`,
    `git push --force-with-lease ${remote} ${shellQuote(d.branch)}`,
    '```',
  ].join('\n');
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./@:+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
