import type { Config } from '../config/schema.ts';
import type { Forge } from '../forge/types.ts';
import type { Git } from '../git/git.ts';
import { provenanceMessages } from '../git/log.ts';
import { parseOrigins } from '../plan/provenance.ts';
import type { CommitRecord, SourceState, State } from './file.ts';
import { sourceOrigin, type TargetInfo } from '../pipeline/plan.ts';

// Losing the state file must never cause a duplicate. What was synced is in the target's history
// (Auto-Sync-Origin trailers); what was proposed, merged or declined is in the forge's proposals.
// This rebuilds a source's record from both; planning then skips what is settled.

export async function rebuildState(
  deps: { git: Git; config: Config; forge: Forge; now: Date },
  target: TargetInfo,
  names: readonly string[],
): Promise<State> {
  const { git, config, forge } = deps;
  const at = deps.now.toISOString();
  const origins = (await provenanceMessages(git, target.head)).flatMap(parseOrigins);
  const proposals = await forge.listProposals();
  const sources: Record<string, SourceState> = {};
  for (const source of config.sources.filter((s) => names.includes(s.name))) {
    const origin = sourceOrigin(source);
    const commits: Record<string, CommitRecord> = {};
    for (const o of origins)
      if (o.origin === origin) commits[o.sha] = { decision: 'applied', reason: 'picked', at, detail: 'found in the target history' };
    let integration: SourceState['integration'];
    // Oldest first, so that a newer proposal's verdict on the same commit wins.
    // Conflict drafts hold no verdict on their commit: closing one declines nothing.
    for (const proposal of [...proposals].reverse().filter((p) => p.source === source.name && !p.draft)) {
      for (const sha of proposal.commits) {
        if (commits[sha]?.decision === 'applied' && proposal.state !== 'merged') continue;
        const decision: CommitRecord['decision'] =
          proposal.state === 'open' ? 'proposed' : proposal.state === 'merged' ? 'applied' : 'declined';
        commits[sha] = { decision, reason: 'picked', at, proposal: proposal.id, detail: `proposal #${proposal.id} is ${proposal.state}` };
      }
      if (proposal.state === 'open') integration = { branch: proposal.headBranch, head: proposal.headSha, commits: [...proposal.commits] };
    }
    sources[source.name] = { lastHead: null, watermark: null, updatedAt: at, commits, ...(integration ? { integration } : {}) };
  }
  return { version: 1, sources };
}

/** Sources the state knows nothing about get their record rebuilt; the others are kept as they are. */
export function mergeRebuilt(state: State, rebuilt: State): State {
  const sources = { ...state.sources };
  for (const [name, record] of Object.entries(rebuilt.sources)) if (!sources[name]) sources[name] = record;
  return { ...state, sources };
}
