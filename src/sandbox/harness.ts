// A tiny HTTP framework shared by every vendor emulator: routing by `{param}` patterns, a per-route
// request counter (tests prove batching with it), latency and fault injection. Deliberately built on
// node:http so the sandboxes add no framework behaviour the real vendors would not have.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SandboxRequest {
  method: string;
  /** Path below the sandbox's prefix, without the query string. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** Parses the body as JSON; `{ ok: false }` when it is not JSON. */
  json(): { ok: true; value: unknown } | { ok: false };
  /** The route key this request matched, e.g. `GET /customers/{id}`. */
  route: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
  /** Streamed bodies (large exports) go out chunk by chunk. */
  stream?: Readable | AsyncIterable<string | Buffer>;
}

export type SandboxHandler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface SandboxRoute {
  method: string;
  /** Pattern below the prefix, `{name}` marks a path parameter: `/customers/{id}`. */
  pattern: string;
  handler: SandboxHandler;
  /** Routes that need no credentials (token endpoints) set this. */
  public?: boolean;
}

export interface Fault {
  /** Route key (`GET /customers`) or undefined for every route. */
  route?: string;
  status?: number;
  body?: unknown;
  /** Answers 200 with a body that is not what the vendor documents. */
  malformed?: boolean;
  /** Extra delay before answering (used to trigger client timeouts). */
  delayMs?: number;
  /** Destroys the socket without answering. */
  dropConnection?: boolean;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
  /** Applies to every Nth matching request only (the Nth, 2Nth, …): deterministic shares for tests. */
  everyNth?: number;
  /** Applies to this share (0–1) of matching requests, at random: for soak runs and the demo. */
  probability?: number;
  /** Sent as `Retry-After` (seconds) with the fault's status (429 when no status is given). */
  retryAfterSeconds?: number;
  /** Never answers: the request hangs until the client gives up and closes the connection. */
  hang?: boolean;
  /** A write the vendor commits but whose answer never arrives: the handler runs, then the request hangs. */
  commitThenHang?: boolean;
}

/** Where the demo and soak scripts drive faults over HTTP: POST a Fault as JSON, DELETE to clear. */
export const FAULTS_PATH = '/__sandbox/faults';

export interface SandboxOptions {
  name: string;
  /** Mount point, e.g. `/webservice/cmf`; requests outside it get 404. */
  prefix?: string;
  routes: SandboxRoute[];
  /** Returns an error response when the request is not authenticated, undefined when it is. */
  authenticate?: (req: SandboxRequest) => SandboxResponse | undefined | Promise<SandboxResponse | undefined>;
  latencyMs?: number;
  /** Body sent for a path no route matches. */
  notFound?: (req: SandboxRequest) => SandboxResponse;
}

interface CompiledRoute extends SandboxRoute {
  key: string;
  regex: RegExp;
  names: string[];
}

function compile(route: SandboxRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)\}$/.exec(segment);
      if (!match?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(match[1]);
      return '([^/]+)';
    })
    .join('/');
  // Exactly the documented spelling: a trailing slash the doc does not write is another path (404).
  return { ...route, key: `${route.method} ${route.pattern}`, regex: new RegExp(`^${source}$`), names };
}

export class SandboxServer {
  readonly name: string;
  private readonly prefix: string;
  private readonly routes: CompiledRoute[];
  private readonly options: SandboxOptions;
  private readonly counts = new Map<string, number>();
  private readonly lastQueries = new Map<string, URLSearchParams>();
  private readonly lastHeaderSets = new Map<string, IncomingHttpHeaders>();
  private faults: Fault[] = [];
  private abortedCount = 0;
  private server: Server | undefined;
  private origin = '';
  latencyMs: number;

