import { z } from 'zod';
import { builder } from '../../builder.js';
import { globalId } from '../../ids.js';
import { catalogItemVendorId } from '../../sources/catalogs.js';
import { CatalogItemRef } from '../catalog.js';
import { asMutationResult, mutationErrors } from '../errors.js';
import { idOf, parseInput } from '../input.js';
import { DeletePayloadRef, outcomePayload } from '../payloads.js';

const CatalogItemPayloadRef = outcomePayload('CatalogItemPayload', 'catalogItem', CatalogItemRef);

// Keys are kept exactly as sent (they are vendor identifiers such as SKUs); only empty is refused.
const ItemKeySchema = z.object({ key: z.string({ error: 'is required' }).min(1, 'must not be empty') });

const UpsertCatalogItemInput = builder.inputType('UpsertCatalogItemInput', {
  fields: (t) => ({
    catalogId: t.id({ required: true }),
    key: t.string({ required: true, description: 'The item key, unique within the catalog (e.g. a SKU).' }),
    value: t.field({ type: 'JSON', required: true, description: 'The whole new value; it replaces the stored one.' }),
  }),
});

const DeleteCatalogItemInput = builder.inputType('DeleteCatalogItemInput', {
  fields: (t) => ({
    catalogId: t.id({ required: true }),
    key: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  upsertCatalogItem: t.field({
    type: CatalogItemPayloadRef,
    description: 'Creates the item with this key, or replaces its value when it exists.',
    errors: mutationErrors('upsertCatalogItem'),
    args: { input: t.arg({ type: UpsertCatalogItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const catalog = idOf('Catalog', input.catalogId, 'catalogId');
        const { key } = parseInput(ItemKeySchema, { key: input.key });
        const upsert = ctx.sources.op(catalog.vendor, 'catalogs.upsertItem');
        return upsert(ctx.scope, { catalogVendorId: catalog.nativeId, key, value: input.value });
      }),
  }),
  deleteCatalogItem: t.field({
    type: DeletePayloadRef,
    errors: mutationErrors('deleteCatalogItem'),
    args: { input: t.arg({ type: DeleteCatalogItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const catalog = idOf('Catalog', input.catalogId, 'catalogId');
        const { key } = parseInput(ItemKeySchema, { key: input.key });
        const remove = ctx.sources.op(catalog.vendor, 'catalogs.deleteItem');
        const ref = { catalogVendorId: catalog.nativeId, key };
        const outcome = await remove(ctx.scope, ref);
        return { deletedId: globalId('CatalogItem', catalog.vendor, catalogItemVendorId(ref)), status: outcome.status };
      }),
  }),
}));
