// Synerise documents from each API family (v4, CRM, activities-api, analytics, catalogs) to domain
// records, and inputs to v4 profile and custom event bodies.
import { describe, expect, it } from 'vitest';
import {
  activityVendorId,
  customEventBody,
  parseActivityVendorId,
  parseItemValue,
  profileBody,
  toActivity,
  toCatalog,
  toCatalogItem,
  toCrmCustomer,
  toCustomer,
  toSegment,
} from '../../src/vendors/synerise/map.js';
import { ActivityPage, WireActivity, WireCatalog, WireCatalogItem, WireCrmProfile, WireProfile } from '../../src/vendors/synerise/wire.js';

describe('toCustomer (v4 profile)', () => {
  it('maps the common fields and keeps everything else, custom attributes included, as sent', () => {
    const wire = WireProfile.parse({
      clientId: 5091234,
      email: 'ola@example.com',
      phone: '+48500600700',
      customId: 'CRM-77',
      firstName: 'Ola',
      lastName: 'Nowak',
      city: 'Warszawa',
      agreements: { email: true, sms: false },
      attributes: { loyaltyTier: 'gold' },
    });
    expect(toCustomer(wire)).toEqual({
      vendor: 'SYNERISE',
      vendorId: '5091234',
      email: 'ola@example.com',
      firstName: 'Ola',
      lastName: 'Nowak',
      phone: '+48500600700',
      customId: 'CRM-77',
      attributes: { city: 'Warszawa', agreements: { email: true, sms: false }, attributes: { loyaltyTier: 'gold' } },
      createdAt: null,
      updatedAt: null,
    });
  });

  it('answers null for the fields an anonymous profile lacks', () => {
    expect(toCustomer(WireProfile.parse({ clientId: '1', anonymous: true }))).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      customId: null,
      attributes: { anonymous: true },
    });
  });
});

describe('toCrmCustomer (segmentation member)', () => {
  it('reads the CRM spellings and its day-precision dates', () => {
    const wire = WireCrmProfile.parse({
      id: 42,
      email: 'ola@example.com',
      custom_identify: 'CRM-77',
      firstname: 'Ola',
      lastName: 'Nowak',
      created: '2024-05-01',
      updated: '2024-06-15',
      sex: 'FEMALE',
    });
    expect(toCrmCustomer(wire)).toEqual({
      vendor: 'SYNERISE',
      vendorId: '42',
      email: 'ola@example.com',
      firstName: 'Ola',
      lastName: 'Nowak',
      phone: null,
      customId: 'CRM-77',
      attributes: { sex: 'FEMALE' },
      createdAt: new Date('2024-05-01T00:00:00Z'),
      updatedAt: new Date('2024-06-15T00:00:00Z'),
    });
  });

  it('accepts an all-lowercase lastname, and null dates', () => {
    expect(toCrmCustomer(WireCrmProfile.parse({ id: 1, lastname: 'Kowalski', created: null }))).toMatchObject({
      lastName: 'Kowalski',
      createdAt: null,
      updatedAt: null,
      attributes: {},
    });
  });
});

describe('activities', () => {
  const time = Date.UTC(2024, 6, 1, 12, 0, 0);

  it('identifies an activity by profile, time and unique, and parses that id back', () => {
    expect(activityVendorId('77', time, 'abc-1')).toBe(`77:${time}:abc-1`);
    expect(parseActivityVendorId(`77:${time}:abc:with:colons`)).toEqual({ clientId: '77', time, unique: 'abc:with:colons' });
  });

  it('refuses an id that is not profile:time:unique', () => {
    expect(parseActivityVendorId('77:abc')).toBeUndefined();
    expect(parseActivityVendorId(`x:${time}:u`)).toBeUndefined();
    expect(parseActivityVendorId(`77:${time}:`)).toBeUndefined();
  });

  it('maps an activity whose action is an object, its params with the descriptive fields winning', () => {
    const wire = WireActivity.parse({
      action: { name: 'page.visit', id: 3 },
      time,
      unique: 998,
      eventUUID: 'e-1',
      label: 'Visited',
      client: { id: 77 },
      params: { url: 'https://shop.example/p/1', label: 'sender label' },
    });
    expect(toActivity(wire, 'fallback')).toEqual({
      vendor: 'SYNERISE',
      vendorId: `77:${time}:998`,
      customerVendorId: '77',
      type: 'page.visit',
      occurredAt: new Date(time),
      attributes: { url: 'https://shop.example/p/1', label: 'Visited', eventUUID: 'e-1', unique: '998' },
      createdAt: null,
      updatedAt: null,
    });
  });

  it('takes the profile it was read for when the activity names none, and a string action as is', () => {
    const activity = toActivity(WireActivity.parse({ action: 'transaction.charge', time, unique: 'u' }), '12');
    expect(activity).toMatchObject({
      vendorId: `12:${time}:u`,
      customerVendorId: '12',
      type: 'transaction.charge',
      attributes: { unique: 'u' },
    });
  });

  it('refuses a page with an activity that has neither `time` nor `createDate`, naming the row', () => {
    const page = {
      data: [
        { action: 'a', time, unique: 1 },
        { action: 'b', time: null, unique: 2 },
      ],
    };
    const parsed = ActivityPage.safeParse(page);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['data.1.time', 'an activity needs `time` or `createDate`'],
    ]);
    // Either instant will do; `time` wins when both came.
    expect(toActivity(WireActivity.parse({ action: 'b', createDate: time, unique: 2 }), '1').occurredAt).toEqual(new Date(time));
    expect(toActivity(WireActivity.parse({ action: 'b', time, createDate: 5, unique: 2 }), '1').occurredAt).toEqual(new Date(time));
  });
});

