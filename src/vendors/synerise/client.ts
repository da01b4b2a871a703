// Raw Synerise calls: one method per operation, wire types out. Every call but the login carries
// the workspace JWT; `/v4/*` calls also need `Api-Version`.

import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { createVendorPool } from '../../http/pool.js';
import { type QueryValue, requestJson, type VendorHttp } from '../../http/request-json.js';
import type { TokenCache } from '../../http/token-cache.js';
import { withToken } from '../../http/token-cache.js';
import { VendorResilience } from '../../resilience/policy.js';
import { quotaStoreFor } from '../../resilience/shared-quota.js';
import type { SharedStore } from '../../state/store.js';
import { createTokenCache } from './auth.js';
import type { SyneriseConfig } from './config.js';
import {
  Accepted,
  ActivityPage,
  CrmCustomers,
  catalogEnvelope,
  describeSyneriseError,
  ProfileList,
  WireCatalog,
  WireCatalogItem,
  WireProfile,
} from './wire.js';

/** The version the reference documents; every `/v4` operation refuses a request without it. */
// Built once: zod compiles a schema on its first parse (see vendors/schema-memo.ts).
const CatalogList = catalogEnvelope(z.array(WireCatalog));
const CatalogItemList = catalogEnvelope(z.array(WireCatalogItem));

const API_VERSION = '4.4';

export type ProfileIdentifier = 'by-email' | 'by-custom-id' | 'by-uuid';

export interface EventsQuery {
  limit: number;
  pageToken?: string | undefined;
  sortBy: 'time:asc' | 'time:desc';
  dateFrom?: number;
  dateTo?: number;
}

/**
 * Body of `POST /activities-api/events/by/id`. The `additionalData` values are strings, as the
 * reference shows them; `raw` asks for the stored params (the event storage shape has none).
 */
export function eventsByIdBody(clientId: string, params: EventsQuery): { identifierValue: string; additionalData: Record<string, string> } {
  const additionalData: Record<string, string> = { limit: String(params.limit), sortBy: params.sortBy, raw: 'true' };
  if (params.pageToken) additionalData.pageToken = params.pageToken;
  if (params.dateFrom !== undefined) additionalData.dateFrom = String(params.dateFrom);
  if (params.dateTo !== undefined) additionalData.dateTo = String(params.dateTo);
  return { identifierValue: clientId, additionalData };
}

/** Body of "Add a single item to the catalog". */
export function catalogItemBody(itemKey: string, value: Record<string, unknown>): { itemKey: string; value: Record<string, unknown> } {
  return { itemKey, value };
}

interface CallOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** A read sent as POST says so: it is retried, and a timeout is no unknown write. */
  idempotent?: boolean;
}

export class SyneriseClient {
  /** Retries, breaker and quota of every call to the vendor, logins included. */
  readonly resilience: VendorResilience;
  private readonly http: VendorHttp;
  private readonly pool: Dispatcher & { close(): Promise<void> };
  private readonly tokens: TokenCache;

  constructor(config: SyneriseConfig, state?: SharedStore) {
    this.resilience = new VendorResilience('SYNERISE', config.resilience, quotaStoreFor(state));
    this.pool = createVendorPool(config.url, config);
    this.http = {
      vendor: 'SYNERISE',
      resilience: this.resilience,
      dispatcher: this.pool,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      describeError: describeSyneriseError,
    };
    // The same origin and key log in once across replicas sharing `state`.
    // In one process the cache's own single-flight is all there is to share.
    const shared =
      state?.kind !== 'redis'
        ? undefined
        : {
            store: state,
            vendor: 'SYNERISE' as const,
            identity: `${config.url}\n${config.apiKey}`,
            leaseMs: config.timeoutMs,
          };
    this.tokens = createTokenCache(this.http, config.apiKey, Date.now, shared);
  }

  private call<S extends z.ZodType>(
    method: Dispatcher.HttpMethod,
    path: string,
    operation: string,
    schema: S,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = {
      // The reference lists Content-Type as required even on some GETs; it costs nothing to send.
      'content-type': 'application/json',
      ...(path.startsWith('/v4/') ? { 'api-version': API_VERSION } : {}),
    };
    return withToken(this.tokens, async (token) => {
      const res = await requestJson(this.http, {
        method,
        path,
        operation,
        schema,
        headers: { ...headers, authorization: `Bearer ${token}` },
        ...options,
      });
      return res.data;
    });
  }

  // ---- v4 profiles ---------------------------------------------------------------------------

