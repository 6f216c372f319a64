import { join } from 'node:path';
import type { TargetContext } from '../commands/context.ts';
import type { RunEnvironment } from '../env.ts';
import { SyncError } from '../errors.ts';
import type { Redactor } from '../output/redact.ts';
import type { Forge } from './types.ts';

/** The forge the config names, behind the redaction layer; loaded only when a command delivers or looks at proposals. */
export async function createForge(ctx: TargetContext, env: RunEnvironment): Promise<Forge> {
  return redactingForge(await openForge(ctx, env), ctx.redact);
}

/**
 * Everything auto-sync writes to the forge (proposal titles and bodies, notes, the dashboard, merge
 * messages) is public on GitHub: it passes the one redaction layer, whatever text it quotes
 * (check output, a server's error line echoing a header).
 */
export function redactingForge(forge: Forge, redact: Redactor): Forge {
  return {
    publishBranch: (input) => forge.publishBranch(input),
    findOpenProposal: (source, headBranch) => forge.findOpenProposal(source, headBranch),
    listDrafts: (source) => forge.listDrafts(source),
    closeProposal: (id, note) => forge.closeProposal(id, redact(note)),
    upsertProposal: (input) => forge.upsertProposal({ ...input, title: redact(input.title), body: redact(input.body) }),
    merge: (input) => forge.merge({ ...input, message: redact(input.message) }),
    closeMerged: (source, headBranch, mergeSha) => forge.closeMerged(source, headBranch, mergeSha),
    noteOnProposal: (id, text) => forge.noteOnProposal(id, redact(text)),
    listProposals: () => forge.listProposals(),
    getProposal: (id) => forge.getProposal(id),
    upsertDashboard: (input) => forge.upsertDashboard({ title: redact(input.title), body: redact(input.body) }),
  };
}

async function openForge(ctx: TargetContext, env: RunEnvironment): Promise<Forge> {
  if (ctx.config.forge.type === 'github') {
    const repository = ctx.config.target.identity ?? env.githubRepository;
    if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new SyncError('USAGE', 'forge.type "github" needs the target repository as owner/name', {
        hint: 'Set GITHUB_REPOSITORY (Actions sets it) or target.identity in the config.',
      });
    }
    if (!env.githubToken) {
      throw new SyncError('FORGE_AUTH', 'forge.type "github" needs GITHUB_TOKEN', {
        hint: 'Pass the workflow token or a GitHub App / PAT token as GITHUB_TOKEN (contents: write, pull-requests: write, issues: write).',
      });
    }
    const [owner, repo] = repository.split('/') as [string, string];
    const { createGitHubForge } = await import('./github.ts');
    return createGitHubForge({
      git: ctx.git,
      owner,
      repo,
      token: env.githubToken,
      tokenName: 'GITHUB_TOKEN',
      apiUrl: env.githubApiUrl,
      remoteUrl: `${env.githubServerUrl.replace(/\/+$/, '')}/${owner}/${repo}.git`,
      paceWrites: env.githubPacing,
      log: (line) => ctx.log.info(line),
    });
  }
  const { createLocalForge } = await import('./local.ts');
  return createLocalForge({
    git: ctx.git,
    repoRoot: ctx.root,
    proposalsDir: join(ctx.root, '.neon', 'proposals'),
    clock: () => new Date(),
  });
}
