import type { CommitInfo, FileChange } from '../plan/types.ts';
import { parseCherryPickedFrom, parseOrigins } from '../plan/provenance.ts';
import { SyncError } from '../errors.ts';
import { firstLine, type Git } from './git.ts';

// Listing commits costs one git process, whatever their number: one `git log -z` with
// file lists and renames, and --cherry-mark to find changes the target already has (as git cherry does).

const RS = '\x1e';
const US = '\x1f';
const FORMAT = `${RS}%m${US}%H${US}%P${US}%an${US}%ae${US}%aI${US}%B${US}`;

export interface ListOptions {
  /** The target branch's commit. */
  target: string;
  /** The fetched source head. */
  source: string;
  /** Commits whose ancestors are already processed (watermark or `since`). */
  exclude: readonly string[];
}

/**
 * New commits of the source that are not in the target's history, oldest first. Records are parsed
 * as git writes them, so the parsing of thousands of commits overlaps git's own work.
 */
export async function listCommits(git: Git, options: ListOptions, onCommit?: (commit: CommitInfo) => void): Promise<CommitInfo[]> {
  const args = [
    'log', '-z', '--topo-order', '--reverse', '--cherry-mark', '--right-only',
    '-M', '-C', '--name-status', '--no-color', '--no-ext-diff', '--no-textconv', `--format=${FORMAT}`,
    '--end-of-options', `${options.target}...${options.source}`, ...options.exclude.map((sha) => `^${sha}`), '--',
  ];
  const started = performance.now();
  const child = git.start(args);
  const commits: CommitInfo[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const last = pending.lastIndexOf(RS);
    if (last <= 0) return;
    // Everything before the last record separator is complete records.
    for (const commit of parseLog(pending.slice(0, last))) {
      commits.push(commit);
      onCommit?.(commit);
    }
    pending = pending.slice(last);
  });
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end();
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  git.record(args, performance.now() - started, code ?? undefined);
  if (code !== 0) throw new SyncError('GIT_FAILED', `git log failed: ${firstLine(stderr) || `exit ${code}`}`, { details: [stderr.trim()] });
  for (const commit of parseLog(pending)) {
    commits.push(commit);
    onCommit?.(commit);
  }
  return commits;
}

export function parseLog(out: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (const record of out.split(RS)) {
    if (!record) continue;
    const fields = record.split(US);
    if (fields.length < 8) continue;
    const [mark, sha, parents, authorName, authorEmail, authorDate, ...rest] = fields as [string, string, string, string, string, string, ...string[]];
    // The message may itself contain US; the name-status part follows the last one.
    const tail = rest.pop() ?? '';
    const message = rest.join(US);
    commits.push({
      sha,
      parents: parents ? parents.split(' ') : [],
      authorName,
      authorEmail,
      authorDate,
      message,
      files: parseNameStatus(tail),
      patchInTarget: mark === '=',
    });
  }
  return commits;
}

function parseNameStatus(tail: string): FileChange[] {
  const tokens = tail.split('\0').map((t) => t.replace(/^\n/, ''));
  const files: FileChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const status = tokens[i];
    if (!status || !/^[ACDMRTUXB]\d*$/.test(status)) continue;
    const letter = status[0]!;
    if (letter === 'R' || letter === 'C') {
      const from = tokens[i + 1] ?? '';
      const path = tokens[i + 2] ?? '';
      files.push({ status: letter, path, from });
      i += 2;
    } else {
      files.push({ status: letter, path: tokens[i + 1] ?? '' });
      i += 1;
    }
  }
  return files;
}

/**
 * Origin shas the target already carries: `Auto-Sync-Origin` trailers naming a trusted origin,
 * and `cherry picked from commit` lines. One git process for the whole target history.
 */
export async function readTargetOrigins(git: Git, target: string, trusted: ReadonlySet<string>): Promise<Set<string>> {
  const out = await git.read([
    'log', '-z', '--no-color', '--format=%B', '-i', '-E',
    '--grep=^Auto-Sync-Origin:', '--grep=^\\(cherry picked from commit ', '--end-of-options', target, '--',
  ]);
  const shas = new Set<string>();
  for (const message of out.split('\0')) {
    for (const origin of parseOrigins(message)) if (trusted.has(origin.origin)) shas.add(origin.sha);
    for (const sha of parseCherryPickedFrom(message)) shas.add(sha);
  }
  return shas;
}
