// The one way adapters talk JSON to a vendor: pool, timeout, status → coded error, body always
// consumed, and the wire schema applied at the edge.
import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import type { Vendor } from '../domain/vendor.js';
import { badUserInput, GatewayError } from '../errors.js';
import type { VendorResilience } from '../resilience/policy.js';
import { retryAfterSeconds } from '../resilience/retry-after.js';
import { publishVendorCall } from './call-events.js';
import { callSignal } from './call-signal.js';
import { badResponse, type DescribeErrorBody, errorFromException, errorFromStatus } from './upstream-error.js';

export interface VendorHttp {
  vendor: Vendor;
  dispatcher: Dispatcher;
  /** Base URL including any path prefix; request paths are appended to it. */
  baseUrl: string;
  timeoutMs: number;
  describeError?: DescribeErrorBody;
  /** The vendor's retries, breaker and quota (src/resilience/); one per vendor, shared by its calls. */
  resilience: VendorResilience;
  /** Write methods the vendor documents as idempotent (SFCC: PUT, DELETE): these are retried like reads. */
  idempotentMethods?: readonly Dispatcher.HttpMethod[];
}

export type QueryValue = string | number | boolean | undefined | null;

export interface JsonRequest<S extends z.ZodType> {
  method: Dispatcher.HttpMethod;
  path: string;
  /** Template used in error messages and logs, e.g. `GET /customers/{id}`. */
  operation: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  schema: S;
  signal?: AbortSignal;
  /** Overrides the method's rule: a read sent as POST (a search, a token request) may say true. */
  idempotent?: boolean;
}

export interface JsonResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Ids from clients end up in vendor paths. `encodeURIComponent` leaves `.` and `..` alone and URL
 * parsing would resolve them, so an id such as `..` could climb out of the resource it names (an
 * SFCC site id reaching the organisation-wide custom objects). Such segments are refused here, for
 * every vendor at once.
 */
export function assertSafePath(path: string): void {
  const segments = path.split('?')[0]?.split('/').slice(1) ?? [];
  segments.forEach((segment, i) => {
    const decoded = safeDecode(segment);
    if (decoded === '.' || decoded === '..' || (segment === '' && i < segments.length - 1)) {
      throw badUserInput('id', 'contains a path segment that is not allowed');
    }
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  assertSafePath(path);
  const url = new URL(baseUrl.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Whether a call may be sent twice: reads, writes the vendor documents as idempotent, or the request's own say. */
export function isIdempotent(http: VendorHttp, req: { method: Dispatcher.HttpMethod; idempotent?: boolean | undefined }): boolean {
  if (req.idempotent !== undefined) return req.idempotent;
  return req.method === 'GET' || req.method === 'HEAD' || (http.idempotentMethods ?? []).includes(req.method);
}

/**
 * Runs one vendor call under the vendor's resilience policies, publishing one VendorCallEvent per
 * attempt. Attempts the policies refuse before sending (open breaker, spent quota, passed deadline)
 * reach no vendor and publish nothing.
 */
export function attemptVendorCall<T extends { status: number }>(
  http: VendorHttp,
  req: { method: Dispatcher.HttpMethod; operation: string; idempotent?: boolean | undefined },
  exchange: () => Promise<T>,
  retry = true,
): Promise<T> {
  return http.resilience.run({ operation: req.operation, idempotent: isIdempotent(http, req), retry }, async (attempt) => {
    const started = performance.now();
    const report = (status: number | undefined, error?: unknown) =>
      publishVendorCall({
        vendor: http.vendor,
        operation: req.operation,
        method: req.method,
        status,
        durationMs: performance.now() - started,
        attempt,
        errorCode: error instanceof GatewayError ? error.code : undefined,
      });
    try {
      const response = await exchange();
      report(response.status);
      return response;
    } catch (error) {
      report(error instanceof GatewayError ? error.httpStatus : undefined, error);
      throw error;
    }
  });
}

export function requestJson<S extends z.ZodType>(http: VendorHttp, req: JsonRequest<S>): Promise<JsonResponse<z.output<S>>> {
  return attemptVendorCall(http, req, () => exchangeJson(http, req));
}

async function exchangeJson<S extends z.ZodType>(http: VendorHttp, req: JsonRequest<S>): Promise<JsonResponse<z.output<S>>> {
  const url = buildUrl(http.baseUrl, req.path, req.query);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  } else if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  // The pool's connect/headers/body timeouts (timeoutMs each) start once a connection is held;
  // this overall deadline also covers time queued behind the connection cap, with room for it.
  const deadline = callSignal(req.signal, http.timeoutMs * 3);
  let status: number;
  let text: string;
  let resHeaders: Record<string, string | string[] | undefined>;
  try {
    const res = await request(url, { dispatcher: http.dispatcher, method: req.method, headers, body, signal: deadline.signal });
    status = res.statusCode;
    resHeaders = res.headers;
    text = await res.body.text();
  } catch (error) {
    throw errorFromException(http.vendor, req.operation, error, deadline.timedOut);
  } finally {
    deadline.release();
  }
  const parsedBody = parseJson(text);
  if (status >= 400) {
    const body = parsedBody.ok ? parsedBody.value : text;
    throw errorFromStatus(http.vendor, req.operation, status, body, http.describeError, retryAfterSeconds(resHeaders['retry-after']));
  }
  if (text.length > 0 && !parsedBody.ok) throw badResponse(http.vendor, req.operation, 'body is not JSON', status);
  const result = req.schema.safeParse(parsedBody.ok ? parsedBody.value : undefined);
  if (!result.success) {
    const first = result.error.issues[0];
    throw badResponse(
      http.vendor,
      req.operation,
      first ? `${first.path.join('.') || '(root)'} ${first.message}` : 'schema mismatch',
      status,
    );
  }
  return { status, data: result.data, headers: resHeaders };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
