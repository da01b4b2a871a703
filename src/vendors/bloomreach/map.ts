// Snapshot rows and configured segmentations into domain records. Rows become CustomerRecords only
// when a page or lookup hands them out, so a snapshot never holds 50,000 objects.
import type { CustomerRecord, SegmentGroupRecord, SegmentRecord } from '../../domain/model.js';
import type { BloomreachConfig } from './config.js';
import type { Snapshot } from './snapshot.js';
import { COOKIE, REGISTERED } from './wire.js';

export type Segmentation = BloomreachConfig['segmentations'][number];

/** Identifier columns a native id may name, in order of preference (hard ID first). */
export const ID_COLUMNS = [REGISTERED, COOKIE] as const;
export type IdColumn = (typeof ID_COLUMNS)[number];

/**
 * Native customer id: `registered:<hard id>` when the customer has one, else `cookie:<soft id>`.
 * Prefixed because the two identifier spaces could overlap, and so a lookup knows which to search.
 */
export function nativeId(idName: IdColumn, value: string): string {
  return `${idName}:${value}`;
}

export function parseNativeId(vendorId: string): { idName: IdColumn; value: string } | undefined {
  const sep = vendorId.indexOf(':');
  const idName = vendorId.slice(0, sep);
  const value = vendorId.slice(sep + 1);
  if (sep < 0 || value === '' || !(ID_COLUMNS as readonly string[]).includes(idName)) return undefined;
  return { idName: idName as IdColumn, value };
}

const MAPPED = new Set<string>([REGISTERED, 'email', 'first_name', 'last_name', 'phone', 'created_ts']);

interface Columns {
  registered: number;
  cookie: number;
  email: number;
  firstName: number;
  lastName: number;
  phone: number;
  createdTs: number;
  /** Everything else goes to `attributes` under its export name. */
  rest: [string, number][];
}

const columnCache = new WeakMap<Snapshot, Columns>();

function columnsOf(s: Snapshot): Columns {
  let cols = columnCache.get(s);
  if (!cols) {
    cols = {
      registered: s.column(REGISTERED),
      cookie: s.column(COOKIE),
      email: s.column('email'),
      firstName: s.column('first_name'),
      lastName: s.column('last_name'),
      phone: s.column('phone'),
      createdTs: s.column('created_ts'),
      rest: s.header.map((name, i): [string, number] => [name, i]).filter(([name]) => !MAPPED.has(name)),
    };
    columnCache.set(s, cols);
  }
  return cols;
}

/** Bloomreach timestamps are unix seconds, possibly fractional. */
function fromSeconds(value: string | null): Date | null {
  if (value === null) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

export function nativeIdOfRow(s: Snapshot, row: number): string {
  const cols = columnsOf(s);
  const registered = s.value(row, cols.registered);
  if (registered !== null) return nativeId(REGISTERED, registered);
  const cookie = s.value(row, cols.cookie);
  // Every profile has at least one identifier; one with neither requested id gets a row-bound id
  // that lists can show but lookups cannot resolve.
  return cookie !== null ? nativeId(COOKIE, cookie) : `row:${row}`;
}

export function toCustomer(s: Snapshot, row: number): CustomerRecord {
  const cols = columnsOf(s);
  const attributes: Record<string, unknown> = {};
  for (const [name, column] of cols.rest) attributes[name] = s.value(row, column);
  return {
    vendor: 'BLOOMREACH',
    vendorId: nativeIdOfRow(s, row),
    email: s.value(row, cols.email),
    firstName: s.value(row, cols.firstName),
    lastName: s.value(row, cols.lastName),
    phone: s.value(row, cols.phone),
    // The hard ID carries the organisation customer number (see README, "Joining a customer across vendors").
    customId: s.value(row, cols.registered),
    attributes,
    createdAt: fromSeconds(s.value(row, cols.createdTs)),
    // The export has no modification time.
    updatedAt: null,
  };
}

/** Segment native id: `<segmentation id>:<segment index>`. */
export function segmentId(segmentationId: string, index: number): string {
  return `${segmentationId}:${index}`;
}

export function parseSegmentId(vendorId: string): { segmentationId: string; index: number } | undefined {
  const sep = vendorId.lastIndexOf(':');
  const index = Number(vendorId.slice(sep + 1));
  if (sep <= 0 || !/^-?\d+$/.test(vendorId.slice(sep + 1)) || !Number.isSafeInteger(index)) return undefined;
  return { segmentationId: vendorId.slice(0, sep), index };
}

export function toSegment(segmentation: Segmentation, index: number): SegmentRecord {
  return {
    vendor: 'BLOOMREACH',
    vendorId: segmentId(segmentation.id, index),
    name: segmentation.segments[index] ?? '',
    groupVendorId: segmentation.id,
    reference: null,
    // Segmentations are evaluated by Bloomreach at export time, never edited member by member.
    calculated: true,
    attributes: { segmentationId: segmentation.id, segmentationName: segmentation.name, segmentIndex: index },
  };
}

export function toSegmentGroup(segmentation: Segmentation): SegmentGroupRecord {
  return {
    vendor: 'BLOOMREACH',
    vendorId: segmentation.id,
    name: segmentation.name,
    calculated: true,
    attributes: { segmentCount: segmentation.segments.length },
  };
}
