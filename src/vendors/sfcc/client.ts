// Raw OCAPI Data API 19.10 Sites calls: one method per documented operation, wire types out. Every
// call carries the shared client-credentials token.

import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { createVendorPool } from '../../http/pool.js';
import { type QueryValue, requestJson, type VendorHttp } from '../../http/request-json.js';
import type { TokenCache } from '../../http/token-cache.js';
import { withToken } from '../../http/token-cache.js';
import { VendorResilience } from '../../resilience/policy.js';
import { quotaStoreFor } from '../../resilience/shared-quota.js';
import type { SharedStore } from '../../state/store.js';
import { createSfccTokenCache } from './auth.js';
import type { SfccConfig } from './config.js';
import {
  CartridgePathResponse,
  describeSfccError,
  listOf,
  NoContent,
  RecommendersResult,
  WireAbTest,
  WireCustomObject,
  type WireList,
  WireLocale,
  WirePreferences,
  WireSite,
  WireSlotConfiguration,
} from './wire.js';

// The wire schemas validate without normalising (wire.ts says why); these read what a caller needs.

/** A list page's items (under `data`, or `hits` for locales; left out when empty) and its total. */
export function pageOf<T>(doc: WireList<T>, key: 'data' | 'hits' = 'data'): { items: T[]; total: number } {
  return { items: (key === 'hits' ? doc.hits : doc.data) ?? [], total: doc.total };
}

/** The site and its cartridge path (`cartridge_path`, or `cartridges` as some samples spell it; '' when neither came). */
export function cartridgePathOf(doc: CartridgePathResponse): { siteId: string | undefined; path: string } {
  return { siteId: doc.site_id, path: doc.cartridge_path ?? doc.cartridges ?? '' };
}

interface CallOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface Paging {
  start: number;
  count: number;
  select?: string | undefined;
}

export interface SfccClientOptions {
  /** Clock for token expiry; tests move it forward. */
  now?: () => number;
  /** Shares the token with other replicas (one token call across them). */
  state?: SharedStore | undefined;
}

const SiteList = listOf(WireSite);
const AbTestList = listOf(WireAbTest);
const SlotList = listOf(WireSlotConfiguration);
const LocaleList = listOf(WireLocale);

const enc = encodeURIComponent;

export class SfccClient {
  /** Retries, breaker and quota of every call to the vendor, logins included. */
  readonly resilience: VendorResilience;
  private readonly http: VendorHttp;
  private readonly pools: (Dispatcher & { close(): Promise<void> })[] = [];
  private readonly tokens: TokenCache;

  constructor(config: SfccConfig, options: SfccClientOptions = {}) {
    this.resilience = new VendorResilience('SFCC', config.resilience, quotaStoreFor(options.state));
    const dataPool = createVendorPool(config.url, config);
    this.pools.push(dataPool);
    this.http = {
      vendor: 'SFCC',
      resilience: this.resilience,
      dispatcher: dataPool,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      describeError: describeSfccError,
      // OCAPI documents PUT (create or replace) and DELETE as idempotent: they are retried like reads.
      idempotentMethods: ['PUT', 'DELETE'],
    };
    // Account Manager is another host in production; a pool of its own keeps the origins apart.
    const authPool = createVendorPool(config.authUrl, { ...config, maxConnections: 2 });
    this.pools.push(authPool);
    const authHttp: VendorHttp = {
      vendor: 'SFCC',
      resilience: this.resilience,
      dispatcher: authPool,
      baseUrl: config.authUrl,
      timeoutMs: config.timeoutMs,
      describeError: describeSfccError,
    };
    // In one process the cache's own single-flight is all there is to share.
    const shared =
      options.state?.kind !== 'redis'
        ? undefined
        : {
            store: options.state,
            vendor: 'SFCC' as const,
            identity: `${config.authUrl}\n${config.clientId}`,
            leaseMs: config.timeoutMs,
          };
    this.tokens = createSfccTokenCache(authHttp, config.clientId, config.clientSecret, options.now, shared);
  }

  private async call<S extends z.ZodType>(
    method: Dispatcher.HttpMethod,
    path: string,
    operation: string,
    schema: S,
    options: CallOptions = {},
  ): Promise<{ data: z.output<S>; status: number }> {
    return withToken(this.tokens, async (token) => {
      const res = await requestJson(this.http, {
        method,
        path,
        operation,
        schema,
        query: options.query,
        json: options.json,
        headers: { ...options.headers, authorization: `Bearer ${token}` },
      });
      return { data: res.data, status: res.status };
    });
  }