  listProfiles(pageIndex: number, pageSize: number) {
    return this.call('GET', '/v4/clients', 'GET /v4/clients', ProfileList, { query: { pageIndex, pageSize } });
  }
  getProfile(clientId: string) {
    return this.call('GET', `/v4/clients/${encodeURIComponent(clientId)}`, 'GET /v4/clients/{clientId}', WireProfile);
  }
  findProfile(identifier: ProfileIdentifier, value: string) {
    return this.call('GET', `/v4/clients/${identifier}/${encodeURIComponent(value)}`, `GET /v4/clients/${identifier}/{value}`, WireProfile);
  }
  createProfile(body: Record<string, unknown>) {
    return this.call('POST', '/v4/clients', 'POST /v4/clients', Accepted, { json: body });
  }
  batchProfiles(items: readonly Record<string, unknown>[]) {
    return this.call('POST', '/v4/clients/batch', 'POST /v4/clients/batch', Accepted, { json: items });
  }
  updateProfile(clientId: string, body: Record<string, unknown>) {
    return this.call('POST', `/v4/clients/${encodeURIComponent(clientId)}`, 'POST /v4/clients/{clientId}', Accepted, { json: body });
  }
  deleteProfile(clientId: string) {
    return this.call('DELETE', `/v4/clients/${encodeURIComponent(clientId)}`, 'DELETE /v4/clients/{clientId}', Accepted);
  }

  // ---- events ----------------------------------------------------------------------------------

  customEvent(body: Record<string, unknown>) {
    return this.call('POST', '/v4/events/custom', 'POST /v4/events/custom', Accepted, { json: body });
  }
  batchEvents(items: readonly Record<string, unknown>[]) {
    return this.call('POST', '/v4/events/batch', 'POST /v4/events/batch', Accepted, { json: items });
  }

  /** A profile's events by clientId, cursor-paged. */
  eventsOfProfile(clientId: string, params: EventsQuery) {
    return this.call('POST', '/activities-api/events/by/id', 'POST /activities-api/events/by/{identifierType}', ActivityPage, {
      idempotent: true,
      json: eventsByIdBody(clientId, params),
    });
  }

  // ---- segmentations -----------------------------------------------------------------------------

  segmentationMembers(uuid: string, offset: number, limit: number) {
    return this.call(
      'GET',
      `/crm/v1/segmentations/${encodeURIComponent(uuid)}/clients`,
      'GET /crm/v1/segmentations/{UUID}/clients',
      CrmCustomers,
      {
        query: { offset, limit },
      },
    );
  }

  // ---- catalogs ----------------------------------------------------------------------------------

  listCatalogs(offset: number, limit: number) {
    return this.call('GET', '/catalogs/bags', 'GET /catalogs/bags', CatalogList, { query: { offset, limit } });
  }
  getCatalog(catalogId: string) {
    return this.call(
      'GET',
      `/catalogs/bags/${encodeURIComponent(catalogId)}`,
      'GET /catalogs/bags/{catalogId}',
      catalogEnvelope(WireCatalog),
    );
  }
  listItems(catalogId: string, offset: number, limit: number) {
    return this.call(
      'GET',
      `/catalogs/bags/${encodeURIComponent(catalogId)}/items`,
      'GET /catalogs/bags/{catalogId}/items',
      CatalogItemList,
      {
        query: { offset, limit },
      },
    );
  }
  getItem(catalogId: string, itemKey: string) {
    return this.call(
      'GET',
      `/catalogs/bags/${encodeURIComponent(catalogId)}/items/itemKey/${encodeURIComponent(itemKey)}`,
      'GET /catalogs/bags/{catalogId}/items/itemKey/{itemKey}',
      catalogEnvelope(WireCatalogItem),
    );
  }
  /** "Add a single item to the catalog"; what it does to an existing itemKey is not documented. */
  addItem(catalogId: string, itemKey: string, value: Record<string, unknown>) {
    return this.call('POST', `/catalogs/bags/${encodeURIComponent(catalogId)}/items`, 'POST /catalogs/bags/{catalogId}/items', Accepted, {
      json: catalogItemBody(itemKey, value),
    });
  }
  deleteItem(catalogId: string, itemKey: string) {
    return this.call(
      'DELETE',
      `/catalogs/bags/${encodeURIComponent(catalogId)}/items/itemKey/${encodeURIComponent(itemKey)}`,
      'DELETE /catalogs/bags/{catalogId}/items/itemKey/{itemKey}',
      Accepted,
    );
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
