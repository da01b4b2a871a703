// Wire shapes → domain records, domain inputs → contact bodies, and Mautic's error messages →
// field issues that name the gateway's own input fields.
import type { CustomerRecord, CustomItemRecord, EmbeddedCustomItems } from '../../domain/model.js';
import type { FieldIssue } from '../../errors.js';
import type { CustomItemWrite } from '../../sources/custom-items.js';
import type { CustomerInput } from '../../sources/customers.js';
import { isoDate } from '../mapping.js';
import { type ErrorEntry, type WireContact, type WireCustomItem, wireText } from './wire.js';

/** The plugin's fixed window: "The collection limit, page and ordering is not configurable". */
export const CUSTOM_ITEMS_WINDOW = 50;

const date = isoDate;

/** Tenant fields are free-form: a value that is not a scalar maps to null rather than failing the page. */
const str = (value: unknown): string | null => {
  const parsed = wireText.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** Contact fields with a common meaning, by Mautic alias. `customer_id` is this tenant's unique custom field. */
const FIELD_OF: Readonly<Record<string, keyof CustomerInput>> = {
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  phone: 'phone',
  customer_id: 'customId',
};

export function toCustomItem(wire: WireCustomItem, alias: string, contactId: string): CustomItemRecord {
  const { id, name, attributes, dateAdded, dateModified } = wire;
  return {
    vendor: 'MAUTIC',
    vendorId: id,
    objectType: alias,
    key: id,
    name: name ?? null,
    // Custom Field values by alias, exactly what a write sends back (item metadata stays out).
    attributes,
    createdAt: date(dateAdded),
    updatedAt: date(dateModified),
    version: null,
    scope: null,
    customerVendorId: contactId,
  };
}

export function toEmbeddedItems(wire: WireContact): EmbeddedCustomItems | undefined {
  const block = wire.customObjects;
  if (!block) return undefined;
  const items: CustomItemRecord[] = [];
  const truncatedTypes: string[] = [];
  for (const object of block.data) {
    const size = object.meta?.page?.size ?? CUSTOM_ITEMS_WINDOW;
    // A full window may be hiding older items: the plugin offers no second page.
    if (object.data.length >= size) truncatedTypes.push(object.alias);
    for (const item of object.data) items.push(toCustomItem(item, object.alias, wire.id));
  }
  return { items, truncatedTypes };
}

export function toCustomer(wire: WireContact): CustomerRecord {
  const all = wire.fields?.all ?? {};
  const attributes: Record<string, unknown> = Object.fromEntries(Object.entries(all).filter(([k]) => k !== 'id' && !(k in FIELD_OF)));
  if (wire.points !== undefined && wire.points !== null) attributes.points = wire.points;
  if (wire.tags) attributes.tags = wire.tags.map((t) => t.tag);
  return {
    vendor: 'MAUTIC',
    vendorId: wire.id,
    email: str(all.email),
    firstName: str(all.firstname),
    lastName: str(all.lastname),
    phone: str(all.phone),
    customId: str(all.customer_id),
    attributes,
    createdAt: date(wire.dateAdded),
    updatedAt: date(wire.dateModified),
    customItems: toEmbeddedItems(wire),
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