describe('segments and catalogs', () => {
  it('maps a configured segmentation with no group', () => {
    expect(toSegment({ id: 'a1b2', name: 'Churn risk' })).toEqual({
      vendor: 'SYNERISE',
      vendorId: 'a1b2',
      name: 'Churn risk',
      groupVendorId: null,
      reference: null,
      calculated: null,
      attributes: {},
    });
  });

  it('maps a catalog', () => {
    expect(toCatalog(WireCatalog.parse({ id: 12, name: 'products', author: 'api' }))).toEqual({
      vendor: 'SYNERISE',
      vendorId: '12',
      name: 'products',
      attributes: { author: 'api' },
    });
  });

  it('parses the JSON-encoded item value back into what was written', () => {
    const item = toCatalogItem(
      WireCatalogItem.parse({
        itemKey: 'SKU-1',
        id: 55,
        value: '{"price":12.5,"tags":["a"]}',
        bag: { id: 12 },
        creationDate: '2024-01-01',
      }),
      '99',
    );
    expect(item).toEqual({
      vendor: 'SYNERISE',
      vendorId: '12:SKU-1',
      catalogVendorId: '12',
      key: 'SKU-1',
      value: { price: 12.5, tags: ['a'] },
      attributes: { id: '55', creationDate: '2024-01-01' },
    });
  });

  it('takes the catalog it was read from when the item names no bag', () => {
    expect(toCatalogItem(WireCatalogItem.parse({ itemKey: 'k', value: '1' }), '7')).toMatchObject({
      vendorId: '7:k',
      catalogVendorId: '7',
      value: 1,
    });
  });

  it('passes a value that is not JSON on as the string, and an object or nothing as it is', () => {
    expect(parseItemValue('not json {')).toBe('not json {');
    expect(parseItemValue('"quoted"')).toBe('quoted');
    expect(parseItemValue({ a: 1 })).toEqual({ a: 1 });
    expect(parseItemValue(undefined)).toBeNull();
  });
});

describe('profileBody', () => {
  it('puts native v4 fields at the top, other keys and read `attributes` into custom attributes, and drops read-only ones', () => {
    expect(
      profileBody(
        {
          email: 'a@b.co',
          firstName: 'A',
          attributes: { city: 'Łódź', loyaltyTier: 'gold', attributes: { shoeSize: 42 }, clientId: 5, anonymous: false },
        },
        'create',
      ),
    ).toEqual({ city: 'Łódź', email: 'a@b.co', firstName: 'A', attributes: { shoeSize: 42, loyaltyTier: 'gold' } });
  });

  it('drops nulls on create, and keeps them on update where a null resets the field', () => {
    const input = { phone: null, lastName: 'B', attributes: { city: null, tier: null } };
    expect(profileBody(input, 'create')).toEqual({ lastName: 'B', attributes: {} });
    expect(profileBody(input, 'update')).toEqual({ city: null, phone: null, lastName: 'B', attributes: { tier: null } });
  });

  it('sends nothing for an empty input', () => {
    expect(profileBody({}, 'update')).toEqual({});
  });
});

describe('customEventBody', () => {
  it('sends the type as action, the numeric client id, the ISO time and the attributes as params', () => {
    expect(
      customEventBody({ type: 'newsletter.open', occurredAt: new Date('2024-07-01T12:00:00Z'), attributes: { campaign: 'summer' } }, '77'),
    ).toEqual({
      action: 'newsletter.open',
      label: 'newsletter.open',
      client: { id: 77 },
      time: '2024-07-01T12:00:00.000Z',
      params: { campaign: 'summer' },
    });
  });

  it("uses the sender's label when it fits in 64 characters, else the type cut to 64", () => {
    expect(customEventBody({ type: 't', attributes: { label: 'x'.repeat(64) } }, '1').label).toBe('x'.repeat(64));
    expect(customEventBody({ type: 't', attributes: { label: 'x'.repeat(65) } }, '1').label).toBe('t');
    expect(customEventBody({ type: 'y'.repeat(70) }, '1').label).toBe('y'.repeat(64));
  });

  it('omits time and params rather than sending nulls or an empty object', () => {
    expect(customEventBody({ type: 't', occurredAt: null, attributes: {} }, '1')).toEqual({ action: 't', label: 't', client: { id: 1 } });
  });
});
