// Wire shapes → domain records, and domain inputs → Synerise request bodies.
import type { ActivityRecord, CatalogItemRecord, CatalogRecord, CustomerRecord, SegmentRecord } from '../../domain/model.js';
import type { ActivityInput } from '../../sources/activities.js';
import { catalogItemVendorId } from '../../sources/catalogs.js';
import type { CustomerInput } from '../../sources/customers.js';
import { isoDate, unmapped, vendorIdOf } from '../mapping.js';
import type { WireActivity, WireCatalog, WireCatalogItem, WireCrmProfile, WireProfile } from './wire.js';

const rest = (wire: Record<string, unknown>, known: readonly string[]) => unmapped(wire, known);

const date = isoDate;

// The wire schemas validate without normalising (wire.ts says why); these helpers normalise.

/** An optional wire id as a string; null and absent stay as they came. */
const optionalIdOf = <N extends null | undefined>(id: number | string | N): string | N =>
  id === null || id === undefined ? (id as N) : vendorIdOf(id);

/** An activity's event name: `action` itself (raw data) or its `name` (event storage). */
export const actionOf = (wire: WireActivity): string => (typeof wire.action === 'string' ? wire.action : wire.action.name);

/**
 * An activity's instant in epoch milliseconds: `time` (event storage) or `createDate` (raw data).
 * The schema refuses an activity with neither, so the NaN is never seen.
 */
export const instantOf = (wire: WireActivity): number => wire.time ?? wire.createDate ?? Number.NaN;

const PROFILE_FIELDS = ['clientId', 'email', 'phone', 'customId', 'firstName', 'lastName'] as const;

/**
 * v4 profile. Everything without a common meaning stays in `attributes` as Synerise sends it,
 * including its own nested custom `attributes`. The v4 profile carries no creation or update time.
 */
export function toCustomer(wire: WireProfile): CustomerRecord {
  return {
    vendor: 'SYNERISE',
    vendorId: vendorIdOf(wire.clientId),
    email: wire.email ?? null,
    firstName: wire.firstName ?? null,
    lastName: wire.lastName ?? null,
    phone: wire.phone ?? null,
    customId: wire.customId ?? null,
    attributes: rest(wire, PROFILE_FIELDS),
    createdAt: null,
    updatedAt: null,
  };
}

const CRM_FIELDS = ['id', 'email', 'phone', 'custom_identify', 'firstname', 'lastName', 'lastname', 'created', 'updated'] as const;

/**
 * CRM profile, as segmentation members come. Same person, other spelling; its attributes are the
 * CRM family's fields (no custom attributes), and `created`/`updated` are days, not instants.
 */
export function toCrmCustomer(wire: WireCrmProfile): CustomerRecord {
  return {
    vendor: 'SYNERISE',
    vendorId: vendorIdOf(wire.id),
    email: wire.email ?? null,
    firstName: wire.firstname ?? null,
    lastName: wire.lastName ?? wire.lastname ?? null,
    phone: wire.phone ?? null,
    customId: wire.custom_identify ?? null,
    attributes: rest(wire, CRM_FIELDS),
    createdAt: date(wire.created),
    updatedAt: date(wire.updated),
  };
}

/**
 * An activity has no id of its own that any read accepts; the activities API identifies one by
 * profile, `time` and `unique`, so that triple is its native id.
 */
export function activityVendorId(clientId: string, time: number, unique: string): string {
  return `${clientId}:${time}:${unique}`;
}

export function parseActivityVendorId(vendorId: string): { clientId: string; time: number; unique: string } | undefined {
  const match = /^(\d+):(\d+):(.+)$/.exec(vendorId);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { clientId: match[1], time: Number(match[2]), unique: match[3] };
}

export function toActivity(wire: WireActivity, fallbackClientId: string): ActivityRecord {
  const clientId = optionalIdOf(wire.client?.id) ?? fallbackClientId;
  const at = instantOf(wire);
  const unique = vendorIdOf(wire.unique);
  // The activity's own descriptive fields, `unique` as the string it is in the id.
  const own = rest(wire, ['action', 'time', 'createDate', 'at', 'client', 'params']);
  own.unique = unique;
  return {
    vendor: 'SYNERISE',
    vendorId: activityVendorId(clientId, at, unique),
    customerVendorId: clientId,
    type: actionOf(wire),
    occurredAt: new Date(at),
    // Event params (what the sender put in) first; the activity's own descriptive fields win.
    attributes: { ...wire.params, ...own },
    createdAt: null,
    updatedAt: null,
  };
}

