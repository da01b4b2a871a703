// Scopes per vendor and action, end to end: a caller outside its scopes gets FORBIDDEN for that
// field (or a ForbiddenError in a mutation's result union) and the vendor is never called.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import type { SandboxName } from '../../src/sandbox/fleet.js';
import { type GraphQLBody, TEST_API_KEY_ENTRY, useTestGateway } from '../support/gateway.js';

const READER = 'reader-key-0123456789';
const PIMCORE_ONLY = 'pimcore-only-key-0123456789';
const WRITER_NO_READ = 'writer-key-0123456789';

const t = useTestGateway({
  env: {
    GATEWAY_API_KEYS: JSON.stringify([
      TEST_API_KEY_ENTRY,
      { name: 'reader', key: READER, scopes: ['*:read'] },
      { name: 'pimcore-app', key: PIMCORE_ONLY, scopes: ['pimcore:read', 'pimcore:write'] },
      { name: 'writer', key: WRITER_NO_READ, scopes: ['*:write'] },
    ]),
  },
});

const SANDBOXES: SandboxName[] = ['pimcore', 'synerise', 'mautic', 'sfcc', 'bloomreach'];
const totalCalls = () => SANDBOXES.reduce((n, name) => n + t[name].calls(), 0);

beforeEach(() => {
  for (const name of SANDBOXES) t[name].resetCalls();
});

const as = (key: string) => ({ authorization: `Bearer ${key}` });

const customer = (vendor: 'PIMCORE' | 'SYNERISE' | 'MAUTIC' | 'BLOOMREACH', id = '1') => globalId('Customer', vendor, id);
const SITE = globalId('Site', 'SFCC', 'RefArch');
const CATALOG = globalId('Catalog', 'SYNERISE', '1');

