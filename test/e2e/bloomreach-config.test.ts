// Bloomreach settings a tenant changes: which identifiers and properties are exported (columns are
// read by position, never by header text), how health is judged without an export every 10 s, and
// the whole-export deadline and the snapshot byte budgets.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeGlobalId } from '../../src/ids.js';
import { EXPORT_ROUTE } from '../../src/sandbox/bloomreach/index.js';
import { RequestScope } from '../../src/sources/scope.js';
import type { BloomreachAdapter } from '../../src/vendors/bloomreach/adapter.js';
import { errorCodes, type TestGateway, useTestGateway, withTestGateway } from '../support/gateway.js';

const PAGE = `query ($first: Int) {
  customers(vendor: BLOOMREACH, first: $first) {
    edges { node { vendorId email firstName lastName phone customId createdAt updatedAt attributes } }
  }
}`;

interface Row {
  vendorId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  customId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  attributes: Record<string, unknown>;
}

function rowsOf(body: { data?: Record<string, unknown> | null }): Row[] {
  const customers = body.data?.customers as { edges: { node: Row }[] } | null | undefined;
  return customers?.edges.map((e) => e.node) ?? [];
}

describe('a tenant attribute list: shuffled, renamed and missing properties', () => {
  // The tenant's project names `email` `email_address` and `first_name` `given_name`, and has no
  // `mobile` or `loyalty_points` property at all. The list is in an order unlike the default.
  const attributes = [
    { type: 'property', property: 'email_address', role: 'email' },
    { type: 'property', property: 'country' },
    { type: 'id', id: 'cookie' },
    { type: 'property', property: 'given_name', role: 'firstName' },
    { type: 'property', property: 'loyalty_points' },
    { type: 'property', property: 'mobile', role: 'phone' },
    { type: 'id', id: 'registered', role: 'customId' },
    { type: 'property', property: 'created_ts', role: 'createdAt' },
  ];
  const t = useTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_ATTRIBUTES: JSON.stringify(attributes) } });
  beforeAll(() => t.bloomreach.renameProperties({ email: 'email_address', first_name: 'given_name' }));

  it('maps every column by its position in the list, with absent properties as null, from ONE export', async () => {
    t.bloomreach.resetCalls();
    const { body } = await t.post(PAGE, { first: 3 });
    expect(body.errors).toBeUndefined();
    const rows = rowsOf(body);
    expect(rows).toHaveLength(3);
    rows.forEach((row, i) => {
      const c = t.bloomreach.customers[i];
      if (!c) throw new Error('seed too small');
      expect(row).toEqual({
        // The first listed identifier a customer has names it: here the cookie comes first.
        vendorId: `cookie:${c.ids.cookie}`,
        email: c.properties.email,
        firstName: c.properties.first_name,
        lastName: null, // not exported by this tenant
        phone: null, // `mobile` is not a property of the project: null, not a failed export
        customId: c.ids.registered,
        createdAt: new Date(Number(c.properties.created_ts) * 1000).toISOString(),
        updatedAt: null,
        attributes: { country: c.properties.country, cookie: c.ids.cookie, loyalty_points: null },
      });
    });
    // Customer 0 has a hard ID, customer 1 has none: customId follows the registered column.
    expect(rows[0]?.customId).toBe('CUST-000000');
    expect(rows[1]?.customId).toBeNull();
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);
  });

  it('finds customers by node id, email and customer id through the configured columns, with no further export', async () => {
    await t.post(PAGE, { first: 1 });
    t.bloomreach.resetCalls();
    const c3 = t.bloomreach.customers[3];
    if (!c3) throw new Error('seed too small');
    const node = await t.sdk.NodeById({ id: encodeGlobalId('Customer', `BLOOMREACH:cookie:${c3.ids.cookie}`) });
    expect(node.data.node).toMatchObject({ vendorId: `cookie:${c3.ids.cookie}`, email: c3.properties.email });
    const byRegistered = await t.sdk.NodeById({ id: encodeGlobalId('Customer', 'BLOOMREACH:registered:CUST-000003') });
    expect(byRegistered.data.node).toMatchObject({ vendorId: `cookie:${c3.ids.cookie}` });
    const adapter = t.sources.adapter('BLOOMREACH');
    const scope = new RequestScope();
    const byEmail = await adapter.customers?.findByEmails?.(scope, [String(c3.properties.email)]);
    expect(byEmail?.map((found) => found.map((c) => c.firstName))).toEqual([[c3.properties.first_name]]);
    const byCustomId = await adapter.customers?.findByCustomIds?.(scope, ['CUST-000003']);
    expect(byCustomId?.map((found) => found.map((c) => c.vendorId))).toEqual([[`cookie:${c3.ids.cookie}`]]);
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0);
  });

  it('does not depend on the header wording: the sandbox labels columns unlike the raw names', async () => {
    // Proof the labels differ: were the adapter to look columns up by raw name, nothing would map.
    const res = await fetch(`${t.bloomreach.url}/data/v2/projects/${t.bloomreach.projectToken}/customers/export`, {
      method: 'POST',
      headers: { authorization: t.bloomreach.basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'csv', attributes: { type: 'some', list: attributes.map(({ role: _, ...item }) => item) } }),
    });
    const header = (await res.text()).split('\r\n')[0]?.split(',') ?? [];
    expect(header).toHaveLength(attributes.length);
    for (const a of attributes) expect(header).not.toContain(a.type === 'id' ? a.id : a.property);
  });
});

