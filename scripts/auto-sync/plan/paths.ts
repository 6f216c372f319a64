import picomatch from 'picomatch';
import { BUILTIN_DENY } from '../config/defaults.ts';

export interface PathPolicy {
  /** The first file that keeps a commit out, with the reason; undefined when every file is allowed. */
  check(files: readonly string[]): { reason: 'path-denied' | 'outside-allowed-paths'; file: string } | undefined;
  /** True when the deny lists (built-in or configured) cover the path. */
  denies(path: string): boolean;
}

export function createPathPolicy(options: {
  allow: readonly string[];
  deny: readonly string[];
  /** Denied like the built-in list, regardless of case: the files the running tool depends on. */
  alwaysDeny?: readonly string[];
}): PathPolicy {
  const builtin = createMatcher([...BUILTIN_DENY, ...(options.alwaysDeny ?? [])], { nocase: true });
  const configured = createMatcher(options.deny);
  // A history touches the same files again and again: each path is matched once a run.
  const denied = new Map<string, boolean>();
  const deny = (file: string) => {
    let result = denied.get(file);
    if (result === undefined) denied.set(file, (result = builtin(file) || configured(file)));
    return result;
  };
  const allow = options.allow.length > 0 ? createMatcher(options.allow) : undefined;
  return {
    denies: deny,
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
export function createMatcher(globs: readonly string[], options: { nocase?: boolean } = {}): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const nocase = options.nocase ?? false;
  const regexes = globs.map((glob) => picomatch.makeRe(glob, { dot: true, nocase }));
  if (regexes.some((re) => re.flags !== regexes[0]!.flags)) return picomatch([...globs], { dot: true, nocase });
  const one = new RegExp(regexes.map((re) => `(?:${re.source})`).join('|'), regexes[0]!.flags);
  // picomatch also takes a path equal to the glob itself as a match.
  const fold = nocase ? (t: string) => t.toLowerCase() : (t: string) => t;
  const literal = new Set(globs.map(fold));
  return (file) => file !== '' && (literal.has(fold(file)) || one.test(file));
}
