// Mautic custom item writes as the plugin really behaves: they reach only the documented
// create-or-update calls (`contacts/new`, `contacts/batch/new`), are read back through the gateway,
// and a call that answers 200 without storing the item (a plugin that does not listen there) is
// reported as not stored, never as a success. Also: a contact created with its items in one call,
// and the windows read from `meta.page` rather than assumed.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { useTestGateway } from '../support/gateway.js';

const LIST = 'GET /api/contacts';
const NEW = 'POST /api/contacts/new';
const BATCH_NEW = 'POST /api/contacts/batch/new';
const customerId = (contactId: number) => globalId('Customer', 'MAUTIC', String(contactId));

const t = useTestGateway({ only: ['mautic', 'pimcore'] });
beforeEach(() => {
  t.mautic.resetCalls();
  t.mautic.clearFaults();
  t.mautic.store.customObjectsWindow = 50;
  t.mautic.store.customObjectsRoutes.clear();
  t.mautic.store.customObjectsRoutes.add(NEW).add(BATCH_NEW);
});

async function itemsOf(contactId: number, objectType?: string) {
  const res = await t.sdk.CustomerCustomItems({ id: customerId(contactId), objectType, first: 100 });
  const connection = res.data.customer?.customItems;
  if (!connection) throw new Error(JSON.stringify(res));
  return connection;
}

describe('upsertCustomItem reaches the documented call and is really stored', () => {
  it('inserts through POST /api/contacts/new by the owner’s identifiers, and the item reads back through the gateway', async () => {
    const contactsBefore = t.mautic.store.contacts.size;
    const res = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(70), objectType: 'orders', name: 'Fidelity order', attributes: { order_number: 'FID-1', total: 42 } },
    });
    if (res.data.upsertCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(res.data));
    const key = res.data.upsertCustomItem.customItem?.key;
    // One read of the owner (its identifiers, and the items it showed before), one documented write.
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1, [NEW]: 1 });
    // Matched by its identifiers: linked to contact 70, no new contact.
    expect(t.mautic.store.itemsOf(70, 2).map((i) => String(i.id))).toContain(key);
    expect(t.mautic.store.contacts.size).toBe(contactsBefore);
    expect(t.mautic.store.items.get(Number(key))).toMatchObject({
      name: 'Fidelity order',
      attributes: { order_number: 'FID-1', total: 42 },
    });

    const back = await itemsOf(70, 'orders');
    expect(back.edges.map((e) => [e.node.key, e.node.name, e.node.attributes])).toContainEqual([
      key,
      'Fidelity order',
      expect.objectContaining({ order_number: 'FID-1', total: 42 }),
    ]);
  });

  it('updates through the same call and reads the new values back', async () => {
    const item = t.mautic.store.itemsOf(71, 1)[0];
    if (!item) throw new Error('contact 71 has no products');
    const res = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(71), objectType: 'products', key: String(item.id), attributes: { color: 'black', 'in-stock': 3 } },
    });
    expect(res.data.upsertCustomItem).toMatchObject({ __typename: 'CustomItemPayload', customItem: { key: String(item.id) } });
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1, [NEW]: 1 });
    const back = await itemsOf(71, 'products');
    expect(back.edges.find((e) => e.node.key === String(item.id))?.node.attributes).toMatchObject({ color: 'black', 'in-stock': 3 });
  });
});

