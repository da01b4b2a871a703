// Bloomreach export rows (held in a Snapshot, as the CSV reader fills it) and configured
// segmentations to domain records, and the native ids the gateway gives them.
import { describe, expect, it } from 'vitest';
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
import { EXPORT_ATTRIBUTES, expectedColumns } from '../../src/vendors/bloomreach/wire.js';

/** A complete snapshot of the export's own columns (registered, cookie, email, …, created_ts). */
function snapshotOf(rows: readonly (readonly string[])[], header: readonly string[] = expectedColumns(EXPORT_ATTRIBUTES)): Snapshot {
  const s = new Snapshot('test');
  s.setHeader(header);
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

describe('toCustomer', () => {
  const s = snapshotOf(ROWS);

  it('maps a registered customer: the hard ID as id and customId, the other columns as attributes', () => {
    expect(toCustomer(s, 0)).toEqual({
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
    expect(toCustomer(s, 1)).toEqual({
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
    expect(nativeIdOfRow(s, 2)).toBe('row:2');
    expect(toCustomer(s, 2)).toMatchObject({ vendorId: 'row:2', email: 'ghost@example.com', createdAt: null });
  });

  it('finds columns by name whatever their order, passes unknown ones through, and answers null for missing ones', () => {
    const other = snapshotOf([['ck-9', 'gold', 'Bo']], ['cookie', 'loyalty_tier', 'first_name']);
    expect(toCustomer(other, 0)).toEqual({
      vendor: 'BLOOMREACH',
      vendorId: 'cookie:ck-9',
      email: null,
      firstName: 'Bo',
      lastName: null,
      phone: null,
      customId: null,
      attributes: { cookie: 'ck-9', loyalty_tier: 'gold' },
      createdAt: null,
      updatedAt: null,
    });
  });
});

describe('native customer ids', () => {
  it('prefixes the identifier name and parses it back, the value kept whole', () => {
    expect(nativeId('registered', 'CUST-1')).toBe('registered:CUST-1');
    expect(parseNativeId('cookie:a:b')).toEqual({ idName: 'cookie', value: 'a:b' });
  });

  it('refuses an unknown identifier name, an empty value, and a bare value', () => {
    expect(parseNativeId('email:a@b.co')).toBeUndefined();
    expect(parseNativeId('registered:')).toBeUndefined();
    expect(parseNativeId('CUST-1')).toBeUndefined();
    expect(parseNativeId('row:2')).toBeUndefined();
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
