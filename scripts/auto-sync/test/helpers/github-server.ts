import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody, type Label, type RepoSettings } from './github-objects.ts';
import { createRoutes, type ApiResponse, type BranchRefs, type GitHubState } from './github-routes.ts';

// A GitHub REST (and one GraphQL mutation) server of our own on loopback, state in memory, for the
// forge tests: the endpoints auto-sync's GitHub forge uses, GitHub's error bodies and status codes,
// token auth, and faults that can be injected per path and method: 5xx, auth, rate limits (retry-after,
// x-ratelimit-reset, secondary), merge refusals, and lost answers (performed, then a 5xx, a dropped
// connection or no answer at all).
// It has no git repository: `refs` lets a test connect it to the one its git HTTP server hosts.

export type { BranchRefs, GitHubState } from './github-routes.ts';

export interface GitHubServerOptions {
  token: string;
  owner: string;
  repo: string;
  settings?: Partial<RepoSettings>;
  refs?: BranchRefs;
}

export interface ApiFault {
  /** The answer instead of the real one; 500 when absent (unused for `drop` and `hang`). */
  status?: 401 | 403 | 405 | 409 | 422 | 429 | 500 | 502 | 503 | 504;
  count: number;
  /** Only requests whose path (without the query) matches; every request when absent. */
  path?: RegExp;
  method?: string;
  /** The first `skip` matching requests pass untouched (and do not count). */
  skip?: number;
  /** Sent as `retry-after` (seconds). */
  retryAfter?: number;
  /** The primary rate limit: `x-ratelimit-remaining: 0` and `x-ratelimit-reset` this many seconds from now. */
  resetInSeconds?: number;
  /**
   * The request takes effect first (the pull request is created, the merge done), then the client gets
   * the fault instead of the answer: a response GitHub lost, or a 5xx after the work was done.
   */
  perform?: boolean;
  /** No answer: the connection is closed (a reset), after performing when `perform` is set. */
  drop?: boolean;
  /** No answer at all, the connection left open: the client's timeout must end it. */
  hang?: boolean;
  /** A 403 whose message is GitHub's "You have exceeded a secondary rate limit". */
  secondaryRateLimit?: boolean;
  message?: string;
  /** A 422's validation errors, e.g. `{ resource: 'Label', code: 'already_exists', field: 'name' }`. */
  errors?: { resource: string; code: string; field?: string; message?: string }[];
}

export interface LoggedApiRequest {
  method: string;
  path: string;
  /** The query string as sent (GitHub's API never needs a secret there, so one showing up is a bug). */
  query: string;
  status: number;
  authorized: boolean;
  /** performance.now() on arrival, to measure waits between attempts. */
  at: number;
  /** The injected fault this request met: its status, `drop` or `hang`; `performed` when it took effect first. */
  fault?: { kind: 'status' | 'drop' | 'hang'; performed: boolean };
}