  constructor(options: SandboxOptions) {
    this.options = options;
    this.name = options.name;
    this.prefix = (options.prefix ?? '').replace(/\/$/, '');
    this.routes = options.routes.map(compile);
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Base URL including the prefix, e.g. `http://127.0.0.1:41234/webservice/cmf`. */
  get url(): string {
    if (!this.origin) throw new Error(`${this.name} sandbox is not started`);
    return `${this.origin}${this.prefix}`;
  }

  get baseOrigin(): string {
    return this.origin;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      // A connection closed before the answer was written: the client gave up (or a fault dropped it).
      res.on('close', () => {
        if (!res.writableFinished) this.abortedCount += 1;
      });
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void this.dispatch(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res);
      });
    });
    // Longer than any client's idle timeout (undici: 4 s): a client must never pick an idle socket the
    // server is closing at that moment, which shows as ECONNRESET when a loaded machine stalls.
    // stop() closes every connection, so nothing lingers.
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.server = server;
    this.origin = `http://${host}:${address.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests received for a route key (`GET /customers`), or for all routes when omitted. */
  calls(key?: string): number {
    if (key === undefined) return [...this.counts.values()].reduce((a, b) => a + b, 0);
    return this.counts.get(key) ?? 0;
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetCalls(): void {
    this.counts.clear();
    this.lastQueries.clear();
    this.lastHeaderSets.clear();
    this.abortedCount = 0;
  }

  /** Requests whose connection closed before their answer was written (the caller went away). */
  get aborted(): number {
    return this.abortedCount;
  }

  /** Query parameters of the latest request to a route, to prove which options a client sent. */
  lastQuery(key: string): URLSearchParams | undefined {
    return this.lastQueries.get(key);
  }

  /** Headers of the latest request to a route, to prove what a client sent (a `traceparent`, say). */
  lastHeaders(key: string): IncomingHttpHeaders | undefined {
    return this.lastHeaderSets.get(key);
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private readonly seen = new WeakMap<Fault, number>();

  private takeFault(key: string): Fault | undefined {
    const fault = this.faults.find((f) => (f.route === undefined || f.route === key) && this.fires(f));
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }

  /** Whether a matching fault applies to this request (everyNth, probability); counts its matches. */
  private fires(fault: Fault): boolean {
    const n = (this.seen.get(fault) ?? 0) + 1;
    this.seen.set(fault, n);
    if (fault.everyNth !== undefined && n % fault.everyNth !== 0) return false;
    if (fault.probability !== undefined && Math.random() >= fault.probability) return false;
    return true;
  }

  /** The fault control endpoint (FAULTS_PATH): outside any vendor's paths, never counted as a call. */
  private controlFaults(method: string, bodyText: string): SandboxResponse {
    if (method === 'DELETE') {
      this.clearFaults();
      return { status: 204 };
    }
    if (method === 'GET') return json(200, this.faults);
    try {
      this.injectFault(JSON.parse(bodyText) as Fault);
      return { status: 201 };
    } catch {
      return json(400, { error: 'body must be a JSON fault' });
    }
  }

  private async dispatch(
    method: string,
    rawUrl: string,
    headers: IncomingHttpHeaders,
    bodyText: string,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(rawUrl, 'http://sandbox');
    if (url.pathname === FAULTS_PATH) {
      await send(res, this.controlFaults(method, bodyText));
      return;
    }
    const inPrefix = url.pathname === this.prefix || url.pathname.startsWith(`${this.prefix}/`);
    const path = inPrefix ? url.pathname.slice(this.prefix.length) || '/' : url.pathname;
    const request: SandboxRequest = {
      method,
      path,
      params: {},
      query: url.searchParams,
      headers,
      bodyText,
      route: `${method} <unmatched>`,
      json() {
        try {
          return { ok: true, value: JSON.parse(bodyText) as unknown };
        } catch {
          return { ok: false };
        }
      },
    };
    let response: SandboxResponse;
    try {
      response = await this.handle(request, inPrefix, res);
    } catch (error) {
      response = { status: 500, body: { error: 'sandbox handler failed', detail: String(error) } };
    }
    // Status 0 marks a dropped connection: nothing more to send.
    if (res.destroyed || response.status === 0) return;
    await send(res, response);
  }

  private async handle(request: SandboxRequest, inPrefix: boolean, res: ServerResponse): Promise<SandboxResponse> {
    const match = inPrefix ? this.match(request.method, request.path) : undefined;
    if (match) {
      request.params = match.params;
      request.route = match.route.key;
    }
    this.counts.set(request.route, (this.counts.get(request.route) ?? 0) + 1);
    this.lastQueries.set(request.route, request.query);
    this.lastHeaderSets.set(request.route, request.headers);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const fault = this.takeFault(request.route);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.hang) return hang(res);
    if (fault?.dropConnection) {
      res.socket?.destroy();
      return { status: 0 };
    }
    if (fault?.retryAfterSeconds !== undefined) {
      return {
        status: fault.status ?? 429,
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
        body: fault.body ?? { error: 'too many requests' },
      };
    }
    if (fault?.malformed) return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"data": [ {"id": ' };
    if (fault?.status) return { status: fault.status, body: fault.body ?? { error: `injected fault ${fault.status}` } };
    if (!match) {
      return this.options.notFound?.(request) ?? { status: 404, body: { error: `no route for ${request.method} ${request.path}` } };
    }
    if (!match.route.public && this.options.authenticate) {
      const denied = await this.options.authenticate(request);
      if (denied) return denied;
    }
    if (fault?.commitThenHang) {
      await match.route.handler(request);
      return hang(res);
    }
    return match.route.handler(request);
  }

  private match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }
}

/** Answers nothing until the client closes the connection; status 0 then means "nothing to send". */
function hang(res: ServerResponse): Promise<SandboxResponse> {
  return new Promise((resolve) => res.on('close', () => resolve({ status: 0 })));
}

async function send(res: ServerResponse, response: SandboxResponse): Promise<void> {
  const headers: Record<string, string> = { ...response.headers };
  if (response.stream) {
    res.writeHead(response.status, headers);
    try {
      for await (const chunk of response.stream) {
        if (res.destroyed) break;
        // Wait for drain, or for the client to go away (which would never drain).
        if (!res.write(chunk))
          await new Promise<void>((resolve) => {
            // Whichever fires first removes both, or every slow write would leave a 'close' listener behind.
            const done = () => {
              res.off('drain', done);
              res.off('close', done);
              resolve();
            };
            res.on('drain', done);
            res.on('close', done);
          });
      }
    } catch {
      res.destroy();
      return;
    }
    res.end();
    return;
  }
  let payload: string | Buffer | undefined;
  if (response.body === undefined || response.status === 204) payload = undefined;
  else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) payload = response.body;
  else {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Shorthand for a JSON response. */
export function json(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return headers ? { status, body, headers } : { status, body };
}
