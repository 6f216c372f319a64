import type { Config } from '../config/schema.ts';
import { SyncError } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { treeWithFiles, writeFilesCommit } from '../git/lockfile-commit.ts';
import { treeOf } from '../git/refs.ts';
import type { PreparedSource, VerifiedSource } from '../handoff/files.ts';
import { lockfileCommitMessage, regeneratedPaths } from '../plan/lockfiles.ts';

// Publish's half of a lockfile-only conflict: verify regenerated the lockfiles in its sandbox and
// ran the checks on that tree; here (with the target's write access, running nothing of the
// sources) the regenerated files become one commit on top of the integration head, after checking
// that they are exactly the listed lockfiles and make exactly the tree verify checked.

export interface RegeneratedLockfiles {
  /** What is delivered: the lockfile commit, or the integration head when there is none. */
  head: string;
  paths: string[];
  /** The commit publish wrote, when the regenerated files changed anything. */
  commit?: string;
  /** Why the lockfiles are the target's still (regenerating failed, or the batch was not validated). */
  failure?: string;
}

export async function commitRegenerated(
  git: Git,
  config: Config,
  source: PreparedSource,
  verified: VerifiedSource | undefined,
  headTime: number,
): Promise<RegeneratedLockfiles | undefined> {
  const integration = source.integration!;
  const paths = regeneratedPaths(integration.regenerate);
  if (paths.length === 0) return undefined;
  const keep = (failure: string): RegeneratedLockfiles => ({ head: integration.head, paths, failure });
  if (verified?.head !== integration.head) return keep('the batch was not validated');
  const outcome = verified.lockfiles;
  if (!outcome) return keep('verify did not regenerate them');
  if (outcome.status !== 'ran') return keep(outcome.reason);
  // results.json is written where sibling code ran: only the listed paths, each once, all of them.
  const got = outcome.files.map((f) => f.path);
  if (got.length !== paths.length || new Set(got).size !== got.length || got.some((p) => !paths.includes(p)) || !outcome.tree)
    throw new SyncError('HANDOFF_INVALID', `results.json regenerated other files than ${paths.join(', ')} for "${source.name}"`, {
      hint: 'Run the verify phase again from the same plan; results.json must come from it unchanged.',
    });
  const files = outcome.files.map((f) => ({ path: f.path, content: Buffer.from(f.content, 'utf8') }));
  const tree = await treeWithFiles(git, integration.head, files);
  if (tree !== outcome.tree)
    throw new SyncError('HANDOFF_INVALID', `the regenerated lockfiles of "${source.name}" do not make the tree verify checked`, {
      details: [`verify: ${outcome.tree}`, `publish: ${tree}`],
      hint: 'Run the verify phase again from the same plan; results.json must come from it unchanged.',
    });
  // The package manager wrote what the target had: the batch is complete as it is.
  if (tree === (await treeOf(git, integration.head))) return { head: integration.head, paths };
  const origins = (integration.regenerate ?? []).map((r) => ({ origin: source.origin, sha: r.sha }));
  const commit = await writeFilesCommit(git, {
    parent: integration.head,
    files,
    message: lockfileCommitMessage(config.forge.messagePrefix, paths, origins),
    committer: { ...config.target.committer, date: `${headTime} +0000` },
  });
  return { head: commit.sha, paths, commit: commit.sha };
}
