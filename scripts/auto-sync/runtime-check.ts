import { ERROR_CODES } from './errors.ts';

// The first module the entry evaluates (index.ts imports it before anything else, and the bundle
// keeps that order): on an older Node the tool says at once which Node it needs, instead of
// failing later on a missing API (Set.prototype.union, Node 22+) deep inside verify. It imports
// nothing but errors.ts (constants), and scripts/build.ts lowers the bundle's syntax to Node 18,
// so that the check itself runs on the Node versions it refuses.

export const MIN_NODE_MAJOR = 24;

/** A one-line problem when this Node is too old, else undefined. Pure. */
export function nodeVersionProblem(version: string, min: number): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isFinite(major) && major >= min) return undefined;
  return `auto-sync needs Node ${min} or newer; this is Node ${version.replace(/^v/, '')}`;
}

const problem = nodeVersionProblem(process.versions.node, MIN_NODE_MAJOR);
if (problem) {
  process.stderr.write(`error: RUNTIME_UNSUPPORTED: ${problem}\n  → ${ERROR_CODES.RUNTIME_UNSUPPORTED.hint}\n`);
  process.exit(ERROR_CODES.RUNTIME_UNSUPPORTED.exit);
}