describe('the body decides, not its content type', () => {
  const t = useTestGateway({ only: ['bloomreach'] });

  it('fails the export with UPSTREAM_BAD_RESPONSE naming the column counts, whatever the content type', async () => {
    t.bloomreach.injectFault({
      route: EXPORT_ROUTE,
      status: 200,
      // A CSV body labelled as something else is still read; its shape decides.
      body: 'Customer ID: registered,Customer ID: cookie\r\nCUST-1,c1\r\n',
      times: 1,
    });
    const { body } = await t.post(PAGE, { first: 1 });
    expect(errorCodes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(body.errors?.[0]?.message).toContain('2 columns for the 9 requested attributes');
  });

  it('reads a CSV body labelled application/json', async () => {
    t.bloomreach.csvContentType = 'application/json';
    try {
      const { body } = await t.post(PAGE, { first: 2 });
      expect(body.errors).toBeUndefined();
      expect(rowsOf(body).map((r) => r.email)).toEqual([
        t.bloomreach.customers[0]?.properties.email,
        t.bloomreach.customers[1]?.properties.email,
      ]);
    } finally {
      t.bloomreach.csvContentType = 'text/csv; charset=utf-8';
    }
  });
});

describe('health from the exports already made', () => {
  const t = useTestGateway({ only: ['bloomreach'] });

  it('probes once when nothing is known, then reports the latest export without starting another', async () => {
    t.bloomreach.resetCalls();
    const adapter = t.sources.adapter('BLOOMREACH');
    await Promise.all([adapter.probe(), adapter.probe(), adapter.probe()]);
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1); // one shared probe export
    const { body } = await t.post(PAGE, { first: 1 });
    expect(body.errors).toBeUndefined();
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(2);
    for (let i = 0; i < 20; i++) await adapter.probe();
    const { data } = await t.sdk.Vendors();
    expect(data.vendors[0]?.health).toMatchObject({ status: 'UP', message: null });
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(2);
  });

  it('reports a failed export as DOWN with its reason, and recovers with the next good export', async () => {
    const segment = t.bloomreach.segmentations[0];
    if (!segment) throw new Error('no segmentation');
    t.bloomreach.injectFault({ route: EXPORT_ROUTE, status: 503, times: 1 });
    const failed = await t.sdk.CustomerIdsPage({ vendor: 'BLOOMREACH', first: 1, filter: { segmentation: { id: segment.id, index: 0 } } });
    expect(errorCodes({ errors: failed.errors })).toEqual(['UPSTREAM_UNAVAILABLE']);
    t.bloomreach.resetCalls();
    const adapter = t.sources.adapter('BLOOMREACH');
    const down = await adapter.probe().then(
      () => 'UP',
      (error: unknown) => (error as Error).message,
    );
    expect(down).toMatch(
      /^the last export \(\d+ m?s ago\) failed: BLOOMREACH POST \/data\/v2\/projects\/\{projectToken\}\/customers\/export answered 503/,
    );
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0);
    const retry = await t.sdk.CustomerIdsPage({ vendor: 'BLOOMREACH', first: 1, filter: { segmentation: { id: segment.id, index: 0 } } });
    expect(retry.errors).toBeUndefined();
    await expect(adapter.probe()).resolves.toBeUndefined();
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);
  });

  it('does not count a filter the vendor refuses (400) against the vendor', async () => {
    const res = await t.sdk.CustomerIdsPage({
      vendor: 'BLOOMREACH',
      filter: { segmentation: { id: '0123456789abcdef01234567', index: 0 } },
    });
    expect(errorCodes({ errors: res.errors })).toEqual(['BAD_USER_INPUT']);
    t.bloomreach.resetCalls();
    await expect(t.sources.adapter('BLOOMREACH').probe()).resolves.toBeUndefined();
    expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0);
  });
});

