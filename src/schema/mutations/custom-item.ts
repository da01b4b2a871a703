// Custom item writes. SFCC objects are written per site with optimistic locking (`expectedVersion`
// → `_resource_state`); Mautic items ride on contact edits, and `upsertCustomItems` sends many
// contacts' items in one batch call. Everything the schema can check is checked before any vendor
// call, so a bad input never reaches the vendor and never leaves half a contact written.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { GatewayContext } from '../../context.js';
import type { CustomItemRecord, WriteOutcome } from '../../domain/model.js';
import type { Vendor } from '../../domain/vendor.js';
import { type FieldIssue, UnsupportedOperationError, ValidationError } from '../../errors.js';
import type { ParsedId } from '../../ids.js';
import { type BatchOutcome, failAll, writeBatch } from '../../sources/batch.js';
import { type CustomItemWrite, parseCustomItemLocator } from '../../sources/custom-items.js';
import { CustomItemRef } from '../custom-item.js';
import { asMutationResult, mutationErrors } from '../errors.js';
import { idOf, optionalText, parseInput } from '../input.js';
import { DeletePayloadRef, outcomePayload } from '../payloads.js';
import { batchPayload, checkSize, ONE_BY_ONE_CONCURRENCY, toResults } from './batch.js';

const CustomItemPayloadRef = outcomePayload('CustomItemPayload', 'customItem', CustomItemRef);
const UpsertCustomItemsPayloadRef = batchPayload<CustomItemRecord>(
  'UpsertCustomItemsPayload',
  'CustomItemBatchItemResult',
  'customItem',
  CustomItemRef,
);

const attributesObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });
const version = z.string().min(1, 'must not be empty').nullish();

const UpsertFields = z.object({
  objectType: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .regex(/^[^:]+$/, 'must not contain ":"'),
  key: z.string().min(1, 'must not be empty').nullish(),
  name: optionalText,
  attributes: attributesObject,
  expectedVersion: version,
});

const PatchFields = z
  .object({ name: optionalText, attributes: attributesObject.nullish(), expectedVersion: version })
  .refine((p) => p.name != null || p.attributes != null, { path: ['attributes'], message: 'name or attributes is required' });

const DeleteFields = z.object({ expectedVersion: version });

const undef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

interface UpsertRaw {
  siteId?: string | number | null | undefined;
  customerId?: string | number | null | undefined;
  objectType?: string | null | undefined;
  key?: string | null | undefined;
  name?: string | null | undefined;
  attributes?: unknown;
  expectedVersion?: string | null | undefined;
}

/** Validates one upsert: where the item lives (a site or a customer), and its fields. */
function toWrite(raw: UpsertRaw): { vendor: Vendor; write: CustomItemWrite } {
  const issues: FieldIssue[] = [];
  let owner: ParsedId | undefined;
  const hasSite = raw.siteId != null && raw.siteId !== '';
  const hasCustomer = raw.customerId != null && raw.customerId !== '';
  if (hasSite === hasCustomer)
    issues.push({ field: hasSite ? 'customerId' : 'siteId', message: 'exactly one of siteId and customerId is required' });
  else {
    try {
      owner = hasSite ? idOf('Site', raw.siteId, 'siteId') : idOf('Customer', raw.customerId, 'customerId');
    } catch (error) {
      if (error instanceof ValidationError) issues.push(...error.issues);
      else throw error;
    }
  }
  let fields: z.output<typeof UpsertFields> | undefined;
  try {
    fields = parseInput(UpsertFields, {
      objectType: raw.objectType,
      key: raw.key,
      name: raw.name,
      attributes: raw.attributes,
      expectedVersion: raw.expectedVersion,
    });
  } catch (error) {
    if (error instanceof ValidationError) issues.push(...error.issues);
    else throw error;
  }
  // Items of a customer without a key are new items, and a new item needs a name.
  if (fields && hasCustomer && fields.key == null && fields.name == null)
    issues.push({ field: 'name', message: 'is required to create an item (no key given)' });
  if (issues.length > 0 || !owner || !fields) throw new ValidationError(issues);
  return {
    vendor: owner.vendor,
    write: {
      owner: owner.nativeId,
      objectType: fields.objectType,
      key: undef(fields.key),
      name: undef(fields.name),
      attributes: fields.attributes,
      expectedVersion: undef(fields.expectedVersion),
    },
  };
}

function itemRef(id: unknown) {
  const parsed = idOf('CustomItem', id, 'id');
  const ref = parseCustomItemLocator(parsed.nativeId);
  if (!ref) throw new ValidationError([{ field: 'id', message: 'is not a valid CustomItem ID' }]);
  return { vendor: parsed.vendor, ref };
}

