// requestJson's sibling for bodies too large to buffer (bulk exports): same pool, status → coded
// error and exception mapping, but a 2xx body is handed to `consume` as the byte stream it is.
import type { Readable } from 'node:stream';
import { type Dispatcher, request, errors as undiciErrors } from 'undici';
import { GatewayError } from '../errors.js';
import { retryAfterSeconds } from '../resilience/retry-after.js';
import { type CallSignal, callSignal } from './call-signal.js';
import { attemptVendorCall, buildUrl, type QueryValue, type VendorHttp } from './request-json.js';
import { errorFromException, errorFromStatus } from './upstream-error.js';

export interface StreamResponseHead {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface StreamRequest<T> {
  method: Dispatcher.HttpMethod;
  path: string;
  /** Template used in error messages and logs. */
  operation: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
  /** Overrides the method's rule: an export requested by POST is a read and may say true. */
  idempotent?: boolean;
  /**
   * Deadline for the whole exchange, body included. Stalls are caught sooner by the pool's
   * headersTimeout/bodyTimeout (the vendor's timeoutMs between bytes); this bounds a slow drip.
   */
  totalTimeoutMs?: number;
  /** Reads the 2xx body. Throwing stops the transfer; the connection is not reused half-read. */
  consume: (body: Readable, head: StreamResponseHead) => Promise<T>;
}

/** Errors that mean the transfer itself failed (socket, abort, timeout), not the consumer's logic. */
function isTransferError(error: unknown): boolean {
  if (error instanceof undiciErrors.UndiciError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Socket errors carry errno codes such as ECONNRESET; ERR_* codes are programming errors.
  return error.name === 'AbortError' || error.name === 'TimeoutError' || (typeof code === 'string' && /^E[A-Z]+$/.test(code));
}

function parseMaybeJson(text: string): unknown {
  if (text.length === 0) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Hangs up on a body no longer wanted. Destroying an unfinished body emits an abort error that
 * nobody listens for any more; unheard, it would crash the process.
 */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

export function requestStream<T>(http: VendorHttp, req: StreamRequest<T>): Promise<StreamResponseHead & { data: T }> {
  // Not retried: `consume` may already have used part of the body (an export filling a snapshot).
  return attemptVendorCall(http, req, () => exchangeStream(http, req), false);
}

async function exchangeStream<T>(http: VendorHttp, req: StreamRequest<T>): Promise<StreamResponseHead & { data: T }> {
  const url = buildUrl(http.baseUrl, req.path, req.query);
  const headers: Record<string, string> = { ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  }
  // Held by its own timer and released when the exchange settles (see call-signal.ts): a timeout
  // signal under AbortSignal.any can be collected and never fire, which for an export would let a
  // slow drip outlive BLOOMREACH_EXPORT_TIMEOUT_MS.
  const deadline = callSignal(req.signal, req.totalTimeoutMs ?? http.timeoutMs);
  try {
    return await streamWithin(http, req, url, headers, body, deadline);
  } finally {
    deadline.release();
  }
}

async function streamWithin<T>(
  http: VendorHttp,
  req: StreamRequest<T>,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  deadline: CallSignal,
): Promise<StreamResponseHead & { data: T }> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, { dispatcher: http.dispatcher, method: req.method, headers, body, signal: deadline.signal });
  } catch (error) {
    throw errorFromException(http.vendor, req.operation, error, deadline.timedOut);
  }
  const head: StreamResponseHead = { status: res.statusCode, headers: res.headers };
  if (res.statusCode >= 400) {
    // Error bodies are small; read them whole for the vendor's message (never shown raw to clients).
    let text = '';
    try {
      text = await res.body.text();
    } catch {
      // The status alone is enough to classify the failure.
    }
    const retryAfter = retryAfterSeconds(res.headers['retry-after']);
    throw errorFromStatus(http.vendor, req.operation, res.statusCode, parseMaybeJson(text), http.describeError, retryAfter);
  }
  try {
    return { ...head, data: await req.consume(res.body, head) };
  } catch (error) {
    discard(res.body);
    if (error instanceof GatewayError) throw error;
    if (isTransferError(error)) throw errorFromException(http.vendor, req.operation, error, deadline.timedOut);
    throw error;
  }
}
