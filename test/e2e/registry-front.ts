import { randomBytes } from 'crypto';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/**
 * A small HTTP server in front of a real registry, for what docker-registry
 * cannot be made to do on its own: a token service with a Bearer challenge (as
 * Docker Hub and gcr.io have), Basic auth, 429 and 5xx answers, and answers
 * without a Docker-Content-Digest header. Every other request goes to the
 * registry, and its answer comes back with its headers.
 */
export interface FrontOptions {
  /** The registry behind the front (`http://127.0.0.1:<port>`). */
  readonly upstream: string;
  /** `bearer`: a token service at `/token`; `basic`: Basic auth; `none`: no auth. Default `none`. */
  readonly auth?: 'bearer' | 'basic' | 'none';
  /** Accepted users and their passwords. */
  readonly users?: { [user: string]: string };
  /** Whether the token service gives tokens without credentials. Default true. */
  readonly anonymous?: boolean;
  /** The field of the token service's JSON answer that holds the token. Default `token`. */
  readonly tokenField?: 'token' | 'access_token';
  /** The answers to the first registry requests (not the token requests), before any is passed on. */
  readonly failFirst?: ReadonlyArray<{ readonly status: number; readonly retryAfter?: string }>;
  /** Drop Docker-Content-Digest (and the ETag that repeats it) from every answer. */
  readonly omitDigest?: boolean;
}

/** A request the front received, and its answer's status. */
export interface FrontRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly accept?: string;
  status?: number;
}

export interface FrontServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request, in order. */
  readonly requests: FrontRequest[];
  close(): Promise<void>;
}

const SERVICE = 'test';

/** Starts a front server on a free loopback port. */
export async function startFront(options: FrontOptions): Promise<FrontServer> {
  const requests: FrontRequest[] = [];
  const grants = new Map<string, Set<string>>();
  let failures = 0;
  let url = '';

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const record: FrontRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, accept: req.headers.accept };
    requests.push(record);
    const answer = (status: number, headers: Record<string, string>, body?: unknown) => {
      record.status = status;
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    const path = new URL(record.path, 'http://front').pathname;

    if (path === '/token' && options.auth === 'bearer') {
      const scope = new URL(record.path, 'http://front').searchParams.get('scope') ?? '';
      const user = basicUser(req.headers.authorization, options.users ?? {});
      if (user === null || (user === undefined && options.anonymous === false)) {
        return answer(401, {}, { details: 'incorrect username or password' });
      }
      const token = randomBytes(16).toString('hex');
      const repository = /^repository:([^:]+):.*pull/.exec(scope)?.[1];
      grants.set(token, new Set(repository ? [repository] : []));
      return answer(200, {}, { [options.tokenField ?? 'token']: token, expires_in: 300 });
    }

    const failure = options.failFirst?.[failures];
    if (failure) {
      failures++;
      return answer(failure.status, failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {}, { errors: [{ code: failure.status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: `front: ${failure.status}` }] });
    }

    const repository = /^\/v2\/(.+?)\/(?:manifests|tags|blobs)\//.exec(path)?.[1];
    if (options.auth === 'bearer') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !grants.get(token)?.has(repository ?? '')) {
        const scope = repository ? `,scope="repository:${repository}:pull"` : '';
        return answer(401, { 'WWW-Authenticate': `Bearer realm="${url}/token",service="${SERVICE}"${scope}` },
          { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
      }
    } else if (options.auth === 'basic') {
      if (!basicUser(req.headers.authorization, options.users ?? {})) {
        return answer(401, { 'WWW-Authenticate': `Basic realm="${SERVICE}"` }, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
      }
    }
    forward(req, res, record, options);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => closeServer(server) };
}

/** The user whose Basic credentials are right; undefined without Basic credentials, null when they are wrong. */
function basicUser(authorization: string | undefined, users: { [user: string]: string }): string | undefined | null {
  const encoded = /^Basic (.+)$/.exec(authorization ?? '')?.[1];
  if (!encoded) {
    return undefined;
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf-8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  return colon > 0 && users[user] !== undefined && users[user] === decoded.slice(colon + 1) ? user : null;
}

function forward(req: IncomingMessage, res: ServerResponse, record: FrontRequest, options: FrontOptions): void {
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.authorization;
  const upstream = httpRequest(`${options.upstream}${req.url}`, { method: req.method, headers }, (answer) => {
    const passed = { ...answer.headers };
    if (options.omitDigest) {
      delete passed['docker-content-digest'];
      delete passed.etag;
    }
    record.status = answer.statusCode;
    res.writeHead(answer.statusCode ?? 502, passed);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    record.status = 502;
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`front: ${error.message}`);
  });
  req.pipe(upstream);
}

/** Closes a server, ending its kept-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
