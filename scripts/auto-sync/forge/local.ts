import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { SyncError, isSyncError } from '../errors.ts';
import { updateRef } from '../git/apply-commits.ts';
import { commitTree as writeCommit, mergeTrees } from '../git/commit.ts';
import { firstLine, type Git } from '../git/git.ts';
import { readMessages } from '../git/log.ts';
import { onlyAutoSyncCommits } from '../git/ownership.ts';
import { isAncestor, treeOf } from '../git/refs.ts';
import { fastForward, listWorktrees, operationInProgress, statusEntries } from '../git/worktree.ts';
import type { BranchResult, Forge, MergeInput, MergeResult, Proposal, ProposalInput, ProposalResult, PublishBranchInput } from './types.ts';

// The `local` forge. Branches are refs of the target repository itself; merges are built in the
// object store, so the user's checkout is touched only when it *is* the target branch, and then
// only by a fast-forward of a clean work tree. Pull requests are a JSON record (the truth, which a
// person may edit to close it) plus a Markdown view, both in proposalsDir.

export interface LocalForgeOptions {
  git: Git;
  /** The target's work tree root. */
  repoRoot: string;
  /** Usually <repoRoot>/.neon/proposals. */
  proposalsDir: string;
  clock: () => Date;
}

export function createLocalForge(options: LocalForgeOptions): Forge {
  const { git, proposalsDir: dir, clock } = options;
  return {
    publishBranch: (input) => publishBranch(git, input),
    merge: (input) => mergeInto(git, input, clock),
    // One open proposal per source, whatever its branch is called now.
    findOpenProposal: async (source) => {
      const open = findOpen(await loadProposals(dir), source);
      return open && toProposal(open);
    },
    upsertProposal: (input) => upsertProposal(dir, input, clock),
    listDrafts: async (source) =>
      (await loadProposals(dir)).proposals
        .filter((p) => p.record.source === source && p.record.draft === true)
        .sort((a, b) => b.number - a.number)
        .map(toProposal),
    closeProposal: async (id, note) => {
      const found = (await loadProposals(dir)).proposals.find((p) => p.number === id);
      if (!found || found.record.state !== 'open') return;
      await saveProposal(found.file, { ...found.record, state: 'closed', note, updatedAt: clock().toISOString() });
    },
    // The head branch is kept: a local run may want to inspect it afterwards.
    closeMerged: async (source, _headBranch, mergeSha) => {
      const open = findOpen(await loadProposals(dir), source);
      if (open) await saveProposal(open.file, { ...open.record, state: 'merged', mergeSha, updatedAt: clock().toISOString() });
    },
    // A note is a field of the record (shown in the Markdown view); rewritten only when it changes.
    noteOnProposal: async (id, text) => {
      const found = (await loadProposals(dir)).proposals.find((p) => p.number === id);
      if (!found || found.record.note === text) return;
      await saveProposal(found.file, { ...found.record, note: text, updatedAt: clock().toISOString() });
    },
    listProposals: async () => (await loadProposals(dir)).proposals.sort((a, b) => b.number - a.number).map(toProposal),
    getProposal: async (id) => {
      const found = (await loadProposals(dir)).proposals.find((p) => p.number === id);
      return found && toProposal(found);
    },
    // The dashboard is a Markdown file beside the proposals, rewritten only when it changes.
    upsertDashboard: async ({ title, body }) => {
      const file = join(dir, 'dashboard.md');
      const text = `# ${title}\n\n${body.replace(/\n*$/, '\n')}`;
      const before = await readFile(file, 'utf8').catch(() => undefined);
      const url = pathToFileURL(file).href;
      if (before === text) return { id: 0, url, action: 'unchanged' };
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(file, text, { encoding: 'utf8' });
      return { id: 0, url, action: before === undefined ? 'created' : 'updated' };
    },
  };
}

// ---- branches ----