describe('a write the plugin drops with a 200 is reported as not stored', () => {
  it('upsertCustomItem: an insert and an update both answer UpstreamError, and nothing changed', async () => {
    t.mautic.store.customObjectsRoutes.delete(NEW);
    const itemsBefore = t.mautic.store.items.size;
    const inserted = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(72), objectType: 'orders', name: 'Dropped', attributes: { order_number: 'DROP-1' } },
    });
    expect(inserted.data.upsertCustomItem).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_BAD_RESPONSE',
      retryable: false,
      vendor: 'MAUTIC',
      message: expect.stringContaining('did not store the new orders item'),
    });
    const existing = t.mautic.store.itemsOf(72, 1)[0];
    if (!existing) throw new Error('contact 72 has no products');
    const updated = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(72), objectType: 'products', key: String(existing.id), attributes: { color: 'white' } },
    });
    // Before the fix the gateway reported the existing item, unchanged, as the one it wrote.
    expect(updated.data.upsertCustomItem).toMatchObject({ __typename: 'UpstreamError', message: expect.stringContaining('did not store') });
    expect(t.mautic.calls(NEW)).toBe(2);
    expect(t.mautic.store.items.size).toBe(itemsBefore);
    expect(t.mautic.store.items.get(existing.id)?.attributes.color).toBe(existing.attributes.color);
  });

  it('patchCustomItem likewise', async () => {
    t.mautic.store.customObjectsRoutes.delete(NEW);
    const existing = t.mautic.store.itemsOf(73, 1)[0];
    if (!existing) throw new Error('contact 73 has no products');
    const res = await t.sdk.PatchCustomItem({
      input: { id: globalId('CustomItem', 'MAUTIC', `73:products:${existing.id}`), name: 'Never renamed' },
    });
    expect(res.data.patchCustomItem).toMatchObject({ __typename: 'UpstreamError', retryable: false });
    expect(t.mautic.store.items.get(existing.id)?.name).toBe(existing.name);
  });

  it('upsertCustomItems: every item of a dropped batch fails on its own', async () => {
    t.mautic.store.customObjectsRoutes.delete(BATCH_NEW);
    const res = await t.sdk.UpsertCustomItems({
      input: {
        items: [
          { customerId: customerId(74), objectType: 'orders', name: 'Dropped A', attributes: { order_number: 'DROP-A' } },
          { customerId: customerId(75), objectType: 'orders', name: 'Dropped B', attributes: { order_number: 'DROP-B' } },
        ],
      },
    });
    if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.upsertCustomItems.results.map((r) => r.error?.__typename ?? r.status)).toEqual(['UpstreamError', 'UpstreamError']);
    expect(res.data.upsertCustomItems.appliedCount).toBe(0);
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1, [BATCH_NEW]: 1 });
  });

  it('upsertCustomItems: two inserts on one contact in one batch each claim their own item', async () => {
    const res = await t.sdk.UpsertCustomItems({
      input: {
        items: [
          { customerId: customerId(76), objectType: 'orders', name: 'Twin', attributes: { order_number: 'TWIN' } },
          { customerId: customerId(76), objectType: 'orders', name: 'Twin', attributes: { order_number: 'TWIN' } },
        ],
      },
    });
    if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
    const keys = res.data.upsertCustomItems.results.map((r) => r.customItem?.key);
    expect(keys.every((k) => k !== undefined)).toBe(true);
    expect(new Set(keys).size).toBe(2);
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1, [BATCH_NEW]: 1 });
  });

  it('refuses a contact with no email or customer_id: the documented call could not find it', async () => {
    const anonymous = t.mautic.store.contacts.get(77);
    if (!anonymous) throw new Error('contact 77 missing');
    const saved = { ...anonymous.fields };
    anonymous.fields.email = null;
    anonymous.fields.customer_id = null;
    try {
      const res = await t.sdk.UpsertCustomItem({
        input: { customerId: customerId(77), objectType: 'orders', name: 'Nobody', attributes: { order_number: 'N-1' } },
      });
      expect(res.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customerId' }] });
      expect(t.mautic.calls(NEW)).toBe(0);
    } finally {
      anonymous.fields = saved;
    }
  });
});

