// Maps everything that can go wrong on a vendor call to a coded UpstreamError. Messages name the
// vendor and the operation template, never the URL, query string or credentials.
import { errors as undiciErrors } from 'undici';
import type { Vendor } from '../domain/vendor.js';
import { type ErrorCode, UpstreamError } from '../errors.js';
import { abortCause, cancelledError, deadlineError } from '../resilience/deadline.js';
import { markCancelled } from '../resilience/outcome.js';

export type DescribeErrorBody = (body: unknown) => string | undefined;

export function codeForStatus(status: number): ErrorCode {
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 401 || status === 403) return 'UPSTREAM_UNAUTHORIZED';
  if (status === 409 || status === 412) return 'UPSTREAM_CONFLICT';
  if (status === 429) return 'UPSTREAM_RATE_LIMITED';
  if (status === 408 || status === 504) return 'UPSTREAM_TIMEOUT';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_REJECTED';
}

export function errorFromStatus(
  vendor: Vendor,
  operation: string,
  status: number,
  body: unknown,
  describe?: DescribeErrorBody,
  retryAfterSeconds?: number,
): UpstreamError {
  // Vendor messages are passed on for their meaning, but without any absolute URL they quote.
  const vendorMessage = describe?.(body)?.replace(/https?:\/\/[^\s"'<>]+/g, '<url>');
  const code = codeForStatus(status);
  const retryable = code === 'UPSTREAM_UNAVAILABLE' || code === 'UPSTREAM_RATE_LIMITED' || code === 'UPSTREAM_TIMEOUT';
  const detail = vendorMessage ? `: ${truncate(vendorMessage, 300)}` : '';
  return new UpstreamError(code, `${vendor} ${operation} answered ${status}${detail}`, {
    vendor,
    httpStatus: status,
    retryable,
    body,
    vendorMessage,
    retryAfterSeconds,
  });
}

export function errorFromException(vendor: Vendor, operation: string, error: unknown, timedOut: boolean): UpstreamError {
  if (error instanceof UpstreamError) return error;
  // The request's own signal stopped the call: its deadline passed, or its client went away.
  const stopped = abortCause();
  if (stopped === 'deadline') return markCancelled(deadlineError(vendor, error));
  if (stopped === 'client') return cancelledError(vendor, error);
  const isTimeout =
    timedOut ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error instanceof Error && error.name === 'TimeoutError');
  if (isTimeout) {
    return new UpstreamError('UPSTREAM_TIMEOUT', `${vendor} ${operation} timed out`, { vendor, retryable: true, cause: error });
  }
  return new UpstreamError('UPSTREAM_UNAVAILABLE', `${vendor} ${operation} could not be reached`, {
    vendor,
    retryable: true,
    cause: error,
  });
}

export function badResponse(vendor: Vendor, operation: string, why: string, status?: number): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `${vendor} ${operation} sent an unexpected response: ${truncate(why, 300)}`, {
    vendor,
    httpStatus: status,
  });
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
