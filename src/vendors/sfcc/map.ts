// OCAPI documents → domain records, and domain inputs → documents.
import type { CustomItemRecord } from '../../domain/model.js';
import type {
  AbTestRecord,
  InstanceType,
  LocaleRecord,
  RecommenderRecord,
  SitePreferencesRecord,
  SiteRecord,
  SlotConfigurationRecord,
} from '../../domain/site.js';
import { customItemLocator } from '../../sources/custom-items.js';
import type { CartridgeAddition } from '../../sources/sites.js';
import { isoDate, unmapped } from '../mapping.js';
import type { WireAbTest, WireCustomObject, WireLocale, WireSite, WireSlotConfiguration } from './wire.js';

const date = isoDate;

// The wire schemas validate without normalising (wire.ts says why); these helpers normalise.

/** A localized string's text: a plain string, or the `default` locale's (else the first locale's) string. */
export function localizedOf(v: string | Record<string, unknown> | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  const value = v.default ?? Object.values(v)[0];
  return typeof value === 'string' ? value : null;
}

/** A string list the document may leave out. */
const stringsOf = (v: string[] | null | undefined): string[] => v ?? [];

/**
 * The document minus what is mapped and the envelope markers; kept as the vendor sent it, except
 * OCAPI's `link` properties, which are absolute URLs of the instance and must not reach clients.
 */
function rest(wire: Record<string, unknown>, mapped: readonly string[]): Record<string, unknown> {
  return withoutLinks(unmapped(wire, mapped, ['_v', '_type'])) as Record<string, unknown>;
}

function withoutLinks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLinks);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'link')
        .map(([k, v]) => [k, withoutLinks(v)]),
    );
  }
  return value;
}

export function toSite(wire: WireSite): SiteRecord {
  return {
    vendor: 'SFCC',
    vendorId: wire.id,
    displayName: localizedOf(wire.display_name),
    description: localizedOf(wire.description),
    storefrontStatus: wire.storefront_status ?? null,
    inDeletion: wire.in_deletion ?? null,
    customerListId: wire.customer_list_link?.customer_list_id ?? null,
    attributes: rest(wire, ['id', 'display_name', 'description', 'storefront_status', 'in_deletion']),
  };
}

export function toAbTest(siteId: string, wire: WireAbTest): AbTestRecord {
  return {
    vendor: 'SFCC',
    siteVendorId: siteId,
    id: wire.id,
    description: wire.description ?? null,
    enabled: wire.enabled ?? null,
    paused: wire.paused ?? null,
    startDate: date(wire.start_date),
    endDate: date(wire.end_date),
    keyMetricId: wire.key_metric_id ?? null,
    customerGroups: stringsOf(wire.customer_groups),
    tags: stringsOf(wire.tags),
    groups: (wire.test_groups ?? []).map((g) => ({
      id: g.id,
      allocation: g.allocation ?? null,
      customExperience: g.custom_experience ?? null,
      description: g.description ?? null,
    })),
    trigger: wire.trigger
      ? {
          type: wire.trigger.trigger_type ?? null,
          pipelineBased: wire.trigger.is_pipeline_based ?? null,
          pipelineCalls: stringsOf(wire.trigger.pipeline_calls),
        }
      : null,
    version: wire._resource_state ?? null,
    attributes: rest(wire, [
      'id',
      '_resource_state',
      'description',
      'enabled',
      'paused',
      'start_date',
      'end_date',
      'key_metric_id',
      'customer_groups',
      'tags',
      'test_groups',
      'trigger',
    ]),
  };
}

export function toSlotConfiguration(siteId: string, wire: WireSlotConfiguration): SlotConfigurationRecord {
  const recurrence = wire.schedule?.recurrence;
  return {
    vendor: 'SFCC',
    siteVendorId: siteId,
    slotId: wire.slot_id,
    configurationId: wire.configuration_id ?? null,
    uuid: wire.uuid ?? null,
    context: wire.context ?? null,
    enabled: wire.enabled ?? null,
    isDefault: wire.default ?? null,
    rank: wire.rank ?? null,
    description: wire.description ?? null,
    customerGroups: stringsOf(wire.customer_groups),
    calloutMessage: localizedOf(wire.callout_msg),
    contentType: wire.slot_content?.type ?? null,
    content: localizedOf(wire.slot_content?.body),
    schedule: wire.schedule
      ? {
          startDate: date(wire.schedule.start_date),
          endDate: date(wire.schedule.end_date),
          daysOfWeek: recurrence?.day_of_week ?? [],
          timeFrom: recurrence?.time_of_day?.time_from ?? null,
          timeTo: recurrence?.time_of_day?.time_to ?? null,
        }
      : null,
    attributes: rest(wire, [
      'slot_id',
      'configuration_id',
      'uuid',
      'context',
      'enabled',
      'default',
      'rank',
      'description',
      'customer_groups',
      'callout_msg',
      'slot_content',
      'schedule',
    ]),
  };
}

