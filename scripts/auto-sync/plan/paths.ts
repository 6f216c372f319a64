import picomatch from 'picomatch';
import { BUILTIN_DENY } from '../config/defaults.ts';

export interface PathPolicy {
  /** The first file that keeps a commit out, with the reason; undefined when every file is allowed. */
  check(files: readonly string[]): { reason: 'path-denied' | 'outside-allowed-paths'; file: string } | undefined;
}

export function createPathPolicy(options: { allow: readonly string[]; deny: readonly string[] }): PathPolicy {
  const deny = createMatcher([...BUILTIN_DENY, ...options.deny]);
  const allow = options.allow.length > 0 ? createMatcher(options.allow) : undefined;
  return {
    check(files) {
      for (const file of files) if (deny(file)) return { reason: 'path-denied', file };
      if (allow) for (const file of files) if (!allow(file)) return { reason: 'outside-allowed-paths', file };
      return undefined;
    },
  };
}

/**
 * True when any glob matches, as picomatch's matcher for the list says. Its regular expressions
 * are joined into one: picomatch tries a list one glob at a time, which was most of the cost of
 * judging thousands of commits' files against the deny list.
 */
export function createMatcher(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const regexes = globs.map((glob) => picomatch.makeRe(glob, { dot: true }));
  if (regexes.some((re) => re.flags !== regexes[0]!.flags)) return picomatch([...globs], { dot: true });
  const one = new RegExp(regexes.map((re) => `(?:${re.source})`).join('|'), regexes[0]!.flags);
  // picomatch also takes a path equal to the glob itself as a match.
  const literal = new Set(globs);
  return (file) => file !== '' && (literal.has(file) || one.test(file));
}
