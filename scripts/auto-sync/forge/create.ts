import { join } from 'node:path';
import type { TargetContext } from '../commands/context.ts';
import type { RunEnvironment } from '../env.ts';
import { SyncError } from '../errors.ts';
import type { Forge } from './types.ts';

/** The forge the config names; loaded only when a command delivers or looks at proposals. */
export async function createForge(ctx: TargetContext, env: RunEnvironment): Promise<Forge> {
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
  return createLocalForge({ git: ctx.git, repoRoot: ctx.root, proposalsDir: join(ctx.root, '.neon', 'proposals'), clock: () => new Date() });
}
