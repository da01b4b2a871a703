// Pimcore CMF wire formats. Lenient on purpose: customer fields come from the tenant's own class
// definition, PHP encodes empty maps as `[]`, and ids may arrive as strings.
//
// The schemas only validate; they carry no `.transform`. A transform anywhere in a zod schema takes
// it off zod's compiled fast path: a 50-customer page took 240 µs to validate with per-field
// transforms and 51 µs without (bench/RESULTS.md), three times its `JSON.parse`. Normalising (ids
// to strings, numeric-string timestamps to numbers, PHP's `[]` to `{}`) is the mappers' job (map.ts).
// Records are `checkedRecord`s: their fields are validated and the record passes on as it came,
// without zod's copy of each of the tenant's extra keys (src/vendors/checked-record.ts).
import { z } from 'zod';
import { checkedRecord } from '../checked-record.js';
import { memoised } from '../schema-memo.js';

/** An id as sent: the CMF's JSON has numbers, but string ids are accepted too (`vendorIdOf` in map.ts). */
const id = z.union([z.number(), z.string()]);
/** Unix seconds; a numeric string is accepted too (`secondsOf` in map.ts). */
const timestamp = z.union([z.number(), z.string().regex(/^\d+$/)]).nullish();
/** A map, or `[]` where PHP encoded an empty one (`attributesOf` in map.ts). */
const attributeMap = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish();

const WireActivityFields = z.looseObject({
  id,
  customerId: id.nullish(),
  activityDate: timestamp,
  type: z.string().nullish(),
  implementationClass: z.string().nullish(),
  attributes: attributeMap,
  creationDate: timestamp,
  modificationDate: timestamp,
});
export type WireActivity = z.infer<typeof WireActivityFields>;
export const WireActivity = checkedRecord(WireActivityFields);

const WireCustomerFields = z.looseObject({
  id,
  email: z.string().nullish(),
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  phone: z.string().nullish(),
  creationDate: timestamp,
  modificationDate: timestamp,
  segments: z.array(id).nullish(),
  activities: z.array(WireActivity).optional(),
});
export type WireCustomer = z.infer<typeof WireCustomerFields>;
export const WireCustomer = checkedRecord(WireCustomerFields);

/** A segment's group: its id, or the group object (`groupIdOf` in map.ts). */
const groupRef = z.union([id, z.looseObject({ id })]).nullish();

const WireSegmentFields = z.looseObject({
  id,
  name: z.string().nullish(),
  group: groupRef,
  reference: z.string().nullish(),
  calculated: z.boolean().nullish(),
});
export type WireSegment = z.infer<typeof WireSegmentFields>;
export const WireSegment = checkedRecord(WireSegmentFields);

const WireSegmentGroupFields = z.looseObject({
  id,
  name: z.string().nullish(),
  calculated: z.boolean().nullish(),
});
export type WireSegmentGroup = z.infer<typeof WireSegmentGroupFields>;
export const WireSegmentGroup = checkedRecord(WireSegmentGroupFields);

export const WireDeletion = checkedRecord(
  z.looseObject({
    id,
    creationDate: timestamp,
    entityType: z.string().nullish(),
    type: z.string().nullish(),
  }),
);

const lists = new WeakMap<z.ZodType, unknown>();
const singles = new WeakMap<z.ZodType, unknown>();
const maybes = new WeakMap<z.ZodType, unknown>();

export function listEnvelope<T extends z.ZodType>(item: T) {
  return memoised(lists, item, () =>
    z.looseObject({ page: z.coerce.number(), totalPages: z.coerce.number(), timestamp, data: z.array(item) }),
  );
}

export function singleEnvelope<T extends z.ZodType>(item: T) {
  return memoised(singles, item, () => z.looseObject({ timestamp: timestamp, data: item }));
}

/** Segment writes answer the hydrated segment itself (with `success`), not the envelope. */
export function maybeEnveloped<T extends z.ZodType>(item: T) {
  return memoised(maybes, item, () => z.union([singleEnvelope(item).transform((e) => e.data as z.output<T>), item]));
}

export const DeletionsResponse = z.looseObject({ data: z.array(WireDeletion), timestamp: timestamp });
export const SuccessResponse = z.looseObject({ success: z.boolean().optional() });
export const NoContent = z.unknown();

/** Both error shapes the CMF handlers use: `{success:false, errors:[…]}` and `{success:false, msg}`. */
export function describePimcoreError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { errors?: unknown; msg?: unknown; message?: unknown };
  if (Array.isArray(b.errors)) return b.errors.map(String).join('; ');
  if (typeof b.msg === 'string') return b.msg;
  if (typeof b.message === 'string') return b.message;
  return undefined;
}
