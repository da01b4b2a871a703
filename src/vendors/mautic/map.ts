// Wire shapes → domain records, domain inputs → contact bodies, and Mautic's error messages →
// field issues that name the gateway's own input fields.
import type { CustomerRecord, CustomItemRecord, EmbeddedCustomItems } from '../../domain/model.js';
import type { FieldIssue } from '../../errors.js';
import type { CustomItemWrite } from '../../sources/custom-items.js';
import type { CustomerInput } from '../../sources/customers.js';
import { attributesOf, isoDate, vendorIdOf } from '../mapping.js';
import type { ErrorEntry, WireContact, WireCustomItem, WireCustomObject } from './wire.js';

const date = isoDate;

// The wire schemas validate without normalising (wire.ts says why); these helpers normalise.

/** A PHP array as a list: a list as it is, an object (keyed by position or id) as its values. */
export const phpListOf = <T>(v: readonly T[] | Record<string, T>): readonly T[] => (Array.isArray(v) ? v : Object.values(v));

/**
 * Tenant fields are free-form: a string, a finite number or a boolean as text; anything else (an
 * array, an object) maps to null rather than failing the page.
 */
export const textOf = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return null;
};
const str = textOf;

/** Contact fields with a common meaning, by Mautic alias. `customer_id` is this tenant's unique custom field. */
const FIELD_OF: Readonly<Record<string, keyof CustomerInput>> = {
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  phone: 'phone',
  customer_id: 'customId',
};

export function toCustomItem(wire: WireCustomItem, alias: string, contactId: string): CustomItemRecord {
  const { name, dateAdded, dateModified } = wire;
  const id = vendorIdOf(wire.id);
  return {
    vendor: 'MAUTIC',
    vendorId: id,
    objectType: alias,
    key: id,
    name: name ?? null,
    // Custom Field values by alias, exactly what a write sends back (item metadata stays out).
    attributes: attributesOf(wire.attributes),
    createdAt: date(dateAdded),
    updatedAt: date(dateModified),
    version: null,
    scope: null,
    customerVendorId: contactId,
  };
}

/**
 * A list the plugin cut at its window: it says the window in `meta.page.size` ("not configurable"
 * per the doc, 50 there, 10 in the plugin source), and offers no second page. A full window may be
 * hiding older entries; without a stated size completeness cannot be claimed either.
 */
function windowFull(length: number, meta: WireCustomObject['meta']): boolean {
  const size = meta?.page?.size;
  return size === undefined || !Number.isFinite(size) || length >= size;
}

/**
 * The contact's items, when they were asked for (`includeCustomObjects`). The plugin adds no block
 * at all for a contact without items, so an absent block then means "none".
 */
export function toEmbeddedItems(wire: WireContact, asked: boolean): EmbeddedCustomItems | undefined {
  const block = wire.customObjects;
  if (!block) return asked ? { items: [], truncatedTypes: [] } : undefined;
  const items: CustomItemRecord[] = [];
  const truncatedTypes: string[] = [];
  const contactId = wire.id === undefined ? '' : vendorIdOf(wire.id);
  const objects = phpListOf(block.data);
  for (const object of objects) {
    const objectItems = phpListOf(object.data);
    if (windowFull(objectItems.length, object.meta)) truncatedTypes.push(object.alias);
    for (const item of objectItems) items.push(toCustomItem(item, object.alias, contactId));
  }
  // The object list has a window of its own: object types past it are missing altogether.
  const typesPossiblyMissing = objects.length > 0 && windowFull(objects.length, block.meta);
  return { items, truncatedTypes, typesPossiblyMissing };
}

/** Contact document keys that are not contact fields (core Mautic's serialisation). */
const CONTACT_META = new Set([
  'id',
  'isPublished',
  'dateAdded',
  'dateModified',
  'createdBy',
  'createdByUser',
  'modifiedBy',
  'modifiedByUser',
  'points',
  'color',
  'fields',
  'lastActive',
  'owner',
  'ipAddresses',
  'tags',
  'utmtags',
  'stage',
  'dateIdentified',
  'preferredProfileImage',
  'doNotContact',
  'frequencyRules',
  'customObjects',
]);

