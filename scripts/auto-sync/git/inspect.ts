import type { LineCount } from '../plan/change-facts.ts';
import type { RawEntry } from '../plan/entries.ts';
import { SyncError } from '../errors.ts';
import { exited, ObjectReader, type Child } from './channel.ts';
import type { Git } from './git.ts';
import { OID } from './objects.ts';
import { MissingObjects } from './missing.ts';
import { parseRaw } from './raw.ts';

// What a commit writes, entry by entry (modes, object ids, copies), and the objects behind it:
// what the content policy needs beyond file names. Every answer is length-delimited or
// NUL-separated, so no name or content can forge another entry.

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

/** Every path in the tree of `commit`, blobs, links and gitlinks alike. */
export async function listTreePaths(git: Git, commit: string): Promise<string[]> {
  const out = await git.read(['ls-tree', '-r', '-z', '--name-only', '--full-tree', '--end-of-options', commit]);
  return out.split('\0').filter(Boolean);
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

/**
 * `git diff-tree --stdin` with --find-copies-harder, fed commits while the listing goes on, so its
 * work overlaps git log's. Answers: `<sha>\0` then that commit's raw entries; paths are consumed
 * by count, so a file named like a sha cannot pose as the next commit.
 */
export class CopyFinder {
  private child?: Child;
  private out: Promise<string> | undefined;
  private done?: Promise<void>;
  private sent = 0;

  constructor(private readonly git: Git) {}

  add(sha: string): void {
    if (!OID.test(sha)) throw new Error(`CopyFinder: not a commit id: ${sha}`);
    if (!this.child) {
      const args = [
        'diff-tree',
        '--stdin',
        '-z',
        '-r',
        '--raw',
        '--no-abbrev',
        '-M',
        '-C',
        '-C',
        '--find-copies-harder',
        '--no-ext-diff',
        '--no-textconv',
      ];
      const child = this.git.start(args, { buffered: true }); // read when it ends
      this.child = child;
      this.done = exited(child, 'diff-tree --stdin');
      this.done.catch(() => undefined);
      this.out = collect(child.stdout);
    }
    this.sent++;
    if (this.outbox.push(sha) === 1)
      setImmediate(() => {
        const lines = this.outbox.splice(0);
        this.child!.stdin.write(`${lines.join('\n')}\n`);
      });
  }

  private outbox: string[] = [];

  async finish(): Promise<Map<string, RawEntry[]>> {
    const changes = new Map<string, RawEntry[]>();
    if (!this.child) return changes;
    await new Promise((resolve) => setImmediate(resolve)); // the last batch is written
    this.child.stdin.end();
    const [out] = await Promise.all([this.out!, this.done!]);
    const tokens = out.split('\0');
    let current: RawEntry[] | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === '') continue;
      if (OID.test(token)) {
        current = [];
        changes.set(token, current);
        continue;
      }
      const entries = parseRaw(`${token}\0${tokens[i + 1] ?? ''}\0${tokens[i + 2] ?? ''}`);
      const entry = entries[0];
      if (!entry || !current) throw new SyncError('GIT_FAILED', 'git diff-tree printed an entry auto-sync cannot read');
      current.push(entry);
      i += entry.from !== undefined ? 2 : 1;
    }
    if (changes.size > this.sent) throw new SyncError('GIT_FAILED', 'git diff-tree printed more commits than it was given');
    return changes;
  }
}

/**
 * Sizes of objects as they are named (`cat-file --batch-check`, which answers each line at once),
 * and the bodies of those no larger than `maxBytes`, read as the sizes arrive.
 */
export class ObjectFetcher {
  private checker?: Child;
  private checked?: Promise<void>;
  private reader?: ObjectReader;
  private carry = '';
  private readonly asked: string[] = [];
  private readonly requested = new Set<string>();
  private answered = 0;
  private readonly missing: string[] = [];
  private readonly reads: Promise<void>[] = [];
  readonly sizes = new Map<string, { type: string; size: number }>();
  readonly bodies = new Map<string, Buffer>();

  constructor(
    private readonly git: Git,
    private readonly maxBytes: number,
  ) {}

  add(oid: string): void {
    if (!OID.test(oid)) return;
    if (this.requested.has(oid)) return;
    this.requested.add(oid);
    if (!this.checker) {
      const child = this.git.start(['cat-file', '--batch-check']);
      this.checker = child;
      this.checked = exited(child, 'cat-file --batch-check');
      this.checked.catch(() => undefined);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => this.onAnswers(chunk));
    }
    this.asked.push(oid);
    this.queue(oid);
  }

  // Requests are written in batches, once per turn of the event loop: thousands of one-line
  // writes to a pipe cost more than git's answers (measured: 130 ms of 5,700 writes).
  private outbox: string[] = [];
  private queue(oid: string): void {
    if (this.outbox.push(oid) === 1)
      setImmediate(() => {
        const lines = this.outbox.splice(0);
        this.checker!.stdin.write(`${lines.join('\n')}\n`);
      });
  }

  /** Answers come in the order asked, one line each: `<oid> <type> <size>` or `<oid> missing`. */
  private onAnswers(chunk: string): void {
    const lines = (this.carry + chunk).split('\n');
    this.carry = lines.pop()!;
    const small: string[] = [];
    for (const line of lines) {
      const oid = this.asked[this.answered++] ?? '';
      const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(line);
      if (!match || match[1] !== oid) {
        this.missing.push(oid);
        continue;
      }
      const size = Number(match[3]);
      this.sizes.set(oid, { type: match[2]!, size });
      if (size > this.maxBytes || match[2] !== 'blob') continue;
      small.push(oid);
    }
    if (small.length === 0) return;
    this.reader ??= new ObjectReader(this.git);
    this.reads.push(
      this.reader.readAll(small).then((answers) => {
        for (const answer of answers) if ('body' in answer) this.bodies.set(answer.oid, answer.body);
      }),
    );
  }

  async finish(): Promise<void> {
    try {
      if (this.checker) {
        await new Promise((resolve) => setImmediate(resolve)); // the last batch is written
        this.checker.stdin.end();
        await this.checked;
        // 'close' comes after stdout has ended: every answer has been seen.
      }
      await Promise.all(this.reads);
      if (this.missing.length > 0) throw new MissingObjects(this.missing);
    } finally {
      await this.reader?.close().catch(() => this.reader?.abort());
    }
  }
}

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}
