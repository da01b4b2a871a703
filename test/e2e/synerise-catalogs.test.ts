// Synerise catalogs ("bags") as Catalogs: offset paging with totals, items by key, and item values
// that Synerise stores as JSON-encoded strings coming back exactly as they were written.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { CATALOG_IDS, PRODUCT_COUNT, productSku } from '../../src/sandbox/synerise/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const ITEM_BY_KEY_ROUTE = 'GET /catalogs/bags/{catalogId}/items/itemKey/{itemKey}';
const ADD_ITEM_ROUTE = 'POST /catalogs/bags/{catalogId}/items';
const catalogId = (id: number | string) => globalId('Catalog', 'SYNERISE', String(id));

describe('Synerise catalogs', () => {
  const t = useTestGateway({ only: ['synerise'] });
  beforeEach(() => t.synerise.resetCalls());

  describe('reading', () => {
    it('lists catalogs by offset with the vendor total', async () => {
      const first = await t.sdk.CatalogsPage({ vendor: 'SYNERISE', first: 2 });
      expect(first.data.catalogs?.totalCount).toBe(3);
      expect(first.data.catalogs?.edges.map((e) => e.node.name)).toEqual(['products', 'stores']);
      expect(first.data.catalogs?.edges[0]?.node).toMatchObject({
        id: catalogId(CATALOG_IDS.products),
        vendor: 'SYNERISE',
        vendorId: String(CATALOG_IDS.products),
      });
      expect(first.data.catalogs?.edges[0]?.node.attributes).toMatchObject({ author: 'Anna Nowak' });
      expect(first.data.catalogs?.pageInfo.hasNextPage).toBe(true);
      const rest = await t.sdk.CatalogsPage({ vendor: 'SYNERISE', first: 2, after: first.data.catalogs?.pageInfo.endCursor });
      expect(rest.data.catalogs?.edges.map((e) => e.node.name)).toEqual(['loyalty-tiers']);
      expect(rest.data.catalogs?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(t.synerise.calls('GET /catalogs/bags')).toBe(2);
    });

    it('reads a catalog by id; a missing one is null plus NOT_FOUND', async () => {
      const res = await t.sdk.CatalogNode({ id: catalogId(CATALOG_IDS.stores) });
      expect(res.data.node).toMatchObject({ __typename: 'Catalog', name: 'stores' });
      const missing = await t.post('query($id: ID!) { catalog(id: $id) { id name } }', { id: catalogId(4242) });
      expect(missing.body.data?.catalog).toBeNull();
      expect(errorCodes(missing.body)).toEqual(['NOT_FOUND']);
    });

    it('pages items with their parsed values and the item total', async () => {
      const first = await t.sdk.CatalogWithItems({ id: catalogId(CATALOG_IDS.products), first: 100 });
      const items = first.data.catalog?.items;
      expect(items?.totalCount).toBe(PRODUCT_COUNT);
      expect(items?.pageInfo.hasNextPage).toBe(true);
      const firstItem = items?.edges[0]?.node;
      expect(firstItem?.key).toBe(productSku(1));
      expect(firstItem?.vendorId).toBe(`${CATALOG_IDS.products}:${productSku(1)}`);
      expect(firstItem?.value).toEqual(t.synerise.store.itemByKey(CATALOG_IDS.products, productSku(1))?.value);
      const rest = await t.sdk.CatalogWithItems({ id: catalogId(CATALOG_IDS.products), first: 100, after: items?.pageInfo.endCursor });
      expect(rest.data.catalog?.items?.edges.map((e) => e.node.key)).toEqual(Array.from({ length: 50 }, (_, i) => productSku(101 + i)));
      expect(rest.data.catalog?.items?.pageInfo.hasNextPage).toBe(false);
      expect(t.synerise.calls('GET /catalogs/bags/{catalogId}/items')).toBe(2);
    });

    it('gets an item by key, once per distinct key in a query; a missing key is null plus NOT_FOUND', async () => {
      const res = await t.post(
        `query($id: ID!) {
          catalog(id: $id) {
            a: item(key: "GOLD") { key value }
            b: item(key: "GOLD") { id }
            c: item(key: "DIAMOND") { key }
          }
        }`,
        { id: catalogId(CATALOG_IDS.loyaltyTiers) },
      );
      const catalog = res.body.data?.catalog as Record<string, unknown>;
      expect(catalog.a).toEqual({
        key: 'GOLD',
        value: { tier: 'GOLD', minPoints: 2500, perks: ['birthday voucher', 'free shipping', 'early access'] },
      });
      expect(catalog.c).toBeNull();
      expect(errorCodes(res.body)).toEqual(['NOT_FOUND']);
      expect(res.body.errors?.[0]?.path).toEqual(['catalog', 'c']);
      expect(t.synerise.calls(ITEM_BY_KEY_ROUTE)).toBe(2);
    });

    it('resolves a CatalogItem by its global id, keys with colons and slashes included', async () => {
      const key = 'odd:key/with spaces';
      await t.sdk.UpsertCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key, value: { storeId: key } } });
      const id = globalId('CatalogItem', 'SYNERISE', `${CATALOG_IDS.stores}:${key}`);
      const res = await t.sdk.CatalogNode({ id });
      expect(res.data.node).toEqual({ __typename: 'CatalogItem', id, key, value: { storeId: key } });
      const byKey = await t.sdk.CatalogItemByKey({ id: catalogId(CATALOG_IDS.stores), key });
      expect(byKey.data.catalog?.item).toMatchObject({ id, key, catalog: { id: catalogId(CATALOG_IDS.stores), name: 'stores' } });
    });
  });

  describe('upsertCatalogItem / deleteCatalogItem', () => {
    it('round-trips a value exactly: what is written is what is read, key order included', async () => {
      const value = {
        name: 'Zażółć "gęślą" jaźń \\ ✓',
        price: 12.5,
        count: 0,
        big: 9007199254740991,
        negative: -3.25e-7,
        flags: [true, false, null],
        nested: { empty: {}, list: [], deep: { a: [1, { b: 'c' }] } },
        nothing: null,
        z: 'last',
        a: 'after z',
      };
      const res = await t.sdk.UpsertCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'ROUND-TRIP', value } });
      const payload = res.data.upsertCatalogItem;
      expect(payload).toMatchObject({
        __typename: 'CatalogItemPayload',
        status: 'APPLIED',
        catalogItem: { key: 'ROUND-TRIP', catalog: { id: catalogId(CATALOG_IDS.stores) } },
      });
      const written = payload.__typename === 'CatalogItemPayload' ? payload.catalogItem?.value : undefined;
      expect(JSON.stringify(written)).toBe(JSON.stringify(value));
      // Read back in a new request, from Synerise's JSON-encoded string.
      const read = await t.sdk.CatalogItemByKey({ id: catalogId(CATALOG_IDS.stores), key: 'ROUND-TRIP' });
      expect(JSON.stringify(read.data.catalog?.item?.value)).toBe(JSON.stringify(value));
      expect(t.synerise.store.itemByKey(CATALOG_IDS.stores, 'ROUND-TRIP')?.value).toEqual(value);
    });

    it('replaces the whole value of an existing item', async () => {
      await t.sdk.UpsertCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'REPLACE-ME', value: { a: 1, b: 2 } } });
      const res = await t.sdk.UpsertCatalogItem({
        input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'REPLACE-ME', value: { c: 3 } },
      });
      expect(res.data.upsertCatalogItem).toMatchObject({ status: 'APPLIED', catalogItem: { value: { c: 3 } } });
      expect(t.synerise.store.itemByKey(CATALOG_IDS.stores, 'REPLACE-ME')?.value).toEqual({ c: 3 });
    });

    it('refuses values Synerise cannot hold and empty keys, before any call', async () => {
      for (const value of [[1, 2], 'text', 42, null]) {
        const res = await t.post(
          'mutation($input: UpsertCatalogItemInput!) { upsertCatalogItem(input: $input) { __typename ... on ValidationError { fields { field } } } }',
          { input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'X', value } },
        );
        // A null for a non-null input field is refused by GraphQL itself; the rest by the gateway.
        if (value === null) expect(res.body.errors?.[0]?.message).toMatch(/input\.value.*not to be null/);
        else expect(res.body.data?.upsertCatalogItem).toEqual({ __typename: 'ValidationError', fields: [{ field: 'value' }] });
      }
      const empty = await t.sdk.UpsertCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key: '', value: {} } });
      expect(empty.data.upsertCatalogItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'key' }] });
      const notACatalog = await t.sdk.UpsertCatalogItem({
        input: { catalogId: globalId('Segment', 'SYNERISE', '1'), key: 'X', value: {} },
      });
      expect(notACatalog.data.upsertCatalogItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'catalogId' }] });
      expect(t.synerise.calls(ADD_ITEM_ROUTE)).toBe(0);
    });

    it('says NOT_FOUND for a catalog that does not exist', async () => {
      const res = await t.sdk.UpsertCatalogItem({ input: { catalogId: catalogId(4242), key: 'X', value: {} } });
      expect(res.data.upsertCatalogItem).toMatchObject({ __typename: 'NotFoundError' });
    });

    it('deletes an item; reading or deleting it again is NOT_FOUND', async () => {
      await t.sdk.UpsertCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'DELETE-ME', value: { x: 1 } } });
      const res = await t.sdk.DeleteCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'DELETE-ME' } });
      expect(res.data.deleteCatalogItem).toEqual({
        __typename: 'DeletePayload',
        deletedId: globalId('CatalogItem', 'SYNERISE', `${CATALOG_IDS.stores}:DELETE-ME`),
        status: 'APPLIED',
      });
      expect(t.synerise.store.itemByKey(CATALOG_IDS.stores, 'DELETE-ME')).toBeUndefined();
      const read = await t.sdk.CatalogItemByKey({ id: catalogId(CATALOG_IDS.stores), key: 'DELETE-ME' });
      expect(read.data.catalog?.item).toBeNull();
      expect(errorCodes({ errors: read.errors as never })).toEqual(['NOT_FOUND']);
      const again = await t.sdk.DeleteCatalogItem({ input: { catalogId: catalogId(CATALOG_IDS.stores), key: 'DELETE-ME' } });
      expect(again.data.deleteCatalogItem).toMatchObject({ __typename: 'NotFoundError' });
    });
  });
});
