// OCAPI property selection: the domain fields a query selected become the `select` the gateway
// sends, so the instance renders and ships only those properties. Selecting `attributes` (the
// untouched vendor document) needs everything.
import type { SelectedFields } from '../../sources/sites.js';

/** Domain field → the wire properties it is mapped from. */
export type SelectMap = Readonly<Record<string, readonly string[]>>;

export const SITE_SELECT: SelectMap = {
  displayName: ['display_name'],
  description: ['description'],
  storefrontStatus: ['storefront_status'],
  inDeletion: ['in_deletion'],
  customerListId: ['customer_list_link'],
};

export const AB_TEST_SELECT: SelectMap = {
  description: ['description'],
  enabled: ['enabled'],
  paused: ['paused'],
  startDate: ['start_date'],
  endDate: ['end_date'],
  keyMetricId: ['key_metric_id'],
  customerGroups: ['customer_groups'],
  tags: ['tags'],
  groups: ['test_groups'],
  trigger: ['trigger'],
};

export const SLOT_SELECT: SelectMap = {
  configurationId: ['configuration_id'],
  uuid: ['uuid'],
  context: ['context'],
  enabled: ['enabled'],
  isDefault: ['default'],
  rank: ['rank'],
  description: ['description'],
  customerGroups: ['customer_groups'],
  calloutMessage: ['callout_msg'],
  contentType: ['slot_content'],
  content: ['slot_content'],
  schedule: ['schedule'],
};

export const LOCALE_SELECT: SelectMap = {
  name: ['name'],
  displayName: ['display_name'],
  language: ['language'],
  country: ['country'],
  displayLanguage: ['display_language'],
  displayCountry: ['display_country'],
  iso3Language: ['iso3_language'],
  iso3Country: ['iso3_country'],
  active: ['active'],
  isDefault: ['default'],
};

/** `_resource_state` always comes back (OCAPI returns `_`-properties whatever the selector). */
export const CUSTOM_OBJECT_SELECT: SelectMap = {
  objectType: ['object_type'],
  createdAt: ['creation_date'],
  updatedAt: ['last_modified'],
};

/** The wire properties for `fields`, identity first then sorted; 'all' when everything is needed. */
export function propertiesFor(fields: SelectedFields, map: SelectMap, identity: readonly string[]): string[] | 'all' {
  if (fields === 'all' || fields.has('attributes')) return 'all';
  const props = new Set<string>();
  for (const field of fields) for (const prop of map[field] ?? []) props.add(prop);
  for (const prop of identity) props.delete(prop);
  return [...identity, ...[...props].sort()];
}

/** `(id,display_name)` for one document; undefined (the whole document) when everything is needed. */
export function documentSelect(fields: SelectedFields, map: SelectMap, identity: readonly string[]): string | undefined {
  const props = propertiesFor(fields, map, identity);
  return props === 'all' ? undefined : `(${props.join(',')})`;
}

/** `(total,data.(id,display_name))` for a list; `total` is always kept for paging. */
export function listSelect(
  fields: SelectedFields,
  map: SelectMap,
  identity: readonly string[],
  itemsKey: 'data' | 'hits' = 'data',
): string {
  const props = propertiesFor(fields, map, identity);
  return props === 'all' ? `(total,${itemsKey}.(**))` : `(total,${itemsKey}.(${props.join(',')}))`;
}
