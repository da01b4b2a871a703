import type { ActivityRecord, CustomerRecord, DeletionRecord, SegmentGroupRecord, SegmentRecord } from '../../domain/model.js';
import type { ActivityInput } from '../../sources/activities.js';
import type { CustomerInput } from '../../sources/customers.js';
import type { SegmentGroupInput, SegmentInput, SegmentMembershipChange } from '../../sources/segments.js';
import { attributesOf, unmapped, vendorIdOf } from '../mapping.js';
import type { WireActivity, WireCustomer, WireSegment, WireSegmentGroup } from './wire.js';

// The wire schemas validate without normalising (wire.ts says why); these helpers normalise.

/** Unix seconds from the wire (a number, or a numeric string the schema let through). */
export const secondsOf = (s: number | string | null | undefined): number | null | undefined => (typeof s === 'string' ? Number(s) : s);

const fromSeconds = (s: number | string | null | undefined): Date | null => {
  const seconds = secondsOf(s);
  return seconds === null || seconds === undefined ? null : new Date(seconds * 1000);
};

/** A segment's group reference: an id or the group object. */
const groupIdOf = (g: WireSegment['group']): string | null =>
  g === null || g === undefined ? null : typeof g === 'object' ? vendorIdOf(g.id) : vendorIdOf(g);
const toSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

const rest = (wire: Record<string, unknown>, known: readonly string[]) => unmapped(wire, known, ['_links']);

const CUSTOMER_FIELDS = [
  'id',
  'email',
  'firstname',
  'lastname',
  'phone',
  'creationDate',
  'modificationDate',
  'segments',
  'activities',
] as const;

/** Keys a customer's `attributes` leave out, per id field: built once, not per row of every page. */
const customerKnown = new Map<string, readonly string[]>();
const customerKnownOf = (idField: string): readonly string[] => {
  let known = customerKnown.get(idField);
  if (!known) {
    known = [...CUSTOMER_FIELDS, idField];
    customerKnown.set(idField, known);
  }
  return known;
};

/** The customer-number field of the tenant's class (PIMCORE_CUSTOMER_ID_FIELD). */
export const DEFAULT_CUSTOMER_ID_FIELD = 'customerNumber';

function customIdOf(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function toCustomer(wire: WireCustomer, idField: string = DEFAULT_CUSTOMER_ID_FIELD): CustomerRecord {
  return {
    vendor: 'PIMCORE',
    vendorId: vendorIdOf(wire.id),
    email: wire.email ?? null,
    firstName: wire.firstname ?? null,
    lastName: wire.lastname ?? null,
    phone: wire.phone ?? null,
    // The CMF customer class is the tenant's own and has no standard external-id field; which
    // field holds the organisation's customer number is configured (PIMCORE_CUSTOMER_ID_FIELD).
    customId: customIdOf(wire[idField]),
    attributes: rest(wire, customerKnownOf(idField)),
    createdAt: fromSeconds(wire.creationDate),
    updatedAt: fromSeconds(wire.modificationDate),
    segmentIds: wire.segments?.map(vendorIdOf) ?? [],
    activities: wire.activities?.map((a) => toActivity(a)),
  };
}

/** Keys an activity's `attributes` leave out: the mapped fields and the CMF's bookkeeping. */
const ACTIVITY_KNOWN = [
  'id',
  'customerId',
  'activityDate',
  'type',
  'attributes',
  'creationDate',
  'modificationDate',
  'md5',
  'o_id',
  'a_id',
] as const;

export function toActivity(wire: WireActivity): ActivityRecord {
  return {
    vendor: 'PIMCORE',
    vendorId: vendorIdOf(wire.id),
    customerVendorId: wire.customerId === null || wire.customerId === undefined ? null : vendorIdOf(wire.customerId),
    type: wire.type ?? 'unknown',
    occurredAt: fromSeconds(wire.activityDate),
    attributes: { ...attributesOf(wire.attributes), ...rest(wire, ACTIVITY_KNOWN) },
    createdAt: fromSeconds(wire.creationDate),
    updatedAt: fromSeconds(wire.modificationDate),
  };
}

export function toSegment(wire: WireSegment): SegmentRecord {
  return {
    vendor: 'PIMCORE',
    vendorId: vendorIdOf(wire.id),
    name: wire.name ?? '',
    groupVendorId: groupIdOf(wire.group),
    reference: wire.reference ?? null,
    calculated: wire.calculated ?? null,
    attributes: rest(wire, ['id', 'name', 'group', 'reference', 'calculated', 'success']),
  };
}

export function toSegmentGroup(wire: WireSegmentGroup): SegmentGroupRecord {
  return {
    vendor: 'PIMCORE',
    vendorId: vendorIdOf(wire.id),
    name: wire.name ?? '',
    calculated: wire.calculated ?? null,
    attributes: rest(wire, ['id', 'name', 'calculated', 'success']),
  };
}

export function toDeletion(
  wire: {
    id: number | string;
    creationDate?: number | string | null | undefined;
    entityType?: string | null | undefined;
    type?: string | null | undefined;
  },
  fallback: 'customers' | 'activities',
): DeletionRecord {
  const entityType = (wire.entityType ?? fallback) === 'activities' ? 'ACTIVITY' : 'CUSTOMER';
  return {
    vendor: 'PIMCORE',
    entityType,
    entityVendorId: vendorIdOf(wire.id),
    deletedAt: fromSeconds(wire.creationDate) ?? new Date(0),
    type: wire.type ?? null,
  };
}

/** Only the keys the client set: PATCH merges, so an absent key must stay absent. */
function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export function customerBody(input: CustomerInput, idField: string = DEFAULT_CUSTOMER_ID_FIELD): Record<string, unknown> {
  return defined({
    ...(input.attributes ?? {}),
    email: input.email,
    firstname: input.firstName,
    lastname: input.lastName,
    phone: input.phone,
    [idField]: input.customId,
  });
}

/** POST /segments-of-customers body: the doc's one example (numeric ids). */
export function segmentsOfCustomerBody(change: SegmentMembershipChange): {
  customerId: number;
  addSegments: number[];
  removeSegments: number[];
} {
  return { customerId: Number(change.customerVendorId), addSegments: change.add.map(Number), removeSegments: change.remove.map(Number) };
}

export function activityBody(input: ActivityInput): Record<string, unknown> {
  return defined({
    customerId: input.customerVendorId === undefined || input.customerVendorId === null ? undefined : Number(input.customerVendorId),
    type: input.type,
    activityDate: input.occurredAt ? toSeconds(input.occurredAt) : undefined,
    attributes: input.attributes ?? undefined,
  });
}

export function segmentBody(input: SegmentInput): Record<string, unknown> {
  return defined({
    ...(input.attributes ?? {}),
    name: input.name,
    group: input.groupVendorId === undefined || input.groupVendorId === null ? undefined : Number(input.groupVendorId),
    reference: input.reference,
    calculated: input.calculated ?? undefined,
  });
}

export function segmentGroupBody(input: SegmentGroupInput): Record<string, unknown> {
  return defined({ ...(input.attributes ?? {}), name: input.name, calculated: input.calculated ?? undefined });
}

export { toSeconds };
