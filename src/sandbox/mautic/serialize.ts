// Wire shapes: a contact as Mautic's contact API returns it, plus the plugin's `customObjects` block.
import { CONTACT_FIELDS } from './fields.js';
import { API_USER_ID, API_USER_NAME, type MauticStore } from './store.js';
import type { ContactRecord, CustomItemRecord, CustomObjectDef } from './types.js';

/**
 * The plugin's collection window as the doc shows it (L87-93): "not configurable at the moment".
 * The plugin source (`EventListener/SerializerSubscriber.php`, acquia/mc-cs-plugin-custom-objects)
 * uses 10, so the window is a per-sandbox setting (`MauticStore.customObjectsWindow`).
 */
export const CUSTOM_OBJECTS_META = { page: { number: 1, size: 50 }, sort: '-dateAdded' } as const;

function meta(size: number) {
  return { page: { number: 1, size }, sort: '-dateAdded' };
}

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
 * The plugin's block: the objects having items linked to the contact (newest object first, at most
 * one window of them), each with at most one window of items, newest first. There is no way to ask
 * for the next window. A contact with no linked item gets no block at all (the plugin returns
 * before adding the property when it finds no related object).
 */
export function customObjectsToWire(store: MauticStore, contactId: number): Record<string, unknown> | undefined {
  const size = store.customObjectsWindow;
  const objects = [...store.objects]
    .sort((a: CustomObjectDef, b: CustomObjectDef) => b.dateAdded - a.dateAdded || b.id - a.id)
    .filter((object) => store.itemsOf(contactId, object.id).length > 0)
    .slice(0, size);
  if (objects.length === 0) return undefined;
  const data = objects.map((object) => ({
    id: object.id,
    alias: object.alias,
    data: store.itemsOf(contactId, object.id).slice(0, size).map(itemToWire),
    meta: meta(size),
  }));
  return { data, meta: meta(size) };
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
  const block = includeCustomObjects ? customObjectsToWire(store, contact.id) : undefined;
  if (block) wire.customObjects = block;
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
