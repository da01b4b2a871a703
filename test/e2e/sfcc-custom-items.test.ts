// SFCC custom objects as CustomItems: per-site reads deduplicated per request and bounded in
// concurrency, a missing object as null plus NOT_FOUND, the `select` that follows the selection,
// and writes with optimistic locking (expectedVersion → _resource_state, 409 → ConflictError).
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { asTyped, people } from '../../src/sandbox/people.js';
import { errorCodes, useTestGateway, withTestGateway } from '../support/gateway.js';

const OBJECT = 'GET /sites/{site_id}/custom_objects/{object_type}/{key}';
const PUT = 'PUT /sites/{site_id}/custom_objects/{object_type}/{key}';
const siteId = (id: string) => globalId('Site', 'SFCC', id);
const itemId = (site: string, type: string, key: string) => globalId('CustomItem', 'SFCC', `${site}:${type}:${key}`);

const t = useTestGateway({ only: ['sfcc'] });
beforeEach(() => {
  t.sfcc.resetCalls();
  t.sfcc.clearFaults();
});

async function versionOf(site: string, type: string, key: string): Promise<string | null | undefined> {
  const res = await t.sdk.SiteCustomItemVersion({ id: siteId(site), objectType: type, key });
  return res.data.node && 'customItem' in res.data.node ? res.data.node.customItem?.version : undefined;
}

describe('Site.customItem', () => {
  it('reads a loyalty profile keyed by the normalised email, attributes untouched', async () => {
    const person = people(8)[7];
    if (!person) throw new Error('no person');
    const res = await t.sdk.SiteCustomItem({ id: siteId('RefArch'), objectType: 'loyalty_profile', key: person.email });
    const item = res.data.node && 'customItem' in res.data.node ? res.data.node.customItem : undefined;
    expect(item).toMatchObject({
      vendorId: `RefArch:loyalty_profile:${person.email}`,
      objectType: 'loyalty_profile',
      key: person.email,
      site: { vendorId: 'RefArch' },
    });
    expect(item?.version).toMatch(/^[0-9a-f]{64}$/);
    expect(item?.attributes).toMatchObject({ c_email: asTyped(person), c_firstName: person.firstName });
    // `attributes` needs the whole document: no selector.
    expect(t.sfcc.lastQuery(OBJECT)?.get('select')).toBeNull();
  });

  it('sends a narrow select when no document content is selected', async () => {
    const version = await versionOf('RefArch', 'store_config', '1001');
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    expect(t.sfcc.lastQuery(OBJECT)?.get('select')).toBe('(object_type)');
  });

  it('reads many keys with one call per distinct key, a missing one as null plus NOT_FOUND', async () => {
    const keys = ['1001', '1002', '1003', '1001', '1004', '1002', '9999'];
    const fields = keys.map((k, i) => `i${i}: customItem(objectType: "store_config", key: "${k}") { key attributes }`);
    const res = await t.post(`query($id: ID!) { node(id: $id) { ... on Site { ${fields.join(' ')} } } }`, { id: siteId('RefArch') });
    const node = res.body.data?.node as Record<string, { key: string; attributes: Record<string, unknown> } | null>;
    expect(keys.map((_, i) => node[`i${i}`]?.key ?? null)).toEqual(['1001', '1002', '1003', '1001', '1004', '1002', null]);
    expect(node.i0?.attributes).toHaveProperty('c_name');
    expect(errorCodes(res.body)).toEqual(['NOT_FOUND']);
    expect(res.body.errors?.[0]?.path).toEqual(['node', 'i6']);
    expect(t.sfcc.calls(OBJECT)).toBe(5);
  });

  it('reports a malformed integer key and an unknown type on the read that asked', async () => {
    const badKey = await t.sdk.SiteCustomItem({ id: siteId('RefArch'), objectType: 'store_config', key: 'abc' });
    expect(badKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'key' });
    const badType = await t.sdk.SiteCustomItem({ id: siteId('RefArch'), objectType: 'no_such_type', key: 'x' });
    expect(errorCodes(badType)).toEqual(['NOT_FOUND']);
  });

  it('resolves an item by its global ID, with its site', async () => {
    const res = await t.sdk.CustomItemNode({ id: itemId('SiteGenesis', 'store_config', '2003') });
    expect(res.data.node).toMatchObject({
      __typename: 'CustomItem',
      vendor: 'SFCC',
      key: '2003',
      objectType: 'store_config',
      customer: null,
      site: { vendorId: 'SiteGenesis' },
    });
  });
});

