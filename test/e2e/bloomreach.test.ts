import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/ids.js';
import { type BloomreachSandbox, DEFAULT_RESTRICTED_KEY, EXPORT_ROUTE } from '../../src/sandbox/bloomreach/index.js';
import { RequestScope } from '../../src/sources/scope.js';
import type { BloomreachAdapter } from '../../src/vendors/bloomreach/adapter.js';
import { errorCodes, useTestGateway, withTestGateway } from '../support/gateway.js';

const customerId = (nativeId: string) => encodeGlobalId('Customer', `BLOOMREACH:${nativeId}`);
const segmentGlobalId = (nativeId: string) => encodeGlobalId('Segment', `BLOOMREACH:${nativeId}`);

/** Native ids the gateway should give the sandbox's customers in one segment, in export order. */
function expectedMembers(br: BloomreachSandbox, segmentationId: string, index: number): string[] {
  return br.customers
    .filter((_, i) => br.segmentIndexOf(segmentationId, i) === index)
    .map((c) => (c.ids.registered ? `registered:${c.ids.registered}` : `cookie:${c.ids.cookie}`));
}

function segmentation(br: BloomreachSandbox, name: string) {
  const found = br.segmentations.find((s) => s.name === name);
  if (!found) throw new Error(`no segmentation ${name}`);
  return found;
}

describe('paging over one export snapshot', () => {
  const t = useTestGateway({ only: ['bloomreach'] });

  it('walks a whole segmentation segment with first: 100, each customer exactly once, from ONE export', async () => {
    const loyalty = segmentation(t.bloomreach, 'Loyalty tier');
    const filter = { segmentation: { id: loyalty.id, index: 0 } };
    const expected = expectedMembers(t.bloomreach, loyalty.id, 0);
    expect(expected.length).toBeGreaterThan(1_000);
    t.bloomreach.resetCalls();
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const { data, errors } = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 100, after, filter });
      expect(errors).toBeUndefined();
      const page = data.customers;
      if (!page) throw new Error('no page');
      pages += 1;
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.edges.map((e) => e.node.vendorId));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(100);
      after = page.pageInfo.endCursor ?? undefined;
    }
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(expected.length);
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);
  });

  it('pages the customers in no segment (index -1) and the whole project', async () => {
    const engagement = segmentation(t.bloomreach, 'Email engagement');
    const none = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 3, filter: { segmentation: { id: engagement.id, index: -1 } } });
    expect(none.data.customers?.edges.map((e) => e.node.vendorId)).toEqual(expectedMembers(t.bloomreach, engagement.id, -1).slice(0, 3));
    const all = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 2 });
    expect(all.data.customers?.totalCount).toBe(t.bloomreach.customers.length);
    expect(all.data.customers?.edges.map((e) => e.node)).toMatchObject([
      {
        vendor: 'BLOOMREACH',
        vendorId: 'registered:CUST-000000',
        customId: 'CUST-000000',
        email: t.bloomreach.customers[0]?.properties.email,
      },
      { vendorId: `cookie:${t.bloomreach.customers[1]?.ids.cookie}`, customId: null },
    ]);
  });

  it('serves first pages while the export is still streaming', async () => {
    const cohort = segmentation(t.bloomreach, 'Signup cohort');
    const index = 1;
    const rows = expectedMembers(t.bloomreach, cohort.id, index).length;
    t.bloomreach.msPer1000Rows = 250;
    expect((rows / 1_000) * t.bloomreach.msPer1000Rows).toBeGreaterThan(3_000); // the whole segment streams for over 3 s
    try {
      const started = performance.now();
      const { data } = await t.sdk.CustomerIdsPage({ vendor: 'BLOOMREACH', first: 10, filter: { segmentation: { id: cohort.id, index } } });
      expect(data.customers?.edges).toHaveLength(10);
      expect(data.customers?.pageInfo.hasNextPage).toBe(true);
      expect(performance.now() - started).toBeLessThan(2_500);
      expect((t.sources.adapter('BLOOMREACH') as BloomreachAdapter).snapshotStats().filling).toBe(1);
    } finally {
      t.bloomreach.msPer1000Rows = 0;
    }
  });

  it('refuses a cursor from another filter and bad filters, before calling the vendor', async () => {
    const loyalty = segmentation(t.bloomreach, 'Loyalty tier');
    const first = await t.sdk.CustomerIdsPage({ vendor: 'BLOOMREACH', first: 1, filter: { segmentation: { id: loyalty.id, index: 1 } } });
    t.bloomreach.resetCalls();
    const other = await t.sdk.CustomerIdsPage({
      vendor: 'BLOOMREACH',
      first: 1,
      after: first.data.customers?.pageInfo.endCursor,
      filter: { segmentation: { id: loyalty.id, index: 2 } },
    });
    expect(errorCodes({ errors: other.errors })).toEqual(['BAD_USER_INPUT']);
    const outOfRange = await t.sdk.CustomerIdsPage({ vendor: 'BLOOMREACH', filter: { segmentation: { id: loyalty.id, index: 3 } } });
    expect(outOfRange.errors?.[0]?.extensions?.field).toBe('filter.segmentation.index');
    const byDate = await t.sdk.CustomerIdsPage({ vendor: 'BLOOMREACH', filter: { modifiedSince: '2024-01-01T00:00:00Z' } });
    expect(byDate.errors?.[0]?.extensions?.field).toBe('filter.modifiedSince');
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0);
  });

  it('names the filter field when the vendor rejects a segmentation the gateway does not know', async () => {
    const res = await t.sdk.CustomerIdsPage({
      vendor: 'BLOOMREACH',
      filter: { segmentation: { id: '0123456789abcdef01234567', index: 0 } },
    });
    expect(res.data.customers).toBeNull();
    expect(errorCodes({ errors: res.errors })).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.field).toBe('filter.segmentation.id');
  });
});

