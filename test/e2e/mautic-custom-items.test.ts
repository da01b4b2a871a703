// Mautic custom item writes through the plugin's documented create-or-update calls: inserts and
// updates, the plugin's all-or-nothing 400 as a ValidationError naming the alias or field, and a
// many-contact batch in one call with a result per item. Each write first reads its owners (one
// call) for the identifiers `contacts/new` matches on.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { useTestGateway, withTestGateway } from '../support/gateway.js';

const LIST = 'GET /api/contacts';
const NEW = 'POST /api/contacts/new';
const BATCH_NEW = 'POST /api/contacts/batch/new';
const customerId = (contactId: number) => globalId('Customer', 'MAUTIC', String(contactId));

const t = useTestGateway({ only: ['mautic'] });
beforeEach(() => {
  t.mautic.resetCalls();
  t.mautic.clearFaults();
});

/** What a failed write must leave untouched: the contact's fields, modification time and items. */
function snapshot(contactId: number) {
  const contact = t.mautic.store.contacts.get(contactId);
  return JSON.stringify({
    contact,
    products: t.mautic.store.itemsOf(contactId, 1),
    orders: t.mautic.store.itemsOf(contactId, 2),
    count: t.mautic.store.items.size,
  });
}

describe('upsertCustomItem (Mautic)', () => {
  it('inserts a new item on a customer and then updates it by key', async () => {
    const created = await t.sdk.UpsertCustomItem({
      input: {
        customerId: customerId(40),
        objectType: 'products',
        name: 'Trail Shoe',
        attributes: { sku: 'SKU-NEW-1', price: 120, multi: ['red', 'blue'] },
      },
    });
    if (created.data.upsertCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(created.data));
    const item = created.data.upsertCustomItem.customItem;
    expect(item).toMatchObject({ vendor: 'MAUTIC', objectType: 'products', name: 'Trail Shoe', version: null });
    expect(item?.attributes).toMatchObject({ sku: 'SKU-NEW-1', price: 120, multi: ['red', 'blue'] });
    const stored = t.mautic.store.items.get(Number(item?.key));
    expect(stored?.name).toBe('Trail Shoe');
    expect(t.mautic.store.itemsOf(40, 1).map((i) => i.id)).toContain(stored?.id);
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1, [NEW]: 1 });
    expect(t.mautic.lastQuery(NEW)?.get('includeCustomObjects')).toBe('true');

    const updated = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(40), objectType: 'products', key: item?.key, attributes: { price: 99 } },
    });
    if (updated.data.upsertCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(updated.data));
    expect(updated.data.upsertCustomItem.customItem).toMatchObject({ key: item?.key, name: 'Trail Shoe' });
    expect(updated.data.upsertCustomItem.customItem?.attributes).toMatchObject({ sku: 'SKU-NEW-1', price: 99 });

    const node = await t.sdk.CustomItemNode({ id: item?.id ?? '' });
    expect(node.data.node).toMatchObject({ __typename: 'CustomItem', key: item?.key, customer: { vendorId: '40' } });
  });

  it('reports an unknown object alias as a ValidationError on objectType, with nothing saved', async () => {
    const before = snapshot(41);
    const res = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(41), objectType: 'invoice', name: 'X', attributes: { sku: 'A' } },
    });
    expect(res.data.upsertCustomItem).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'objectType', message: 'Custom Object with alias = invoice was not found' }],
    });
    expect(t.mautic.calls(NEW)).toBe(1);
    expect(snapshot(41)).toBe(before);
  });

  it('is all-or-nothing: one unknown field and one bad value reject the whole item, naming both', async () => {
    const before = snapshot(42);
    const res = await t.sdk.UpsertCustomItem({
      input: {
        customerId: customerId(42),
        objectType: 'products',
        name: 'Half',
        attributes: { sku: 'SKU-HALF', shoeSize: 44, category: 'weapons' },
      },
    });
    if (res.data.upsertCustomItem.__typename !== 'ValidationError') throw new Error(JSON.stringify(res.data));
    expect(res.data.upsertCustomItem.fields.map((f) => f.field).sort()).toEqual(['attributes.category', 'attributes.shoeSize']);
    expect(snapshot(42)).toBe(before);
  });

  it('reports an unknown item id on key', async () => {
    const res = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(42), objectType: 'products', key: '987654', attributes: { price: 1 } },
    });
    expect(res.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'key' }] });
  });

  it('checks what the schema knows before any call', async () => {
    const noName = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(42), objectType: 'products', attributes: { sku: 'A' } },
    });
    expect(noName.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'name' }] });
    const both = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(42), siteId: globalId('Site', 'SFCC', 'RefArch'), objectType: 'products', name: 'A', attributes: {} },
    });
    expect(both.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError' });
    const notObject = await t.post(
      'mutation($a: JSON!) { upsertCustomItem(input: { customerId: "' +
        customerId(42) +
        '", objectType: "products", name: "A", attributes: $a }) { __typename ... on ValidationError { fields { field } } } }',
      { a: [1, 2] },
    );
    expect(notObject.body.data?.upsertCustomItem).toEqual({ __typename: 'ValidationError', fields: [{ field: 'attributes' }] });
    const badOwner = await t.sdk.UpsertCustomItem({ input: { customerId: 'nope', objectType: 'products', name: 'A', attributes: {} } });
    expect(badOwner.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customerId' }] });
    const wordKey = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(42), objectType: 'products', key: 'abc', attributes: { sku: 'S' } },
    });
    expect(wordKey.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'key' }] });
    const versioned = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(42), objectType: 'products', name: 'A', attributes: { sku: 'S' }, expectedVersion: 'v1' },
    });
    expect(versioned.data.upsertCustomItem).toMatchObject({ __typename: 'UnsupportedOperationError', vendor: 'MAUTIC' });
    expect(t.mautic.calls()).toBe(0);
  });

  it('answers NotFoundError for a customer Mautic does not have', async () => {
    const res = await t.sdk.UpsertCustomItem({
      input: { customerId: customerId(99_999), objectType: 'products', name: 'A', attributes: { sku: 'S' } },
    });
    expect(res.data.upsertCustomItem).toMatchObject({ __typename: 'NotFoundError', id: '99999' });
  });
});