async function publishBranch(git: Git, input: PublishBranchInput): Promise<BranchResult> {
  const { branch, sha, expectedSha } = input;
  const ref = `refs/heads/${branch}`;
  const current = await git.resolve(ref);
  if (current === sha) return { status: 'not-updated', sha };
  const holder = (await listWorktrees(git)).find((tree) => tree.branch === ref);
  if (holder)
    return {
      status: 'diverged',
      sha: current ?? sha,
      reason: `${branch} is checked out in ${holder.path}; auto-sync never moves a checked-out branch`,
    };
  // A missing branch (never created, or deleted by a person) holds nothing anyone could lose.
  // An existing one may move only if everything on it is already in what we publish or expected.
  const safe =
    current === undefined ||
    current === expectedSha ||
    (await isAncestor(git, current, sha)) ||
    (expectedSha !== null && (await git.resolve(expectedSha)) !== undefined && (await isAncestor(git, current, expectedSha))) ||
    (input.owner !== undefined && (await onlyAutoSyncCommits(git, current, input.owner.base, input.owner.committer)));
  if (!safe) {
    return {
      status: 'diverged',
      sha: current,
      reason: `${branch} is at ${current}, which has commits auto-sync did not write; it was left alone`,
    };
  }
  try {
    await updateRef(git, ref, sha, current ?? null);
  } catch (error) {
    if (isSyncError(error) && error.code === 'TARGET_MOVED')
      return { status: 'diverged', sha: (await git.resolve(ref)) ?? sha, reason: `${branch} moved while it was being published` };
    throw error;
  }
  return { status: current === undefined ? 'created' : 'updated', sha };
}

// ---- merges ----

type Refusal = Extract<MergeResult, { status: 'refused' }>;
const refuse = (code: Refusal['code'], reason: string): Refusal => ({ status: 'refused', code, reason });

// Untracked files here are auto-sync's own (proposals, state), not the user's work.
const OWN_UNTRACKED = '.neon/';

