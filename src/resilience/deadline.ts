// Every GraphQL request has one deadline (GATEWAY_REQUEST_TIMEOUT_MS). Its signal aborts when the
// deadline passes or the client disconnects, whichever comes first; it travels in the request
// context (src/request-context.ts), so every vendor call, queued or in flight, and every wait for a
// retry or a quota slot ends with it.
import type { Vendor } from '../domain/vendor.js';
import { UpstreamError } from '../errors.js';
import { callSignal } from '../http/call-signal.js';
import { currentRequest, type RequestContext } from '../request-context.js';
import { markCancelled, markNotSent } from './outcome.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface RequestDeadline {
  signal: AbortSignal;
  /** Epoch ms. */
  at: number;
  /**
   * The request has been answered: clears the timer and unhooks the client's listener, so neither
   * keeps the controller (and what listens to it) alive for the rest of the timeout.
   */
  release(): void;
}

export function requestDeadline(client: AbortSignal | undefined, timeoutMs: number, now = Date.now()): RequestDeadline {
  // A controller its own timer holds, not AbortSignal.timeout() under AbortSignal.any(): `any` holds
  // its sources weakly, and a collected timeout signal never fires (seen under load in the soak
  // bench: requests ran to the vendor timeout instead of the deadline).
  // Outside any request here: the client's signal is the only one combined with the timer.
  const { signal, release } = callSignal(client, timeoutMs, 'request deadline passed');
  return { signal, at: now + timeoutMs, release };
}

/** Deadlines of HTTP requests still being answered (a batched request has one per operation). */
const open = new WeakMap<object, RequestDeadline[]>();

/** The deadline of one operation of `request`, released by releaseDeadlines(request) once it is answered. */
export function deadlineOf(request: Request, timeoutMs: number): RequestDeadline {
  const deadline = requestDeadline(request.signal, timeoutMs);
  open.set(request, [...(open.get(request) ?? []), deadline]);
  return deadline;
}

/** The response to `request` is made (the gateway streams no results): its deadlines are spent. */
export function releaseDeadlines(request: Request): void {
  for (const deadline of open.get(request) ?? []) deadline.release();
  open.delete(request);
}

/** Why the current request's signal aborted: its deadline passed, or its client went away. */
export function abortCause(request: RequestContext | undefined = currentRequest()): 'deadline' | 'client' | undefined {
  if (!request?.signal?.aborted) return undefined;
  return request.deadlineAt !== undefined && Date.now() >= request.deadlineAt - 5 ? 'deadline' : 'client';
}

/** Milliseconds left before the current request's deadline; Infinity outside a request. */
export function timeLeftMs(now = Date.now()): number {
  const at = currentRequest()?.deadlineAt;
  return at === undefined ? Number.POSITIVE_INFINITY : at - now;
}

export function deadlineError(vendor: Vendor, cause?: unknown): UpstreamError {
  return new UpstreamError('UPSTREAM_TIMEOUT', `${vendor} call stopped at the request deadline`, { vendor, retryable: true, cause });
}

export function cancelledError(vendor: Vendor, cause?: unknown): UpstreamError {
  return markCancelled(new UpstreamError('UPSTREAM_UNAVAILABLE', 'the client went away', { vendor, cause }));
}

/** The request is over (deadline passed or client gone): the error to fail with, without calling the vendor. */
export function stoppedError(vendor: Vendor, request: RequestContext | undefined = currentRequest()): UpstreamError | undefined {
  const cause = abortCause(request);
  if (cause === 'deadline') return markCancelled(markNotSent(deadlineError(vendor)));
  if (cause === 'client') return markNotSent(cancelledError(vendor));
  return undefined;
}

/**
 * Waits for work shared between requests (a token login, an index refresh, a probe) only as long as
 * the current request lives: the work goes on for the others, but this request stops waiting at its
 * deadline or when its client goes away.
 */
export function untilRequestStops<T>(shared: Promise<T>, vendor: Vendor): Promise<T> {
  const request = currentRequest();
  const signal = request?.signal;
  if (!signal) return shared;
  const stopped = stoppedError(vendor, request);
  if (stopped) return Promise.reject(stopped);
  return new Promise<T>((resolve, reject) => {
    // Abort listeners run in the context of whatever aborted (a timer): the request is the one captured here.
    const onAbort = () => reject(stoppedError(vendor, request) ?? cancelledError(vendor));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