/** One document per mutation of the schema, each aimed at a vendor that supports it. */
const MUTATIONS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  createCustomer: { query: `mutation { r: createCustomer(input: { vendor: SYNERISE, email: "a@example.com" }) { __typename } }` },
  createCustomers: {
    query: `mutation { r: createCustomers(input: { vendor: MAUTIC, customers: [{ email: "a@example.com" }] }) { __typename } }`,
  },
  updateCustomer: { query: `mutation { r: updateCustomer(input: { id: "${customer('PIMCORE')}", firstName: "X" }) { __typename } }` },
  deleteCustomer: { query: `mutation { r: deleteCustomer(input: { id: "${customer('SYNERISE')}" }) { __typename } }` },
  recordActivity: { query: `mutation { r: recordActivity(input: { customerId: "${customer('MAUTIC')}", type: "visit" }) { __typename } }` },
  createActivity: {
    query: `mutation { r: createActivity(input: { customerId: "${customer('PIMCORE')}", type: "visit" }) { __typename } }`,
  },
  updateActivity: {
    query: `mutation { r: updateActivity(input: { id: "${globalId('Activity', 'PIMCORE', '1')}", type: "x" }) { __typename } }`,
  },
  deleteActivity: { query: `mutation { r: deleteActivity(input: { id: "${globalId('Activity', 'PIMCORE', '1')}" }) { __typename } }` },
  createSegment: {
    query: `mutation { r: createSegment(input: { vendor: PIMCORE, name: "S", groupId: "${globalId('SegmentGroup', 'PIMCORE', '1')}" }) { __typename } }`,
  },
  updateSegment: {
    query: `mutation { r: updateSegment(input: { id: "${globalId('Segment', 'PIMCORE', '1')}", name: "S" }) { __typename } }`,
  },
  deleteSegment: { query: `mutation { r: deleteSegment(input: { id: "${globalId('Segment', 'PIMCORE', '1')}" }) { __typename } }` },
  createSegmentGroup: { query: `mutation { r: createSegmentGroup(input: { vendor: PIMCORE, name: "G" }) { __typename } }` },
  updateSegmentGroup: {
    query: `mutation { r: updateSegmentGroup(input: { id: "${globalId('SegmentGroup', 'PIMCORE', '1')}", name: "G" }) { __typename } }`,
  },
  deleteSegmentGroup: {
    query: `mutation { r: deleteSegmentGroup(input: { id: "${globalId('SegmentGroup', 'PIMCORE', '1')}" }) { __typename } }`,
  },
  updateCustomerSegments: {
    query: `mutation { r: updateCustomerSegments(input: { customerId: "${customer('PIMCORE')}", add: ["${globalId('Segment', 'PIMCORE', '1')}"] }) { __typename } }`,
  },
  upsertCatalogItem: {
    query: `mutation($v: JSON!) { r: upsertCatalogItem(input: { catalogId: "${CATALOG}", key: "k", value: $v }) { __typename } }`,
    variables: { v: { a: 1 } },
  },
  deleteCatalogItem: { query: `mutation { r: deleteCatalogItem(input: { catalogId: "${CATALOG}", key: "k" }) { __typename } }` },
  upsertCustomItem: {
    query: `mutation($a: JSON!) { r: upsertCustomItem(input: { siteId: "${SITE}", objectType: "Thing", key: "k", attributes: $a }) { __typename } }`,
    variables: { a: { c_x: 1 } },
  },
  upsertCustomItems: {
    query: `mutation($a: JSON!) { r: upsertCustomItems(input: { items: [{ customerId: "${customer('MAUTIC')}", objectType: "product", name: "n", attributes: $a }] }) { __typename ... on UpsertCustomItemsPayload { results { error { __typename } } } } }`,
    variables: { a: {} },
  },
  patchCustomItem: {
    query: `mutation($a: JSON!) { r: patchCustomItem(input: { id: "${globalId('CustomItem', 'SFCC', 'RefArch:Thing:k')}", attributes: $a }) { __typename } }`,
    variables: { a: { c_x: 1 } },
  },
  deleteCustomItem: {
    query: `mutation { r: deleteCustomItem(input: { id: "${globalId('CustomItem', 'SFCC', 'RefArch:Thing:k')}" }) { __typename } }`,
  },
  updateSitePreferences: {
    query: `mutation($v: JSON!) { r: updateSitePreferences(input: { siteId: "${SITE}", groupId: "g", instanceType: STAGING, values: $v }) { __typename } }`,
    variables: { v: { c_x: 1 } },
  },
  replaceSiteCartridges: { query: `mutation { r: replaceSiteCartridges(input: { siteId: "${SITE}", names: ["app"] }) { __typename } }` },
  addSiteCartridge: { query: `mutation { r: addSiteCartridge(input: { siteId: "${SITE}", name: "app", position: LAST }) { __typename } }` },
  removeSiteCartridge: { query: `mutation { r: removeSiteCartridge(input: { siteId: "${SITE}", name: "app" }) { __typename } }` },
  recordActivities: {
    query: `mutation { r: recordActivities(input: { activities: [{ customerId: "${customer('SYNERISE')}", type: "visit" }] }) { __typename ... on RecordActivitiesPayload { results { error { __typename } } } } }`,
  },
};

/** The typename the mutation answered with (for batch payloads: each item's error, or 'ok'). */
function outcome(body: GraphQLBody): unknown {
  const r = body.data?.r as { __typename: string; results?: { error: { __typename: string } | null }[] } | undefined;
  return r?.results ? r.results.map((i) => i.error?.__typename ?? 'ok') : r?.__typename;
}

function data<T>(body: GraphQLBody, key: string): T {
  const value = body.data?.[key];
  if (value === undefined || value === null) throw new Error(`no data.${key}: ${JSON.stringify(body.errors)}`);
  return value as T;
}

