// One interface for "the forge" (where branches, merges and pull requests live), with a `local`
// implementation for the demo and local runs and a GitHub one for the hourly workflow.
// The forge acts; it never decides: what to merge or propose is decided in plan/decide.ts.

export interface ProposalInput {
  source: string;
  title: string;
  body: string;
  labels: string[];
  /** The integration branch, e.g. auto-sync/web. */
  headBranch: string;
  headSha: string;
  baseBranch: string;
  /** Origin shas of the commits on the head branch, oldest first. */
  commits: string[];
  /**
   * A conflict delivered for a person to resolve (commits.onConflict "propose"): a draft pull
   * request, kept apart from the source's one open proposal; `commits` is the conflicting commit.
   */
  draft?: boolean;
}

export interface Proposal {
  /** Forge-specific identity: the PR number, or the local record's number. */
  id: number;
  url: string;
  source: string;
  state: 'open' | 'closed' | 'merged';
  headBranch: string;
  headSha: string;
  commits: string[];
  labels: string[];
  /** A conflict draft (ProposalInput.draft), as auto-sync opened it (a person may since have marked it ready). */
  draft?: boolean;
}

export type ProposalResult = Proposal & { action: 'created' | 'updated' | 'unchanged' };

export interface MergeInput {
  source: string;
  headBranch: string;
  /** The exact commit validated; the forge must merge this and nothing else. */
  headSha: string;
  baseBranch: string;
  /** The target head the validation saw; the merge is refused if the branch moved. */
  expectedBaseSha: string;
  method: 'merge' | 'squash';
  /** Used for a merge commit or a squash commit. */
  message: string;
  committer: { name: string; email: string };
}

export type MergeResult =
  | { status: 'merged'; sha: string; fastForward: boolean }
  | { status: 'refused'; reason: string; code: 'target-moved' | 'target-dirty' | 'protected' | 'conflict' | 'other' };

export type BranchResult =
  { status: 'created' | 'updated' | 'not-updated'; sha: string } | { status: 'diverged'; sha: string; reason: string };

/** What makes a branch auto-sync's own when no record of it survived: only its commits on `base`. */
export interface BranchOwner {
  /** A target commit the branch was built on (local). */
  base: string;
  committer: { email: string };
}

export interface PublishBranchInput {
  branch: string;
  sha: string;
  expectedSha: string | null;
  owner?: BranchOwner;
}

export interface Forge {
  /**
   * Makes the integration branch point at `sha` (push for a remote forge), never over commits a
   * person added: it moves a branch at `expectedSha`, one whose commits are all in what is pushed,
   * or one made only of commits auto-sync wrote (trailer and committer, checked against `owner`).
   */
  publishBranch(input: PublishBranchInput): Promise<BranchResult>;
  /** The source's open proposal; conflict drafts are never it. */
  findOpenProposal(source: string, headBranch: string): Promise<Proposal | undefined>;
  /** The source's conflict drafts, open and closed (a closed one a person closed is not opened again), newest first; a bounded list. */
  listDrafts(source: string): Promise<Proposal[]>;
  /**
   * Creates the proposal, or updates the open one for the same source: never two open at once.
   * A draft is created or updated by its head branch instead, beside the source's proposal.
   */
  upsertProposal(input: ProposalInput): Promise<ProposalResult>;
  merge(input: MergeInput): Promise<MergeResult>;
  /** After a merge: mark the source's open proposal merged (and delete the head branch where that applies). */
  closeMerged(source: string, headBranch: string, mergeSha: string): Promise<void>;
  /** Leaves (or updates) auto-sync's one note on a proposal, e.g. why its branch was left alone. */
  noteOnProposal(id: number, text: string): Promise<void>;
  /** Closes an open proposal without merging, with a note saying why (a conflict draft that is no longer needed). */
  closeProposal(id: number, note: string): Promise<void>;
  /** Every auto-sync proposal the forge knows (open, closed, merged), newest first: to rebuild a lost state. */
  listProposals(): Promise<Proposal[]>;
  /** A proposal by id, whatever its state: a closed one that was not merged was declined by a person. */
  getProposal(id: number): Promise<Proposal | undefined>;
  /** The one "auto-sync dashboard" (an issue on GitHub), updated in place; never a second one. */
  upsertDashboard(input: {
    title: string;
    body: string;
  }): Promise<{ id: number; url: string; action: 'created' | 'updated' | 'unchanged' }>;
}
