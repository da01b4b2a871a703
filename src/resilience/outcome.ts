// Which failures may be retried, which count against the breaker, and which writes have an unknown
// outcome. A write that may have reached the vendor (a timeout, or the connection lost after it was
// sent) is never reported as safe to retry: the vendor may have committed it.
import { errors as undiciErrors } from 'undici';
import { UpstreamError } from '../errors.js';

/** Errors the gateway raised before any byte went to the vendor (open breaker, spent quota, deadline already past). */
const NOT_SENT = new WeakSet<object>();
/**
 * Calls the request itself stopped (its deadline passed, or its client went away): they say nothing
 * about the vendor (a call aborted 10 ms after it started is no outage), so the breaker ignores them,
 * and they are not retried.
 */
const CANCELLED = new WeakSet<object>();

export function markNotSent<E extends object>(error: E): E {
  NOT_SENT.add(error);
  return error;
}

export function markCancelled<E extends object>(error: E): E {
  CANCELLED.add(error);
  return error;
}

export function wasNotSent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && NOT_SENT.has(error);
}

/** Never sent, or stopped by its own request: no evidence about the vendor either way. */
export function saysNothing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (NOT_SENT.has(error) || CANCELLED.has(error));
}

const RETRY_STATUSES = new Set([408, 429, 502, 503, 504]);

/**
 * Connection errors and 408/429/502/503/504: what a retry can cure. A call the gateway itself timed
 * out (<VENDOR>_TIMEOUT_MS) is not retried: the vendor is slow, and another wait as long would
 * multiply both the client's wait and the vendor's load; the breaker counts it instead.
 */
export function isTransient(error: unknown): error is UpstreamError {
  if (!(error instanceof UpstreamError) || wasNotSent(error) || CANCELLED.has(error)) return false;
  if (error.httpStatus !== undefined) return RETRY_STATUSES.has(error.httpStatus);
  return error.code === 'UPSTREAM_UNAVAILABLE';
}

/** Failures that say the vendor is down (count towards opening its breaker); 4xx and 429 do not. */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof UpstreamError) || wasNotSent(error) || CANCELLED.has(error)) return false;
  if (error.httpStatus !== undefined) return error.httpStatus >= 500;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
}

/** True when a failed write may nevertheless have been applied by the vendor. */
export function outcomeUnknown(error: unknown): error is UpstreamError {
  if (!(error instanceof UpstreamError) || wasNotSent(error)) return false;
  if (error.httpStatus !== undefined) return error.httpStatus === 504 || error.httpStatus === 408;
  if (error.code !== 'UPSTREAM_UNAVAILABLE' && error.code !== 'UPSTREAM_TIMEOUT') return false;
  return !neverConnected(error.detail);
}

/** The connection was never made, so the request cannot have been sent. */
function neverConnected(cause: unknown): boolean {
  if (cause instanceof undiciErrors.ConnectTimeoutError) return true;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

export function unknownOutcome(error: UpstreamError, operation: string): UpstreamError {
  return new UpstreamError(
    'UPSTREAM_OUTCOME_UNKNOWN',
    `${error.vendor ?? 'vendor'} ${operation}: the write was sent but no answer came; it may have been applied. Check before writing again`,
    { vendor: error.vendor, retryable: false, cause: error },
  );
}
