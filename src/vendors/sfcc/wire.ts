// OCAPI Data API 19.10 (Sites resource) wire formats. Lenient on purpose: `select` drops any
// property the gateway did not ask for, lists leave out an empty `data`, the doc's samples disagree
// with themselves on `count` and on localized strings, and instances add custom `c_` properties.
//
// The read-path schemas only validate; they carry no `.transform`. A transform anywhere in a zod
// schema takes it off zod's compiled fast path (Pimcore's wire.ts says by how much). Normalising
// (a localized string to its text, an absent list to `[]`) is the mappers' job (map.ts); the list
// envelope's items and the cartridge path are read by helpers next to the client (client.ts).
import { z } from 'zod';
import { memoised } from '../schema-memo.js';

export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

const Fault = z.looseObject({
  fault: z.looseObject({ type: z.string(), message: z.string().optional(), arguments: z.record(z.string(), z.unknown()).optional() }),
});

export function faultOf(body: unknown): { type: string; message: string | undefined; arguments: Record<string, unknown> } | undefined {
  const parsed = Fault.safeParse(body);
  if (!parsed.success) return undefined;
  return { type: parsed.data.fault.type, message: parsed.data.fault.message, arguments: parsed.data.fault.arguments ?? {} };
}

/** `Type: message` of a fault document; OAuth errors as `error: description`. */
export function describeSfccError(body: unknown): string | undefined {
  const fault = faultOf(body);
  if (fault) return fault.message ? `${fault.type}: ${fault.message}` : fault.type;
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string')
    return (body as { error: string }).error;
  return undefined;
}

/** Localized strings are `{default: …}` objects in lists and a plain string in some samples (`localizedOf` in map.ts). */
export const localized = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

/** A list of strings, which `select` or the instance may leave out (`stringsOf` in map.ts). */
const strings = z.array(z.string()).nullish();

/**
 * A paged list: items under `data` (or `hits` for locales), left out when the page is empty
 * (`pageOf` in client.ts reads the items and the total).
 */
const lists = new WeakMap<z.ZodType, unknown>();

export function listOf<T extends z.ZodType>(item: T) {
  return memoised(lists, item, () =>
    z.looseObject({ total: z.coerce.number().default(0), data: z.array(item).optional(), hits: z.array(item).optional() }),
  );
}
export type WireList<T> = { total: number; data?: T[] | undefined; hits?: T[] | undefined };

export const WireSite = z.looseObject({
  id: z.string(),
  display_name: localized,
  description: localized,
  storefront_status: z.string().nullish(),
  in_deletion: z.boolean().nullish(),
  customer_list_link: z.looseObject({ customer_list_id: z.string().nullish() }).nullish(),
});
export type WireSite = z.infer<typeof WireSite>;

export const WireAbTest = z.looseObject({
  id: z.string(),
  _resource_state: z.string().optional(),
  description: z.string().nullish(),
  enabled: z.boolean().nullish(),
  paused: z.boolean().nullish(),
  start_date: z.string().nullish(),
  end_date: z.string().nullish(),
  key_metric_id: z.string().nullish(),
  customer_groups: strings,
  tags: strings,
  test_groups: z
    .array(
      z.looseObject({
        id: z.string(),
        allocation: z.number().nullish(),
        custom_experience: z.boolean().nullish(),
        description: z.string().nullish(),
      }),
    )
    .nullish(),
  trigger: z
    .looseObject({ trigger_type: z.string().nullish(), is_pipeline_based: z.boolean().nullish(), pipeline_calls: strings })
    .nullish(),
});
export type WireAbTest = z.infer<typeof WireAbTest>;

export const WireSlotConfiguration = z.looseObject({
  slot_id: z.string(),
  configuration_id: z.string().nullish(),
  uuid: z.string().nullish(),
  context: z.string().nullish(),
  enabled: z.boolean().nullish(),
  default: z.boolean().nullish(),
  rank: z.number().nullish(),
  description: z.string().nullish(),
  customer_groups: strings,
  callout_msg: localized,
  slot_content: z.looseObject({ type: z.string().nullish(), body: localized }).nullish(),
  schedule: z
    .looseObject({
      start_date: z.string().nullish(),
      end_date: z.string().nullish(),
      recurrence: z
        .looseObject({
          day_of_week: strings,
          time_of_day: z.looseObject({ time_from: z.string().nullish(), time_to: z.string().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type WireSlotConfiguration = z.infer<typeof WireSlotConfiguration>;

export const WireLocale = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  display_name: z.string().nullish(),
  language: z.string().nullish(),
  country: z.string().nullish(),
  display_language: z.string().nullish(),
  display_country: z.string().nullish(),
  iso3_language: z.string().nullish(),
  iso3_country: z.string().nullish(),
  active: z.boolean().nullish(),
  default: z.boolean().nullish(),
});
export type WireLocale = z.infer<typeof WireLocale>;

export const RecommendersResult = z.looseObject({
  recommenders: z.array(z.looseObject({ name: z.string(), description: z.string().nullish() })).optional(),
});

export const WireCustomObject = z.looseObject({
  _resource_state: z.string().optional(),
  object_type: z.string().optional(),
  key_property: z.string().optional(),
  key_value_string: z.string().optional(),
  key_value_int: z.number().optional(),
  creation_date: z.string().optional(),
  last_modified: z.string().optional(),
});
export type WireCustomObject = z.infer<typeof WireCustomObject>;

export const WirePreferences = z.looseObject({});

/** A site's cartridge path, under `cartridge_path` or `cartridges` (`cartridgePathOf` in client.ts). */
export const CartridgePathResponse = z.looseObject({
  site_id: z.string().optional(),
  cartridge_path: z.string().optional(),
  cartridges: z.string().optional(),
});
export type CartridgePathResponse = z.infer<typeof CartridgePathResponse>;

export const NoContent = z.unknown();
