// Mautic contacts (with the Custom Objects plugin's `customObjects` block) to domain records, inputs to
// contact bodies, and Mautic error messages to field issues naming the gateway's input fields.
import { describe, expect, it } from 'vitest';
import {
  customerBody,
  customObjectsBody,
  issuesFromMautic,
  toCustomer,
  toCustomItem,
  toEmbeddedItems,
} from '../../src/vendors/mautic/map.js';
import { WireContact, WireCustomItem } from '../../src/vendors/mautic/wire.js';

const item = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Item ${id}`,
  dateAdded: '2024-03-01T10:00:00+00:00',
  dateModified: '2024-03-02T11:30:00+00:00',
  attributes: { sku: `SKU-${id}` },
  ...extra,
});

describe('toCustomer', () => {
  const wire = WireContact.parse({
    id: 17,
    dateAdded: '2024-01-05T08:00:00+00:00',
    dateModified: '2024-02-06T09:15:00+00:00',
    points: 25,
    fields: {
      core: { email: { alias: 'email', value: 'ignored@example.com' } },
      all: {
        id: 17,
        email: 'ann@example.com',
        firstname: 'Ann',
        lastname: 'Lee',
        phone: 48600100200,
        customer_id: 'C-17',
        city: 'Kraków',
        preferences: { newsletter: true },
      },
    },
    tags: { 3: { id: 3, tag: 'vip' }, 5: { id: 5, tag: 'newsletter' } },
  });

  it('reads the common fields from fields.all, scalars as text, dates from ISO strings', () => {
    expect(toCustomer(wire)).toMatchObject({
      vendor: 'MAUTIC',
      vendorId: '17',
      email: 'ann@example.com',
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '48600100200',
      customId: 'C-17',
      createdAt: new Date('2024-01-05T08:00:00Z'),
      updatedAt: new Date('2024-02-06T09:15:00Z'),
      customItems: undefined,
    });
  });

  it('passes the other tenant fields through, with points and tag names, but not id or the common fields', () => {
    expect(toCustomer(wire).attributes).toEqual({
      city: 'Kraków',
      preferences: { newsletter: true },
      points: 25,
      tags: ['vip', 'newsletter'],
    });
  });

  it('maps a contact without fields, dates, points or tags to nulls', () => {
    expect(toCustomer(WireContact.parse({ id: '3', fields: { all: [] }, dateAdded: null }))).toEqual({
      vendor: 'MAUTIC',
      vendorId: '3',
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      customId: null,
      attributes: {},
      createdAt: null,
      updatedAt: null,
      customItems: undefined,
    });
  });

  it('answers null for a common field holding a non-scalar and for an unreadable date', () => {
    const odd = toCustomer(
      WireContact.parse({ id: 4, dateModified: 'not a date', fields: { all: { email: ['a@b.co'], firstname: true } } }),
    );
    expect(odd).toMatchObject({ email: null, firstName: 'true', updatedAt: null });
  });
});

describe('custom items', () => {
  it('maps an item: its id as key, its field values as attributes, the contact it belongs to', () => {
    const mapped = toCustomItem(WireCustomItem.parse(item(301, { language: 'en', isPublished: true })), 'products', '17');
    expect(mapped).toEqual({
      vendor: 'MAUTIC',
      vendorId: '301',
      objectType: 'products',
      key: '301',
      name: 'Item 301',
      attributes: { sku: 'SKU-301' },
      createdAt: new Date('2024-03-01T10:00:00Z'),
      updatedAt: new Date('2024-03-02T11:30:00Z'),
      version: null,
      scope: null,
      customerVendorId: '17',
    });
  });

  it("reads PHP's empty-map `[]` attributes as none", () => {
    expect(toCustomItem(WireCustomItem.parse({ id: 1, attributes: [] }), 'orders', '2')).toMatchObject({ attributes: {}, name: null });
  });

  const WINDOW = 50;

  it('embeds every object type, marking a type whose window is full as possibly truncated', () => {
    const full = Array.from({ length: WINDOW }, (_, i) => item(1000 + i));
    const contact = WireContact.parse({
      id: 17,
      customObjects: {
        data: [
          { id: 1, alias: 'products', data: [item(1), item(2)], meta: { page: { number: 1, size: WINDOW } } },
          { id: 2, alias: 'orders', data: full, meta: { page: { number: 1, size: WINDOW } } },
          { id: 3, alias: 'empty', data: [], meta: { page: { number: 1, size: WINDOW } } },
        ],
        meta: { page: { number: 1, size: WINDOW } },
      },
    });
    const embedded = toEmbeddedItems(contact, true);
    expect(embedded?.items).toHaveLength(2 + WINDOW);
    expect(embedded?.items.slice(0, 2).map((i) => [i.objectType, i.key, i.customerVendorId])).toEqual([
      ['products', '1', '17'],
      ['products', '2', '17'],
    ]);
    expect(embedded?.truncatedTypes).toEqual(['orders']);
    expect(embedded?.typesPossiblyMissing).toBe(false);
    expect(toCustomer(contact).customItems).toEqual(embedded);
  });

  it('at the boundary: one item under the window is complete, a window of the size the plugin reports is not', () => {
    const under = WireContact.parse({
      id: 1,
      customObjects: {
        data: [{ alias: 'orders', data: Array.from({ length: WINDOW - 1 }, (_, i) => item(i)), meta: { page: { size: WINDOW } } }],
      },
    });
    expect(toEmbeddedItems(under, true)?.truncatedTypes).toEqual([]);
    const smallWindow = WireContact.parse({
      id: 1,
      customObjects: { data: [{ alias: 'orders', data: [item(1), item(2)], meta: { page: { size: 2 } } }] },
    });
    expect(toEmbeddedItems(smallWindow, true)?.truncatedTypes).toEqual(['orders']);
  });

  it('without the customObjects block: no embed when none was asked for, no items when it was', () => {
    expect(toEmbeddedItems(WireContact.parse({ id: 1 }), false)).toBeUndefined();
    expect(toEmbeddedItems(WireContact.parse({ id: 1 }), true)).toEqual({ items: [], truncatedTypes: [] });
  });
});

describe('customerBody', () => {
  it('sends Mautic aliases for the common fields, attributes beside them, only the keys set', () => {
    expect(customerBody({ email: 'a@b.co', customId: 'C-1', attributes: { city: 'Gdańsk' } })).toEqual({
      city: 'Gdańsk',
      email: 'a@b.co',
      customer_id: 'C-1',
    });
  });

  it('asks Mautic to overwrite with blank only when a common field is cleared', () => {
    expect(customerBody({ phone: null, firstName: 'Ann' })).toEqual({ phone: null, firstname: 'Ann', overwriteWithBlank: true });
    expect(customerBody({ firstName: 'Ann' })).toEqual({ firstname: 'Ann' });
  });
});

describe('customObjectsBody', () => {
  it('groups items by alias, an item with a key updating that item id', () => {
    expect(
      customObjectsBody([
        { objectType: 'products', name: 'New', attributes: { sku: 'N' } },
        { objectType: 'orders', key: '12', attributes: { total: 3 } },
        { objectType: 'products', key: '7', name: 'Old', attributes: { sku: 'O' } },
      ]),
    ).toEqual({
      data: [
        {
          alias: 'products',
          data: [
            { name: 'New', attributes: { sku: 'N' } },
            { id: 7, name: 'Old', attributes: { sku: 'O' } },
          ],
        },
        { alias: 'orders', data: [{ id: 12, attributes: { total: 3 } }] },
      ],
    });
  });
});

describe('issuesFromMautic', () => {
  it.each([
    ['Custom Object with alias = gadgets was not found', 'objectType'],
    ['Custom Field with alias = colour was not found', 'attributes.colour'],
    ["Custom Field 'price' must be a number", 'attributes.price'],
    ['Custom Item with ID = 99 was not found', 'key'],
    ['Custom Item name cannot be empty', 'name'],
    ['Custom Object gadgets is not published', 'objectType'],
    ['Something else went wrong', 'input'],
  ])('names the field of "%s" as %s', (message, field) => {
    expect(issuesFromMautic([{ message }])).toEqual([{ field, message }]);
  });

  it('maps a core contact form error to the gateway field, or to attributes for a tenant field, with the list prefix', () => {
    expect(
      issuesFromMautic(
        [
          { code: 400, message: 'email: A valid email is required.', details: { email: ['A valid email is required.'] } },
          { code: 400, message: 'city: Too long.', details: { city: ['Too long.'] } },
        ],
        'items.3.',
      ),
    ).toEqual([
      { field: 'items.3.email', message: 'email: A valid email is required.' },
      { field: 'items.3.attributes.city', message: 'city: Too long.' },
    ]);
  });
});