describe('single-flight exports', () => {
  const t = useTestGateway({ only: ['bloomreach'] });

  it('ten concurrent first-page requests cause ONE export call', async () => {
    t.bloomreach.resetCalls();
    t.bloomreach.exportDelayMs = 50; // all ten arrive while the export is still being prepared
    try {
      const pages = await Promise.all(Array.from({ length: 10 }, () => t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 20 })));
      for (const page of pages) {
        expect(page.errors).toBeUndefined();
        expect(page.data.customers?.edges.map((e) => e.node.vendorId)).toEqual(pages[0]?.data.customers?.edges.map((e) => e.node.vendorId));
      }
    } finally {
      t.bloomreach.exportDelayMs = 0;
    }
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);
  });

  it('serves node(id), emails and customer ids from the whole-project snapshot, with no further export', async () => {
    await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 1 });
    t.bloomreach.resetCalls();
    const byRegistered = await t.sdk.NodeById({ id: customerId('registered:CUST-000003') });
    expect(byRegistered.data.node).toMatchObject({
      __typename: 'Customer',
      vendor: 'BLOOMREACH',
      vendorId: 'registered:CUST-000003',
      email: t.bloomreach.customers[3]?.properties.email,
    });
    const cookie = t.bloomreach.customers[1]?.ids.cookie ?? '';
    const byCookie = await t.sdk.NodeById({ id: customerId(`cookie:${cookie}`) });
    expect(byCookie.data.node).toMatchObject({ __typename: 'Customer', vendorId: `cookie:${cookie}` });
    const missing = await t.sdk.NodeById({ id: customerId('registered:CUST-999999') });
    expect(missing.data.node).toBeNull();
    expect(errorCodes({ errors: missing.errors })).toEqual(['NOT_FOUND']);

    const adapter = t.sources.adapter('BLOOMREACH') as BloomreachAdapter;
    const scope = new RequestScope();
    // Customer 7's email is stored as typed (capitalised); lookups normalise both sides.
    const typed = String(t.bloomreach.customers[7]?.properties.email);
    expect(typed).not.toBe(typed.toLowerCase());
    const byEmail = await adapter.customers?.findByEmails?.(scope, [typed.toLowerCase(), ' nobody@example.com ']);
    expect(byEmail?.map((found) => found.map((c) => c.vendorId))).toEqual([[`cookie:${t.bloomreach.customers[7]?.ids.cookie}`], []]);
    const byCustomId = await adapter.customers?.findByCustomIds?.(scope, ['CUST-000003', 'CUST-000001']);
    expect(byCustomId?.map((found) => found.map((c) => c.email))).toEqual([[t.bloomreach.customers[3]?.properties.email], []]);
    const viaSchema = await t.sdk.CustomersByEmail({ email: ` ${typed.toUpperCase()} ` });
    expect(viaSchema.data.customersByEmail).toEqual([
      expect.objectContaining({ vendor: 'BLOOMREACH', vendorId: `cookie:${t.bloomreach.customers[7]?.ids.cookie}` }),
    ]);
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0);

    // Memory is bounded and measurable: one 50,000-row snapshot with its lookups.
    const stats = adapter.snapshotStats();
    expect(stats).toMatchObject({ snapshots: 1, filling: 0 });
    expect(stats.approxBytes).toBeGreaterThan(5_000_000);
    expect(stats.approxBytes / t.bloomreach.customers.length).toBeLessThan(800);
  });
});

