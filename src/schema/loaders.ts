// Request-scoped loaders the schema shares: one DataLoader per (entity, vendor, embeds), so the
// same id asked twice in a query is one vendor call and batches reach the adapter whole.
import { brandWithType } from '@pothos/core';
import type { GatewayContext } from '../context.js';
import type { Vendor } from '../domain/vendor.js';
import { parseLocalId } from '../ids.js';
import { type CustomerInclude, NO_INCLUDE } from '../sources/customers.js';
import { asError } from '../sources/outcomes.js';

export function customerLoader(ctx: GatewayContext, vendor: Vendor, include: CustomerInclude = NO_INCLUDE) {
  return ctx.scope.customers(vendor, include);
}

/** Generic per-request entity loader keyed by native id. */
export function entityLoader<V>(ctx: GatewayContext, key: string, batch: (ids: readonly string[]) => Promise<(V | Error)[]>) {
  return ctx.scope.loader<string, V>(key, batch);
}

/**
 * Loads local ids (`VENDOR:native`, already validated by the ID decoder) of one node type.
 * A missing node resolves to its Error instead of rejecting: Pothos awaits the whole batch at once,
 * so one rejection would fail all of `nodes`, while graphql-js turns an Error *value* into a null
 * at that position plus an error, keeping the other nodes.
 */
export function loadByLocalIds<V>(
  typename: string,
  localIds: readonly string[],
  load: (vendor: Vendor, nativeId: string) => Promise<V>,
): Promise<V>[] {
  return localIds.map((local) => {
    let id: { vendor: Vendor; nativeId: string };
    try {
      id = parseLocalId(local);
    } catch (error) {
      return Promise.resolve(asError(error)) as Promise<V>;
    }
    const settled: Promise<V | Error> = load(id.vendor, id.nativeId).then((value) => {
      // Brand before anyone awaits the value: Pothos brands only after the whole batch, and a
      // second lookup of the same id in one query (node + nodes) can resolve its type earlier.
      // Pothos itself brands with the type name string, as here; its typing only lists refs.
      if (typeof value === 'object' && value !== null) brandWithType(value, typename as never);
      return value;
    }, asError);
    return settled as Promise<V>;
  });
}