describe('bounded concurrency', () => {
  it('never has more custom object reads in flight than SFCC_MAX_CONCURRENCY', async () => {
    const latencyMs = 40;
    await withTestGateway({ only: ['sfcc'], latencyMs, env: { SFCC_MAX_CONCURRENCY: '2' } }, async (slow) => {
      await slow.sdk.SitesPage({ first: 1 }); // token fetched outside the measurement
      const keys = ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008'];
      const fields = keys.map((k, i) => `i${i}: customItem(objectType: "store_config", key: "${k}") { key }`);
      const started = performance.now();
      const res = await slow.post(`query($id: ID!) { node(id: $id) { ... on Site { ${fields.join(' ')} } } }`, { id: siteId('RefArch') });
      const elapsed = performance.now() - started;
      expect(res.body.errors).toBeUndefined();
      // The site read, then 8 reads two at a time: at least 1 + 4 round trips.
      expect(elapsed).toBeGreaterThanOrEqual(5 * latencyMs - 5);
      expect(slow.sfcc.calls(OBJECT)).toBe(8);
    });
  });
});

describe('custom item writes with optimistic locking', () => {
  const key = `lock.test.${Date.now()}@example.com`;

  it('creates with PUT, refuses a stale version with the current one, patches and deletes with the right one', async () => {
    const created = await t.sdk.UpsertCustomItem({
      input: { siteId: siteId('RefArch'), objectType: 'loyalty_profile', key, attributes: { c_email: key, c_tier: 'gold', c_points: 10 } },
    });
    if (created.data.upsertCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(created.data));
    const v1 = created.data.upsertCustomItem.customItem?.version;
    expect(v1).toMatch(/^[0-9a-f]{64}$/);
    expect(created.data.upsertCustomItem.customItem).toMatchObject({
      key,
      objectType: 'loyalty_profile',
      attributes: { c_tier: 'gold', c_points: 10 },
    });
    expect(t.sfcc.calls(PUT)).toBe(1);
    const id = created.data.upsertCustomItem.customItem?.id ?? '';

    const patched = await t.sdk.PatchCustomItem({ input: { id, attributes: { c_points: 20 }, expectedVersion: v1 } });
    if (patched.data.patchCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(patched.data));
    const v2 = patched.data.patchCustomItem.customItem?.version;
    expect(v2).not.toBe(v1);
    expect(patched.data.patchCustomItem.customItem?.attributes).toMatchObject({ c_tier: 'gold', c_points: 20 });

    const stalePatch = await t.sdk.PatchCustomItem({ input: { id, attributes: { c_points: 30 }, expectedVersion: v1 } });
    expect(stalePatch.data.patchCustomItem).toEqual({ __typename: 'ConflictError', message: expect.any(String), currentVersion: v2 });
    const stalePut = await t.sdk.UpsertCustomItem({
      input: { siteId: siteId('RefArch'), objectType: 'loyalty_profile', key, attributes: { c_points: 1 }, expectedVersion: v1 },
    });
    expect(stalePut.data.upsertCustomItem).toMatchObject({ __typename: 'ConflictError', currentVersion: v2 });
    const createOnly = await t.sdk.UpsertCustomItem({
      input: { siteId: siteId('RefArch'), objectType: 'loyalty_profile', key, attributes: {}, expectedVersion: 'not_exists' },
    });
    expect(createOnly.data.upsertCustomItem).toMatchObject({ __typename: 'ConflictError', currentVersion: v2 });
    expect(t.sfcc.store.sites.get('RefArch')?.objects.get('loyalty_profile')?.get(key)?.attributes.c_points).toBe(20);

    const staleDelete = await t.sdk.DeleteCustomItem({ input: { id, expectedVersion: v1 } });
    expect(staleDelete.data.deleteCustomItem).toMatchObject({ __typename: 'ConflictError', currentVersion: v2 });
    const deleted = await t.sdk.DeleteCustomItem({ input: { id, expectedVersion: v2 } });
    expect(deleted.data.deleteCustomItem).toEqual({ __typename: 'DeletePayload', deletedId: id, status: 'APPLIED' });
    expect(await versionOf('RefArch', 'loyalty_profile', key)).toBeUndefined();
    // Deleting what is gone is a no-op at SFCC, not an error.
    const again = await t.sdk.DeleteCustomItem({ input: { id } });
    expect(again.data.deleteCustomItem.__typename).toBe('DeletePayload');
  });

  it('replaces the whole object on upsert without a version', async () => {
    const res = await t.sdk.UpsertCustomItem({
      input: { siteId: siteId('SiteGenesis'), objectType: 'store_config', key: '2001', attributes: { c_name: 'Rebuilt', c_active: true } },
    });
    if (res.data.upsertCustomItem.__typename !== 'CustomItemPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.upsertCustomItem.customItem?.attributes).toEqual({ c_name: 'Rebuilt', c_active: true });
  });

  it('validates names, keys and types, before the call where the schema can', async () => {
    const site = siteId('RefArch');
    const unprefixed = await t.sdk.UpsertCustomItem({
      input: { siteId: site, objectType: 'loyalty_profile', key: 'a@b.co', attributes: { tier: 'gold' } },
    });
    expect(unprefixed.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'attributes.tier' }] });
    const noKey = await t.sdk.UpsertCustomItem({ input: { siteId: site, objectType: 'loyalty_profile', attributes: { c_tier: 'gold' } } });
    expect(noKey.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'key' }] });
    const named = await t.sdk.UpsertCustomItem({
      input: { siteId: site, objectType: 'loyalty_profile', key: 'a@b.co', name: 'x', attributes: {} },
    });
    expect(named.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'name' }] });
    expect(t.sfcc.calls()).toBe(0);

    const unknownAttribute = await t.sdk.UpsertCustomItem({
      input: { siteId: site, objectType: 'loyalty_profile', key: 'a@b.co', attributes: { c_shoeSize: 44 } },
    });
    expect(unknownAttribute.data.upsertCustomItem).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'attributes.c_shoeSize' }],
    });
    const wrongType = await t.sdk.UpsertCustomItem({
      input: { siteId: site, objectType: 'loyalty_profile', key: 'a@b.co', attributes: { c_points: 'lots' } },
    });
    expect(wrongType.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'attributes.c_points' }] });
    const badKey = await t.sdk.UpsertCustomItem({ input: { siteId: site, objectType: 'store_config', key: 'abc', attributes: {} } });
    expect(badKey.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'key' }] });
    const badType = await t.sdk.UpsertCustomItem({ input: { siteId: site, objectType: 'wishlist', key: 'k', attributes: {} } });
    expect(badType.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'objectType' }] });
    const badSite = await t.sdk.UpsertCustomItem({
      input: { siteId: siteId('Nowhere'), objectType: 'store_config', key: '1', attributes: {} },
    });
    expect(badSite.data.upsertCustomItem).toMatchObject({ __typename: 'NotFoundError', id: 'Nowhere' });
    expect(t.sfcc.store.sites.get('RefArch')?.objects.get('loyalty_profile')?.has('a@b.co')).toBe(false);

    const missing = await t.sdk.PatchCustomItem({
      input: { id: itemId('RefArch', 'store_config', '1999'), attributes: { c_active: false } },
    });
    expect(missing.data.patchCustomItem.__typename).toBe('NotFoundError');
  });

  it('upserts many objects, one PUT each, reporting each item', async () => {
    const site = siteId('RefArchGlobal');
    const res = await t.sdk.UpsertCustomItems({
      input: {
        items: [
          { siteId: site, objectType: 'store_config', key: '3001', attributes: { c_name: 'One' } },
          { siteId: site, objectType: 'store_config', key: '3002', attributes: { c_capacity: 'big' } },
          { siteId: site, objectType: 'store_config', attributes: { c_name: 'No key' } },
          { siteId: site, objectType: 'store_config', key: '3003', attributes: { c_name: 'Three' } },
        ],
      },
    });
    if (res.data.upsertCustomItems.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.upsertCustomItems.results.map((r) => r.error?.__typename ?? r.status)).toEqual([
      'APPLIED',
      'ValidationError',
      'ValidationError',
      'APPLIED',
    ]);
    expect(res.data.upsertCustomItems.results[1]?.error).toMatchObject({ fields: [{ field: 'items.1.attributes.c_capacity' }] });
    expect(res.data.upsertCustomItems.results[2]?.error).toMatchObject({ fields: [{ field: 'items.2.key' }] });
    expect(t.sfcc.calls(PUT)).toBe(3);
  });
});
