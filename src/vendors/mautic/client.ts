// Raw Mautic calls: one method per contact endpoint the Custom Objects plugin rides on, wire types out.
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { createVendorPool } from '../../http/pool.js';
import { type QueryValue, requestJson, type VendorHttp } from '../../http/request-json.js';
import { VendorResilience } from '../../resilience/policy.js';
import { quotaStoreFor } from '../../resilience/shared-quota.js';
import type { SharedStore } from '../../state/store.js';
import type { MauticConfig } from './config.js';
import { BatchResponse, ContactEnvelope, ContactList, describeMauticError } from './wire.js';

export interface WhereClause {
  col: string;
  expr: 'eq' | 'in' | 'gte' | 'lte';
  val: string | readonly string[];
}

export interface ContactQuery {
  search?: string | undefined;
  where?: readonly WhereClause[] | undefined;
  start: number;
  limit: number;
  includeCustomObjects: boolean;
}

/**
 * One value of an `in` list as `str_getcsv($val, ',', '"')` reads it: quoted (inner quotes
 * doubled) only when it holds a comma or a quote, because PHP's CSV escape character (a backslash)
 * could otherwise end a quoted field early.
 */
function csvValue(value: string): string {
  return /[",]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * `where[n][col|expr|val]` as PHP reads nested query keys. An `in` list is one string: core Mautic
 * (4.0 on) splits it with `str_getcsv` in `CommonRepository::buildWhereClauseFromArray` and fails
 * on an array `val`.
 */
export function whereQuery(where: readonly WhereClause[]): Record<string, string> {
  const query: Record<string, string> = {};
  where.forEach((clause, n) => {
    query[`where[${n}][col]`] = clause.col;
    query[`where[${n}][expr]`] = clause.expr;
    query[`where[${n}][val]`] = typeof clause.val === 'string' ? clause.val : clause.val.map(csvValue).join(',');
  });
  return query;
}

export class MauticClient {
  /** Retries, breaker and quota of every call to the vendor, logins included. */
  readonly resilience: VendorResilience;
  private readonly http: VendorHttp;
  private readonly pool: Dispatcher & { close(): Promise<void> };
  private readonly authorization: string;

  constructor(config: MauticConfig, state?: SharedStore) {
    this.resilience = new VendorResilience('MAUTIC', config.resilience, quotaStoreFor(state));
    this.pool = createVendorPool(config.url, config);
    this.http = {
      vendor: 'MAUTIC',
      resilience: this.resilience,
      dispatcher: this.pool,
      baseUrl: config.url,
      timeoutMs: config.timeoutMs,
      describeError: describeMauticError,
    };
    this.authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64')}`;
  }

  private async call<S extends z.ZodType>(
    method: Dispatcher.HttpMethod,
    path: string,
    operation: string,
    schema: S,
    extra: { query?: Record<string, QueryValue>; json?: unknown } = {},
  ): Promise<z.output<S>> {
    const res = await requestJson(this.http, { method, path, operation, schema, headers: { authorization: this.authorization }, ...extra });
    return res.data;
  }

  /** `includeCustomObjects` is sent only when wanted: the plugin doc says it slows requests down. */
  private static include(includeCustomObjects: boolean): Record<string, QueryValue> {
    return { includeCustomObjects: includeCustomObjects ? 'true' : undefined };
  }

  listContacts(q: ContactQuery) {
    return this.call('GET', '/api/contacts', 'GET /api/contacts', ContactList, {
      query: {
        search: q.search,
        ...whereQuery(q.where ?? []),
        start: q.start,
        limit: q.limit,
        // Without an order Mautic sorts by last activity, which moves under writes; ids do not.
        orderBy: 'id',
        orderByDir: 'asc',
        ...MauticClient.include(q.includeCustomObjects),
      },
    });
  }

  getContact(id: string, includeCustomObjects: boolean) {
    return this.call('GET', `/api/contacts/${encodeURIComponent(id)}`, 'GET /api/contacts/{id}', ContactEnvelope, {
      query: MauticClient.include(includeCustomObjects),
    });
  }

  /**
   * Creates the contact, or updates the one matching a unique identifier (email, customer_id); the
   * plugin's documented call for custom item writes.
   */
  upsertContact(body: Record<string, unknown>, includeCustomObjects: boolean) {
    return this.call('POST', '/api/contacts/new', 'POST /api/contacts/new', ContactEnvelope, {
      json: body,
      query: MauticClient.include(includeCustomObjects),
    });
  }

  /** Contact fields only: the plugin does not document (and some versions ignore) `customObjects` here. */
  editContact(id: string, body: Record<string, unknown>, includeCustomObjects: boolean) {
    return this.call('PATCH', `/api/contacts/${encodeURIComponent(id)}/edit`, 'PATCH /api/contacts/{id}/edit', ContactEnvelope, {
      json: body,
      query: MauticClient.include(includeCustomObjects),
    });
  }

  batchUpsert(bodies: readonly Record<string, unknown>[], includeCustomObjects: boolean) {
    return this.call('POST', '/api/contacts/batch/new', 'POST /api/contacts/batch/new', BatchResponse, {
      json: bodies,
      query: MauticClient.include(includeCustomObjects),
    });
  }

  deleteContact(id: string) {
    return this.call('DELETE', `/api/contacts/${encodeURIComponent(id)}/delete`, 'DELETE /api/contacts/{id}/delete', ContactEnvelope);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