describe('a read-only key', () => {
  it('covers every mutation of the schema in this test', async () => {
    const res = await t.post('{ __schema { mutationType { fields { name } } } }');
    const names = data<{ mutationType: { fields: { name: string }[] } }>(res.body, '__schema').mutationType.fields.map((f) => f.name);
    expect(Object.keys(MUTATIONS).sort()).toEqual(names.sort());
  });

  for (const [name, { query, variables }] of Object.entries(MUTATIONS)) {
    it(`gets ForbiddenError for ${name} and no vendor is called`, async () => {
      const res = await t.post(query, variables, as(READER));
      expect(res.body.errors).toBeUndefined();
      const got = outcome(res.body);
      expect(Array.isArray(got) ? got : [got]).toEqual([...(Array.isArray(got) ? got.map(() => 'ForbiddenError') : ['ForbiddenError'])]);
      expect(totalCalls()).toBe(0);
    });
  }

  it('names the scope it lacks in the typed error', async () => {
    const res = await t.post(
      `mutation { r: deleteCustomer(input: { id: "${customer('SYNERISE')}" }) { ... on ForbiddenError { vendor scope operation message } } }`,
      undefined,
      as(READER),
    );
    expect(res.body.data?.r).toMatchObject({ vendor: 'SYNERISE', scope: 'synerise:write', operation: 'customers.delete' });
  });

  it('still reads', async () => {
    const res = await t.post('{ customers(vendor: SYNERISE, first: 1) { edges { node { id } } } }', undefined, as(READER));
    expect(res.body.errors).toBeUndefined();
    expect(t.synerise.calls()).toBeGreaterThan(0);
  });

  it('the same mutation with a write scope reaches the vendor (the boundary)', async () => {
    const res = await t.post(MUTATIONS.createSegmentGroup?.query ?? '', undefined, as(PIMCORE_ONLY));
    expect(outcome(res.body)).not.toBe('ForbiddenError');
    expect(t.pimcore.calls()).toBeGreaterThan(0);
  });
});

describe('a key limited to one vendor', () => {
  it('reads its vendor, and gets FORBIDDEN for another with no call there', async () => {
    const res = await t.post(
      '{ p: customers(vendor: PIMCORE, first: 1) { edges { node { id } } } s: customers(vendor: SYNERISE, first: 1) { edges { node { id } } } }',
      undefined,
      as(PIMCORE_ONLY),
    );
    expect(data<{ edges: unknown[] }>(res.body, 'p').edges).toHaveLength(1);
    expect(res.body.data?.s).toBeNull();
    expect(res.body.errors?.map((e) => [e.path?.[0], e.extensions?.code, e.extensions?.vendor])).toEqual([['s', 'FORBIDDEN', 'SYNERISE']]);
    expect(t.pimcore.calls()).toBeGreaterThan(0);
    expect(t.synerise.calls()).toBe(0);
  });

  it('writes to another vendor are ForbiddenError, with no call there', async () => {
    const res = await t.post(MUTATIONS.createCustomer?.query ?? '', undefined, as(PIMCORE_ONLY));
    expect(outcome(res.body)).toBe('ForbiddenError');
    expect(t.synerise.calls()).toBe(0);
  });

  it('recordActivities checks each vendor: its own items are written, the other vendor’s are ForbiddenError', async () => {
    const people = await t.post('{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }');
    const pimcoreCustomer = data<{ edges: { node: { id: string } }[] }>(people.body, 'customers').edges[0]?.node.id;
    t.pimcore.resetCalls();
    const res = await t.post(
      `mutation { r: recordActivities(input: { activities: [
        { customerId: "${pimcoreCustomer}", type: "visit" },
        { customerId: "${customer('SYNERISE')}", type: "visit" },
        { customerId: "${customer('MAUTIC')}", type: "visit" }
      ] }) { ... on RecordActivitiesPayload { results { error { __typename } } } } }`,
      undefined,
      as(PIMCORE_ONLY),
    );
    expect(outcome(res.body)).toEqual(['ok', 'ForbiddenError', 'ForbiddenError']);
    expect(t.pimcore.calls()).toBeGreaterThan(0);
    expect(t.synerise.calls()).toBe(0);
    expect(t.mautic.calls()).toBe(0);
  });

  it('cross-vendor lookups and the vendor list only touch the vendors it may read', async () => {
    const res = await t.post('{ vendors { vendor } customersByEmail(email: "nobody@example.com") { id } }', undefined, as(PIMCORE_ONLY));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.vendors).toEqual([{ vendor: 'PIMCORE' }]);
    for (const other of ['synerise', 'mautic', 'sfcc', 'bloomreach'] as const) expect(t[other].calls()).toBe(0);
  });
});

describe('a write-only key', () => {
  it('cannot read (write does not imply read)', async () => {
    const res = await t.post('{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }', undefined, as(WRITER_NO_READ));
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(totalCalls()).toBe(0);
  });
});
