// OCAPI's response conventions: every document carries `_v`, errors are fault documents
// `{_v, fault: {arguments?, type, message}}`, and responses are marked uncacheable.
import type { SandboxRequest, SandboxResponse } from '../harness.js';

export const API_VERSION = '19.10';
/** Where the Data API lives on the instance. */
export const DATA_PATH = '/dw/data/v19_10';
/** The client-credentials token endpoint (Account Manager in production, same origin here). */
export const TOKEN_PATH = '/dw/oauth2/access_token';

const NO_CACHE = {
  expires: 'Thu, 01-Jan-1970 00:00:00 GMT',
  'cache-control': 'max-age=0,no-cache,no-store,must-revalidate',
  'content-type': 'application/json;charset=UTF-8',
} as const;

export function ok(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body, headers: { ...NO_CACHE, ...headers } };
}

export function noContent(): SandboxResponse {
  return { status: 204, headers: { expires: NO_CACHE.expires } };
}

export interface FaultDocument {
  _v: string;
  fault: { arguments?: Record<string, unknown>; type: string; message: string };
}

export function faultBody(type: string, message: string, args?: Record<string, unknown>): FaultDocument {
  return { _v: API_VERSION, fault: args ? { arguments: args, type, message } : { type, message } };
}

export function fault(status: number, type: string, message: string, args?: Record<string, unknown>): SandboxResponse {
  return { status, body: faultBody(type, message, args), headers: { ...NO_CACHE } };
}

export const siteNotFound = (siteId: string) => fault(404, 'SiteNotFoundException', `No site with ID '${siteId}' was found.`, { siteId });

/** Undocumented in the Sites doc (it names no fault for bad paging values); OCAPI's general parameter fault. */
export const malformedParameter = (parameter: string, value: string, why: string) =>
  fault(400, 'MalformedParameterException', `The value '${value}' of parameter '${parameter}' is malformed: ${why}`, { parameter, value });

/** Links point at the instance the client called, so a client can follow them to this sandbox. */
export function dataLink(req: SandboxRequest, path: string): string {
  return `http://${req.headers.host ?? '127.0.0.1'}${DATA_PATH}${path}`;
}
