// Pimcore CMF documents (parsed by the adapter's wire schemas, as the client does) to domain records
// and back for writes.
import { describe, expect, it } from 'vitest';
import {
  activityBody,
  customerBody,
  segmentBody,
  segmentGroupBody,
  toActivity,
  toCustomer,
  toDeletion,
  toSegment,
  toSegmentGroup,
} from '../../src/vendors/pimcore/map.js';
import { WireActivity, WireCustomer, WireDeletion, WireSegment, WireSegmentGroup } from '../../src/vendors/pimcore/wire.js';

const CREATED = 1_700_000_000; // 2023-11-14T22:13:20Z
const MODIFIED = 1_700_086_400; // a day later

describe('toCustomer', () => {
  const wire = WireCustomer.parse({
    id: 42,
    email: 'Jane.Doe@Example.com',
    firstname: 'Jane',
    lastname: 'Doe',
    phone: '+48 600 100 200',
    customerNumber: 10042,
    creationDate: CREATED,
    modificationDate: String(MODIFIED),
    segments: [3, '7'],
    gender: 'female',
    street: 'Main St 1',
    _links: { self: '/api/customers/42' },
  });

  it('maps the standard fields, ids as strings, epoch seconds (number or digit string) as dates', () => {
    expect(toCustomer(wire)).toMatchObject({
      vendor: 'PIMCORE',
      vendorId: '42',
      email: 'Jane.Doe@Example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      phone: '+48 600 100 200',
      customId: '10042',
      segmentIds: ['3', '7'],
    });
    expect(toCustomer(wire).createdAt?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(toCustomer(wire).updatedAt?.toISOString()).toBe('2023-11-15T22:13:20.000Z');
  });

  it('passes the tenant-specific class fields through as attributes, without the HAL links', () => {
    expect(toCustomer(wire).attributes).toEqual({ gender: 'female', street: 'Main St 1' });
  });

  it('answers null for absent optional fields and no activities when none were embedded', () => {
    const bare = toCustomer(WireCustomer.parse({ id: '7' }));
    expect(bare).toEqual({
      vendor: 'PIMCORE',
      vendorId: '7',
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      customId: null,
      attributes: {},
      createdAt: null,
      updatedAt: null,
      segmentIds: [],
      activities: undefined,
    });
  });

  it('maps embedded activities (includeActivities) with the customer', () => {
    const withActivities = toCustomer(
      WireCustomer.parse({
        id: 1,
        activities: [{ id: 9, customerId: 1, type: 'purchase', activityDate: CREATED, attributes: { total: 12.5 } }],
      }),
    );
    expect(withActivities.activities).toEqual([
      expect.objectContaining({ vendorId: '9', customerVendorId: '1', type: 'purchase', attributes: { total: 12.5 } }),
    ]);
  });
});

describe('toActivity', () => {
  it('maps the activity with its attributes and the document keys the mapper does not know', () => {
    const activity = toActivity(
      WireActivity.parse({
        id: 501,
        customerId: '42',
        activityDate: CREATED,
        type: 'newsletter.opened',
        implementationClass: 'Pimcore\\Model\\Activity',
        attributes: { campaign: 'spring', opens: 2 },
        creationDate: CREATED,
        modificationDate: MODIFIED,
        md5: 'abc',
        o_id: 0,
        a_id: 'x',
      }),
    );
    expect(activity).toEqual({
      vendor: 'PIMCORE',
      vendorId: '501',
      customerVendorId: '42',
      type: 'newsletter.opened',
      occurredAt: new Date(CREATED * 1000),
      attributes: { campaign: 'spring', opens: 2, implementationClass: 'Pimcore\\Model\\Activity' },
      createdAt: new Date(CREATED * 1000),
      updatedAt: new Date(MODIFIED * 1000),
    });
  });

  it("reads PHP's empty-map `[]` as no attributes, and names a missing type `unknown`", () => {
    const activity = toActivity(WireActivity.parse({ id: 1, attributes: [] }));
    expect(activity).toMatchObject({ type: 'unknown', customerVendorId: null, occurredAt: null, attributes: {} });
  });
});

describe('toSegment and toSegmentGroup', () => {
  it('takes the group id whether the group is embedded as an object or given as an id', () => {
    expect(
      toSegment(WireSegment.parse({ id: 3, name: 'VIP', group: { id: 2, name: 'Tiers' }, reference: 'vip', calculated: false })),
    ).toEqual({
      vendor: 'PIMCORE',
      vendorId: '3',
      name: 'VIP',
      groupVendorId: '2',
      reference: 'vip',
      calculated: false,
      attributes: {},
    });
    expect(toSegment(WireSegment.parse({ id: 4, group: 2 })).groupVendorId).toBe('2');
  });

  it('answers an empty name and nulls for a bare segment, and drops the write answer `success` flag', () => {
    expect(toSegment(WireSegment.parse({ id: 5, success: true, color: 'red' }))).toEqual({
      vendor: 'PIMCORE',
      vendorId: '5',
      name: '',
      groupVendorId: null,
      reference: null,
      calculated: null,
      attributes: { color: 'red' },
    });
  });

  it('maps a segment group', () => {
    expect(toSegmentGroup(WireSegmentGroup.parse({ id: '2', name: 'Tiers', calculated: true, success: true, sortOrder: 1 }))).toEqual({
      vendor: 'PIMCORE',
      vendorId: '2',
      name: 'Tiers',
      calculated: true,
      attributes: { sortOrder: 1 },
    });
  });
});

describe('toDeletion', () => {
  it('names the entity from the entry, else from the list it came from', () => {
    const entry = WireDeletion.parse({ id: 12, creationDate: CREATED, entityType: 'activities', type: 'purchase' });
    expect(toDeletion(entry, 'customers')).toEqual({
      vendor: 'PIMCORE',
      entityType: 'ACTIVITY',
      entityVendorId: '12',
      deletedAt: new Date(CREATED * 1000),
      type: 'purchase',
    });
    expect(toDeletion(WireDeletion.parse({ id: 13 }), 'customers')).toMatchObject({ entityType: 'CUSTOMER', type: null });
    expect(toDeletion(WireDeletion.parse({ id: 14 }), 'activities').entityType).toBe('ACTIVITY');
  });

  it('dates an entry without a creation date at the epoch', () => {
    expect(toDeletion(WireDeletion.parse({ id: 13 }), 'customers').deletedAt).toEqual(new Date(0));
  });
});

describe('write bodies', () => {
  it('sends the CMF field names, extra attributes beside them, and only the keys the client set', () => {
    expect(customerBody({ email: 'a@b.co', firstName: 'A', customId: 'C-1', attributes: { gender: 'male' } })).toEqual({
      gender: 'male',
      email: 'a@b.co',
      firstname: 'A',
      customerNumber: 'C-1',
    });
  });

  it('keeps an explicit null (a field to clear) but drops an absent key, so PATCH leaves it alone', () => {
    expect(customerBody({ phone: null })).toEqual({ phone: null });
    expect(customerBody({})).toEqual({});
  });

  it('lets a standard field win over an attribute of the same name', () => {
    expect(customerBody({ email: 'real@b.co', attributes: { email: 'shadow@b.co' } })).toEqual({ email: 'real@b.co' });
  });

  it('sends an activity with a numeric customer id and the date in epoch seconds', () => {
    expect(
      activityBody({
        customerVendorId: '42',
        type: 'purchase',
        occurredAt: new Date('2023-11-14T22:13:20.999Z'),
        attributes: { total: 3 },
      }),
    ).toEqual({ customerId: 42, type: 'purchase', activityDate: CREATED, attributes: { total: 3 } });
    expect(activityBody({ type: 'x', customerVendorId: null, attributes: null })).toEqual({ type: 'x' });
  });

  it('sends a segment with a numeric group id, and a segment group', () => {
    expect(segmentBody({ name: 'VIP', groupVendorId: '2', reference: 'vip', calculated: false, attributes: { color: 'red' } })).toEqual({
      color: 'red',
      name: 'VIP',
      group: 2,
      reference: 'vip',
      calculated: false,
    });
    expect(segmentBody({ name: 'VIP', groupVendorId: null, calculated: null })).toEqual({ name: 'VIP' });
    expect(segmentGroupBody({ name: 'Tiers', calculated: true })).toEqual({ name: 'Tiers', calculated: true });
  });
});
