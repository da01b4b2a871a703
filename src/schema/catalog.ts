import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import type { CatalogItemRecord, CatalogRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import { NotFoundError } from '../errors.js';
import { expectId, localId } from '../ids.js';
import { forwardWindow } from '../pagination/args.js';
import { connectionOf } from '../pagination/connection.js';
import { catalogItemVendorId, type CatalogItemRef as ItemRef, parseCatalogItemVendorId } from '../sources/catalogs.js';
import { entityLoader, loadByLocalIds } from './loaders.js';
import { VendorEnum } from './vendor-enum.js';

export const CatalogRef = builder.objectRef<CatalogRecord>('Catalog');
export const CatalogItemRef = builder.objectRef<CatalogItemRecord>('CatalogItem');

export function catalogLoader(ctx: GatewayContext, vendor: Vendor) {
  const load = ctx.sources.op(vendor, 'catalogs.load');
  return entityLoader(ctx, `catalog:${vendor}`, (ids) => load(ctx.scope, ids));
}

/** Keyed by the item's native id (`catalogId:key`), so the same item asked twice is one lookup. */
export function catalogItemLoader(ctx: GatewayContext, vendor: Vendor) {
  const loadItems = ctx.sources.op(vendor, 'catalogs.loadItems');
  return entityLoader(ctx, `catalog-item:${vendor}`, (ids) => {
    const refs = ids.map(parseCatalogItemVendorId);
    const valid = refs.filter((r): r is ItemRef => r !== undefined);
    return loadItems(ctx.scope, valid).then((found) => {
      let next = 0;
      return refs.map((ref, i) =>
        ref
          ? (found[next++] as CatalogItemRecord | Error)
          : new NotFoundError(`CatalogItem ${ids[i]} not found at ${vendor}`, { vendor, id: ids[i] }),
      );
    });
  });
}

/** The native catalog id from a Catalog global ID, for arguments that name a catalog. */
export function catalogIdOf(id: string | number, field: string): { vendor: Vendor; nativeId: string } {
  const parsed = expectId(String(id), 'Catalog', field);
  return { vendor: parsed.vendor, nativeId: parsed.nativeId };
}

builder.node(CatalogRef, {
  description: 'A named collection of key/value items kept at a vendor (products, stores, lookup tables).',
  id: { resolve: (c) => localId(c.vendor, c.vendorId) },
  loadMany: (ids, ctx) => loadByLocalIds('Catalog', ids, (vendor, id) => catalogLoader(ctx, vendor).load(id)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (c) => c.vendor }),
    vendorId: t.exposeString('vendorId', { description: "The vendor's own catalog id." }),
    name: t.exposeString('name'),
    attributes: t.field({ type: 'JSON', description: 'Vendor fields without a common meaning, untouched.', resolve: (c) => c.attributes }),
    items: t.connection(
      {
        type: CatalogItemRef,
        nullable: true,
        description: 'Items in the order the vendor keeps them.',
        resolve: async (catalog, args, ctx) => {
          const window = forwardWindow(args, 'catalog.items', catalog.vendor, catalog.vendorId);
          const items = ctx.sources.op(catalog.vendor, 'catalogs.items');
          return connectionOf(window, () => items(ctx.scope, catalog, window));
        },
      },
      { name: 'CatalogItemConnection' },
      { name: 'CatalogItemEdge' },
    ),
    item: t.field({
      type: CatalogItemRef,
      nullable: true,
      description: 'The item with this key; null plus a NOT_FOUND error when there is none.',
      args: { key: t.arg.string({ required: true }) },
      resolve: (catalog, args, ctx) =>
        catalogItemLoader(ctx, catalog.vendor).load(catalogItemVendorId({ catalogVendorId: catalog.vendorId, key: args.key })),
    }),
  }),
});

builder.node(CatalogItemRef, {
  description: 'One item of a catalog: a key and its value.',
  id: { resolve: (i) => localId(i.vendor, i.vendorId) },
  loadMany: (ids, ctx) => loadByLocalIds('CatalogItem', ids, (vendor, id) => catalogItemLoader(ctx, vendor).load(id)),
  fields: (t) => ({
    vendor: t.field({ type: VendorEnum, resolve: (i) => i.vendor }),
    vendorId: t.exposeString('vendorId', { description: 'Native id: `catalogId:key`.' }),
    key: t.exposeString('key', { description: 'Unique within its catalog (e.g. a SKU).' }),
    value: t.field({ type: 'JSON', description: 'The value exactly as it was written.', resolve: (i) => i.value }),
    attributes: t.field({ type: 'JSON', description: 'Vendor fields without a common meaning, untouched.', resolve: (i) => i.attributes }),
    catalog: t.field({
      type: CatalogRef,
      nullable: true,
      resolve: (i, _args, ctx) => catalogLoader(ctx, i.vendor).load(i.catalogVendorId),
    }),
  }),
});

builder.queryFields((t) => ({
  catalogs: t.connection(
    {
      type: CatalogRef,
      nullable: true,
      description: "One vendor's catalogs. Null with an error in `errors` when that vendor fails.",
      args: { vendor: t.arg({ type: VendorEnum, required: true }) },
      resolve: async (_root, args, ctx) => {
        const window = forwardWindow(args, 'catalogs', args.vendor, null);
        const list = ctx.sources.op(args.vendor, 'catalogs.list');
        return connectionOf(window, () => list(ctx.scope, window));
      },
    },
    { name: 'CatalogConnection' },
    { name: 'CatalogEdge' },
  ),
  catalog: t.field({
    type: CatalogRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const { vendor, nativeId } = catalogIdOf(args.id, 'id');
      return catalogLoader(ctx, vendor).load(nativeId);
    },
  }),
}));
