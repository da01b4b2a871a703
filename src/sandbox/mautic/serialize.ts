// Wire shapes: a contact as Mautic's contact API returns it, plus the plugin's `customObjects` block.
import { CONTACT_FIELDS } from './fields.js';
import { API_USER_ID, API_USER_NAME, type MauticStore } from './store.js';
import type { ContactRecord, CustomItemRecord, CustomObjectDef } from './types.js';

/** The plugin's collection window: "not configurable at the moment". */
export const CUSTOM_OBJECTS_META = { page: { number: 1, size: 50 }, sort: '-dateAdded' } as const;
const WINDOW = CUSTOM_OBJECTS_META.page.size;

/** Mautic writes dates as ISO 8601 with a numeric offset, e.g. `2019-06-07T11:52:01+00:00`. */
export function mauticDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function itemToWire(item: CustomItemRecord): Record<string, unknown> {
  return {
    id: item.id,
    name: item.name,
    language: item.language,
    category: null,
    isPublished: item.isPublished,
    dateAdded: mauticDate(item.dateAdded),
    dateModified: mauticDate(item.dateModified),
    createdBy: item.createdBy,
    modifiedBy: item.modifiedBy,
    attributes: { ...item.attributes },
  };
}

/**
 * The plugin's block: objects holding items linked to the contact (newest object first), each with
 * at most 50 items, newest first. There is no way to ask for the next 50.
 */
export function customObjectsToWire(store: MauticStore, contactId: number): Record<string, unknown> {
  const objects = [...store.objects].sort((a: CustomObjectDef, b: CustomObjectDef) => b.dateAdded - a.dateAdded || b.id - a.id);
  const data: Record<string, unknown>[] = [];
  for (const object of objects) {
    const items = store.itemsOf(contactId, object.id);
    if (items.length === 0) continue;
    data.push({ id: object.id, alias: object.alias, data: items.slice(0, WINDOW).map(itemToWire), meta: CUSTOM_OBJECTS_META });
  }
  return { data: data.slice(0, WINDOW), meta: CUSTOM_OBJECTS_META };
}

export function contactToWire(store: MauticStore, contact: ContactRecord, includeCustomObjects: boolean): Record<string, unknown> {
  const groups: Record<'core' | 'social' | 'personal' | 'professional', Record<string, unknown>> = {
    core: {},
    social: {},
    personal: {},
    professional: {},
  };
  const all: Record<string, unknown> = { id: contact.id };
  for (const def of CONTACT_FIELDS) {
    const value = contact.fields[def.alias] ?? null;
    all[def.alias] = value;
    groups[def.group][def.alias] = {
      id: String(def.id),
      label: def.label,
      alias: def.alias,
      type: def.type,
      group: def.group,
      object: 'lead',
      is_fixed: def.isFixed ? '1' : '0',
      default_value: null,
      value,
      normalizedValue: value,
    };
  }
  const emptyAsList = (g: Record<string, unknown>) => (Object.keys(g).length === 0 ? [] : g);
  const wire: Record<string, unknown> = {
    isPublished: true,
    dateAdded: mauticDate(contact.dateAdded),
    dateModified: mauticDate(contact.dateModified),
    createdBy: API_USER_ID,
    createdByUser: API_USER_NAME,
    modifiedBy: API_USER_ID,
    modifiedByUser: API_USER_NAME,
    id: contact.id,
    points: contact.points,
    color: null,
    fields: {
      core: groups.core,
      social: emptyAsList(groups.social),
      personal: emptyAsList(groups.personal),
      professional: emptyAsList(groups.professional),
      all,
    },
    lastActive: contact.lastActive === null ? null : mauticDate(contact.lastActive),
    owner: null,
    ipAddresses: [],
    tags: contact.tags.map((tag) => ({ id: store.tagId(tag), tag })),
    utmtags: [],
    stage: null,
    dateIdentified: contact.dateIdentified === null ? null : mauticDate(contact.dateIdentified),
    preferredProfileImage: 'gravatar',
    doNotContact: [],
    frequencyRules: [],
  };
  // Placed inside the contact document, next to `fields`; the plugin doc shows the block without
  // Mautic's `{contact: ...}` wrapper, so its exact position in a wrapped answer is our assumption.
  if (includeCustomObjects) wire.customObjects = customObjectsToWire(store, contact.id);
  return wire;
}

/**
 * `{"total": "<string>", "contacts": {"<id>": {...}}}` written by hand: JSON.stringify would put
 * integer keys in ascending order, but Mautic (PHP) keeps the query's order in the text. An empty
 * PHP array encodes as `[]`, so no hits gives `"contacts": []`.
 */
export function contactListJson(store: MauticStore, total: number, page: ContactRecord[], includeCustomObjects: boolean): string {
  if (page.length === 0) return `{"total":${JSON.stringify(String(total))},"contacts":[]}`;
  const parts = page.map((c) => `${JSON.stringify(String(c.id))}:${JSON.stringify(contactToWire(store, c, includeCustomObjects))}`);
  return `{"total":${JSON.stringify(String(total))},"contacts":{${parts.join(',')}}}`;
}
