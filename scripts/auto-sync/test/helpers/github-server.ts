import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody, type Label, type RepoSettings } from './github-objects.ts';
import { createRoutes, type ApiResponse, type BranchRefs, type GitHubState } from './github-routes.ts';

// A GitHub REST (and one GraphQL mutation) server of our own on loopback, state in memory, for the
// forge tests: the endpoints auto-sync's GitHub forge uses, GitHub's error bodies and status codes,
// token auth, and faults (5xx, auth, rate limits, merge refusals) that can be injected per path.
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
  status: 401 | 403 | 405 | 409 | 422 | 500 | 502 | 503;
  count: number;
  /** Only requests whose path (without the query) matches; every request when absent. */
  path?: RegExp;
  method?: string;
  /** Sent as `retry-after` (seconds). */
  retryAfter?: number;
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

const FAULT_MESSAGES: Record<ApiFault['status'], string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  405: 'Repository rule violations found\n\nAt least 1 approving review is required by reviewers with write access.\n\n',
  409: 'Head branch was modified. Review and try the merge again.',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

const SECONDARY_RATE_LIMIT =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export async function startGitHubServer(options: GitHubServerOptions): Promise<GitHubServer> {
  if (!options.token) throw new Error('startGitHubServer: token must not be empty');
  const expected = digest(options.token);
  const requests: LoggedApiRequest[] = [];
  const faults: ApiFault[] = [];
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
    fault.count -= 1;
    if (fault.count <= 0) faults.splice(index, 1);
    return fault;
  };

  const faultResponse = (fault: ApiFault): ApiResponse => {
    const status = fault.secondaryRateLimit ? 403 : fault.status;
    const message = fault.message ?? (fault.secondaryRateLimit ? SECONDARY_RATE_LIMIT : FAULT_MESSAGES[fault.status]);
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
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
        if (fault) response = faultResponse(fault);
        else if (!entry.authorized)
          response = { status: 401, body: errorBody(401, req.headers.authorization ? 'Bad credentials' : 'Requires authentication') };
        else {
          try {
            response = route(method, url, raw);
          } catch (error) {
            // A bug in this server must show up in the test, not as a hang.
            response = { status: 500, body: errorBody(500, `github-server: ${error instanceof Error ? error.stack : String(error)}`) };
          }
        }
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
