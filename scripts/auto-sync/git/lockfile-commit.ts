import { SyncError } from '../errors.ts';
import { indexPack, type Identity } from './apply-commits.ts';
import { ObjectReader } from './channel.ts';
import type { Git } from './git.ts';
import { NewObjects, commitObject, isTreeMode, objectFormatOf, parseCommit } from './objects.ts';
import { TreeStore, type Edit } from './tree-merge.ts';

// The tree of a commit with some files replaced (regenerated lockfiles), computed in memory: verify
// uses it to name the tree its checks ran on without writing anything, publish to write that very
// tree and a commit of it on top of the batch (one pack through `index-pack --strict`).

export interface FileContent {
  path: string;
  content: Buffer;
}

interface Built {
  tree: string;
  objects: NewObjects;
}

async function buildTree(git: Git, commit: string, files: readonly FileContent[]): Promise<Built> {
  const reader = new ObjectReader(git);
  try {
    const object = await reader.read(`${commit}^{commit}`);
    if ('missing' in object || object.type !== 'commit') throw new SyncError('GIT_FAILED', `commit ${commit} is not in ${git.dir}`);
    const parsed = parseCommit(object.oid, object.body);
    const format = objectFormatOf(object.oid);
    const objects = new NewObjects(format);
    const store = new TreeStore(reader, objects, format);
    const edits: Edit[] = [];
    for (const file of files) {
      const parts = file.path.split('/');
      if (parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git'))
        throw new SyncError('GIT_FAILED', `not a file path in a tree: ${JSON.stringify(file.path)}`);
      const walk = await store.walk(parsed.tree, parts);
      // An executable lockfile stays executable; anything else (absent, a link) becomes a plain file.
      const mode = 'found' in walk && walk.found.mode === '100755' ? '100755' : '100644';
      if ('found' in walk && isTreeMode(walk.found.mode)) throw new SyncError('GIT_FAILED', `${file.path} is a directory in ${commit}`);
      edits.push({ parts, entry: { mode, oid: objects.write('blob', file.content) } });
    }
    return { tree: edits.length === 0 ? parsed.tree : await store.edit(parsed.tree, edits), objects };
  } finally {
    await reader.close().catch(() => reader.abort());
  }
}

/** The id of `commit`'s tree with `files` written in; nothing reaches the repository. */
export async function treeWithFiles(git: Git, commit: string, files: readonly FileContent[]): Promise<string> {
  return (await buildTree(git, commit, files)).tree;
}

/** Writes a commit of `parent`'s tree with `files` written in, parent `parent`; returns it and its tree. */
export async function writeFilesCommit(
  git: Git,
  options: { parent: string; files: readonly FileContent[]; message: string; committer: Identity },
): Promise<{ sha: string; tree: string }> {
  const { tree, objects } = await buildTree(git, options.parent, options.files);
  const who = `${options.committer.name} <${options.committer.email}> ${options.committer.date}`;
  if (/[\n\r\0]/.test(who)) throw new Error('writeFilesCommit: invalid committer');
  const sha = objects.write(
    'commit',
    commitObject({ tree, parents: [options.parent], author: Buffer.from(who, 'utf8'), committer: who, message: options.message }),
  );
  await indexPack(git, objects.pack());
  return { sha, tree };
}
