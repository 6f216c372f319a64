import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { SyncError } from '../errors.ts';

// Git's object formats, for the objects auto-sync writes itself (commits and trees) and the ones it
// reads (commits and trees from `cat-file --batch`). An object's id is the hash of
// "<type> <size>\0<body>", as `git hash-object` computes it; stored, it is deflated.

export const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export type ObjectFormat = 'sha1' | 'sha256';

export function objectFormatOf(oid: string): ObjectFormat {
  return oid.length === 64 ? 'sha256' : 'sha1';
}

/**
 * The objects auto-sync makes, kept in memory and handed to git as one pack. Once `spill()` has
 * named a directory, they are written there as loose objects instead (all so far, and every later
 * one), for git processes that must read them before the end (merge-tree), or to bound memory.
 */
export class NewObjects {
  private objects: { type: ObjectType; body: Buffer }[] = [];
  private readonly seen = new Set<string>();
  private dir?: string;
  /** Bytes held in memory. */
  bytes = 0;

  constructor(private readonly format: ObjectFormat) {}

  write(type: ObjectType, body: Buffer): string {
    const header = Buffer.from(`${type} ${body.length}\0`, 'latin1');
    const oid = createHash(this.format).update(header).update(body).digest('hex');
    if (this.seen.has(oid)) return oid;
    this.seen.add(oid);
    if (this.dir) {
      writeLoose(this.dir, oid, Buffer.concat([header, body]));
    } else {
      this.objects.push({ type, body });
      this.bytes += body.length;
    }
    return oid;
  }

  spill(dir: string): void {
    this.dir = dir;
    for (const { type, body } of this.objects) {
      const stored = Buffer.concat([Buffer.from(`${type} ${body.length}\0`, 'latin1'), body]);
      writeLoose(dir, createHash(this.format).update(stored).digest('hex'), stored);
    }
    this.objects = [];
    this.bytes = 0;
  }

  /** A version 2 pack of every object, undeltified, as `git index-pack --stdin` takes it. */
  pack(): Buffer {
    if (this.dir) throw new Error('NewObjects.pack: the objects were spilled to a directory');
    const head = Buffer.alloc(12);
    head.write('PACK', 0, 'latin1');
    head.writeUInt32BE(2, 4);
    head.writeUInt32BE(this.objects.length, 8);
    const parts: Buffer[] = [head];
    for (const { type, body } of this.objects) parts.push(packEntryHeader(PACK_TYPES[type], body.length), ...storedZlib(body));
    const pack = Buffer.concat(parts);
    return Buffer.concat([pack, createHash(this.format).update(pack).digest()]);
  }
}

// Blobs only for the few files auto-sync writes itself (a regenerated lockfile, pipeline/lockfiles.ts).
export type ObjectType = 'commit' | 'tree' | 'blob';

const PACK_TYPES: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3 };

