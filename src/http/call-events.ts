// One event per vendor HTTP attempt, published on a diagnostics channel. It is the seam between the
// call path (src/http/, retries in src/resilience/) and whatever watches it (logs, metrics, tests):
// the call path never imports an observer, and an observer never wraps the call path. Publishing
// costs nothing while nobody subscribes.
import { channel } from 'node:diagnostics_channel';
import type { Vendor } from '../domain/vendor.js';
import type { ErrorCode } from '../errors.js';
import { currentRequest, type RequestContext } from '../request-context.js';

export interface VendorCallEvent {
  vendor: Vendor;
  /** The operation template (`GET /customers/{id}`): bounded, never a URL, query string or credential. */
  operation: string;
  method: string;
  /** HTTP status when the vendor answered; absent for connection errors, timeouts and aborts. */
  status: number | undefined;
  durationMs: number;
  /** 1 for the first try; retries count up. */
  attempt: number;
  /** Set when the attempt failed. */
  errorCode: ErrorCode | undefined;
  /** The GraphQL request the call ran for; undefined for shared background work (logins, exports, probes). */
  request: RequestContext | undefined;
}

const vendorCalls = channel('cdp-gateway:vendor-call');

export function publishVendorCall(event: Omit<VendorCallEvent, 'request'>): void {
  if (vendorCalls.hasSubscribers) vendorCalls.publish({ ...event, request: currentRequest() } satisfies VendorCallEvent);
}

/** Calls `listener` for every vendor attempt in this process; returns the unsubscribe function. */
export function subscribeVendorCalls(listener: (event: VendorCallEvent) => void): () => void {
  const handler = (message: unknown) => listener(message as VendorCallEvent);
  vendorCalls.subscribe(handler);
  return () => vendorCalls.unsubscribe(handler);
}
