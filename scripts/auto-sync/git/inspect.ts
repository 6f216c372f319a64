import { randomBytes } from 'node:crypto';
import type { LineCount } from '../plan/change-facts.ts';
import type { RawEntry } from '../plan/entries.ts';
import { SyncError } from '../errors.ts';
import { ObjectReader } from './channel.ts';
import type { Git } from './git.ts';
import { OID } from './objects.ts';

// What a commit writes, entry by entry (modes, object ids, copies), and the objects behind it:
// what the content policy needs beyond file names. Every answer is length-delimited or
// NUL-separated, so no name or content can forge another entry.

/**
 * Each commit's changes against its first parent, as `--raw` entries with full object ids. Copies
 * are looked for in the whole parent tree (`--find-copies-harder`), so a file whose content was
 * taken from a denied file is seen as a copy of it. One git process, commits read from stdin.
 */
export async function readRawChanges(git: Git, shas: readonly string[]): Promise<Map<string, RawEntry[]>> {
  const changes = new Map<string, RawEntry[]>();
  if (shas.length === 0) return changes;
  // A fresh nonce per listing, as in log.ts: no commit written before the run can contain it.
  const marker = `\x1e${randomBytes(16).toString('hex')}C`;
  const out = await git.read(
    [
      'log',
      '--no-walk=unsorted',
      '--stdin',
      '-z',
      '--raw',
      '--no-abbrev',
      '-M',
      '-C',
      '-C',
      '--find-copies-harder',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      `--format=${marker}%H`,
      '--',
    ],
    { input: `${shas.join('\n')}\n` },
  );
  for (const record of out.split(marker)) {
    if (!record) continue;
    const sha = /^[0-9a-f]+/.exec(record)?.[0] ?? '';
    if (!OID.test(sha)) throw new SyncError('GIT_FAILED', 'git log --raw printed a record auto-sync cannot read');
    changes.set(sha, parseRaw(record.slice(sha.length)));
  }
  for (const sha of shas) if (!changes.has(sha)) changes.set(sha, []);
  return changes;
}

/** `:<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0[<path>\0]`, entries in a row. */
export function parseRaw(text: string): RawEntry[] {
  const tokens = text.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = /^\n*:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([ACDMRTUX])(\d*)$/.exec(tokens[i] ?? '');
    if (!head) continue;
    const [, oldMode, newMode, oldOid, newOid, status] = head as unknown as [string, string, string, string, string, string];
    if (status === 'R' || status === 'C') {
      entries.push({ status, oldMode, newMode, oldOid, newOid, from: tokens[i + 1] ?? '', path: tokens[i + 2] ?? '' });
      i += 2;
    } else {
      entries.push({ status, oldMode, newMode, oldOid, newOid, path: tokens[i + 1] ?? '' });
      i += 1;
    }
  }
  return entries;
}

/** Type and size of each object, without reading it (a 100 MB blob costs nothing here). */
export async function readObjectSizes(git: Git, oids: readonly string[]): Promise<Map<string, { type: string; size: number }>> {
  const sizes = new Map<string, { type: string; size: number }>();
  const wanted = [...new Set(oids)].filter((oid) => OID.test(oid));
  if (wanted.length === 0) return sizes;
  const out = await git.read(['cat-file', '--batch-check'], { input: `${wanted.join('\n')}\n` });
  for (const line of out.split('\n')) {
    const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(line);
    if (match) sizes.set(match[1]!, { type: match[2]!, size: Number(match[3]) });
  }
  return sizes;
}

/** The bodies of the given blobs (callers keep them small: sizes are checked first). One git process. */
export async function readBlobs(git: Git, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  const wanted = [...new Set(oids)].filter((oid) => OID.test(oid));
  if (wanted.length === 0) return blobs;
  const reader = new ObjectReader(git);
  try {
    const answers = await Promise.all(wanted.map((oid) => reader.read(oid)));
    for (const answer of answers) if ('body' in answer) blobs.set(answer.oid, answer.body);
  } finally {
    await reader.close().catch(() => reader.abort());
  }
  return blobs;
}

/** Names directly inside `dir` in the tree of `commit` ('' for the root). Pathspecs are literal. */
export async function listTreeNames(git: Git, commit: string, dir: string): Promise<string[]> {
  const out = await git.read([
    '--literal-pathspecs',
    'ls-tree',
    '-z',
    '--name-only',
    '--end-of-options',
    commit,
    '--',
    dir ? `${dir}/` : '.',
  ]);
  return out
    .split('\0')
    .filter(Boolean)
    .map((path) => path.slice(dir ? dir.length + 1 : 0));
}

/** What changed between two commits: raw entries (no rename pairing) and line counts, one git process. */
export async function readDiffSummary(git: Git, from: string, to: string): Promise<{ entries: RawEntry[]; lines: LineCount[] }> {
  const out = await git.read([
    'diff',
    '-z',
    '--raw',
    '--numstat',
    '--no-renames',
    '--no-abbrev',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--end-of-options',
    from,
    to,
    '--',
  ]);
  // Raw entries come first, each with its path; then one `added\tdeleted\tpath` per file.
  const tokens = out.split('\0');
  const entries: RawEntry[] = [];
  let i = 0;
  for (; i < tokens.length && tokens[i]!.startsWith(':'); i += 2) entries.push(...parseRaw(`${tokens[i]}\0${tokens[i + 1] ?? ''}`));
  const lines: LineCount[] = [];
  for (; i < tokens.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(tokens[i]!);
    if (!match) continue;
    const [, added, deleted, path] = match as unknown as [string, string, string, string];
    lines.push(added === '-' ? { path } : { path, added: Number(added), deleted: Number(deleted) });
  }
  return { entries, lines };
}
