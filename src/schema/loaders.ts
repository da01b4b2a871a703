// Request-scoped loaders the schema shares: one DataLoader per (entity, vendor, embeds), so the
// same id asked twice in a query is one vendor call and batches reach the adapter whole.
import type { CustomerRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import type { GatewayContext } from '../context.js';
import { type CustomerInclude, NO_INCLUDE } from '../sources/customers.js';

export function customerLoader(ctx: GatewayContext, vendor: Vendor, include: CustomerInclude = NO_INCLUDE) {
  const port = ctx.sources.port(vendor, 'customers', 'customer lookup');
  const key = `customer:${vendor}:${include.activities ? 'a' : ''}${include.customItems ? 'c' : ''}`;
  return ctx.scope.loader<string, CustomerRecord>(key, (ids) => port.load(ctx.scope, ids, include));
}

/** Generic per-request entity loader keyed by native id. */
export function entityLoader<V>(ctx: GatewayContext, key: string, batch: (ids: readonly string[]) => Promise<(V | Error)[]>) {
  return ctx.scope.loader<string, V>(key, batch);
}

/**
 * Loads local ids (`VENDOR:native`, already validated by the ID decoder) of one node type. One
 * promise per id: a missing node rejects alone, so `nodes` keeps the others.
 */
export function loadByLocalIds<V>(localIds: readonly string[], load: (vendor: Vendor, nativeId: string) => Promise<V>): Promise<V>[] {
  return localIds.map((local) => {
    const sep = local.indexOf(':');
    return load(local.slice(0, sep) as Vendor, local.slice(sep + 1));
  });
}
