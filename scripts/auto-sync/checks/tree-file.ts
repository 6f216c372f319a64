import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

// Files auto-sync itself reads from a tree that sibling content wrote (package.json, lockfiles,
// Prisma schemas): opened without following a symbolic link, only when they are regular files,
// and only up to a size. A lockfile linked to /dev/zero or a FIFO cannot make the tool read forever.

export const TREE_FILE_MAX_BYTES = 64 * 1024 * 1024;

/** The file's bytes, or undefined when it is missing, not a regular file, a link, or larger than maxBytes. */
export async function readTreeFile(path: string, maxBytes = TREE_FILE_MAX_BYTES): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const body = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const { bytesRead } = await handle.read(body, read, info.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return body.subarray(0, read);
  } finally {
    await handle.close();
  }
}