/**
 * Field values by alias: core Mautic sends them under `fields.all`; the plugin doc's example shows
 * them at the top level of the contact (L60-61), which is read when `fields.all` is absent.
 */
function fieldValues(wire: WireContact): Record<string, unknown> {
  const all = wire.fields?.all;
  // PHP's `[]` is an empty map: no field values (the top level is not read then either).
  if (all) return Array.isArray(all) ? {} : all;
  return Object.fromEntries(Object.entries(wire).filter(([k, v]) => !CONTACT_META.has(k) && (v === null || typeof v !== 'object')));
}

export function toCustomer(wire: WireContact, withItems = false): CustomerRecord {
  const all = fieldValues(wire);
  const attributes: Record<string, unknown> = Object.fromEntries(Object.entries(all).filter(([k]) => k !== 'id' && !(k in FIELD_OF)));
  if (wire.points !== undefined && wire.points !== null) attributes.points = wire.points;
  if (wire.tags) attributes.tags = phpListOf(wire.tags).map((t) => t.tag);
  return {
    vendor: 'MAUTIC',
    // Empty only for the doc's id-less example; writes then check the identifiers instead.
    vendorId: wire.id === undefined ? '' : vendorIdOf(wire.id),
    email: str(all.email),
    firstName: str(all.firstname),
    lastName: str(all.lastname),
    phone: str(all.phone),
    customId: str(all.customer_id),
    attributes,
    createdAt: date(wire.dateAdded),
    updatedAt: date(wire.dateModified),
    customItems: toEmbeddedItems(wire, withItems),
  };
}

/** Only the keys the client set: an absent key must leave the contact field as it is. */
export function customerBody(input: CustomerInput): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(input.attributes ?? {}) };
  for (const [alias, field] of Object.entries(FIELD_OF)) {
    const value = input[field];
    if (value !== undefined) body[alias] = value;
  }
  // An explicit null clears the field; Mautic keeps a field on a blank value unless told otherwise.
  if (Object.entries(FIELD_OF).some(([, field]) => input[field] === null)) body.overwriteWithBlank = true;
  return body;
}

/** The plugin's `customObjects` block for items of one contact; an item with an id updates it. */
export function customObjectsBody(
  writes: readonly Pick<CustomItemWrite, 'objectType' | 'key' | 'name' | 'attributes'>[],
): Record<string, unknown> {
  const byAlias = new Map<string, Record<string, unknown>[]>();
  for (const w of writes) {
    const item: Record<string, unknown> = {};
    if (w.key !== undefined) item.id = Number(w.key);
    if (w.name !== undefined) item.name = w.name;
    item.attributes = w.attributes;
    const list = byAlias.get(w.objectType) ?? [];
    list.push(item);
    byAlias.set(w.objectType, list);
  }
  return { data: [...byAlias].map(([alias, data]) => ({ alias, data })) };
}

/**
 * One issue per Mautic error, naming the gateway input field it is about: the object alias
 * (`objectType`), a field alias (`attributes.<alias>`), the item id (`key`) or the item `name`.
 * `prefix` places the issue inside a list input (`items.3.`).
 */
export function issuesFromMautic(errors: readonly ErrorEntry[], prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const message = error.message;
    const fieldAlias = (/^Custom Field with alias = (.+) was not found/.exec(message) ?? /^Custom Field '([^']+)'/.exec(message))?.[1];
    let field = 'input';
    if (/^Custom Object with (?:alias|id) = (.+) was not found/.test(message)) field = 'objectType';
    else if (fieldAlias !== undefined) field = `attributes.${fieldAlias}`;
    else if (/^Custom Item with ID = /.test(message)) field = 'key';
    else if (/^Custom Item name/.test(message)) field = 'name';
    else if (/^Custom Object /.test(message)) field = 'objectType';
    else if (error.details && typeof error.details === 'object' && !Array.isArray(error.details)) {
      // Core contact form errors: `details` is `{fieldAlias: [messages]}`.
      const alias = Object.keys(error.details)[0];
      if (alias) field = FIELD_OF[alias] ?? `attributes.${alias}`;
    }
    issues.push({ field: `${prefix}${field}`, message });
  }
  return issues;
}
