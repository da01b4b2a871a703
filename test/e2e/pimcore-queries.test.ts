import { beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });
beforeEach(() => t.pimcore.resetCalls());

describe('Pimcore queries', () => {
  it('filters customers by segment (any of the given segments)', async () => {
    const { data } = await t.sdk.SegmentsAndGroups({ vendor: 'PIMCORE' });
    const [a, b] = data.segments ?? [];
    if (!a || !b) throw new Error('need two segments');
    const res = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 100, filter: { segmentIds: [a.id, b.id] } });
    const expected = [...t.pimcore.store.customers.values()].filter((c) =>
      c.segments.some((s) => String(s) === a.vendorId || String(s) === b.vendorId),
    );
    expect(res.data.customers?.totalCount).toBe(expected.length);
    for (const edge of res.data.customers?.edges ?? []) {
      const stored = t.pimcore.store.customers.get(Number(edge.node.vendorId));
      expect(stored?.segments.map(String).some((s) => s === a.vendorId || s === b.vendorId)).toBe(true);
    }
  });

  it('filters customers by modification time', async () => {
    const all = [...t.pimcore.store.customers.values()].map((c) => c.modificationDate).sort((x, y) => x - y);
    const cut = all[Math.floor(all.length * 0.9)] ?? 0;
    const res = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 100, filter: { modifiedSince: new Date(cut * 1000).toISOString() } });
    const expected = all.filter((m) => m >= cut).length;
    expect(res.data.customers?.totalCount).toBe(expected);
    for (const edge of res.data.customers?.edges ?? []) expect(Date.parse(edge.node.updatedAt ?? '')).toBeGreaterThanOrEqual(cut * 1000);
  });

  it('lists activities filtered by type and modification time', async () => {
    const res = await t.sdk.ActivitiesPage({ vendor: 'PIMCORE', first: 50, filter: { type: 'order' } });
    expect(res.data.activities?.edges.length).toBe(50);
    expect(res.data.activities?.edges.every((e) => e.node.type === 'order')).toBe(true);
    const since = new Date('2026-06-01T00:00:00Z');
    const recent = await t.sdk.ActivitiesPage({ vendor: 'PIMCORE', first: 100, filter: { modifiedSince: since.toISOString() } });
    const expected = [...t.pimcore.store.activities.values()].filter((a) => a.modificationDate >= since.getTime() / 1000).length;
    expect(recent.data.activities?.edges.length).toBe(Math.min(expected, 100));
    for (const e of recent.data.activities?.edges ?? []) expect(Date.parse(e.node.updatedAt ?? '')).toBeGreaterThanOrEqual(since.getTime());
  });

  it('reads one customer with segments and all of its activities from one call', async () => {
    const id = Buffer.from('Customer:PIMCORE:4').toString('base64url');
    const res = await t.sdk.CustomerById({ id });
    const customer = res.data.customer;
    expect(customer?.vendorId).toBe('4');
    expect(customer?.activities?.totalCount).toBe(t.pimcore.store.activitiesOfCustomer(4).length);
    expect(customer?.segments?.map((s) => s.id).length).toBe(t.pimcore.store.customers.get(4)?.segments.length);
    expect(t.pimcore.calls('GET /customers/{id}')).toBe(1);
    expect(t.pimcore.calls('GET /segments')).toBe(1);
  });

  it('pages a customer’s activities', async () => {
    const id = Buffer.from('Customer:PIMCORE:4').toString('base64url');
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await t.sdk.CustomerActivitiesPage({ id, first: 7, after });
      const conn = res.data.customer?.activities;
      ids.push(...(conn?.edges.map((e) => e.node.id) ?? []));
      if (!conn?.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor ?? undefined;
    }
    expect(new Set(ids).size).toBe(t.pimcore.store.activitiesOfCustomer(4).length);
  });

  it('resolves segments, groups and segment members', async () => {
    const { data } = await t.sdk.SegmentsAndGroups({ vendor: 'PIMCORE' });
    expect(data.segments?.length).toBe(t.pimcore.store.segments.size);
    expect(data.segmentGroups?.length).toBe(t.pimcore.store.segmentGroups.size);
    const group = data.segmentGroups?.[0];
    expect(group?.segments.length).toBeGreaterThan(0);
    const segment = data.segments?.find((s) => s.name === 'Platinum') ?? data.segments?.[0];
    if (!segment) throw new Error('no segment');
    const members = await t.sdk.SegmentMembers({ id: segment.id, first: 100 });
    const edges = members.data.node && 'customers' in members.data.node ? (members.data.node.customers?.edges ?? []) : [];
    const expected = [...t.pimcore.store.customers.values()].filter((c) => c.segments.map(String).includes(segment.vendorId));
    expect(edges.length).toBe(Math.min(expected.length, 100));
    for (const e of edges) expect(e.node.segments?.map((s) => s.vendorId)).toContain(segment.vendorId);
  });

  it('lists deletions per entity type and since a time', async () => {
    const all = await t.sdk.Deletions({ vendor: 'PIMCORE', entityType: 'CUSTOMER' });
    const stored = t.pimcore.store.deletions.filter((d) => d.entityType === 'customers');
    expect(all.data.deletions?.length).toBe(stored.length);
    const times = stored.map((d) => d.creationDate).sort((a, b) => a - b);
    const cut = times[Math.floor(times.length / 2)] ?? 0;
    const later = await t.sdk.Deletions({ vendor: 'PIMCORE', entityType: 'ACTIVITY', since: new Date(cut * 1000).toISOString() });
    const expected = t.pimcore.store.deletions.filter((d) => d.entityType === 'activities' && d.creationDate >= cut).length;
    expect(later.data.deletions?.length).toBe(expected);
    const first = later.data.deletions?.[0];
    if (first) {
      const node = await t.sdk.NodeById({ id: first.id });
      expect(node.data.node?.__typename).toBe('Deletion');
    }
  });

  it('resolves every node type by global ID and keeps the others when one is missing', async () => {
    const page = await t.sdk.ActivitiesPage({ vendor: 'PIMCORE', first: 1 });
    const segs = await t.sdk.SegmentsAndGroups({ vendor: 'PIMCORE' });
    const ids = [
      Buffer.from('Customer:PIMCORE:1').toString('base64url'),
      page.data.activities?.edges[0]?.node.id ?? '',
      segs.data.segments?.[0]?.id ?? '',
      segs.data.segmentGroups?.[0]?.id ?? '',
      Buffer.from('Customer:PIMCORE:999999').toString('base64url'),
    ];
    const res = await t.sdk.NodesByIds({ ids });
    expect(res.data.nodes.map((n) => n?.__typename)).toEqual(['Customer', 'Activity', 'Segment', 'SegmentGroup', undefined]);
    expect(res.data.nodes[4]).toBeNull();
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });

  it('resolves the same ID asked through node and nodes in one query', async () => {
    const id = Buffer.from('Customer:PIMCORE:1').toString('base64url');
    const { body } = await t.post(`{ node(id: "${id}") { id } nodes(ids: ["${id}", "${id}"]) { id __typename } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.nodes).toEqual([
      { id, __typename: 'Customer' },
      { id, __typename: 'Customer' },
    ]);
    expect(t.pimcore.calls('GET /customers/{id}')).toBe(1);
  });

  it('lists the vendor with capabilities and health', async () => {
    const res = await t.sdk.Vendors();
    expect(res.data.vendors).toHaveLength(1);
    expect(res.data.vendors[0]?.vendor).toBe('PIMCORE');
    expect(res.data.vendors[0]?.capabilities).toContain('customers.list');
    expect(res.data.vendors[0]?.health.status).toBe('UP');
  });
});

describe('Pimcore batching', () => {
  async function callsFor(first: number): Promise<Record<string, number>> {
    t.pimcore.resetCalls();
    const res = await t.sdk.CustomersWithRelations({ vendor: 'PIMCORE', first });
    expect(res.errors).toBeUndefined();
    expect(res.data.customers?.edges).toHaveLength(first);
    expect(res.data.customers?.edges.some((e) => (e.node.activities?.edges.length ?? 0) > 0)).toBe(true);
    expect(res.data.customers?.edges.every((e) => (e.node.segments?.length ?? 0) > 0)).toBe(true);
    return t.pimcore.callCounts();
  }

  it('makes the same vendor calls for 5 and 100 customers with activities and segments', async () => {
    const five = await callsFor(5);
    const hundred = await callsFor(100);
    expect(hundred).toEqual(five);
    expect(five['GET /customers']).toBe(1);
    expect(five['GET /customers/{id}']).toBeUndefined();
    expect(five['GET /activities']).toBeUndefined();
  });

  it('asks for embedded activities only when they are selected', async () => {
    t.pimcore.resetCalls();
    await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5 });
    expect(t.pimcore.lastQuery('GET /customers')?.get('includeActivities')).toBeNull();
    await t.sdk.CustomersWithRelations({ vendor: 'PIMCORE', first: 5 });
    expect(t.pimcore.lastQuery('GET /customers')?.get('includeActivities')).toBe('true');
  });
});
