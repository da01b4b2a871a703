// Through the gateway, the Synerise behaviours issue 9 moved onto the reference: segmentations
// from SYNERISE_SEGMENTATIONS (no invented definitions call), activities read in the raw shape the
// reference shows, a profile update claimed APPLIED only once a read shows it, and a catalog add
// never reported as stored when Synerise kept another value under the key.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { CATALOG_IDS, SEED_FIRST_CLIENT_ID, SEGMENTATION_IDS } from '../../src/sandbox/synerise/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';
import { EVENTS_ROUTE, LOGIN_ROUTE, PROFILE_ROUTE, syneriseCustomerId } from '../support/synerise.js';

const MEMBERS_ROUTE = 'GET /crm/v1/segmentations/{UUID}/clients';

describe('Synerise, as its reference documents it', () => {
  // One segmentation configured under a tenant's own name; the sandbox seeds five.
  const t = useTestGateway({
    only: ['synerise'],
    env: { SYNERISE_SEGMENTATIONS: JSON.stringify([{ id: SEGMENTATION_IDS.vip, name: 'Top spenders' }]) },
  });
  beforeEach(() => {
    t.synerise.resetCalls();
    t.synerise.clearFaults();
    t.synerise.asyncDelayMs = 0;
  });

  describe('segments', () => {
    it('are exactly the configured segmentations, named as configured, at no Synerise call', async () => {
      const res = await t.sdk.SegmentList({ vendor: 'SYNERISE' });
      expect(res.data.segments?.map((s) => [s.vendorId, s.name])).toEqual([[SEGMENTATION_IDS.vip, 'Top spenders']]);
      const unconfigured = await t.sdk.NodeById({ id: globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.newsletter) });
      expect(unconfigured.data.node).toBeNull();
      expect(errorCodes({ errors: unconfigured.errors as never })).toEqual(['NOT_FOUND']);
      expect(t.synerise.calls()).toBe(0);
    });

    it('page their members from the documented CRM path, one call per page, with matching as totalCount', async () => {
      const vip = t.synerise.store.segmentations.get(SEGMENTATION_IDS.vip);
      const members = vip ? t.synerise.store.membersOf(vip).map((p) => String(p.clientId)) : [];
      const res = await t.post(
        `query($id: ID!) { node(id: $id) { ... on Segment { name customers(first: 10) { totalCount edges { node { vendorId } } } } } }`,
        { id: globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.vip) },
      );
      const segment = res.body.data?.node as { name: string; customers: { totalCount: number; edges: { node: { vendorId: string } }[] } };
      expect(segment.name).toBe('Top spenders');
      expect(segment.customers.totalCount).toBe(members.length);
      expect(segment.customers.edges.map((e) => e.node.vendorId)).toEqual(members.slice(0, 10));
      expect(t.synerise.calls(MEMBERS_ROUTE)).toBe(1);
      expect(t.synerise.calls()).toBe(t.synerise.calls(MEMBERS_ROUTE) + t.synerise.calls(LOGIN_ROUTE));
    });
  });

  describe('activities in the raw shape', () => {
    it('map type, occurredAt and attributes from `action`, `createDate` and `params`', async () => {
      const clientId = SEED_FIRST_CLIENT_ID + 1;
      const events = t.synerise.store.eventsOf(clientId).slice(0, 3);
      const res = await t.post(
        `query($id: ID!) { customer(id: $id) { activities(first: 3) { edges { node { id vendorId type occurredAt attributes } } } } }`,
        { id: syneriseCustomerId(1) },
      );
      const customer = res.body.data?.customer as { activities: { edges: { node: Record<string, unknown> }[] } } | undefined;
      const nodes = customer?.activities.edges.map((e) => e.node) ?? [];
      expect(nodes).toHaveLength(3);
      nodes.forEach((node, i) => {
        const event = events[i];
        if (!event) throw new Error('seed has fewer events than expected');
        expect(node.vendorId).toBe(`${clientId}:${event.time}:${event.unique}`);
        expect(node.type).toBe(event.action);
        expect(node.occurredAt).toBe(new Date(event.time).toISOString());
        expect(node.attributes).toMatchObject({ ...event.params, eventCreateTime: event.time / 1000, eventUUID: event.eventUUID });
      });
      expect(t.synerise.calls(EVENTS_ROUTE)).toBe(1);
    });

    it('find one activity by id with a single events call', async () => {
      const clientId = SEED_FIRST_CLIENT_ID + 1;
      const event = t.synerise.store.eventsOf(clientId)[4];
      if (!event) throw new Error('seed has fewer events than expected');
      const id = globalId('Activity', 'SYNERISE', `${clientId}:${event.time}:${event.unique}`);
      const res = await t.post(`query($id: ID!) { node(id: $id) { ... on Activity { type occurredAt attributes } } }`, { id });
      expect(res.body.data?.node).toMatchObject({ type: event.action, occurredAt: new Date(event.time).toISOString() });
      expect(t.synerise.calls(EVENTS_ROUTE)).toBe(1);
    });
  });

  describe('updateCustomer', () => {
    it('is QUEUED while Synerise has not applied the update, and APPLIED once a read shows it', async () => {
      t.synerise.asyncDelayMs = 60_000;
      const id = syneriseCustomerId(70);
      const queued = await t.sdk.UpdateCustomer({ input: { id, firstName: 'Later', attributes: { note: 'queued' } } });
      expect(queued.data.updateCustomer).toEqual({ __typename: 'CustomerPayload', status: 'QUEUED', customer: null });
      expect(t.synerise.calls('POST /v4/clients/{clientId}')).toBe(1);
      expect(t.synerise.calls(PROFILE_ROUTE)).toBe(1);
      t.synerise.flushPending();
      t.synerise.asyncDelayMs = 0;
      const applied = await t.sdk.UpdateCustomer({ input: { id, lastName: 'Now' } });
      expect(applied.data.updateCustomer).toMatchObject({
        status: 'APPLIED',
        customer: { id, firstName: 'Later', lastName: 'Now' },
      });
    });
  });

  describe('upsertCatalogItem', () => {
    const ITEM_ROUTE = 'GET /catalogs/bags/{catalogId}/items/itemKey/{itemKey}';
    const catalog = globalId('Catalog', 'SYNERISE', String(CATALOG_IDS.stores));

    it('is APPLIED when the read-back holds the written value', async () => {
      const res = await t.sdk.UpsertCatalogItem({ input: { catalogId: catalog, key: 'ADD-CHECKED', value: { v: 1 } } });
      expect(res.data.upsertCatalogItem).toMatchObject({ status: 'APPLIED', catalogItem: { value: { v: 1 } } });
      expect(t.synerise.calls('POST /catalogs/bags/{catalogId}/items')).toBe(1);
      expect(t.synerise.calls(ITEM_ROUTE)).toBe(1);
    });

    it('is a ConflictError, not a success, when Synerise still holds another value under the key', async () => {
      await t.sdk.UpsertCatalogItem({ input: { catalogId: catalog, key: 'ADD-KEPT', value: { v: 1 } } });
      // A Synerise whose "add" leaves an existing key alone: the read-back still shows the old value.
      const kept = t.synerise.store.itemByKey(CATALOG_IDS.stores, 'ADD-KEPT');
      t.synerise.injectFault({
        route: ITEM_ROUTE,
        status: 200,
        body: { data: { itemKey: 'ADD-KEPT', id: kept?.id, value: JSON.stringify({ v: 1 }) }, metaData: { totalCount: 1 } },
        times: 1,
      });
      const res = await t.sdk.UpsertCatalogItem({ input: { catalogId: catalog, key: 'ADD-KEPT', value: { v: 2 } } });
      expect(res.data.upsertCatalogItem).toMatchObject({ __typename: 'ConflictError' });
      expect(JSON.stringify(res.data.upsertCatalogItem)).toMatch(/did not store catalog item ADD-KEPT/);
    });
  });
});
