// Snapshot rows and configured segmentations into domain records. Rows become CustomerRecords only
// when a page or lookup hands them out, so a snapshot never holds 50,000 objects. Which column feeds
// which field comes from the column layout (attributes.ts), never from the export's header text.
import type { CustomerRecord, SegmentGroupRecord, SegmentRecord } from '../../domain/model.js';
import type { ColumnLayout } from './attributes.js';
import type { BloomreachConfig } from './config.js';
import type { Snapshot } from './snapshot.js';

export type Segmentation = BloomreachConfig['segmentations'][number];

/**
 * Native customer id: `<identifier name>:<value>` of the first listed identifier the customer has
 * (`registered:<hard id>`, else `cookie:<soft id>` with the default list). Prefixed because the
 * identifier spaces could overlap, and so a lookup knows which column to search.
 */
export function nativeId(idName: string, value: string): string {
  return `${idName}:${value}`;
}

export function parseNativeId(layout: ColumnLayout, vendorId: string): { column: number; value: string } | undefined {
  const sep = vendorId.indexOf(':');
  if (sep < 0) return undefined;
  const idName = vendorId.slice(0, sep);
  const value = vendorId.slice(sep + 1);
  const id = layout.ids.find((candidate) => candidate.name === idName);
  return id && value !== '' ? { column: id.column, value } : undefined;
}

/**
 * Bloomreach timestamps are unix seconds, possibly fractional. A tenant's own date property may hold
 * an ISO date instead; that is read too, and anything else is null rather than a failed export.
 */
function toDate(value: string | null): Date | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(seconds * 1000);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed);
}

export function nativeIdOfRow(layout: ColumnLayout, s: Snapshot, row: number): string {
  for (const id of layout.ids) {
    const value = s.value(row, id.column);
    if (value !== null) return nativeId(id.name, value);
  }
  // Every profile has at least one identifier; one with none of the listed ids gets a row-bound id
  // that lists can show but lookups cannot resolve.
  return `row:${row}`;
}

export function toCustomer(layout: ColumnLayout, s: Snapshot, row: number): CustomerRecord {
  const { roles } = layout;
  // An unconfigured role reads column -1, which is null: a field the project does not export.
  const field = (column: number | undefined) => s.value(row, column ?? -1);
  const attributes: Record<string, unknown> = {};
  for (const [name, column] of layout.rest) attributes[name] = s.value(row, column);
  return {
    vendor: 'BLOOMREACH',
    vendorId: nativeIdOfRow(layout, s, row),
    email: field(roles.email),
    firstName: field(roles.firstName),
    lastName: field(roles.lastName),
    phone: field(roles.phone),
    // By default the hard ID carries the organisation customer number (see README, "Joining a customer across vendors").
    customId: field(roles.customId),
    attributes,
    createdAt: toDate(field(roles.createdAt)),
    // The default list has no modification time; a tenant may map one.
    updatedAt: toDate(field(roles.updatedAt)),
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