const UpsertCustomItemInput = builder.inputType('UpsertCustomItemInput', {
  description:
    'Where the item lives (exactly one of `siteId` and `customerId`) and what to write. SFCC: `key` is required and the ' +
    'object is created or replaced whole. Mautic: with `key` (the item id) the item is updated, without it a new item is created (then `name` is required).',
  fields: (t) => ({
    siteId: t.id({ description: 'The Site an SFCC custom object belongs to.' }),
    customerId: t.id({ description: 'The Customer a Mautic item is linked to.' }),
    objectType: t.string({ required: true, description: 'SFCC object type id, or Mautic Custom Object alias.' }),
    key: t.string({ description: 'SFCC object key; Mautic item id to update.' }),
    name: t.string({ description: 'Mautic item name.' }),
    attributes: t.field({
      type: 'JSON',
      required: true,
      description: 'Custom field values by vendor name (SFCC `c_…`, Mautic field alias).',
    }),
    expectedVersion: t.string({ description: 'Write only if the item is still at this version (SFCC); `not_exists` asserts a create.' }),
  }),
});

const PatchCustomItemInput = builder.inputType('PatchCustomItemInput', {
  description: 'Changes merged into an existing item: attributes left out stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    attributes: t.field({ type: 'JSON' }),
    expectedVersion: t.string({ description: 'Write only if the item is still at this version (SFCC).' }),
  }),
});

const DeleteCustomItemInput = builder.inputType('DeleteCustomItemInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.string({ description: 'Delete only if the item is still at this version (SFCC).' }),
  }),
});

const UpsertCustomItemsInput = builder.inputType('UpsertCustomItemsInput', {
  fields: (t) => ({
    items: t.field({
      type: [UpsertCustomItemInput],
      required: true,
      description: 'Items of any sites and customers; Mautic ones go out in one batch call per 200.',
    }),
  }),
});

/** One vendor's share of a batch: its batch write where it has one, else bounded single upserts. */
async function upsertAll(ctx: GatewayContext, vendor: Vendor, writes: readonly CustomItemWrite[]): Promise<BatchOutcome<CustomItemRecord>> {
  try {
    const upsertMany = ctx.sources.optional(vendor, 'customItems.upsertMany');
    const upsert = ctx.sources.optional(vendor, 'customItems.upsert');
    return await writeBatch(
      writes,
      { many: upsertMany && ((w) => upsertMany(ctx.scope, w)), one: upsert && ((w) => upsert(ctx.scope, w)) },
      () => new UnsupportedOperationError(vendor, 'customItems.upsert'),
      ONE_BY_ONE_CONCURRENCY,
    );
  } catch (error) {
    // Only the port lookup throws (writeBatch reports per item): nothing was sent.
    return failAll(writes, error);
  }
}

builder.mutationFields((t) => ({
  upsertCustomItem: t.field({
    type: CustomItemPayloadRef,
    errors: mutationErrors('upsertCustomItem'),
    args: { input: t.arg({ type: UpsertCustomItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, write } = toWrite(input);
        const upsert = ctx.sources.op(vendor, 'customItems.upsert');
        return upsert(ctx.scope, write);
      }),
  }),
  patchCustomItem: t.field({
    type: CustomItemPayloadRef,
    errors: mutationErrors('patchCustomItem'),
    args: { input: t.arg({ type: PatchCustomItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, ref } = itemRef(input.id);
        const fields = parseInput(PatchFields, { name: input.name, attributes: input.attributes, expectedVersion: input.expectedVersion });
        const patch = ctx.sources.op(vendor, 'customItems.patch');
        return patch(ctx.scope, ref, {
          name: undef(fields.name),
          attributes: fields.attributes ?? {},
          expectedVersion: undef(fields.expectedVersion),
        });
      }),
  }),
  deleteCustomItem: t.field({
    type: DeletePayloadRef,
    errors: mutationErrors('deleteCustomItem'),
    args: { input: t.arg({ type: DeleteCustomItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        const { vendor, ref } = itemRef(input.id);
        const { expectedVersion } = parseInput(DeleteFields, { expectedVersion: input.expectedVersion });
        const remove = ctx.sources.op(vendor, 'customItems.delete');
        return { deletedId: String(input.id), status: (await remove(ctx.scope, ref, undef(expectedVersion))).status };
      }),
  }),
  upsertCustomItems: t.field({
    type: UpsertCustomItemsPayloadRef,
    description:
      'Upserts many items, each on its own: `results[i]` reports `items[i]`. Mautic items of many customers go out in one ' +
      'batch call (per 200), each item all-or-nothing; an item the gateway or the vendor rejects fails alone.',
    errors: mutationErrors('upsertCustomItems'),
    args: { input: t.arg({ type: UpsertCustomItemsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      asMutationResult(ctx, async () => {
        checkSize(input.items.length, 'items');
        const outcomes: (WriteOutcome<CustomItemRecord> | Error | undefined)[] = Array.from(
          { length: input.items.length },
          () => undefined,
        );
        const byVendor = new Map<Vendor, { index: number; write: CustomItemWrite }[]>();
        input.items.forEach((raw, index) => {
          try {
            const { vendor, write } = toWrite(raw);
            byVendor.set(vendor, [...(byVendor.get(vendor) ?? []), { index, write }]);
          } catch (error) {
            outcomes[index] = error as Error;
          }
        });
        await Promise.all(
          [...byVendor].map(async ([vendor, items]) => {
            const written = await upsertAll(
              ctx,
              vendor,
              items.map((i) => i.write),
            );
            items.forEach((item, i) => {
              outcomes[item.index] = written[i];
            });
          }),
        );
        return { results: toResults(outcomes, 'items') };
      }),
  }),
}));