describe('segments from configured segmentations', () => {
  const t = useTestGateway({ only: ['bloomreach'] });

  it('lists one Segment per segmentation segment, grouped by segmentation, with no vendor call', async () => {
    t.bloomreach.resetCalls();
    const { data, errors } = await t.sdk.SegmentsAndGroups({ vendor: 'BLOOMREACH' });
    expect(errors).toBeUndefined();
    const expected = t.bloomreach.segmentations.flatMap((s) =>
      s.segments.map((name, index) => ({ vendorId: `${s.id}:${index}`, name, group: { name: s.name } })),
    );
    expect(data.segments).toMatchObject(expected);
    expect(data.segmentGroups?.map((g) => [g.name, g.segments.map((s) => s.name)])).toEqual(
      t.bloomreach.segmentations.map((s) => [s.name, [...s.segments]]),
    );
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0);
  });

  it('resolves a Segment by node id and pages its members, each of whom lists the segment', async () => {
    const loyalty = segmentation(t.bloomreach, 'Loyalty tier');
    const nativeId = `${loyalty.id}:0`;
    const node = await t.sdk.NodeById({ id: segmentGlobalId(nativeId) });
    expect(node.data.node).toMatchObject({ __typename: 'Segment', name: 'Gold', vendorId: nativeId });
    t.bloomreach.resetCalls();
    const members = await t.sdk.SegmentMembers({ id: segmentGlobalId(nativeId), first: 5 });
    expect(members.errors).toBeUndefined();
    const segmentNode = members.data.node;
    const page = segmentNode && 'customers' in segmentNode ? segmentNode.customers : undefined;
    const expected = expectedMembers(t.bloomreach, loyalty.id, 0);
    expect(page?.totalCount).toBe(expected.length);
    expect(page?.edges.map((e) => e.node.vendorId)).toEqual(expected.slice(0, 5));
    for (const edge of page?.edges ?? []) expect(edge.node.segments?.map((s) => s.vendorId)).toContain(nativeId);
    // Membership needs one export per configured segment; the member list's own export is one of them.
    const segmentCount = t.bloomreach.segmentations.reduce((n, s) => n + s.segments.length, 0);
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(segmentCount);
  });

  it("gives a customer's segments across segmentations", async () => {
    const { data, errors } = await t.sdk.CustomerProfile({ id: customerId('registered:CUST-000003') });
    expect(errors).toBeUndefined();
    const expected = t.bloomreach.segmentations.flatMap((s) => {
      const index = t.bloomreach.segmentIndexOf(s.id, 3) ?? -1;
      return index >= 0 ? [`${s.id}:${index}`] : [];
    });
    expect(data.customer?.segments?.map((s) => s.vendorId).sort()).toEqual(expected.sort());
    expect(data.customer).toMatchObject({
      customId: 'CUST-000003',
      firstName: t.bloomreach.customers[3]?.properties.first_name,
      updatedAt: null,
    });
    expect(data.customer?.attributes).toMatchObject({
      cookie: t.bloomreach.customers[3]?.ids.cookie,
      country: t.bloomreach.customers[3]?.properties.country,
    });
    expect(data.customer?.createdAt).toBe(new Date(Number(t.bloomreach.customers[3]?.properties.created_ts) * 1000).toISOString());
  });
});

describe('snapshot expiry', () => {
  const t = useTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_SNAPSHOT_TTL_MS: '1500' } });

  it('refuses a cursor whose snapshot expired with CURSOR_EXPIRED instead of reading a newer export', async () => {
    t.bloomreach.resetCalls();
    const first = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 10 });
    const second = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 10, after: first.data.customers?.pageInfo.endCursor });
    expect(second.errors).toBeUndefined();
    expect(second.data.customers?.edges[0]?.node.vendorId).toBe(`cookie:${t.bloomreach.customers[10]?.ids.cookie}`);
    await sleep(2_500);
    const stale = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 10, after: second.data.customers?.pageInfo.endCursor });
    expect(stale.data.customers).toBeNull();
    expect(errorCodes({ errors: stale.errors })).toEqual(['CURSOR_EXPIRED']);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ vendor: 'BLOOMREACH', field: 'after' });
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);

    // Starting again takes a new export; the old cursor stays refused against it.
    const again = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 10 });
    expect(again.errors).toBeUndefined();
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(2);
    const old = await t.sdk.CustomersPage({ vendor: 'BLOOMREACH', first: 10, after: second.data.customers?.pageInfo.endCursor });
    expect(errorCodes({ errors: old.errors })).toEqual(['CURSOR_EXPIRED']);
  });
});

