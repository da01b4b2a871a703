// Response envelopes and error bodies of the CMF webservice. The CMF has two error shapes:
// handler-level `createErrorResponse()` answers `{success:false, errors:[msg]}`, while exceptions
// (ResourceNotFoundException, MissingRequestBodyException) and the Segments, SegmentGroups,
// Deletions and SegmentsOfCustomer handlers answer `{success:false, msg}`.
import type { SandboxRequest, SandboxResponse } from '../harness.js';

export interface PimcoreContext {
  /** Mount point, used for the `_links` hrefs (Symfony's router generates absolute paths). */
  prefix: string;
  /** Unix seconds; the CMF uses PHP `time()` everywhere. */
  now(): number;
  /** Wire name of the customer class field holding the customer number (the tenant's own class). */
  customerIdField: string;
}

export function errorsResponse(message: string, status = 400): SandboxResponse {
  return { status, body: { success: false, errors: [message] } };
}

export function msgResponse(message: string, status = 400): SandboxResponse {
  return { status, body: { success: false, msg: message } };
}

export function singleResponse(ctx: PimcoreContext, data: unknown, status = 200): SandboxResponse {
  return { status, body: { timestamp: ctx.now(), data } };
}

export function noContent(): SandboxResponse {
  return { status: 204 };
}

export function selfLinks(ctx: PimcoreContext, collection: string, id: number): { rel: string; href: string; method: string }[] {
  return [{ rel: 'self', href: `${ctx.prefix}/${collection}/${id}`, method: 'GET' }];
}

/** PHP `intval()`: leading integer or 0, so `/customers/abc` looks up id 0 like the CMF does. */
export function phpInt(value: string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const m = /^\s*([+-]?\d+)/.exec(value);
  return m?.[1] ? Number.parseInt(m[1], 10) : 0;
}

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: SandboxResponse };

/**
 * `getRequestData()`: `json_decode($body, true)` returning null throws MissingRequestBodyException,
 * which the controller renders as a `msg` body. Scalars and lists cannot be handled as the
 * associative array every handler expects, so they are rejected the same way (assumed).
 */
export function readBody(req: SandboxRequest): BodyResult {
  const parsed = req.json();
  if (!parsed.ok || !isRecord(parsed.value)) return { ok: false, response: msgResponse('Request body is no valid JSON', 400) };
  return { ok: true, value: parsed.value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface Paging {
  page: number;
  pageSize: number;
}

/**
 * `page`/`pageSize` with defaults 1 and 100 (AbstractHandler::handlePaginatorParams). Non-positive
 * values make the paginator throw upstream (an unhandled 500); the sandbox answers 400 with the
 * paginator's message instead (assumed), so a client bug shows up as a clear error.
 */
export function readPaging(query: URLSearchParams): Paging | SandboxResponse {
  const pageSize = query.has('pageSize') ? phpInt(query.get('pageSize')) : 100;
  const page = query.has('page') ? phpInt(query.get('page')) : 1;
  if (pageSize < 1 || page < 1) {
    return errorsResponse(`Invalid item per page number. Limit: ${pageSize} and Page: ${page}, must be positive non-zero integers`);
  }
  return { page, pageSize };
}

export function isPaging(value: Paging | SandboxResponse): value is Paging {
  return 'pageSize' in value;
}

/** `{page, totalPages, timestamp, data}`; a page past the end is empty rather than clamped. */
export function listResponse<T>(ctx: PimcoreContext, items: readonly T[], paging: Paging, hydrate: (item: T) => unknown): SandboxResponse {
  const totalPages = Math.ceil(items.length / paging.pageSize);
  const start = (paging.page - 1) * paging.pageSize;
  const data = items.slice(start, start + paging.pageSize).map(hydrate);
  return { status: 200, body: { page: paging.page, totalPages, timestamp: ctx.now(), data } };
}
