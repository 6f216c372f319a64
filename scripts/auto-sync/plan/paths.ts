import picomatch from 'picomatch';
import { BUILTIN_DENY } from '../defaults.ts';

export interface PathPolicy {
  /** The first file that keeps a commit out, with the reason; undefined when every file is allowed. */
  check(files: readonly string[]): { reason: 'path-denied' | 'outside-allowed-paths'; file: string } | undefined;
}

export function createPathPolicy(options: { allow: readonly string[]; deny: readonly string[] }): PathPolicy {
  const deny = picomatch([...BUILTIN_DENY, ...options.deny], { dot: true });
  const allow = options.allow.length > 0 ? picomatch([...options.allow], { dot: true }) : undefined;
  return {
    check(files) {
      for (const file of files) if (deny(file)) return { reason: 'path-denied', file };
      if (allow) for (const file of files) if (!allow(file)) return { reason: 'outside-allowed-paths', file };
      return undefined;
    },
  };
}

export function createMatcher(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { dot: true });
}
