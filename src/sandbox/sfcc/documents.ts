// Wire documents of the Sites resource, built from the store. Field names follow the doc's samples.
import type { SandboxRequest } from '../harness.js';
import { API_VERSION, dataLink } from './faults.js';
import { OBJECT_TYPES } from './object-types.js';
import { type AbTestRecord, localeInfo, type SiteRecord, type SlotConfigurationRecord } from './seed-config.js';
import type { CustomObjectRecord } from './seed-objects.js';
import { resourceState } from './store.js';

/**
 * Localized strings are `{default: ...}` objects. The doc's single-site sample shows `description`
 * as a plain string, which we read as an abbreviated sample and keep the localized shape everywhere.
 */
export function siteDoc(req: SandboxRequest, site: SiteRecord, single: boolean): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    _v: API_VERSION,
    _type: 'site',
    customer_list_link: {
      _type: 'customer_list_link',
      customer_list_id: site.customerListId,
      link: dataLink(req, `/customer_lists/${site.customerListId}`),
    },
    description: { default: site.description },
    display_name: { default: site.displayName },
    id: site.id,
    in_deletion: site.inDeletion,
    link: dataLink(req, `/sites/${site.id}`),
    storefront_status: site.storefrontStatus,
  };
  // Only the single-site read carries a resource state in the doc's samples.
  if (single) return { _v: API_VERSION, _resource_state: resourceState(site), ...doc };
  return doc;
}

/** The short site reference embedded in preference documents. */
export function siteRef(req: SandboxRequest, site: SiteRecord): Record<string, unknown> {
  return {
    _type: 'site',
    id: site.id,
    in_deletion: site.inDeletion,
    link: dataLink(req, `/sites/${site.id}`),
    storefront_status: site.storefrontStatus,
  };
}

export function abTestDoc(req: SandboxRequest, siteId: string, t: AbTestRecord): Record<string, unknown> {
  return {
    _v: API_VERSION,
    _type: 'ab_test',
    _resource_state: resourceState(t),
    customer_groups: t.customerGroups,
    description: t.description,
    email_addresses: t.emailAddresses,
    enabled: t.enabled,
    end_date: t.endDate,
    expiration_type: 'session',
    id: t.id,
    key_metric_id: t.keyMetricId,
    link: dataLink(req, `/sites/${siteId}/ab_tests/${encodeURIComponent(t.id)}`),
    paused: t.paused,
    start_date: t.startDate,
    tags: t.tags,
    test_groups: t.testGroups.map((g) => ({
      _type: 'ab_test_group',
      allocation: g.allocation,
      custom_experience: g.customExperience,
      ...(g.description ? { description: g.description } : {}),
      id: g.id,
    })),
    trigger: {
      _type: 'ab_test_trigger',
      is_pipeline_based: t.trigger.isPipelineBased,
      ...(t.trigger.pipelineCalls ? { pipeline_calls: t.trigger.pipelineCalls } : {}),
      trigger_type: t.trigger.triggerType,
    },
  };
}

export function slotDoc(s: SlotConfigurationRecord): Record<string, unknown> {
  return {
    _v: API_VERSION,
    _type: 'slot_configuration',
    slot_id: s.slotId,
    uuid: s.uuid,
    configuration_id: s.configurationId,
    slot_content: { type: 'html', body: { default: s.html } },
    customer_groups: s.customerGroups,
    assigned_to_site: true,
    context: s.context,
    enabled: s.enabled,
    default: s.isDefault,
    rank: s.rank,
    description: s.description,
    callout_msg: { default: s.calloutMsg },
    schedule: {
      start_date: s.schedule.startDate,
      end_date: s.schedule.endDate,
      recurrence: { day_of_week: s.schedule.days, time_of_day: { time_from: s.schedule.timeFrom, time_to: s.schedule.timeTo } },
    },
  };
}

export function localeDoc(id: string, site: SiteRecord): Record<string, unknown> {
  const info = localeInfo(id);
  return {
    _type: 'locale',
    active: site.locales.includes(id),
    country: info.country,
    default: site.defaultLocale === id,
    display_country: info.display_country,
    display_language: info.display_language,
    display_name: info.display_name,
    id,
    iso3_country: info.iso3_country,
    iso3_language: info.iso3_language,
    language: info.language,
    name: info.name,
  };
}

export function customObjectDoc(record: CustomObjectRecord): Record<string, unknown> {
  const type = OBJECT_TYPES[record.objectType];
  const keyDoc = type?.keyType === 'int' ? { key_value_int: Number(record.key) } : { key_value_string: record.key };
  return {
    _v: API_VERSION,
    _resource_state: customObjectState(record),
    _type: 'custom_object',
    object_type: record.objectType,
    key_property: type?.keyProperty ?? 'key',
    ...keyDoc,
    ...record.attributes,
  };
}

export function customObjectState(record: CustomObjectRecord): string {
  const attributes = Object.fromEntries(Object.entries(record.attributes).sort(([a], [b]) => a.localeCompare(b)));
  return resourceState([record.objectType, record.key, attributes]);
}