export interface GitHubServer {
  readonly baseUrl: string;
  readonly state: GitHubState;
  /** Every request in arrival order; header values are never stored. */
  readonly requests: LoggedApiRequest[];
  /** Queues a fault; a request takes the first queued fault that matches it. */
  inject(fault: ApiFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const FAULT_MESSAGES: Record<NonNullable<ApiFault['status']>, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  405: 'Repository rule violations found\n\nAt least 1 approving review is required by reviewers with write access.\n\n',
  409: 'Head branch was modified. Review and try the merge again.',
  422: 'Validation Failed',
  429: 'Too Many Requests',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export async function startGitHubServer(options: GitHubServerOptions): Promise<GitHubServer> {
  if (!options.token) throw new Error('startGitHubServer: token must not be empty');
  const expected = digest(options.token);
  const requests: LoggedApiRequest[] = [];
  const faults: ApiFault[] = [];
  const hung = new Set<ServerResponse>();
  const settings: RepoSettings = {
    defaultBranch: 'main',
    allowAutoMerge: false,
    allowMergeCommit: true,
    allowSquashMerge: true,
    allowRebaseMerge: true,
    deleteBranchOnMerge: false,
    ...options.settings,
  };
  const state: GitHubState = {
    settings,
    labels: [],
    pulls: [],
    issues: [],
    comments: [],
    merges: [],
    deletedRefs: [],
    autoMerge: [],
    protectedBranches: new Map(),
    staleLists: 0,
  };
  let baseUrl = '';
  const routes = createRoutes(
    {
      get baseUrl() {
        return baseUrl;
      },
      owner: options.owner,
      repo: options.repo,
      repoId: 1000,
      settings,
      label: (name) => labelByName(state.labels, name),
    },
    state,
    options.refs,
  );

  // `token X` (what Octokit sends) or `Bearer X`; anything else is unauthenticated.
  const authorized = (header: string | undefined): boolean => {
    const match = /^(token|bearer) +(\S+)$/i.exec(header?.trim() ?? '');
    return match !== null && timingSafeEqual(digest(match[2]!), expected);
  };

  const takeFault = (method: string, path: string): ApiFault | undefined => {
    const index = faults.findIndex((f) => (!f.path || f.path.test(path)) && (!f.method || f.method.toUpperCase() === method));
    const fault = faults[index];
    if (!fault) return undefined;
    if ((fault.skip ?? 0) > 0) {
      fault.skip! -= 1;
      return undefined;
    }
    fault.count -= 1;
    if (fault.count <= 0) faults.splice(index, 1);
    return fault;
  };

  const faultResponse = (fault: ApiFault): ApiResponse => {
    const status = fault.secondaryRateLimit ? (fault.status ?? 403) : (fault.status ?? 500);
    const message =
      fault.message ??
      (fault.secondaryRateLimit
        ? SECONDARY_RATE_LIMIT
        : fault.resetInSeconds !== undefined
          ? `API rate limit exceeded for installation ID 1000.`
          : FAULT_MESSAGES[status as NonNullable<ApiFault['status']>]);
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    if (fault.resetInSeconds !== undefined) {
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000 + fault.resetInSeconds));
    }
    const body = fault.errors ? { ...errorBody(status, message), errors: fault.errors } : errorBody(status, message);
    return { status, body, headers };
  };

  const server = createServer((req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const entry: LoggedApiRequest = {
      method,
      path: url.pathname,
      query: url.search,
      status: 0,
      authorized: authorized(req.headers.authorization),
      at: performance.now(),
    };
    requests.push(entry);
    void readBody(req).then(
      (raw) => {
        let response: ApiResponse;
        const fault = takeFault(method, url.pathname);
        const perform = (): ApiResponse => {
          if (!entry.authorized)
            return { status: 401, body: errorBody(401, req.headers.authorization ? 'Bad credentials' : 'Requires authentication') };
          try {
            return route(method, url, raw);
          } catch (error) {
            // A bug in this server must show up in the test, not as a hang.
            return { status: 500, body: errorBody(500, `github-server: ${error instanceof Error ? error.stack : String(error)}`) };
          }
        };
        if (fault?.perform) perform();
        if (fault?.drop || fault?.hang) {
          entry.fault = { kind: fault.drop ? 'drop' : 'hang', performed: fault.perform === true };
          if (fault.drop) req.socket.destroy();
          else hung.add(res);
          return;
        }
        if (fault) {
          response = faultResponse(fault);
          entry.fault = { kind: 'status', performed: fault.perform === true };
        } else response = perform();
        entry.status = response.status;
        const headers: Record<string, string> = {
          'x-github-request-id': `TEST:${requests.length}`,
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4999',
          ...response.headers,
        };
        if (response.body === undefined) {
          res.writeHead(response.status, headers).end();
        } else {
          res
            .writeHead(response.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
            .end(JSON.stringify(response.body));
        }
      },
      () => res.destroy(),
    );
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const route = (method: string, url: URL, raw: string): ApiResponse => {
    let body: unknown = undefined;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return { status: 400, body: errorBody(400, 'Problems parsing JSON') };
      }
    }
    for (const candidate of routes) {
      if (candidate.method !== method) continue;
      const match = candidate.pattern.exec(url.pathname);
      if (!match) continue;
      let params: string[];
      try {
        params = match.slice(1).map((part) => decodeURIComponent(part ?? ''));
      } catch {
        return { status: 400, body: errorBody(400, 'Bad path encoding') };
      }
      return candidate.handle({ params, query: url.searchParams, body });
    }
    return { status: 404, body: errorBody(404, 'Not Found') };
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    state,
    requests,
    inject: (fault) => {
      if (fault.count > 0) faults.push({ ...fault });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    close: async () => {
      for (const res of hung) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients keep connections alive; close() alone would wait for them.
      server.closeAllConnections();
      await closed;
    },
  };
}

function labelByName(labels: readonly Label[], name: string): Label {
  const label = labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (!label) throw new Error(`github-server: no label ${name}`);
  return label;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