/** Type and size: 3 bits of type and 4 of size, then 7 bits of size per byte, low bits first. */
function packEntryHeader(type: number, size: number): Buffer {
  const bytes = [(type << 4) | (size & 0x0f)];
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes[bytes.length - 1]! |= 0x80;
    bytes.push(rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}

/**
 * A zlib stream that stores `data` without compressing it: header, "stored" blocks, Adler-32.
 * Every inflater reads it; it costs a pass over the bytes, where zlib's deflate costs tens of
 * microseconds per object just to set up, which was the larger part of applying a long list.
 * The pack is larger (trees hardly compress anyway); git recompresses it at its next repack.
 */
function storedZlib(data: Buffer): Buffer[] {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let offset = 0; ; offset += 0xffff) {
    const block = data.subarray(offset, offset + 0xffff);
    const last = offset + 0xffff >= data.length;
    const header = Buffer.alloc(5);
    header[0] = last ? 1 : 0;
    header.writeUInt16LE(block.length, 1);
    header.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(header, block);
    if (last) break;
  }
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(data));
  parts.push(trailer);
  return parts;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before the 32-bit sums must be reduced.
  for (let start = 0; start < data.length; start += 5552) {
    const end = Math.min(start + 5552, data.length);
    for (let i = start; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function writeLoose(dir: string, oid: string, stored: Buffer): void {
  const path = join(dir, oid.slice(0, 2), oid.slice(2));
  if (existsSync(path)) return;
  mkdirSync(join(dir, oid.slice(0, 2)), { recursive: true });
  writeFileSync(path, deflateSync(stored, { level: 1 }));
}

// --- commits ---

export interface ParsedCommit {
  sha: string;
  tree: string;
  parents: string[];
  /** The author field after "author ", as bytes: names need not be UTF-8. */
  author: Buffer;
}

export type CommitFields = { tree: string; parents: readonly string[]; author: Buffer; committer: string; message: string };

export function commitObject(fields: CommitFields): Buffer {
  const head = [`tree ${fields.tree}`, ...fields.parents.map((parent) => `parent ${parent}`), 'author '].join('\n');
  return Buffer.concat([
    Buffer.from(head, 'utf8'),
    fields.author,
    Buffer.from(`\ncommitter ${fields.committer}\n\n${fields.message}`, 'utf8'),
  ]);
}

export function parseCommit(sha: string, body: Buffer): ParsedCommit {
  // latin1 maps each byte to one character and back, so the author survives whatever its encoding.
  // Continuation lines (gpgsig, mergetag) start with a space and so never match a key.
  const end = body.indexOf('\n\n');
  const lines = body.toString('latin1', 0, end === -1 ? body.length : end).split('\n');
  const field = (key: string) => lines.filter((line) => line.startsWith(`${key} `)).map((line) => line.slice(key.length + 1));
  const [tree = ''] = field('tree');
  const [author] = field('author');
  if (!OID.test(tree) || author === undefined) throw new SyncError('GIT_FAILED', `commit ${sha} could not be parsed`);
  return { sha, tree, parents: field('parent'), author: toUtf8(Buffer.from(author, 'latin1'), field('encoding')[0]) };
}

// The commits we write carry no encoding header, so an author from a commit that declares another
// encoding is converted, as cherry-pick does. Undeclared bytes are copied verbatim.
function toUtf8(bytes: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || /^utf-?8$/i.test(encoding)) return bytes;
  try {
    return Buffer.from(new TextDecoder(encoding, { fatal: true }).decode(bytes), 'utf8');
  } catch {
    return bytes;
  }
}

// --- trees ---

/** A tree entry. Names are latin1 strings (one character per byte), so any byte sequence survives. */
export interface TreeEntry {
  /** Octal, as git writes it in trees: '100644', '100755', '120000', '160000', '40000'. */
  mode: string;
  oid: string;
}

export type Tree = ReadonlyMap<string, TreeEntry>;

export const TREE_MODE = '40000';

const CANONICAL = new Set(['100644', '100755', '120000', '160000', TREE_MODE]);

export function isTreeMode(mode: string): boolean {
  return Number.parseInt(mode, 8) === 0o40000;
}

/** The mode git writes for an entry, whatever an old tree stored (git's canon_mode). */
export function canonicalMode(mode: string): string {
  if (CANONICAL.has(mode)) return mode;
  const value = Number.parseInt(mode, 8);
  switch (value & 0o170000) {
    case 0o100000:
      return value & 0o100 ? '100755' : '100644';
    case 0o120000:
      return '120000';
    case 0o40000:
      return TREE_MODE;
    default:
      return '160000';
  }
}

export function parseTree(body: Buffer, format: ObjectFormat): Map<string, TreeEntry> {
  const size = format === 'sha256' ? 32 : 20;
  const entries = new Map<string, TreeEntry>();
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    const nul = body.indexOf(0, space);
    if (space === -1 || nul === -1 || nul + 1 + size > body.length) throw new SyncError('GIT_FAILED', 'a tree object could not be parsed');
    entries.set(body.toString('latin1', space + 1, nul), {
      mode: body.toString('latin1', pos, space),
      oid: body.toString('hex', nul + 1, nul + 1 + size),
    });
    pos = nul + 1 + size;
  }
  return entries;
}

/** A tree's body, entries in git's order and modes as git writes them. */
export function treeObject(entries: Tree): Buffer {
  const list = [...entries].map(([name, entry]) => ({ name, mode: canonicalMode(entry.mode), oid: entry.oid }));
  // Trees read from git are in order and edits mostly replace entries in place: sort only if needed.
  const order = (a: (typeof list)[number], b: (typeof list)[number]) =>
    compareTreeNames(a.name, a.mode === TREE_MODE, b.name, b.mode === TREE_MODE);
  if (list.some((entry, i) => i > 0 && order(list[i - 1]!, entry) > 0)) list.sort(order);
  let size = 0;
  for (const { name, mode, oid } of list) size += mode.length + name.length + 2 + oid.length / 2;
  const body = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const { name, mode, oid } of list) {
    pos += body.write(mode, pos, 'latin1');
    body[pos++] = 0x20;
    pos += body.write(name, pos, 'latin1');
    body[pos++] = 0;
    pos += body.write(oid, pos, 'hex');
  }
  return body;
}

/** git's base_name_compare: bytes, with a directory's name compared as if it ended in '/'. */
function compareTreeNames(a: string, aTree: boolean, b: string, bTree: boolean): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  const next = (name: string, tree: boolean) => (name.length > length ? name.charCodeAt(length) : tree ? 0x2f : 0);
  return next(a, aTree) - next(b, bTree);
}
