// Synerise wire formats. Lenient on purpose: each API family (v4, CRM, activities-api, analytics,
// catalogs) spells the same profile differently, and workspaces add custom attributes freely.
//
// The read-path schemas only validate; they carry no `.transform`. A transform anywhere in a zod
// schema takes it off zod's compiled fast path (Pimcore's wire.ts says by how much). Normalising
// (ids to strings, an activity's action to its name and its instant) is the mappers' job (map.ts).
import { z } from 'zod';
import { memoised } from '../schema-memo.js';

/** An id as sent: a number or a string (`vendorIdOf` in map.ts). */
const id = z.union([z.number(), z.string()]);
const text = z.string().nullish();

export const LoginResponse = z.looseObject({ token: z.string().min(1) });

/** v4 profile (`GET /v4/clients…`). */
export const WireProfile = z.looseObject({
  clientId: id,
  email: text,
  phone: text,
  customId: text,
  firstName: text,
  lastName: text,
});
export type WireProfile = z.infer<typeof WireProfile>;

export const ProfileList = z.array(WireProfile);

/** CRM profile (segmentation members): `id`, `firstname`, `custom_identify`, day-precision dates. */
export const WireCrmProfile = z.looseObject({
  id,
  email: text,
  phone: text,
  custom_identify: text,
  firstname: text,
  // The doc's CRM shape camel-cases only lastName; accept both spellings.
  lastName: text,
  lastname: text,
  created: text,
  updated: text,
});
export type WireCrmProfile = z.infer<typeof WireCrmProfile>;

export const CrmCustomers = z.looseObject({
  customers: z.array(WireCrmProfile),
  all: z.number().nullish(),
  matching: z.number().nullish(),
});

/**
 * activities-api item, in either documented shape. Event storage (every list example): `action`
 * an object with the event name, `time` epoch milliseconds, `client`. Raw data (the single-activity
 * example, "Raw data request"): `action` the name itself, `createDate` epoch milliseconds, `params`.
 * One of the two instants must have come (`instantOf` in map.ts reads it, `actionOf` the name):
 * a refinement, not a transform, so the page keeps the fast path and a row without either still
 * fails the parse with the same issue.
 */
export const WireActivity = z
  .looseObject({
    action: z.union([z.string(), z.looseObject({ name: z.string() })]),
    time: z.number().nullish(),
    createDate: z.number().nullish(),
    unique: id,
    eventUUID: text,
    label: text,
    client: z.looseObject({ id: id.nullish() }).nullish(),
    params: z.record(z.string(), z.unknown()).nullish(),
  })
  .refine((a) => typeof (a.time ?? a.createDate) === 'number', { message: 'an activity needs `time` or `createDate`', path: ['time'] });
export type WireActivity = z.output<typeof WireActivity>;

export const ActivityPage = z.looseObject({
  meta: z.looseObject({ cursors: z.looseObject({ after: z.string().nullish(), before: z.string().nullish() }).nullish() }).nullish(),
  data: z.array(WireActivity),
});
export type ActivityPage = z.infer<typeof ActivityPage>;

export const WireCatalog = z.looseObject({ id, name: z.string() });
export type WireCatalog = z.infer<typeof WireCatalog>;

/** Catalog item: `value` is a JSON-encoded string in responses (an object on writes). */
export const WireCatalogItem = z.looseObject({
  itemKey: z.string(),
  id: id.nullish(),
  value: z.unknown(),
  bag: z.looseObject({ id }).nullish(),
  creationDate: text,
});
export type WireCatalogItem = z.infer<typeof WireCatalogItem>;

/** `{data, metaData}`: the envelope of every catalogs answer except item writes. */
const catalogEnvelopes = new WeakMap<z.ZodType, unknown>();

export function catalogEnvelope<T extends z.ZodType>(data: T) {
  return memoised(catalogEnvelopes, data, () => z.looseObject({ data, metaData: z.looseObject({ totalCount: z.number() }) }));
}

/** 202/204 without a body, or the literal `true` the catalogs service answers writes with. */
export const Accepted = z.unknown();

/**
 * Every error shape the reference shows (digest §8.1): Spring `{message}`, validation
 * `{message, errors:[{field|path, message}]}`, the profile batch's bare array, analytics
 * `{errorCode, message}` and catalogs `{error, message}`.
 */
export function describeSyneriseError(body: unknown): string | undefined {
  const issues = (list: unknown[]): string =>
    list
      .map((e) => {
        if (typeof e !== 'object' || e === null) return String(e);
        const r = e as { field?: unknown; path?: unknown; message?: unknown };
        const where = typeof r.field === 'string' ? r.field : typeof r.path === 'string' ? r.path : undefined;
        return where ? `${where}: ${String(r.message)}` : String(r.message);
      })
      .join('; ');
  if (Array.isArray(body)) return issues(body);
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { message?: unknown; errors?: unknown; error?: unknown };
  const message = typeof b.message === 'string' ? b.message : typeof b.error === 'string' ? b.error : undefined;
  if (Array.isArray(b.errors) && b.errors.length > 0) return message ? `${message}: ${issues(b.errors)}` : issues(b.errors);
  return message;
}

/**
 * Item positions named by a rejected batch: `list[3].uuid` (profiles) or `[3].label` (events).
 * An empty set means the vendor refused the request as a whole.
 */
export function rejectedPositions(body: unknown): Map<number, string[]> {
  const entries = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: unknown[] }).errors
      : [];
  const byPosition = new Map<number, string[]>();
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as { field?: unknown; path?: unknown; message?: unknown };
    const where = typeof e.field === 'string' ? e.field : typeof e.path === 'string' ? e.path : '';
    const match = /^(?:list)?\[(\d+)\]\.?(.*)$/.exec(where);
    if (!match?.[1]) continue;
    const position = Number(match[1]);
    const message = match[2] ? `${match[2]}: ${String(e.message)}` : String(e.message);
    byPosition.set(position, [...(byPosition.get(position) ?? []), message]);
  }
  return byPosition;
}