async function mergeInto(git: Git, input: MergeInput, clock: () => Date): Promise<MergeResult> {
  const ref = `refs/heads/${input.baseBranch}`;
  const base = await git.resolve(ref);
  if (base !== input.expectedBaseSha) {
    // Moved by this very merge, done by a run that was stopped before it could record it?
    const done = base === undefined ? undefined : await alreadyMerged(git, input, base);
    if (done) return done;
    return refuse('target-moved', `${input.baseBranch} is at ${base ?? '(missing)'}, not at ${input.expectedBaseSha} which was validated`);
  }
  if ((await git.resolve(input.headSha)) !== input.headSha) return refuse('other', `commit ${input.headSha} is not in ${git.dir}`);

  // A person's rebase, merge, cherry-pick or bisect of the branch: it is theirs until they finish.
  const busy = await operationInProgress(git, ref);
  if (busy) return refuse('target-dirty', `${busy}; auto-sync does not move a branch under it`);

  const built = await buildMerge(git, input, base, clock);
  if ('code' in built) return built;
  // Already contained in the base: nothing moves.
  if (built.sha === base) return { status: 'merged', sha: base, fastForward: true };

  const holder = (await listWorktrees(git)).find((tree) => tree.branch === ref);
  if (!holder) {
    try {
      await updateRef(git, ref, built.sha, base);
    } catch (error) {
      if (isSyncError(error) && error.code === 'TARGET_MOVED') return refuse('target-moved', `${input.baseBranch} moved while merging`);
      throw error;
    }
    return { status: 'merged', ...built };
  }

  if (holder.prunable)
    return refuse('other', `${input.baseBranch} is checked out in ${holder.path}, which no longer exists; run \`git worktree prune\``);
  const changes = await localChanges(git, holder.path);
  if (changes.length > 0) {
    const shown = changes.slice(0, 5).join(', ') + (changes.length > 5 ? `, … (${changes.length} in all)` : '');
    return refuse('target-dirty', `${input.baseBranch} is checked out in ${holder.path} with local changes: ${shown}`);
  }
  // built.sha descends from base (a fast-forward, or a commit whose first parent is base), so the
  // checked-out branch, its index and its work tree follow with a plain fast-forward.
  const result = await fastForward(git, holder.path, built.sha);
  if (!result.ok) {
    const reason = firstLine(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
    if (/would be overwritten|local changes|uncommitted|unmerged/i.test(result.stderr))
      return refuse('target-dirty', `${holder.path}: ${reason}`);
    if (/not possible to fast-forward/i.test(result.stderr)) return refuse('target-moved', `${input.baseBranch} moved while merging`);
    throw new SyncError('GIT_FAILED', `git merge --ff-only in ${holder.path} failed: ${reason}`, { details: [result.stderr.trim()] });
  }
  if ((await git.resolve(ref)) !== built.sha)
    throw new SyncError('GIT_FAILED', `after merging, ${input.baseBranch} is not at ${built.sha}`);
  return { status: 'merged', ...built };
}

/**
 * Whether `base` is what merging this input made of the validated base: the head itself (a
 * fast-forward), a merge commit of exactly the two, or a squash on it with this message.
 */
async function alreadyMerged(git: Git, input: MergeInput, base: string): Promise<MergeResult | undefined> {
  if (base === input.headSha) return { status: 'merged', sha: base, fastForward: true };
  if ((await git.resolve(`${base}^1`)) !== input.expectedBaseSha) return undefined;
  const second = await git.resolve(`${base}^2`);
  if (input.method === 'merge') return second === input.headSha ? { status: 'merged', sha: base, fastForward: false } : undefined;
  if (second !== undefined) return undefined;
  // A squash names no head: its message (the batch's trailers) says which merge it was.
  const message = (await readMessages(git, [base])).get(base) ?? '';
  return message.trim() === input.message.trim() ? { status: 'merged', sha: base, fastForward: false } : undefined;
}

/** The commit the base branch should move to, built in the object store only. */
async function buildMerge(
  git: Git,
  input: MergeInput,
  base: string,
  clock: () => Date,
): Promise<{ sha: string; fastForward: boolean } | Refusal> {
  const head = input.headSha;
  const descends = await isAncestor(git, base, head);
  if (input.method === 'merge' && descends) return { sha: head, fastForward: true };
  if (input.method === 'merge' && (await isAncestor(git, head, base))) return { sha: base, fastForward: true };
  // Squash takes the head's tree only when head is built on the base: otherwise that tree would
  // undo whatever reached the base since, so it takes the merged tree instead.
  const merged = descends ? { tree: await treeOf(git, head) } : await mergeTrees(git, base, head);
  if ('paths' in merged)
    return refuse(
      'conflict',
      `merging ${head} into ${input.baseBranch} conflicts in: ${merged.paths.slice(0, 10).join(', ') || '(unknown paths)'}`,
    );
  if (input.method === 'squash' && merged.tree === (await treeOf(git, base))) return { sha: base, fastForward: true };
  const parents = input.method === 'merge' ? [base, head] : [base];
  return { sha: await commitTree(git, merged.tree, parents, input, clock()), fastForward: false };
}

/** A commit whose author and committer are both the given committer, dated by the clock. */
async function commitTree(git: Git, tree: string, parents: readonly string[], input: MergeInput, now: Date): Promise<string> {
  return writeCommit(git, { tree, parents, message: input.message, identity: input.committer, date: now });
}

/** Staged, unstaged and untracked paths, except auto-sync's own untracked files. */
async function localChanges(git: Git, worktree: string): Promise<string[]> {
  return (await statusEntries(git, worktree)).filter(
    (entry) => entry !== '' && !(entry.startsWith('?? ') && entry.slice(3).startsWith(OWN_UNTRACKED)),
  );
}

// ---- proposals ----

const recordSchema = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string(),
  labels: z.array(z.string()),
  source: z.string(),
  headBranch: z.string(),
  headSha: z.string(),
  baseBranch: z.string(),
  commits: z.array(z.string()),
  state: z.enum(['open', 'closed', 'merged']),
  createdAt: z.string(),
  updatedAt: z.string(),
  mergeSha: z.string().optional(),
  note: z.string().optional(),
  /** A conflict draft: never the source's open proposal, never merged by auto-sync. */
  draft: z.boolean().optional(),
});

type ProposalRecord = z.infer<typeof recordSchema>;

interface StoredProposal {
  /** From the file name, which stays the identity even if a person edits the record. */
  number: number;
  file: string;
  record: ProposalRecord;
}

interface ProposalFiles {
  proposals: StoredProposal[];
  highest: number;
}

const FILE_NAME = /^(\d+)-.*\.(json|md)$/;

async function loadProposals(dir: string): Promise<ProposalFiles> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { proposals: [], highest: 0 };
    throw unreadable(dir, dir, error);
  }
  const found: ProposalFiles = { proposals: [], highest: 0 };
  for (const name of names.sort()) {
    const match = FILE_NAME.exec(name);
    if (!match) continue;
    const number = Number(match[1]);
    // An orphan .md still takes its number: a new proposal must never overwrite it.
    found.highest = Math.max(found.highest, number);
    if (match[2] !== 'json') continue;
    const file = join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw unreadable(dir, file, error);
    }
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
      throw unreadable(dir, file, new Error(problems.join('; ')));
    }
    found.proposals.push({ number, file, record: parsed.data });
  }
  return found;
}