describe('health when the last outcome is older than the snapshot TTL', () => {
  it('starts one probe export, and only then', async () => {
    await withTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_SNAPSHOT_TTL_MS: '400' } }, async (t) => {
      const adapter = t.sources.adapter('BLOOMREACH');
      await t.post(PAGE, { first: 1 });
      t.bloomreach.resetCalls();
      await adapter.probe();
      expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(0); // the page's export is fresh
      // The page's export finishes in the background and its outcome is fresh from then on: how soon
      // it goes stale depends on when that export ends, so wait for the first probe export rather
      // than a fixed time, then check that a second probe right after it starts none.
      await vi.waitFor(
        async () => {
          await adapter.probe();
          expect(t.bloomreach.calls(EXPORT_ROUTE)).toBeGreaterThan(0);
        },
        { timeout: 20_000, interval: 100 },
      );
      await adapter.probe();
      expect(t.bloomreach.calls(EXPORT_ROUTE)).toBe(1);
    });
  });
});

describe('the whole-export deadline', () => {
  const TOTAL = `{ customers(vendor: BLOOMREACH, first: 1) { totalCount } }`;

  // The export streams steadily (no stall for BLOOMREACH_TIMEOUT_MS to catch) for about 2.5 s.
  function withDeadline(exportTimeoutMs: number, body: (t: TestGateway) => Promise<void>): Promise<void> {
    const env = { BLOOMREACH_EXPORT_TIMEOUT_MS: String(exportTimeoutMs), BLOOMREACH_TIMEOUT_MS: '2000' };
    return withTestGateway({ only: ['bloomreach'], env }, async (t) => {
      t.bloomreach.msPer1000Rows = 50;
      await body(t);
    });
  }

  it('fails an export that runs past BLOOMREACH_EXPORT_TIMEOUT_MS with an error that says to raise it', async () => {
    await withDeadline(1_000, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(errorCodes(body)).toEqual(['UPSTREAM_TIMEOUT']);
      expect(body.errors?.[0]?.message).toBe(
        'BLOOMREACH POST /data/v2/projects/{projectToken}/customers/export did not finish within 1 s; raise BLOOMREACH_EXPORT_TIMEOUT_MS for a project this size',
      );
      const { data } = await t.sdk.Vendors();
      expect(data.vendors[0]?.health.status).toBe('DOWN');
      expect(data.vendors[0]?.health.message).toContain('raise BLOOMREACH_EXPORT_TIMEOUT_MS');
    });
  });

  it('lets the same export finish under a deadline it fits in', async () => {
    await withDeadline(30_000, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(body.errors).toBeUndefined();
      expect(body.data?.customers).toEqual({ totalCount: t.bloomreach.customers.length });
    });
  });
});

describe('the per-snapshot cap (BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES)', () => {
  const TOTAL = `{ customers(vendor: BLOOMREACH, first: 1) { totalCount } }`;
  const statsOf = (t: TestGateway) => (t.sources.adapter('BLOOMREACH') as BloomreachAdapter).snapshotStats();

  /** Bytes the whole project's export snapshot takes, measured under the defaults (the seed is the same in every sandbox). */
  async function measuredSnapshotBytes(): Promise<number> {
    return withTestGateway({ only: ['bloomreach'] }, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(body.errors).toBeUndefined();
      const stats = statsOf(t);
      expect(stats).toMatchObject({ snapshots: 1, filling: 0 });
      return stats.approxBytes;
    });
  }

  it('fails an export one byte over it with an error that says to raise it, and keeps an export exactly its size', async () => {
    const bytes = await measuredSnapshotBytes();
    // Far below the 192 MiB default: the export, not the default, is what the cap is set from.
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(bytes).toBeLessThan(192 * 2 ** 20);

    await withTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: String(bytes - 1) } }, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(errorCodes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
      expect(body.errors?.[0]?.message).toBe(
        `BLOOMREACH POST /data/v2/projects/{projectToken}/customers/export sent an unexpected response: export exceeds the snapshot limit of ${bytes - 1} bytes; raise BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES (default: half of BLOOMREACH_LOCAL_MAX_BYTES) for a project this size`,
      );
      // Nothing of the failed export is kept, and health says which setting to raise.
      expect(statsOf(t)).toEqual({ snapshots: 0, filling: 0, approxBytes: 0 });
      const { data } = await t.sdk.Vendors();
      expect(data.vendors[0]?.health.status).toBe('DOWN');
      expect(data.vendors[0]?.health.message).toContain('raise BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES');
    });

    // Cap and process budget both exactly the snapshot's size: it fills, completes and is kept.
    const exact = { BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: String(bytes), BLOOMREACH_LOCAL_MAX_BYTES: String(bytes) };
    await withTestGateway({ only: ['bloomreach'], env: exact }, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(body.errors).toBeUndefined();
      expect(body.data?.customers).toEqual({ totalCount: t.bloomreach.customers.length });
      expect(statsOf(t)).toEqual({ snapshots: 1, filling: 0, approxBytes: bytes });
    });
  });

  it('follows BLOOMREACH_LOCAL_MAX_BYTES when not set: half of it, whatever the budget is lowered to', async () => {
    const bytes = await measuredSnapshotBytes();
    // Only the budget set, far below 192 MiB: the gateway starts, and an export of half of it is kept.
    await withTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_LOCAL_MAX_BYTES: String(2 * bytes) } }, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(body.errors).toBeUndefined();
      expect(statsOf(t)).toEqual({ snapshots: 1, filling: 0, approxBytes: bytes });
    });
    // One byte less: the cap is (2 × bytes − 1) / 2 rounded down, one byte short of this export.
    await withTestGateway({ only: ['bloomreach'], env: { BLOOMREACH_LOCAL_MAX_BYTES: String(2 * bytes - 1) } }, async (t) => {
      const { body } = await t.post(TOTAL);
      expect(errorCodes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
      expect(body.errors?.[0]?.message).toContain(`export exceeds the snapshot limit of ${bytes - 1} bytes`);
    });
  });
});

