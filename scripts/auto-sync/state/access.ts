import { join } from 'node:path';
import type { RunEnvironment } from '../env.ts';
import type { TargetContext } from '../commands/context.ts';
import { DEFAULT_STATE_FILE, readState, writeState, type State } from './file.ts';

export interface StateAccess {
  read(): Promise<State>;
  /** Records the state; says where, or undefined when nothing changed. */
  write(state: State): Promise<string | undefined>;
}

/**
 * Where the state lives: with the local forge, the file in the work tree; with GitHub, the file on
 * the target branch of the remote (or on auto-sync/state when that branch is protected), because
 * each workflow job starts from a fresh checkout.
 */
export async function stateAccess(ctx: TargetContext, env: RunEnvironment): Promise<StateAccess> {
  const file = join(ctx.root, DEFAULT_STATE_FILE);
  if (ctx.config.forge.type !== 'github' || !env.githubToken) {
    return { read: () => readState(file), write: async (state) => ((await writeState(file, state)) ? DEFAULT_STATE_FILE : undefined) };
  }
  const repository = ctx.config.target.identity ?? env.githubRepository ?? '';
  const { createGitStateStore } = await import('./remote-store.ts');
  const store = createGitStateStore({
    git: ctx.git,
    remoteUrl: `${env.githubServerUrl.replace(/\/+$/, '')}/${repository}.git`,
    token: env.githubToken,
    tokenName: 'GITHUB_TOKEN',
    branch: ctx.config.target.branch,
    stateBranch: `${ctx.config.target.integrationBranchPrefix}state`,
    path: DEFAULT_STATE_FILE,
    committer: ctx.config.target.committer,
    now: () => new Date(),
    log: (line) => ctx.log.info(line),
  });
  return {
    read: async () => (await store.read()).state,
    write: async (state) => {
      const result = await store.write(state);
      if (result.status === 'unchanged') return undefined;
      return result.status === 'committed'
        ? `${DEFAULT_STATE_FILE} on ${ctx.config.target.branch}`
        : `${DEFAULT_STATE_FILE} on ${ctx.config.target.integrationBranchPrefix}state`;
    },
  };
}