/**
 * A segmentation as configured (`SYNERISE_SEGMENTATIONS`): the reference references
 * segmentations only by UUID and has no call that names them.
 */
export function toSegment(configured: { id: string; name: string }): SegmentRecord {
  return {
    vendor: 'SYNERISE',
    vendorId: configured.id,
    name: configured.name,
    groupVendorId: null,
    reference: null,
    calculated: null,
    attributes: {},
  };
}

export function toCatalog(wire: WireCatalog): CatalogRecord {
  return { vendor: 'SYNERISE', vendorId: vendorIdOf(wire.id), name: wire.name, attributes: rest(wire, ['id', 'name']) };
}

/**
 * Item `value` arrives as a JSON-encoded string and is parsed back into the object that was
 * written. A value that is not valid JSON is passed on as the string it is rather than dropped.
 */
export function parseItemValue(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function toCatalogItem(wire: WireCatalogItem, catalogVendorId: string): CatalogItemRecord {
  const bagId = wire.bag?.id;
  const ref = { catalogVendorId: bagId === undefined ? catalogVendorId : vendorIdOf(bagId), key: wire.itemKey };
  const attributes = rest(wire, ['itemKey', 'value', 'bag']);
  // The item's own id, when it came, as a string like every id.
  if (wire.id !== undefined) attributes.id = optionalIdOf(wire.id);
  return {
    vendor: 'SYNERISE',
    vendorId: catalogItemVendorId(ref),
    catalogVendorId: ref.catalogVendorId,
    key: ref.key,
    value: parseItemValue(wire.value),
    attributes,
  };
}

/** Native fields of the v4 create/update body besides the five the domain names. */
const NATIVE_BODY_FIELDS = new Set([
  'displayName',
  'uuid',
  'avatarUrl',
  'birthDate',
  'company',
  'city',
  'address',
  'zipCode',
  'province',
  'countryCode',
  'sex',
  'agreements',
  'tags',
]);
/** Fields a read returns that no write accepts; dropped so a read's attributes can be written back. */
const READ_ONLY_FIELDS = new Set(['clientId', 'anonymous', 'previousClients', 'lastActivityDate']);

/**
 * `attributes` as a client sends them: native v4 fields go to the top level, `attributes` (the
 * shape reads return) and any other key become Synerise custom attributes.
 *
 * Create drops nulls (the reference: "omit the parameter entirely"); update keeps them, because
 * there a null resets a native field or deletes a custom attribute.
 */
export function profileBody(input: CustomerInput, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.attributes ?? {})) {
    if (READ_ONLY_FIELDS.has(key)) continue;
    if (key === 'attributes' && typeof value === 'object' && value !== null && !Array.isArray(value)) Object.assign(custom, value);
    else if (NATIVE_BODY_FIELDS.has(key)) body[key] = value;
    else custom[key] = value;
  }
  Object.assign(body, {
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    phone: input.phone,
    customId: input.customId,
  });
  if (Object.keys(custom).length > 0) body.attributes = custom;
  const keep = (v: unknown) => v !== undefined && (mode === 'update' || v !== null);
  const cleaned = Object.fromEntries(Object.entries(body).filter(([, v]) => keep(v)));
  if (mode === 'create' && cleaned.attributes) {
    cleaned.attributes = Object.fromEntries(Object.entries(cleaned.attributes as Record<string, unknown>).filter(([, v]) => v !== null));
  }
  return cleaned;
}

/** `label` is required (1–64 characters) but not stored; the sender's own label is used when it fits. */
function eventLabel(input: ActivityInput, type: string): string {
  const label = input.attributes?.label;
  return typeof label === 'string' && label.length > 0 && label.length <= 64 ? label : type.slice(0, 64);
}

/** A custom event for the profile `clientId`; `type` becomes the event's action. */
export function customEventBody(input: ActivityInput & { type: string }, clientId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    action: input.type,
    label: eventLabel(input, input.type),
    client: { id: Number(clientId) },
  };
  // "If you don't have a value for a field, omit that field. Do not send null values."
  if (input.occurredAt) body.time = input.occurredAt.toISOString();
  if (input.attributes && Object.keys(input.attributes).length > 0) body.params = input.attributes;
  return body;
}
