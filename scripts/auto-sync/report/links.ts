import { isAbsolute, relative, sep } from 'node:path';

// Links a reviewer can follow: a source's web page and its commits, from the configured git URL.
// Pure. A source URL is configuration, but it is printed into public text (PR bodies, the
// dashboard), so only a plain https URL of a known web host becomes a link, and nothing of it but
// host and repository path survives: no userinfo (a token), no query (?access_token=), no
// fragment, no port. Anything else (a local path, file://, ssh, http, an odd path) gives no link.

/** How a known host links to one commit of a repository. */
const HOSTS: Readonly<Record<string, { commit: string; minSegments: number; maxSegments: number }>> = {
  'github.com': { commit: 'commit', minSegments: 2, maxSegments: 2 },
  'gitlab.com': { commit: '-/commit', minSegments: 2, maxSegments: 20 },
  'codeberg.org': { commit: 'commit', minSegments: 2, maxSegments: 2 },
  'bitbucket.org': { commit: 'commits', minSegments: 2, maxSegments: 2 },
};

// One path segment of an owner, group or repository name as these hosts allow them.
const SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,99})$/;
const SHA = /^[0-9a-f]{7,64}$/;

export interface WebRepository {
  /** e.g. https://github.com/acme/web */
  url: string;
  /** The path under `url` that a commit id follows, e.g. "commit". */
  commitPath: string;
}

/**
 * The repository's web page for a git URL, when the URL is https on a known host (or on one of
 * `githubHosts`, e.g. a GitHub Enterprise server from GITHUB_SERVER_URL), else undefined.
 */
export function webRepositoryOf(gitUrl: string, githubHosts: readonly string[] = []): WebRepository | undefined {
  // Whitespace or controls anywhere: not a URL anyone typed for a real remote.
  if (gitUrl.length > 2_000 || /[\s\u0000-\u001f\u007f-\u009f\\]/.test(gitUrl)) return undefined;
  if (!/^https:\/\//i.test(gitUrl)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(gitUrl);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '') return undefined;
  const host = parsed.hostname.toLowerCase();
  const known =
    HOSTS[host] ??
    (githubHosts.map((h) => h.toLowerCase()).includes(host) ? { commit: 'commit', minSegments: 2, maxSegments: 2 } : undefined);
  if (!known) return undefined;
  // Dot segments ("a/../b", "%2e%2e") are refused as written: URL would resolve them into another path.
  const rawPath = gitUrl.replace(/^https:\/\/[^/?#]*/i, '').replace(/[?#].*$/s, '');
  if (rawPath.split('/').some((s) => /^(?:\.|%2e)+$/i.test(s))) return undefined;
  const segments = parsed.pathname
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split('/')
    .slice(1);
  if (segments.length < known.minSegments || segments.length > known.maxSegments) return undefined;
  if (!segments.every((s) => SEGMENT.test(s) && !/^\.+$/.test(s) && !s.endsWith('.'))) return undefined;
  return { url: `https://${host}/${segments.join('/')}`, commitPath: known.commit };
}

/** The web page of one commit, for a full or abbreviated lower-case hex id; undefined otherwise. */
export function commitUrlOf(repository: WebRepository | undefined, sha: string): string | undefined {
  if (!repository || !SHA.test(sha)) return undefined;
  return `${repository.url}/${repository.commitPath}/${sha}`;
}

/**
 * The configuration file as a reviewer finds it in the repository (posix separators), or
 * undefined when it lies outside the repository (a --config elsewhere names nothing in it).
 */
export function configPathInRepo(root: string, configPath: string): string | undefined {
  const rel = relative(root, configPath);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  return rel.split(sep).join('/');
}