describe('patchCustomItem / deleteCustomItem (Mautic)', () => {
  it('merges changes into an existing item and reports a missing one as NotFoundError', async () => {
    const item = t.mautic.store.itemsOf(1, 1)[0];
    if (!item) throw new Error('contact 1 has no products');
    const id = globalId('CustomItem', 'MAUTIC', `1:products:${item.id}`);
    const res = await t.sdk.PatchCustomItem({ input: { id, name: 'Renamed', attributes: { color: 'green' } } });
    if (res.data.patchCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.patchCustomItem.customItem).toMatchObject({ id, name: 'Renamed' });
    expect(res.data.patchCustomItem.customItem?.attributes).toMatchObject({ color: 'green', sku: item.attributes.sku });

    const missing = await t.sdk.PatchCustomItem({
      input: { id: globalId('CustomItem', 'MAUTIC', '1:products:999999'), attributes: { color: 'red' } },
    });
    expect(missing.data.patchCustomItem.__typename).toBe('NotFoundError');
    const empty = await t.sdk.PatchCustomItem({ input: { id } });
    expect(empty.data.patchCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'attributes' }] });
  });

  it('cannot delete items through the contact API', async () => {
    const res = await t.sdk.DeleteCustomItem({ input: { id: globalId('CustomItem', 'MAUTIC', '1:products:2') } });
    expect(res.data.deleteCustomItem).toMatchObject({
      __typename: 'UnsupportedOperationError',
      vendor: 'MAUTIC',
      operation: 'customItems.delete',
    });
    expect(t.mautic.calls()).toBe(0);
  });
});