  async listSites(p: Paging) {
    return pageOf((await this.call('GET', '/sites', 'GET /sites', SiteList, { query: { ...p } })).data);
  }
  async getSite(siteId: string, select: string | undefined) {
    return (await this.call('GET', `/sites/${enc(siteId)}`, 'GET /sites/{site_id}', WireSite, { query: { select } })).data;
  }
  async listAbTests(siteId: string, p: Paging) {
    return pageOf(
      (await this.call('GET', `/sites/${enc(siteId)}/ab_tests`, 'GET /sites/{site_id}/ab_tests', AbTestList, { query: { ...p } })).data,
    );
  }
  async listSlotConfigurations(siteId: string, p: Paging) {
    return pageOf(
      (
        await this.call('GET', `/sites/${enc(siteId)}/slot_configurations`, 'GET /sites/{site_id}/slot_configurations', SlotList, {
          query: { ...p },
        })
      ).data,
    );
  }
  async listLocales(siteId: string, p: Paging & { includeAll: boolean }) {
    const { includeAll, ...paging } = p;
    return pageOf(
      (
        await this.call('GET', `/sites/${enc(siteId)}/locale_info/locales`, 'GET /sites/{site_id}/locale_info/locales', LocaleList, {
          query: { ...paging, include_all: includeAll || undefined },
        })
      ).data,
      'hits',
    );
  }
  async recommenderNames(siteId: string) {
    return (
      await this.call('GET', `/sites/${enc(siteId)}/ai/recommender_names`, 'GET /sites/{site_id}/ai/recommender_names', RecommendersResult)
    ).data;
  }

  private static objectPath(siteId: string, objectType: string, key: string): string {
    return `/sites/${enc(siteId)}/custom_objects/${enc(objectType)}/${enc(key)}`;
  }
  async getCustomObject(siteId: string, objectType: string, key: string, select: string | undefined) {
    const path = SfccClient.objectPath(siteId, objectType, key);
    return (
      await this.call('GET', path, 'GET /sites/{site_id}/custom_objects/{object_type}/{key}', WireCustomObject, { query: { select } })
    ).data;
  }
  /** Create or overwrite; `_resource_state` in the body makes it conditional. */
  async putCustomObject(siteId: string, objectType: string, key: string, body: Record<string, unknown>) {
    const path = SfccClient.objectPath(siteId, objectType, key);
    return (await this.call('PUT', path, 'PUT /sites/{site_id}/custom_objects/{object_type}/{key}', WireCustomObject, { json: body })).data;
  }
  async patchCustomObject(siteId: string, objectType: string, key: string, body: Record<string, unknown>) {
    const path = SfccClient.objectPath(siteId, objectType, key);
    return (await this.call('PATCH', path, 'PATCH /sites/{site_id}/custom_objects/{object_type}/{key}', WireCustomObject, { json: body }))
      .data;
  }
  async deleteCustomObject(siteId: string, objectType: string, key: string, resourceState: string | undefined) {
    const path = SfccClient.objectPath(siteId, objectType, key);
    await this.call('DELETE', path, 'DELETE /sites/{site_id}/custom_objects/{object_type}/{key}', NoContent, {
      headers: resourceState === undefined ? {} : { 'x-dw-resource-state': resourceState },
    });
  }

  private static preferencesPath(siteId: string, groupId: string, instanceType: string): string {
    return `/sites/${enc(siteId)}/site_preferences/preference_groups/${enc(groupId)}/${enc(instanceType)}`;
  }
  /** Password preferences always masked: the gateway never hands them out. */
  async getPreferences(siteId: string, groupId: string, instanceType: string) {
    const path = SfccClient.preferencesPath(siteId, groupId, instanceType);
    const op = 'GET /sites/{site_id}/site_preferences/preference_groups/{group_id}/{instance_type}';
    return (await this.call('GET', path, op, WirePreferences, { query: { mask_passwords: true } })).data;
  }
  async patchPreferences(siteId: string, groupId: string, instanceType: string, body: Record<string, unknown>) {
    const path = SfccClient.preferencesPath(siteId, groupId, instanceType);
    const op = 'PATCH /sites/{site_id}/site_preferences/preference_groups/{group_id}/{instance_type}';
    return (await this.call('PATCH', path, op, WirePreferences, { json: body, query: { mask_passwords: true } })).data;
  }

  async replaceCartridges(siteId: string, body: { cartridges: string }) {
    return cartridgePathOf(
      (
        await this.call('PUT', `/sites/${enc(siteId)}/cartridges`, 'PUT /sites/{site_id}/cartridges', CartridgePathResponse, {
          json: body,
        })
      ).data,
    );
  }
  async addCartridge(siteId: string, body: { name: string; position: string; target?: string | undefined }) {
    return cartridgePathOf(
      (
        await this.call('POST', `/sites/${enc(siteId)}/cartridges`, 'POST /sites/{site_id}/cartridges', CartridgePathResponse, {
          json: body,
        })
      ).data,
    );
  }
  async removeCartridge(siteId: string, name: string) {
    const op = 'DELETE /sites/{site_id}/cartridges/{cartridge_name}';
    return cartridgePathOf((await this.call('DELETE', `/sites/${enc(siteId)}/cartridges/${enc(name)}`, op, CartridgePathResponse)).data);
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }
}
