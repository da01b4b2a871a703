// The one way adapters talk JSON to a vendor: pool, timeout, status → coded error, body always
// consumed, and the wire schema applied at the edge.
import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import type { Vendor } from '../domain/vendor.js';
import { badUserInput, GatewayError } from '../errors.js';
import { currentRequest } from '../request-context.js';
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

/**
 * The deadline, combined with the signal of the client the call is for (the request's, unless
 * the caller passes its own), so a client that goes away cancels its vendor calls.
 */
export function withClientSignal(own: AbortSignal | undefined, timeout: AbortSignal): AbortSignal {
  const client = own ?? currentRequest()?.signal;
  return client ? AbortSignal.any([client, timeout]) : timeout;
}

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  assertSafePath(path);
  const url = new URL(baseUrl.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export async function requestJson<S extends z.ZodType>(http: VendorHttp, req: JsonRequest<S>): Promise<JsonResponse<z.output<S>>> {
  const started = performance.now();
  const report = (status: number | undefined, error?: unknown) =>
    publishVendorCall({
      vendor: http.vendor,
      operation: req.operation,
      method: req.method,
      status,
      durationMs: performance.now() - started,
      attempt: 1,
      errorCode: error instanceof GatewayError ? error.code : undefined,
    });
  try {
    const response = await exchangeJson(http, req);
    report(response.status);
    return response;
  } catch (error) {
    report(error instanceof GatewayError ? error.httpStatus : undefined, error);
    throw error;
  }
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
  if (status >= 400) throw errorFromStatus(http.vendor, req.operation, status, parsedBody.ok ? parsedBody.value : text, http.describeError);
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
