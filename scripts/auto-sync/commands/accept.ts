import type { CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import { SyncError } from '../errors.ts';
import { createForge } from '../forge/create.ts';
import type { Forge, Proposal } from '../forge/types.ts';
import { redactDeep } from '../output/redact.ts';
import { sourceOrigin } from '../pipeline/plan.ts';
import { batchMergeMessage } from '../pipeline/publish.ts';
import { settleProposal } from '../plan/settle.ts';
import { stateAccess } from '../state/access.ts';
import type { TargetContext } from './context.ts';

// `accept` / `decline`: what a reviewer does with a local proposal, without editing its JSON.
// accept merges through the forge exactly as publish would (same merge, same message and
// trailers), only at the head the proposal recorded; decline closes it. Either way the proposal's
// state changes as a person's action on GitHub would change a pull request's, so the next run (and
// a state rebuilt from proposals) reads it the same; and the state records it at once, as the next
// run would, so that an idle source (not planned again) does not keep it "proposed".

export interface ProposalActionResult {
  version: 1;
  command: 'accept' | 'decline';
  proposal: { id: number; url: string; source: string; state: 'merged' | 'closed' };
  merge: { sha: string; fastForward: boolean } | null;
  /** Origin shas of the proposal's commits. */
  commits: string[];
  /** How many of them the state now records as applied (accept) or declined (decline). */
  recorded: number;
}

export async function acceptCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const { forge, proposal } = await openProposal(cli, env, ctx, 'accept');
  if (proposal.draft)
    throw new SyncError('PROPOSAL_DRAFT', `proposal #${proposal.id} (${proposal.source}) is a conflict draft; auto-sync never merges one`);
  const source = ctx.config.sources.find((s) => s.name === proposal.source);
  if (!source)
    throw new SyncError(
      'PROPOSAL_NOT_FOUND',
      `proposal #${proposal.id} is from "${proposal.source}", which the configuration no longer has`,
      {
        hint: `Add the source back to ${ctx.configPath} to accept it, or decline it.`,
      },
    );
  // Only what was proposed (and reviewed): a branch that moved since is not this proposal any more.
  const head = await ctx.git.resolve(`refs/heads/${proposal.headBranch}`);
  if (head !== proposal.headSha)
    throw new SyncError(
      'PROPOSAL_MOVED',
      `${proposal.headBranch} is at ${head ?? '(missing)'}, not at ${proposal.headSha} which proposal #${proposal.id} records`,
    );
  const baseBranch = ctx.config.target.branch;
  const base = await ctx.git.resolve(`refs/heads/${baseBranch}`);
  if (!base) throw new SyncError('TARGET_BRANCH_MISSING', `the target has no branch "${baseBranch}"`);
  const merge = await forge.merge({
    source: proposal.source,
    headBranch: proposal.headBranch,
    headSha: proposal.headSha,
    baseBranch,
    expectedBaseSha: base,
    method: ctx.config.forge.mergeMethod,
    message: batchMergeMessage(sourceOrigin(source), proposal.commits, ctx.config.forge.messagePrefix),
    committer: ctx.config.target.committer,
  });
  if (merge.status !== 'merged')
    throw new SyncError('MERGE_REFUSED', `proposal #${proposal.id} was not merged (${merge.code}): ${merge.reason}`);
  await forge.closeMerged(proposal.source, proposal.headBranch, merge.sha);
  const recorded = await recordSettlement(ctx, env, proposal, 'merged');
  ctx.log.out(
    `accepted proposal #${proposal.id} (${proposal.source}): ${baseBranch} is at ${merge.sha}${merge.fastForward ? ' (fast-forward)' : ''}; ${recorded} commit(s) recorded as applied`,
  );
  return finish(ctx, cli, {
    version: 1,
    command: 'accept',
    proposal: { id: proposal.id, url: proposal.url, source: proposal.source, state: 'merged' },
    merge: { sha: merge.sha, fastForward: merge.fastForward },
    commits: proposal.commits,
    recorded,
  });
}

export async function declineCommand(cli: CliOptions, env: RunEnvironment, ctx: TargetContext): Promise<number> {
  const { forge, proposal } = await openProposal(cli, env, ctx, 'decline');
  await forge.closeProposal(
    proposal.id,
    'Declined with `auto-sync decline`: its commits are not proposed again unless the source changes them.',
  );
  const closed = await forge.getProposal(proposal.id);
  if (closed?.state !== 'closed') throw new SyncError('FORGE_FAILED', `proposal #${proposal.id} could not be closed`);
  const recorded = await recordSettlement(ctx, env, proposal, 'closed');
  ctx.log.out(`declined proposal #${proposal.id} (${proposal.source}): ${recorded} commit(s) recorded as declined, never proposed again`);
  return finish(ctx, cli, {
    version: 1,
    command: 'decline',
    proposal: { id: proposal.id, url: proposal.url, source: proposal.source, state: 'closed' },
    merge: null,
    commits: proposal.commits,
    recorded,
  });
}

/** The open proposal the argument names: its number, or the source whose open proposal it is. */
async function openProposal(
  cli: CliOptions,
  env: RunEnvironment,
  ctx: TargetContext,
  command: 'accept' | 'decline',
): Promise<{ forge: Forge; proposal: Proposal }> {
  if (ctx.config.forge.type !== 'local')
    throw new SyncError('FORGE_NOT_LOCAL', `${command} acts on local proposals, and forge.type is "${ctx.config.forge.type}"`);
  const name = cli.proposal ?? '';
  const forge = await createForge(ctx, env);
  const byNumber = /^#?\d+$/.test(name);
  const proposal = byNumber
    ? await forge.getProposal(Number(name.replace(/^#/, '')))
    : await forge.findOpenProposal(name, `${ctx.config.target.integrationBranchPrefix}${name}`);
  if (!proposal) {
    const known = ctx.config.sources.some((s) => s.name === name);
    throw new SyncError(
      'PROPOSAL_NOT_FOUND',
      byNumber
        ? `there is no proposal #${name.replace(/^#/, '')}`
        : known
          ? `source "${name}" has no open proposal`
          : `"${name}" is neither a proposal number nor a configured source`,
    );
  }
  if (proposal.state !== 'open')
    throw new SyncError('PROPOSAL_NOT_OPEN', `proposal #${proposal.id} (${proposal.source}) is ${proposal.state} already`);
  return { forge, proposal };
}

/** The proposal's commits settled in the state now, as the next run would record them. */
async function recordSettlement(
  ctx: TargetContext,
  env: RunEnvironment,
  proposal: Proposal,
  outcome: 'merged' | 'closed',
): Promise<number> {
  const store = await stateAccess(ctx, env);
  const state = await store.read();
  const { state: next, settled } = settleProposal(state.sources[proposal.source], proposal.id, outcome, new Date().toISOString());
  if (!next || settled.length === 0) return 0;
  await store.write(redactDeep({ ...state, sources: { ...state.sources, [proposal.source]: next } }, ctx.redact));
  return settled.length;
}

function finish(ctx: TargetContext, cli: CliOptions, result: ProposalActionResult): number {
  if (cli.json) ctx.stdout(`${JSON.stringify(redactDeep(result, ctx.redact), null, 2)}\n`);
  return 0;
}
