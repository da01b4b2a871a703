// Every GraphQL request has one deadline (GATEWAY_REQUEST_TIMEOUT_MS). Its signal aborts when the
// deadline passes or the client disconnects, whichever comes first; it travels in the request
// context (src/request-context.ts), so every vendor call, queued or in flight, and every wait for a
// retry or a quota slot ends with it.
import { currentRequest } from '../request-context.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface RequestDeadline {
  signal: AbortSignal;
  /** Epoch ms. */
  at: number;
}

export function requestDeadline(client: AbortSignal | undefined, timeoutMs: number, now = Date.now()): RequestDeadline {
  const timeout = AbortSignal.timeout(timeoutMs);
  return { signal: client ? AbortSignal.any([client, timeout]) : timeout, at: now + timeoutMs };
}

/** Why the current request's signal aborted: its deadline passed, or its client went away. */
export function abortCause(): 'deadline' | 'client' | undefined {
  const request = currentRequest();
  if (!request?.signal?.aborted) return undefined;
  return request.deadlineAt !== undefined && Date.now() >= request.deadlineAt - 5 ? 'deadline' : 'client';
}

/** Milliseconds left before the current request's deadline; Infinity outside a request. */
export function timeLeftMs(now = Date.now()): number {
  const at = currentRequest()?.deadlineAt;
  return at === undefined ? Number.POSITIVE_INFINITY : at - now;
}