describe('the process budget counts exports still filling (BLOOMREACH_LOCAL_MAX_BYTES)', () => {
  const COHORT_TOTAL = `query ($filter: CustomerFilter) { customers(vendor: BLOOMREACH, first: 1, filter: $filter) { totalCount } }`;
  const statsOf = (t: TestGateway) => (t.sources.adapter('BLOOMREACH') as BloomreachAdapter).snapshotStats();

  it('fails the one of two concurrent exports whose growth takes them past it together, naming it; the other is kept', async () => {
    // The two signup cohorts: about 16,500 and 16,900 customers, each exported under its own filter.
    const measured = await withTestGateway({ only: ['bloomreach'] }, async (t) => {
      const cohort = t.bloomreach.segmentations.find((s) => s.name === 'Signup cohort');
      if (!cohort) throw new Error('no signup cohort segmentation');
      const sizes: number[] = [];
      for (const index of [0, 1]) {
        const before = statsOf(t).approxBytes;
        const { body } = await t.post(COHORT_TOTAL, { filter: { segmentation: { id: cohort.id, index } } });
        expect(body.errors).toBeUndefined();
        sizes.push(statsOf(t).approxBytes - before);
      }
      return { id: cohort.id, sizes };
    });
    const [small, large] = [Math.min(...measured.sizes), Math.max(...measured.sizes)];
    expect(small).toBeGreaterThan(large / 2);
    // Either fits alone (the cap is the larger one); both together pass the budget about two thirds in.
    const budget = large + Math.floor(small / 4);
    const env = { BLOOMREACH_LOCAL_MAX_BYTES: String(budget), BLOOMREACH_LOCAL_SNAPSHOT_MAX_BYTES: String(large) };
    await withTestGateway({ only: ['bloomreach'], env }, async (t) => {
      // Both stream for about a second, side by side.
      t.bloomreach.msPer1000Rows = 60;
      const results = await Promise.all(
        [0, 1].map((index) => t.post(COHORT_TOTAL, { filter: { segmentation: { id: measured.id, index } } })),
      );
      const failed = results.filter((r) => r.body.errors !== undefined);
      expect(failed).toHaveLength(1);
      // This process's budget, not the vendor: retryable.
      expect(errorCodes(failed[0]?.body ?? {})).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(failed[0]?.body.errors?.[0]?.extensions?.retryable).toBe(true);
      expect(failed[0]?.body.errors?.[0]?.message).toMatch(
        new RegExp(
          `^BLOOMREACH export not kept: exports filling at once exceed the local snapshot budget of ${budget} bytes \\(this one \\d+ bytes, \\d+ bytes in 1 other export filling\\); raise BLOOMREACH_LOCAL_MAX_BYTES, or lower BLOOMREACH_MAX_CONCURRENCY so fewer exports fill at once$`,
        ),
      );
      const kept = results.findIndex((r) => r.body.errors === undefined);
      expect(statsOf(t)).toEqual({ snapshots: 1, filling: 0, approxBytes: measured.sizes[kept] });
      // Health leaves the refusal out (test/unit/bloomreach-health.test.ts): here the kept export
      // ends after it, so health would read UP either way.
    });
  });
});
