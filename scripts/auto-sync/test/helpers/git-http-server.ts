import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real git smart-HTTP server on loopback for tests: node:http in front of the real `git http-backend`
// CGI, one child process per request. The repository `root/<name>.git` (bare) is served at
// `${baseUrl}/<name>.git`. Every request needs the token, as a forge would want it:
// `Authorization: Basic base64(anyuser:TOKEN)` (what git.ts sends) or `Authorization: Bearer TOKEN`.
// Faults can be injected to test how callers classify and retry errors.

export interface LoggedRequest {
  method: string;
  /** URL path without the query, so nothing a client puts in a query string is kept. */
  path: string;
  /** 0 when no response was sent (hang fault, or the client went away first). */
  status: number;
  authorized: boolean;
  /** The body was sent with Content-Encoding: gzip (git does this for large negotiation requests). */
  gzip: boolean;
}

export type Fault = { status: 401 | 404 | 500 | 502 | 503; count: number } | { hang: true; count: number };

export interface GitHttpServer {
  readonly baseUrl: string;
  urlFor(repoName: string): string;
  /** Every request in arrival order; header values are never stored. */
  readonly requests: LoggedRequest[];
  /** `git http-backend` children still running; lets tests prove a disconnect ends its child. */
  readonly running: number;
  /** Queues a fault for the next `count` requests (after any fault already queued). */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Ends every socket and kills every CGI child, then resolves once the children have exited. */
  close(): Promise<void>;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export async function startGitHttpServer(options: { root: string; token: string }): Promise<GitHttpServer> {
  if (!options.token) throw new Error('startGitHttpServer: token must not be empty');
  // Comparing fixed-length digests keeps timingSafeEqual usable (it needs equal lengths) and hides the length.
  const expected = digest(options.token);
  const isToken = (candidate: string): boolean => timingSafeEqual(digest(candidate), expected);
  const requests: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const children = new Set<ChildProcess>();

  const isAuthorized = (header: string | undefined): boolean => {
    const match = /^(\w+) +(\S+)$/.exec(header?.trim() ?? '');
    if (!match) return false;
    const scheme = match[1]!.toLowerCase();
    if (scheme === 'bearer') return isToken(match[2]!);
    if (scheme !== 'basic') return false;
    const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && isToken(decoded.slice(colon + 1));
  };

  const takeFault = (): Fault | undefined => {
    const fault = faults[0];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) faults.shift();
    return fault;
  };

  const reply = (res: ServerResponse, entry: LoggedRequest, status: number, headers: Record<string, string> = {}): void => {
    entry.status = status;
    // git only asks for credentials on 401 when the server offers a scheme, as a real forge does.
    if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="test"';
    // git prints a text/plain error body as `remote: <body>`; the reason phrase keeps that line neutral.
    res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
    res.end(`${STATUS_CODES[status] ?? status}\n`);
  };

  const runBackend = (req: IncomingMessage, res: ServerResponse, url: URL, entry: LoggedRequest): void => {
    let pathInfo: string;
    try {
      pathInfo = decodeURIComponent(url.pathname);
    } catch {
      return reply(res, entry, 400);
    }
    // A minimal environment: nothing of the test process leaks into the CGI, and no user or system
    // config changes how git behaves. receive-pack is enabled for this child only.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.root,
      LC_ALL: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: pathInfo,
      QUERY_STRING: url.search.slice(1),
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      REMOTE_USER: 'test',
    };
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const contentType = header('content-type');
    const contentLength = header('content-length');
    const contentEncoding = header('content-encoding');
    const protocol = header('git-protocol');
    if (contentType) env.CONTENT_TYPE = contentType;
    // A chunked body has no length; http-backend then reads stdin to EOF.
    if (contentLength) env.CONTENT_LENGTH = contentLength;
    // http-backend inflates gzip bodies itself when told through this variable.
    if (contentEncoding) env.HTTP_CONTENT_ENCODING = contentEncoding;
    // Protocol v2 is negotiated through this header; only pass values shaped like `version=2:...`.
    if (protocol && /^[\w.=:-]+$/.test(protocol)) env.GIT_PROTOCOL = protocol;

    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    child.on('error', () => {
      children.delete(child);
      if (!res.headersSent) reply(res, entry, 502);
    });
    // The backend may stop reading early (e.g. it rejects the request); that is not our failure.
    child.stdin.on('error', () => {});
    req.pipe(child.stdin);
    // A client that goes away must not leave its backend running.
    res.on('close', () => {
      if (!res.writableFinished) child.kill('SIGKILL');
    });

    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const text = head.toString('latin1');
      const match = /\r?\n\r?\n/.exec(text);
      if (!match) return;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, match.index).split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
        else headers[name] = value;
      }
      child.stdout.off('data', onData);
      child.stdout.pause();
      entry.status = status;
      res.writeHead(status, headers);
      const rest = head.subarray(match.index + match[0].length);
      if (rest.length > 0) res.write(rest);
      child.stdout.pipe(res);
    };
    child.stdout.on('data', onData);
    // Exiting without a header block means the backend failed before answering.
    child.stdout.on('end', () => {
      if (!res.headersSent) reply(res, entry, 502);
    });
  };

  const server = createServer((req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: LoggedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      status: 0,
      authorized: isAuthorized(req.headers.authorization),
      gzip: /gzip/i.test(req.headers['content-encoding'] ?? ''),
    };
    requests.push(entry);
    const fault = takeFault();
    if (fault && 'hang' in fault) {
      // Read the body so the client is not blocked on sending, then never answer; close() ends the socket.
      req.resume();
      return;
    }
    if (fault) return reply(res, entry, fault.status);
    if (!entry.authorized) return reply(res, entry, 401);
    runBackend(req, res, url, entry);
  });
  // A half-sent request or a reset socket must never take the server down.
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    urlFor: (repoName) => `${baseUrl}/${repoName}.git`,
    requests,
    get running() {
      return children.size;
    },
    inject: (fault) => {
      if (fault.count > 0) faults.push({ ...fault });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    close: async () => {
      const exited = [...children].map((child) =>
        child.exitCode !== null || child.signalCode !== null
          ? Promise.resolve()
          : new Promise<void>((resolve) => child.once('exit', () => resolve())),
      );
      for (const child of children) child.kill('SIGKILL');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() alone waits for open connections; a hanging request would keep it waiting forever.
      server.closeAllConnections();
      await Promise.all([closed, ...exited]);
    },
  };
}
