// Bloomreach export rows (held in a Snapshot, as the CSV reader fills it) and configured
// segmentations to domain records, and the native ids the gateway gives them.
import { describe, expect, it } from 'vitest';
import { columnLayout } from '../../src/vendors/bloomreach/attributes.js';
import {
  nativeId,
  nativeIdOfRow,
  parseNativeId,
  parseSegmentId,
  type Segmentation,
  segmentId,
  toCustomer,
  toSegment,
  toSegmentGroup,
} from '../../src/vendors/bloomreach/map.js';
import { Snapshot } from '../../src/vendors/bloomreach/snapshot.js';

const layout = columnLayout();

/** A complete snapshot as the CSV reader fills it: columns by position, in the layout's order. */
function snapshotOf(rows: readonly (readonly string[])[], width = layout.width): Snapshot {
  const s = new Snapshot('test');
  s.setWidth(width);
  for (const row of rows) s.addRow(row);
  s.finish();
  return s;
}

//            registered     cookie      email              first   last    phone         city      country created_ts
const ROWS = [
  ['CUST-000001', 'ck-1', 'Ann@Example.com', 'Ann', 'Lee', '+48600100200', 'Kraków', 'PL', '1700000000.5'],
  ['', 'ck-2', '', '', '', '', '', '', ''],
  ['', '', 'ghost@example.com', '', '', '', '', '', 'not a number'],
];

describe('toCustomer (default layout)', () => {
  const s = snapshotOf(ROWS);

  it('maps a registered customer: the hard ID as id and customId, the columns without a role as attributes', () => {
    expect(toCustomer(layout, s, 0)).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: 'registered:CUST-000001',
      email: 'Ann@Example.com',
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '+48600100200',
      customId: 'CUST-000001',
      attributes: { cookie: 'ck-1', city: 'Kraków', country: 'PL' },
      createdAt: new Date(1_700_000_000_500),
      updatedAt: null,
    });
  });

  it('maps an anonymous customer by its cookie, empty cells (absent properties) as null', () => {
    expect(toCustomer(layout, s, 1)).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: 'cookie:ck-2',
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      customId: null,
      attributes: { cookie: 'ck-2', city: null, country: null },
      createdAt: null,
      updatedAt: null,
    });
  });

  it('gives a customer with neither identifier a row-bound id, and an unreadable timestamp no date', () => {
    expect(nativeIdOfRow(layout, s, 2)).toBe('row:2');
    expect(toCustomer(layout, s, 2)).toMatchObject({ vendorId: 'row:2', email: 'ghost@example.com', createdAt: null });
  });

  it('reads a tenant layout by position: roles where configured, the rest as attributes, unmapped fields null', () => {
    const tenant = columnLayout([
      { type: 'property', property: 'given_name', role: 'firstName' },
      { type: 'id', id: 'cookie' },
      { type: 'property', property: 'loyalty_tier' },
      { type: 'property', property: 'signup', role: 'createdAt' },
    ]);
    const other = snapshotOf([['Bo', 'ck-9', 'gold', '2024-05-01T10:00:00Z']], tenant.width);
    expect(toCustomer(tenant, other, 0)).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: 'cookie:ck-9',
      email: null,
      firstName: 'Bo',
      lastName: null,
      phone: null,
      customId: null,
      attributes: { cookie: 'ck-9', loyalty_tier: 'gold' },
      createdAt: new Date('2024-05-01T10:00:00Z'),
      updatedAt: null,
    });
  });
});

describe('native customer ids', () => {
  it('prefixes the identifier name and parses it back to its column, the value kept whole', () => {
    expect(nativeId('registered', 'CUST-1')).toBe('registered:CUST-1');
    expect(parseNativeId(layout, 'cookie:a:b')).toEqual({ column: 1, value: 'a:b' });
  });

  it('refuses an identifier the layout does not export, an empty value, and a bare value', () => {
    expect(parseNativeId(layout, 'email:a@b.co')).toBeUndefined();
    expect(parseNativeId(layout, 'registered:')).toBeUndefined();
    expect(parseNativeId(layout, 'CUST-1')).toBeUndefined();
    expect(parseNativeId(layout, 'row:2')).toBeUndefined();
  });
});

describe('segments', () => {
  const loyalty: Segmentation = { id: '606c5d7e2a1f', name: 'Loyalty tier', segments: ['Gold', 'Silver', 'Bronze'] };

  it('makes one calculated Segment per segment of a segmentation, grouped under it', () => {
    expect(toSegment(loyalty, 1)).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: '606c5d7e2a1f:1',
      name: 'Silver',
      groupVendorId: '606c5d7e2a1f',
      reference: null,
      calculated: true,
      attributes: { segmentationId: '606c5d7e2a1f', segmentationName: 'Loyalty tier', segmentIndex: 1 },
    });
    expect(toSegment(loyalty, -1)).toMatchObject({ vendorId: '606c5d7e2a1f:-1', name: '' });
  });

  it('makes the segmentation a calculated group counting its segments', () => {
    expect(toSegmentGroup(loyalty)).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: '606c5d7e2a1f',
      name: 'Loyalty tier',
      calculated: true,
      attributes: { segmentCount: 3 },
    });
  });

  it('parses a segment id at its last colon, including index -1 (in no segment)', () => {
    expect(segmentId('a:b', 2)).toBe('a:b:2');
    expect(parseSegmentId('a:b:2')).toEqual({ segmentationId: 'a:b', index: 2 });
    expect(parseSegmentId('606c5d7e2a1f:-1')).toEqual({ segmentationId: '606c5d7e2a1f', index: -1 });
  });

  it('refuses a segment id without a segmentation or with an index that is not an integer', () => {
    expect(parseSegmentId(':1')).toBeUndefined();
    expect(parseSegmentId('606c5d7e2a1f')).toBeUndefined();
    expect(parseSegmentId('606c5d7e2a1f:1.5')).toBeUndefined();
    expect(parseSegmentId('606c5d7e2a1f:x')).toBeUndefined();
    expect(parseSegmentId('606c5d7e2a1f:99999999999999999999')).toBeUndefined();
  });
});
