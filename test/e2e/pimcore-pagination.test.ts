import { describe, expect, it } from 'vitest';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });

async function walk(firsts: (i: number) => number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 500; i++) {
    const { data, errors } = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: firsts(i), after });
    expect(errors).toBeUndefined();
    const page = data.customers;
    if (!page) throw new Error('no page');
    seen.push(...page.edges.map((e) => e.node.vendorId));
    if (!page.pageInfo.hasNextPage) {
      expect(page.pageInfo.endCursor === null || page.edges.length > 0).toBe(true);
      return seen;
    }
    expect(page.edges.length).toBe(Math.min(firsts(i), 100));
    after = page.pageInfo.endCursor ?? undefined;
  }
  throw new Error('walk did not end');
}

describe('customers pagination (Pimcore)', () => {
  const total = () => t.pimcore.store.customers.size ?? 0;

  it.each([[13], [100], [1_000]])('walks every customer exactly once with first=%i', async (first) => {
    const seen = await walk(() => first);
    expect(seen.length).toBe(total());
    expect(new Set(seen).size).toBe(total());
  });

  it('walks every customer exactly once when first changes between pages', async () => {
    const sizes = [7, 20, 3, 100, 55, 1];
    const seen = await walk((i) => sizes[i % sizes.length] ?? 10);
    expect(seen.length).toBe(total());
    expect(new Set(seen).size).toBe(total());
  });

  it('defaults first to 20 and caps it at 100', async () => {
    const dflt = await t.sdk.CustomersPage({ vendor: 'PIMCORE' });
    expect(dflt.data.customers?.edges).toHaveLength(20);
    const capped = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5_000 });
    expect(capped.data.customers?.edges).toHaveLength(100);
  });

  it('reports an exact totalCount, and hasNextPage false exactly at the end', async () => {
    const first = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 50 });
    expect(first.data.customers?.totalCount).toBe(total());
    // 1,200 customers in pages of 100: the 12th page is full and must still say it is the last.
    let after: string | undefined;
    for (let i = 1; i <= 12; i++) {
      const page = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 100, after });
      expect(page.data.customers?.edges).toHaveLength(100);
      expect(page.data.customers?.pageInfo.hasNextPage).toBe(i < 12);
      after = page.data.customers?.pageInfo.endCursor ?? undefined;
    }
  });

  it('rejects a cursor reused with another filter', async () => {
    const page = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5 });
    const cursor = page.data.customers?.pageInfo.endCursor ?? '';
    const segs = await t.sdk.SegmentsAndGroups({ vendor: 'PIMCORE' });
    const segmentId = segs.data.segments?.[0]?.id ?? '';
    const res = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5, after: cursor, filter: { segmentIds: [segmentId] } });
    expect(res.data.customers).toBeNull();
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(/different query or filter/);
  });

  it('rejects a cursor reused with another modifiedSince', async () => {
    const old = { modifiedSince: '2000-01-01T00:00:00Z' };
    const page = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5, filter: old });
    const cursor = page.data.customers?.pageInfo.endCursor ?? '';
    const same = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5, after: cursor, filter: old });
    expect(same.errors).toBeUndefined();
    const other = await t.sdk.CustomersPage({
      vendor: 'PIMCORE',
      first: 5,
      after: cursor,
      filter: { modifiedSince: '2099-01-01T00:00:00Z' },
    });
    expect(errorCodes(other)).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects a malformed cursor and a malformed global ID with BAD_USER_INPUT', async () => {
    const badCursor = await t.sdk.CustomersPage({ vendor: 'PIMCORE', first: 5, after: 'not-a-cursor!' });
    expect(errorCodes(badCursor)).toEqual(['BAD_USER_INPUT']);
    const forged = Buffer.from(JSON.stringify({ f: 'x', o: -4 })).toString('base64url');
    expect(errorCodes(await t.sdk.CustomersPage({ vendor: 'PIMCORE', after: forged }))).toEqual(['BAD_USER_INPUT']);
    for (const id of ['%%%', 'Q3VzdG9tZXI6', Buffer.from('Customer:NOPE:1').toString('base64url')]) {
      const res = await t.sdk.CustomerById({ id });
      expect(res.data.customer).toBeNull();
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    }
    const node = await t.sdk.NodeById({ id: 'garbage' });
    expect(errorCodes(node)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses backward paging clearly', async () => {
    const res = await t.post('{ customers(vendor: PIMCORE, last: 5) { edges { node { id } } } }');
    expect(errorCodes(res.body)).toEqual(['BAD_USER_INPUT']);
  });
});