function unreadable(dir: string, file: string, error: unknown): SyncError {
  return new SyncError(
    'FORGE_FAILED',
    `proposal file ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`,
    {
      hint: `Fix the file or move it out of ${dir}; auto-sync never overwrites a proposal it cannot read.`,
      cause: error,
    },
  );
}

function findOpen(files: ProposalFiles, source: string): StoredProposal | undefined {
  // Only a hand edit can leave two open; the newest one is the live one.
  return files.proposals
    .filter((p) => p.record.source === source && p.record.state === 'open' && p.record.draft !== true)
    .sort((a, b) => a.number - b.number)
    .at(-1);
}

/** A source's open conflict draft on this branch. */
function findOpenDraft(files: ProposalFiles, source: string, headBranch: string): StoredProposal | undefined {
  return files.proposals.find(
    (p) => p.record.source === source && p.record.state === 'open' && p.record.draft === true && p.record.headBranch === headBranch,
  );
}

async function upsertProposal(dir: string, input: ProposalInput, clock: () => Date): Promise<ProposalResult> {
  const files = await loadProposals(dir);
  const open = input.draft ? findOpenDraft(files, input.source, input.headBranch) : findOpen(files, input.source);
  const fields = {
    title: input.title,
    body: input.body,
    labels: [...input.labels],
    source: input.source,
    headBranch: input.headBranch,
    headSha: input.headSha,
    baseBranch: input.baseBranch,
    commits: [...input.commits],
    ...(input.draft ? { draft: true } : {}),
  };
  if (open) {
    const before = open.record;
    const same = (Object.keys(fields) as (keyof typeof fields)[]).every(
      (key) => JSON.stringify(before[key]) === JSON.stringify(fields[key]),
    );
    // Unchanged means untouched: not even the timestamps are rewritten.
    if (same) return { ...toProposal(open), action: 'unchanged' };
    const updated = { ...open, record: { ...before, ...fields, number: open.number, updatedAt: clock().toISOString() } };
    await saveProposal(updated.file, updated.record);
    return { ...toProposal(updated), action: 'updated' };
  }
  const number = files.highest + 1;
  const now = clock().toISOString();
  const created: StoredProposal = {
    number,
    file: join(dir, `${number}-${fileSafe(input.source)}.json`),
    record: { number, ...fields, state: 'open', createdAt: now, updatedAt: now },
  };
  await mkdir(dir, { recursive: true });
  await saveProposal(created.file, created.record);
  return { ...toProposal(created), action: 'created' };
}

// The view first, the record last: the record is what counts, so it is written once the view is.
async function saveProposal(file: string, record: ProposalRecord): Promise<void> {
  await writeFileAtomic(markdownPath(file), renderMarkdown(record), { encoding: 'utf8' });
  await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`, { encoding: 'utf8' });
}

function renderMarkdown(record: ProposalRecord): string {
  const state = record.state === 'merged' && record.mergeSha ? `merged as ${record.mergeSha}` : record.state;
  return [
    `# ${record.title.replace(/\s*\n\s*/g, ' ')}`,
    '',
    `Labels: ${record.labels.length > 0 ? record.labels.join(', ') : '(none)'}  `,
    `Branches: \`${record.headBranch}\` (${record.headSha.slice(0, 12)}) → \`${record.baseBranch}\`  `,
    `State: ${state}`,
    // What a reviewer runs instead of editing the record (commands/accept.ts).
    ...(record.state === 'open' && !record.draft
      ? [
          '',
          `To accept: \`auto-sync accept ${record.number}\` (merges it) · to decline: \`auto-sync decline ${record.number}\` (never proposed again)`,
        ]
      : []),
    ...(record.draft ? ['', '**Draft**: a conflict to resolve; auto-sync never merges it.'] : []),
    ...(record.note ? ['', `> **auto-sync:** ${record.note.replace(/\n/g, ' ')}`] : []),
    '',
    record.body.replace(/\n*$/, '\n'),
  ].join('\n');
}

function toProposal(stored: StoredProposal): Proposal {
  const { record } = stored;
  return {
    id: stored.number,
    url: pathToFileURL(markdownPath(stored.file)).href,
    source: record.source,
    state: record.state,
    headBranch: record.headBranch,
    headSha: record.headSha,
    commits: [...record.commits],
    labels: [...record.labels],
    ...(record.draft ? { draft: true } : {}),
  };
}

function markdownPath(jsonFile: string): string {
  return jsonFile.replace(/\.json$/, '.md');
}

function fileSafe(source: string): string {
  return source.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'source';
}
