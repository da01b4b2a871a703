// What every vendor call and log line needs to know about the GraphQL request it serves: the
// client's abort signal (a client that disconnects cancels its vendor calls) and the request id.
// It travels in AsyncLocalStorage rather than through each of the ~70 client methods, so no vendor
// call can forget it: requestJson and requestStream read it themselves. Work shared by several
// requests (a token login, an index refresh, an export snapshot) runs `detached`, so the request
// that happened to start it cannot cancel it for the others.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestTally } from './observability/tally.js';

export interface RequestContext {
  requestId: string;
  signal: AbortSignal | undefined;
  /** When the request's deadline passes (epoch ms): `signal` aborts then, and retries never wait past it. */
  deadlineAt?: number | undefined;
  /** What the request's log line and metrics collect (src/observability/); vendor-call events add to it. */
  tally?: RequestTally | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request the current code runs for, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` outside any request: for work whose result other requests share. */
export function detached<T>(fn: () => T): T {
  return storage.exit(fn);
}

export const REQUEST_ID_HEADER = 'x-request-id';

// A client's id is echoed in headers and written to logs: anything but a short token is replaced.
const SAFE_ID = /^[\w.:-]{1,128}$/;
const ids = new WeakMap<Request, string>();

/** The request's id: the client's `x-request-id` when it is a safe token, else a fresh UUID. */
export function requestIdFor(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    const sent = request.headers.get(REQUEST_ID_HEADER);
    id = sent && SAFE_ID.test(sent) ? sent : randomUUID();
    ids.set(request, id);
  }
  return id;
}