describe('upsertCustomItems (Mautic)', () => {
  it('writes many contacts’ items in one batch call and reports each item, a bad one failing alone', async () => {
    const before = snapshot(52);
    const itemsBefore = t.mautic.store.items.size;
    const res = await t.sdk.UpsertCustomItems({
      input: {
        items: [
          { customerId: customerId(50), objectType: 'products', name: 'Batch A', attributes: { sku: 'B-A' } },
          { customerId: customerId(51), objectType: 'orders', name: 'Batch B', attributes: { order_number: 'ORD-B', status: 'paid' } },
          { customerId: customerId(50), objectType: 'orders', name: 'Batch C', attributes: { order_number: 'ORD-C', total: 10 } },
          { customerId: customerId(52), objectType: 'products', name: 'Batch D', attributes: { sku: 'B-D', flavour: 'mint' } },
          { customerId: customerId(53), objectType: 'products', attributes: { sku: 'no name' } },
          { customerId: customerId(54), objectType: 'products', name: 'Batch F', attributes: { sku: 'B-F' } },
        ],
      },
    });
    if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
    const payload = res.data.upsertCustomItems;
    expect(payload.results.map((r) => r.status)).toEqual(['APPLIED', 'APPLIED', 'APPLIED', null, null, 'APPLIED']);
    expect(payload.appliedCount).toBe(4);
    expect(payload.failedCount).toBe(2);
    expect(payload.results.map((r) => r.customItem?.name ?? null)).toEqual(['Batch A', 'Batch B', 'Batch C', null, null, 'Batch F']);
    expect(payload.results[3]?.error).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'items.3.attributes.flavour' }] });
    expect(payload.results[4]?.error).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'items.4.name' }] });
    // One call for all contacts; the item the schema rejected was never sent, the one Mautic rejected saved nothing.
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1, [BATCH_NEW]: 1 });
    expect(t.mautic.store.items.size).toBe(itemsBefore + 4);
    expect(snapshot(52).replace(/"count":\d+/, '')).toBe(before.replace(/"count":\d+/, ''));
    expect(t.mautic.store.itemsOf(50, 1).some((i) => i.name === 'Batch A')).toBe(true);
    expect(t.mautic.store.itemsOf(50, 2).some((i) => i.name === 'Batch C')).toBe(true);
  });

  it('reports a customer Mautic does not have on its own item', async () => {
    const res = await t.sdk.UpsertCustomItems({
      input: {
        items: [
          { customerId: customerId(99_998), objectType: 'products', name: 'Lost', attributes: { sku: 'L' } },
          { customerId: customerId(55), objectType: 'products', name: 'Found', attributes: { sku: 'F' } },
        ],
      },
    });
    if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.upsertCustomItems.results.map((r) => r.error?.__typename ?? r.status)).toEqual(['NotFoundError', 'APPLIED']);
    expect(t.mautic.calls(BATCH_NEW)).toBe(1);
  });

  it('reports a failing batch call on every item it carried', async () => {
    t.mautic.injectFault({ route: BATCH_NEW, status: 503, times: 1 });
    const res = await t.sdk.UpsertCustomItems({
      input: { items: [{ customerId: customerId(56), objectType: 'products', name: 'Down', attributes: { sku: 'D' } }] },
    });
    if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.upsertCustomItems.results[0]?.error).toMatchObject({ __typename: 'UpstreamError', retryable: true, vendor: 'MAUTIC' });
  });
});

describe('upsertCustomItems across vendors', () => {
  it('sends the Mautic items in one batch call and the SFCC ones as PUTs, in one result list', async () => {
    await withTestGateway({ only: ['mautic', 'sfcc'] }, async (both) => {
      const res = await both.sdk.UpsertCustomItems({
        input: {
          items: [
            { customerId: customerId(60), objectType: 'products', name: 'Mixed A', attributes: { sku: 'M-A' } },
            { siteId: globalId('Site', 'SFCC', 'RefArch'), objectType: 'store_config', key: '1010', attributes: { c_name: 'Mixed B' } },
            { customerId: customerId(61), objectType: 'products', name: 'Mixed C', attributes: { sku: 'M-C' } },
          ],
        },
      });
      if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
      expect(res.data.upsertCustomItems.results.map((r) => [r.index, r.status, r.customItem?.vendor])).toEqual([
        [0, 'APPLIED', 'MAUTIC'],
        [1, 'APPLIED', 'SFCC'],
        [2, 'APPLIED', 'MAUTIC'],
      ]);
      expect(both.sandboxes.mautic?.callCounts()).toEqual({ [LIST]: 1, [BATCH_NEW]: 1 });
      expect(both.sandboxes.sfcc?.calls('PUT /sites/{site_id}/custom_objects/{object_type}/{key}')).toBe(1);
    });
  });
});
