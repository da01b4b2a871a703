// Raw Pimcore CMF calls: one method per documented operation, wire types out.
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { createVendorPool } from '../../http/pool.js';
import { type QueryValue, requestJson, type VendorHttp } from '../../http/request-json.js';
import { VendorResilience } from '../../resilience/policy.js';
import { quotaStoreFor } from '../../resilience/shared-quota.js';
import type { SharedStore } from '../../state/store.js';
import type { PimcoreConfig } from './config.js';
import {
  DeletionsResponse,
  describePimcoreError,
  listEnvelope,
  maybeEnveloped,
  NoContent,
  SuccessResponse,
  singleEnvelope,
  WireActivity,
  WireCustomer,
  WireSegment,
  WireSegmentGroup,
} from './wire.js';

export interface ListParams {
  page: number;
  pageSize: number;
  [key: string]: QueryValue;
}

export class PimcoreClient {
  /** Retries, breaker and quota of every call to the vendor, logins included. */
  readonly resilience: VendorResilience;
  private readonly http: VendorHttp;
  private readonly pool: Dispatcher & { close(): Promise<void> };

  constructor(
    private readonly config: PimcoreConfig,
    state?: SharedStore,
  ) {
    this.resilience = new VendorResilience('PIMCORE', config.resilience, quotaStoreFor(state));
    this.pool = createVendorPool(config.url, config);
    this.http = {
      vendor: 'PIMCORE',
      resilience: this.resilience,
      dispatcher: this.pool,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      describeError: describePimcoreError,
    };
  }

  private async call<S extends z.ZodType>(
    method: Dispatcher.HttpMethod,
    path: string,
    operation: string,
    schema: S,
    extra: { query?: Record<string, QueryValue>; json?: unknown } = {},
  ): Promise<z.output<S>> {
    // The header form of the key, never `?apikey=`: query strings end up in access logs.
    const res = await requestJson(this.http, { method, path, operation, schema, headers: { 'X-API-Key': this.config.apiKey }, ...extra });
    return res.data;
  }

  listCustomers(params: ListParams & { includeActivities?: boolean; segments?: string; modificationTimestamp?: number }) {
    return this.call('GET', '/customers', 'GET /customers', listEnvelope(WireCustomer), { query: params });
  }
  getCustomer(id: string, includeActivities: boolean) {
    return this.call('GET', `/customers/${encodeURIComponent(id)}`, 'GET /customers/{id}', singleEnvelope(WireCustomer), {
      query: { includeActivities: includeActivities || undefined },
    });
  }
  createCustomer(body: Record<string, unknown>) {
    return this.call('POST', '/customers', 'POST /customers', singleEnvelope(WireCustomer), { json: body });
  }
  updateCustomer(id: string, body: Record<string, unknown>) {
    return this.call('PATCH', `/customers/${encodeURIComponent(id)}`, 'PATCH /customers/{id}', singleEnvelope(WireCustomer), {
      json: body,
    });
  }
  deleteCustomer(id: string) {
    return this.call('DELETE', `/customers/${encodeURIComponent(id)}`, 'DELETE /customers/{id}', NoContent);
  }

  listActivities(params: ListParams & { type?: string; modifiedSinceTimestamp?: number }) {
    return this.call('GET', '/activities', 'GET /activities', listEnvelope(WireActivity), { query: params });
  }
  getActivity(id: string) {
    return this.call('GET', `/activities/${encodeURIComponent(id)}`, 'GET /activities/{id}', singleEnvelope(WireActivity));
  }
  createActivity(body: Record<string, unknown>) {
    return this.call('POST', '/activities', 'POST /activities', singleEnvelope(WireActivity), { json: body });
  }
  updateActivity(id: string, body: Record<string, unknown>) {
    return this.call('PATCH', `/activities/${encodeURIComponent(id)}`, 'PATCH /activities/{id}', singleEnvelope(WireActivity), {
      json: body,
    });
  }
  deleteActivity(id: string) {
    return this.call('DELETE', `/activities/${encodeURIComponent(id)}`, 'DELETE /activities/{id}', NoContent);
  }

  listSegments(params: ListParams) {
    return this.call('GET', '/segments', 'GET /segments', listEnvelope(WireSegment), { query: params });
  }
  createSegment(body: Record<string, unknown>) {
    return this.call('POST', '/segments', 'POST /segments', maybeEnveloped(WireSegment), { json: body });
  }
  updateSegment(id: string, body: Record<string, unknown>) {
    return this.call('PATCH', `/segments/${encodeURIComponent(id)}`, 'PATCH /segments/{id}', maybeEnveloped(WireSegment), { json: body });
  }
  deleteSegment(id: string) {
    return this.call('DELETE', `/segments/${encodeURIComponent(id)}`, 'DELETE /segments/{id}', NoContent);
  }

  listSegmentGroups(params: ListParams) {
    return this.call('GET', '/segment-groups', 'GET /segment-groups', listEnvelope(WireSegmentGroup), { query: params });
  }
  createSegmentGroup(body: Record<string, unknown>) {
    return this.call('POST', '/segment-groups', 'POST /segment-groups', maybeEnveloped(WireSegmentGroup), { json: body });
  }
  updateSegmentGroup(id: string, body: Record<string, unknown>) {
    return this.call('PATCH', `/segment-groups/${encodeURIComponent(id)}`, 'PATCH /segment-groups/{id}', maybeEnveloped(WireSegmentGroup), {
      json: body,
    });
  }
  deleteSegmentGroup(id: string) {
    return this.call('DELETE', `/segment-groups/${encodeURIComponent(id)}`, 'DELETE /segment-groups/{id}', NoContent);
  }

  segmentsOfCustomer(body: { customerId: number; addSegments: number[]; removeSegments: number[] }) {
    return this.call('POST', '/segments-of-customers', 'POST /segments-of-customers', SuccessResponse, { json: body });
  }

  deletions(entityType: 'customers' | 'activities', deletionsSinceTimestamp: number | undefined) {
    return this.call('GET', '/deletions', 'GET /deletions', DeletionsResponse, { query: { entityType, deletionsSinceTimestamp } });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
