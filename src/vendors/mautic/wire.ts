// Mautic contact API wire formats, with the Custom Objects plugin's `customObjects` block. Lenient:
// PHP encodes empty maps as `[]`, ids and totals may come as strings, and tenants add fields.
//
// The read-path schemas only validate; they carry no `.transform`. A transform anywhere in a zod
// schema takes it off zod's compiled fast path (Pimcore's wire.ts says by how much). Normalising
// (ids to strings, PHP arrays to lists, `[]` to `{}`) is the mappers' job (map.ts).
import { z } from 'zod';

/** An id as sent: a number or a string (`vendorIdOf` in map.ts). */
const id = z.union([z.number(), z.string()]);

/** A PHP array: a list when keyed 0..n-1, an object otherwise; both mean the same (`phpListOf` in map.ts). */
function phpList<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), z.record(z.string(), item)]);
}

/** A map, or `[]` where PHP encoded an empty one (`attributesOf` in map.ts). */
const attributeMap = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const WireCustomItem = z.looseObject({
  id,
  name: z.string().nullish(),
  language: z.string().nullish(),
  isPublished: z.boolean().nullish(),
  dateAdded: z.string().nullish(),
  dateModified: z.string().nullish(),
  attributes: attributeMap.nullish(),
});
export type WireCustomItem = z.infer<typeof WireCustomItem>;

const WirePage = z.looseObject({
  page: z.looseObject({ number: z.coerce.number().optional(), size: z.coerce.number().optional() }).optional(),
});

export const WireCustomObject = z.looseObject({
  id: id.optional(),
  alias: z.string(),
  data: phpList(WireCustomItem).default([]),
  meta: WirePage.optional(),
});
export type WireCustomObject = z.infer<typeof WireCustomObject>;

export const WireCustomObjects = z.looseObject({
  data: phpList(WireCustomObject).default([]),
  meta: WirePage.optional(),
});
export type WireCustomObjects = z.infer<typeof WireCustomObjects>;

export const WireContact = z.looseObject({
  // Core Mautic always sends it; the plugin doc's example answer (L59-104) has none.
  id: id.optional(),
  dateAdded: z.string().nullish(),
  dateModified: z.string().nullish(),
  points: z.number().nullish(),
  fields: z
    .looseObject({
      all: attributeMap.optional(),
    })
    .optional(),
  tags: phpList(z.looseObject({ tag: z.string() })).nullish(),
  customObjects: WireCustomObjects.optional(),
});
export type WireContact = z.infer<typeof WireContact>;

/** `total` is a string; `contacts` is an object keyed by id, or `[]` when nothing matched (`phpListOf` in map.ts). */
export const ContactList = z.looseObject({
  total: z.coerce.number(),
  contacts: phpList(WireContact),
});

/**
 * Core Mautic wraps one contact as `{contact: …}`; the plugin doc shows the contact bare (L59-104).
 * Both are read. A transform left on purpose: the adapter reads contacts through `ContactList`, so
 * this envelope parses write answers. The transform sits on the bare branch, which a wrapped answer
 * never reaches (measured: a wrapped contact parses as fast with it as without), and it alone says
 * which branch matched: a plain union cannot tell them apart when a bare contact carries a
 * `contact` property of its own.
 */
export const ContactEnvelope = z.union([z.looseObject({ contact: WireContact }), WireContact.transform((contact) => ({ contact }))]);

export const BatchError = z.looseObject({
  code: z.coerce.number().optional(),
  message: z.string().optional(),
  details: z.unknown().optional(),
  type: z.string().optional(),
});
export type BatchError = z.infer<typeof BatchError>;

/**
 * A PHP array keyed by request position, as a lookup by that position. A list is keyed 0..n-1; an
 * object is keyed by the positions it holds, which need not be all of them (PHP sends `errors` that
 * way), so an element is found by its key, never by where it sits among the values. A transform
 * left on purpose: batch answers are write answers, and the lookup is what their reader needs.
 */
function byPosition<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), z.record(z.string(), item)]).transform((v): ReadonlyMap<number, z.output<T>> => {
    if (Array.isArray(v)) return new Map(v.map((value, i) => [i, value]));
    const out = new Map<number, z.output<T>>();
    for (const [key, value] of Object.entries(v)) if (/^\d+$/.test(key)) out.set(Number(key), value);
    return out;
  });
}

/** Batch answers: elements by request position; failed elements echo their input. */
export const BatchResponse = z.looseObject({
  contacts: byPosition(z.unknown()),
  statusCodes: byPosition(z.coerce.number()),
  errors: byPosition(BatchError).optional(),
});
export type BatchResponse = z.infer<typeof BatchResponse>;

export const ErrorEntry = z.looseObject({
  code: z.coerce.number().optional(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorEntry = z.infer<typeof ErrorEntry>;

const ErrorBody = z.looseObject({ errors: z.array(ErrorEntry) });

export function mauticErrors(body: unknown): ErrorEntry[] {
  const parsed = ErrorBody.safeParse(body);
  return parsed.success ? parsed.data.errors : [];
}

/** `{errors: [{code, message, details}]}`: the messages, joined. */
export function describeMauticError(body: unknown): string | undefined {
  const errors = mauticErrors(body);
  return errors.length > 0 ? errors.map((e) => e.message).join('; ') : undefined;
}