describe('vendor failures', () => {
  const t = useTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_TIMEOUT_MS: '1000' } });
  beforeEach(() => t.bloomreach.clearFaults());

  const PARTIAL = `query ($filter: CustomerFilter) {
    customers(vendor: BLOOMREACH, first: 3, filter: $filter) { edges { node { id } } }
    segments(vendor: BLOOMREACH) { vendorId }
  }`;

  it.each([
    ['a 500', { status: 500 }, 'UPSTREAM_UNAVAILABLE', 500, 0],
    ['a 429', { status: 429 }, 'UPSTREAM_RATE_LIMITED', 429, 1],
    ['a slow answer', { delayMs: 3_000 }, 'UPSTREAM_TIMEOUT', undefined, 2],
    ['a JSON body instead of CSV', { malformed: true }, 'UPSTREAM_BAD_RESPONSE', 200, 3],
    ['a dropped connection', { dropConnection: true }, 'UPSTREAM_UNAVAILABLE', undefined, 4],
  ])('%s nulls only the customers, and the failed export is not kept', async (_name, fault, code, httpStatus, nth) => {
    // A segment per case, so no case finds a snapshot an earlier case left behind.
    const segment = t.bloomreach.segmentations.flatMap((s) => s.segments.map((_, index) => ({ id: s.id, index })))[nth];
    const variables = { filter: { segmentation: segment } };
    t.bloomreach.injectFault({ route: EXPORT_ROUTE, ...fault, times: 1 });
    const { body } = await t.post(PARTIAL, variables);
    expect(body.data?.customers).toBeNull();
    expect(body.data?.segments).toHaveLength(8);
    expect(errorCodes(body)).toEqual([code]);
    expect(body.errors?.[0]?.extensions).toMatchObject({ vendor: 'BLOOMREACH' });
    expect(body.errors?.[0]?.extensions?.httpStatus).toBe(httpStatus);
    expect(body.errors?.[0]?.path).toEqual(['customers']);
    const retry = await t.post(PARTIAL, variables);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data?.customers).toMatchObject({ edges: [{}, {}, {}] });
  });
});

describe('credentials', () => {
  it.each([
    ['a wrong secret (401)', { BLOOMREACH_API_SECRET: 'not-the-secret-5ecr3t' }],
    [
      'a key without the export permission (403)',
      { BLOOMREACH_API_KEY_ID: DEFAULT_RESTRICTED_KEY.apiKeyId, BLOOMREACH_API_SECRET: DEFAULT_RESTRICTED_KEY.apiSecret },
    ],
  ])('%s gives UPSTREAM_UNAUTHORIZED without leaking the secret, and health DOWN', async (_name, env) => {
    await withTestGateway({ only: ['bloomreach'], env }, async (t) => {
      const { body } = await t.post(
        '{ customers(vendor: BLOOMREACH, first: 1) { edges { node { id } } } vendors { vendor health { status message } } }',
      );
      expect(body.data?.customers).toBeNull();
      expect(errorCodes(body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
      const vendors = body.data?.vendors as { health: { status: string; message: string } }[];
      expect(vendors[0]?.health.status).toBe('DOWN');
      const text = JSON.stringify(body);
      for (const secret of [env.BLOOMREACH_API_SECRET, t.bloomreach.apiSecret, t.bloomreach.url, t.bloomreach.projectToken])
        expect(text).not.toContain(secret);
    });
  });

  it('reports health UP with a headers-only probe', async () => {
    await withTestGateway({ only: ['bloomreach'] }, async (t) => {
      const { data } = await t.sdk.Vendors();
      expect(data.vendors).toEqual([expect.objectContaining({ vendor: 'BLOOMREACH', health: expect.objectContaining({ status: 'UP' }) })]);
      expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);
    });
  });
});
