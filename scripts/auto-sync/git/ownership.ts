import { isWrittenByAutoSync } from '../plan/provenance.ts';
import { ObjectReader } from './channel.ts';
import type { Git } from './git.ts';
import { OID } from './objects.ts';

// Whether every commit on a branch beyond a base is one auto-sync wrote. Commits are read as
// objects (length-delimited), so no message can pose as a header or as another commit.

const MAX_COMMITS = 1000;

/** The committer e-mail and message of a raw commit object. */
export function parseCommitObject(body: Buffer): { committerEmail: string; message: string } {
  const text = body.toString('utf8');
  const end = text.indexOf('\n\n');
  const headers = end < 0 ? text : text.slice(0, end);
  const committer = headers
    .split('\n')
    .find((line) => line.startsWith('committer '))
    ?.match(/<([^<>]*)>/)?.[1];
  return { committerEmail: committer ?? '', message: end < 0 ? '' : text.slice(end + 2) };
}

/**
 * Whether `tip` is made only of commits auto-sync wrote on top of `base` (both local). False when
 * there are more than a thousand (not a branch auto-sync would write) or a commit is missing.
 */
export async function onlyAutoSyncCommits(git: Git, tip: string, base: string, committer: { email: string }): Promise<boolean> {
  if (!OID.test(tip) || !OID.test(base)) return false;
  const listed = await git.run(['rev-list', `--max-count=${MAX_COMMITS + 1}`, tip, '--not', base, '--'], { allowFailure: true });
  if (!listed.ok) return false;
  const shas = listed.stdout.split('\n').filter((line) => OID.test(line));
  if (shas.length === 0 || shas.length > MAX_COMMITS) return false;
  const reader = new ObjectReader(git);
  try {
    const objects = await reader.readAll(shas);
    return objects.every((o) => 'body' in o && o.type === 'commit' && isWrittenByAutoSync(parseCommitObject(o.body), committer));
  } finally {
    await reader.close().catch(() => reader.abort());
  }
}