describe('createCustomer with customItems', () => {
  it('creates the contact and its items in one vendor call and returns them', async () => {
    const res = await t.sdk.CreateCustomerWithItems({
      input: {
        vendor: 'MAUTIC',
        email: 'with.items@example.org',
        customId: 'CUST-WITH-ITEMS',
        customItems: [
          { objectType: 'products', name: 'Starter Kit', attributes: { sku: 'KIT-1', multi: ['red'] } },
          { objectType: 'orders', name: 'First order', attributes: { order_number: 'ORD-KIT-1', status: 'paid' } },
        ],
      },
    });
    if (res.data.createCustomer.__typename !== 'CustomerPayload') throw new Error(JSON.stringify(res.data));
    const customer = res.data.createCustomer.customer;
    expect(t.mautic.callCounts()).toEqual({ [NEW]: 1 });
    expect(customer?.customItems?.edges.map((e) => [e.node.objectType, e.node.name]).sort()).toEqual([
      ['orders', 'First order'],
      ['products', 'Starter Kit'],
    ]);
    expect(customer?.customItems?.totalCount).toBe(2);
    const back = await itemsOf(Number(customer?.vendorId));
    expect(back.edges.map((e) => e.node.attributes)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: 'KIT-1', multi: ['red'] }),
        expect.objectContaining({ order_number: 'ORD-KIT-1', status: 'paid' }),
      ]),
    );
  });

  it('is all-or-nothing on an unknown object: neither the contact nor an item is saved', async () => {
    const contactsBefore = t.mautic.store.contacts.size;
    const itemsBefore = t.mautic.store.items.size;
    const res = await t.sdk.CreateCustomerWithItems({
      input: {
        vendor: 'MAUTIC',
        email: 'half.written@example.org',
        customItems: [
          { objectType: 'products', name: 'Fine', attributes: { sku: 'FINE' } },
          { objectType: 'invoice', name: 'Unknown', attributes: {} },
        ],
      },
    });
    expect(res.data.createCustomer).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'objectType' }] });
    expect(t.mautic.store.contacts.size).toBe(contactsBefore);
    expect(t.mautic.store.items.size).toBe(itemsBefore);
  });

  it('reports items the plugin dropped as not stored', async () => {
    t.mautic.store.customObjectsRoutes.delete(NEW);
    const res = await t.sdk.CreateCustomerWithItems({
      input: {
        vendor: 'MAUTIC',
        email: 'dropped.items@example.org',
        customItems: [{ objectType: 'orders', name: 'Gone', attributes: {} }],
      },
    });
    expect(res.data.createCustomer).toMatchObject({
      __typename: 'UpstreamError',
      retryable: false,
      message: expect.stringContaining('did not store'),
    });
  });

  it('checks the items before any call, and other vendors answer UnsupportedOperationError', async () => {
    const bad = await t.sdk.CreateCustomerWithItems({
      input: { vendor: 'MAUTIC', email: 'bad.items@example.org', customItems: [{ objectType: 'a:b', name: ' ', attributes: {} }] },
    });
    if (bad.data.createCustomer.__typename !== 'ValidationError') throw new Error(JSON.stringify(bad.data));
    expect(bad.data.createCustomer.fields.map((f) => f.field).sort()).toEqual(['customItems.0.name', 'customItems.0.objectType']);
    const pimcore = await t.sdk.CreateCustomerWithItems({
      input: { vendor: 'PIMCORE', email: 'pim.items@example.org', customItems: [{ objectType: 'products', name: 'X', attributes: {} }] },
    });
    expect(pimcore.data.createCustomer).toMatchObject({
      __typename: 'UnsupportedOperationError',
      vendor: 'PIMCORE',
      operation: 'customers.createWithItems',
    });
    expect(t.mautic.calls()).toBe(0);
    expect(t.sandboxes.pimcore?.calls()).toBe(0);
  });
});

describe('windows come from meta.page', () => {
  it('flags truncation at the plugin source’s window of 10 items', async () => {
    t.mautic.store.customObjectsWindow = 10;
    const heavy = [...t.mautic.store.contacts.keys()].find((id) => t.mautic.store.itemsOf(id, 1).length > 10);
    const light = [...t.mautic.store.contacts.keys()].find((id) => {
      const n = t.mautic.store.itemsOf(id, 1).length;
      return n > 0 && n < 10;
    });
    if (heavy === undefined || light === undefined) throw new Error('seed lacks contacts for the test');
    const full = await itemsOf(heavy, 'products');
    expect(full.edges).toHaveLength(10);
    expect(full).toMatchObject({ possiblyTruncated: true, totalCount: null });
    const partial = await itemsOf(light, 'products');
    expect(partial).toMatchObject({ possiblyTruncated: false, totalCount: t.mautic.store.itemsOf(light, 1).length });
  });

  it('flags a whole object type the object window may hide', async () => {
    t.mautic.store.customObjectsWindow = 1;
    const both = [...t.mautic.store.contacts.keys()].find(
      (id) => t.mautic.store.itemsOf(id, 1).length > 0 && t.mautic.store.itemsOf(id, 2).length > 0,
    );
    if (both === undefined) throw new Error('seed lacks a contact with products and orders');
    // Orders is the newer object, so it takes the single place and products are not listed at all.
    const products = await itemsOf(both, 'products');
    expect(products).toMatchObject({ edges: [], possiblyTruncated: true, totalCount: null });
  });
});