export function toLocale(siteId: string, wire: WireLocale): LocaleRecord {
  return {
    vendor: 'SFCC',
    siteVendorId: siteId,
    id: wire.id,
    name: wire.name ?? null,
    displayName: wire.display_name ?? null,
    language: wire.language || null,
    country: wire.country || null,
    displayLanguage: wire.display_language || null,
    displayCountry: wire.display_country || null,
    iso3Language: wire.iso3_language || null,
    iso3Country: wire.iso3_country || null,
    active: wire.active ?? null,
    isDefault: wire.default ?? null,
  };
}

export function toRecommender(siteId: string, wire: { name: string; description?: string | null | undefined }): RecommenderRecord {
  return { vendor: 'SFCC', siteVendorId: siteId, name: wire.name, description: wire.description ?? null };
}

const INSTANCE_WIRE: Readonly<Record<InstanceType, string>> = {
  STAGING: 'staging',
  DEVELOPMENT: 'development',
  SANDBOX: 'sandbox',
  PRODUCTION: 'production',
  CURRENT: 'current',
};

export const instanceTypeWire = (t: InstanceType): string => INSTANCE_WIRE[t];

/** Only the `c_` preferences: `link` and `site` describe the document, not the group's values. */
export function toPreferences(
  siteId: string,
  groupId: string,
  instanceType: InstanceType,
  wire: Record<string, unknown>,
): SitePreferencesRecord {
  return {
    vendor: 'SFCC',
    siteVendorId: siteId,
    groupId,
    instanceType,
    values: Object.fromEntries(Object.entries(wire).filter(([k]) => k.startsWith('c_'))),
  };
}

/** Custom attributes keep their `c_` names: they are the instance's own, untouched. */
export function toCustomItem(siteId: string, objectType: string, key: string, wire: WireCustomObject): CustomItemRecord {
  const attributes = Object.fromEntries(Object.entries(wire).filter(([k]) => k.startsWith('c_')));
  // The instance's own spelling of the key where it sent one (integer keys: `0042` is 42).
  const actualKey = wire.key_value_string ?? (wire.key_value_int === undefined ? key : String(wire.key_value_int));
  return {
    vendor: 'SFCC',
    vendorId: customItemLocator({ owner: siteId, objectType, key: actualKey }),
    objectType: wire.object_type ?? objectType,
    key: actualKey,
    name: null,
    attributes,
    createdAt: date(wire.creation_date),
    updatedAt: date(wire.last_modified),
    version: wire._resource_state ?? null,
    scope: siteId,
    customerVendorId: null,
  };
}

/** PUT /cartridges body: the whole custom path, `:`-separated. */
export const cartridgePathBody = (names: readonly string[]) => ({ cartridges: names.join(':') });

/** POST /cartridges body; `target` only for `before`/`after`. */
export function cartridgeAddBody(addition: CartridgeAddition): { name: string; position: string; target?: string } {
  const body = { name: addition.name, position: addition.position.toLowerCase() };
  return addition.target === undefined || addition.target === null ? body : { ...body, target: addition.target };
}

/** PUT/PATCH custom object body: the `c_` attributes, plus `_resource_state` for a conditional write. */
export function customObjectBody(attributes: Record<string, unknown>, expectedVersion: string | undefined): Record<string, unknown> {
  return expectedVersion === undefined ? { ...attributes } : { _resource_state: expectedVersion, ...attributes };
}

export function withSite(site: SiteRecord | undefined, siteId: string, path: string): SiteRecord {
  const names = path === '' ? [] : path.split(':');
  return {
    ...(site ?? {
      vendor: 'SFCC',
      vendorId: siteId,
      displayName: null,
      description: null,
      storefrontStatus: null,
      inDeletion: null,
      customerListId: null,
      attributes: {},
    }),
    cartridges: names,
  };
}
