// Limits that hold before any vendor call: each rule at its boundary, and the attacks of issue 10
// refused with zero vendor calls.
import { Lexer, Source, TokenKind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/limits/settings.js';
import { errorCodes, type GraphQLBody, TEST_AUTH_HEADERS, type TestGateway, useTestGateway, withTestGateway } from '../support/gateway.js';

const pimcoreId = (n: number) => Buffer.from(`Customer:PIMCORE:${n}`).toString('base64url');

/** Aliases `a0 … a{n-1}` of one selection. */
const aliased = (n: number, selection: string) => Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join('\n');

function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

async function postRaw(t: TestGateway, body: unknown, headers: Record<string, string> = {}) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLBody & { extensions?: Record<string, unknown> } };
}

describe('document limits with the default settings', () => {
  const t = useTestGateway({ only: ['pimcore'] });

  it('answers a 24-level fragment fan that stays shallow (each fragment is walked once, not once per path)', async () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, …: a walker that re-enters fragments visits 2^24 of them.
    const fragments = Array.from({ length: 24 }, (_, i) => `fragment F${i} on Customer { id ...F${i + 1} ...F${i + 1} }`);
    fragments.push('fragment F24 on Customer { email }');
    t.pimcore.resetCalls();
    const res = await t.post(`{ customers(vendor: PIMCORE, first: 1) { edges { node { ...F0 } } } } ${fragments.join('\n')}`);
    expect(res.body.errors).toBeUndefined();
    expect(t.pimcore.calls()).toBe(1);
  });

  it('refuses a 24-level nested fragment fan as too deep, with no vendor call', async () => {
    const fragments = Array.from(
      { length: 24 },
      (_, i) => `fragment F${i} on Customer { linkedProfiles { ...F${i + 1} } a${i}: linkedProfiles { ...F${i + 1} } }`,
    );
    fragments.push('fragment F24 on Customer { id }');
    t.pimcore.resetCalls();
    const res = await t.post(`{ customers(vendor: PIMCORE, first: 1) { edges { node { ...F0 } } } } ${fragments.join('\n')}`);
    expect(errorCodes(res.body)).toContain('QUERY_TOO_DEEP');
    expect(t.pimcore.calls()).toBe(0);
  });

  it(`lets ${DEFAULT_LIMITS.maxAliases} aliases through and refuses ${DEFAULT_LIMITS.maxAliases + 1}`, async () => {
    const under = await t.post(`{ ${aliased(DEFAULT_LIMITS.maxAliases, 'vendors { vendor }')} }`);
    expect(under.body.errors).toBeUndefined();
    t.pimcore.resetCalls();
    const over = await t.post(`{ ${aliased(DEFAULT_LIMITS.maxAliases + 1, `customer(id: "${pimcoreId(1)}") { id }`)} }`);
    expect(errorCodes(over.body)).toEqual(['TOO_MANY_ALIASES']);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('refuses 1,000 aliases of customer(id:) with no vendor call', async () => {
    t.pimcore.resetCalls();
    const res = await t.post(`{ ${aliased(1000, `customer(id: "${pimcoreId(1)}") { id }`)} }`);
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(errorCodes(res.body).every((code) => code === 'TOO_MANY_ALIASES' || code === 'GRAPHQL_PARSE_FAILED')).toBe(true);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('refuses 100 aliases of nodes(100 ids) with no vendor call', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => pimcoreId(i + 1));
    t.pimcore.resetCalls();
    const res = await t.post(`query($ids: [ID!]!) { ${aliased(100, 'nodes(ids: $ids) { id }')} }`, { ids });
    expect(errorCodes(res.body)).toEqual(['TOO_MANY_ALIASES']);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('refuses 11 aliases of nodes(100 ids) on cost alone (1,100 estimated calls > 1,000)', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => pimcoreId(i + 1));
    t.pimcore.resetCalls();
    const res = await t.post(`query($ids: [ID!]!) { ${aliased(11, 'nodes(ids: $ids) { id }')} }`, { ids });
    expect(errorCodes(res.body)).toEqual(['QUERY_TOO_COSTLY']);
    expect(res.body.errors?.[0]?.extensions?.cost).toBe(1100);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('refuses 2,000 aliases of a 100-customer page (the 45 MB response) with no vendor call', async () => {
    t.pimcore.resetCalls();
    const res = await t.post(`{ ${aliased(2000, 'customers(vendor: PIMCORE, first: 100) { edges { node { id email attributes } } }')} }`);
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(res.body.data ?? undefined).toBeUndefined();
    expect(t.pimcore.calls()).toBe(0);
  });

  it('reports the estimated cost in extensions.cost when the request asks for it', async () => {
    const query = '{ customers(vendor: PIMCORE, first: 100) { edges { node { id activities(first: 5) { edges { node { id } } } } } } }';
    const asked = await postRaw(t, { query, extensions: { cost: true } });
    expect(asked.body.errors).toBeUndefined();
    expect(asked.body.extensions?.cost).toEqual({ estimated: 101, max: DEFAULT_LIMITS.maxCost });
    const notAsked = await postRaw(t, { query });
    expect(notAsked.body.extensions?.cost).toBeUndefined();
  });

  it('costs the README example at 202: segment lists read once count once', async () => {
    const res = await postRaw(t, {
      query:
        '{ customers(vendor: PIMCORE, first: 100) { edges { node { activities(first: 5) { edges { node { id } } } segments { group { name } } } } } }',
      extensions: { cost: true },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions?.cost).toEqual({ estimated: 202, max: DEFAULT_LIMITS.maxCost });
  });

  it('counts linkedProfiles and customersByEmail once per configured vendor', async () => {
    const res = await postRaw(t, {
      query: '{ customersByEmail(email: "x@example.com") { id linkedProfiles { id } } }',
      extensions: { cost: true },
    });
    // One vendor configured: one lookup, and below it one linkedProfiles lookup per vendor.
    expect(res.body.extensions?.cost).toEqual({ estimated: 2, max: DEFAULT_LIMITS.maxCost });
  });
});

describe('document limits at their configured boundary', () => {
  it('refuses a query over GATEWAY_MAX_COST and runs one at it', async () => {
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_COST: '10' } }, async (t) => {
      const page = (n: number) =>
        `{ customers(vendor: PIMCORE, first: ${n}) { edges { node { id activities(first: 1) { edges { node { id } } } } } } }`;
      t.pimcore.resetCalls();
      const over = await t.post(page(10)); // 1 + 10 × 1
      expect(errorCodes(over.body)).toEqual(['QUERY_TOO_COSTLY']);
      expect(t.pimcore.calls()).toBe(0);
      const at = await t.post(page(9)); // 1 + 9 × 1
      expect(at.body.errors).toBeUndefined();
    });
  });

  it('refuses a document over GATEWAY_MAX_TOKENS and parses one at it', async () => {
    const query = '{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }';
    const tokens = tokenCount(query);
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_TOKENS: String(tokens) } }, async (t) => {
      const at = await t.post(query);
      expect(at.body.errors).toBeUndefined();
      t.pimcore.resetCalls();
      const over = await t.post(query.replace('id }', 'id email }'));
      expect(over.body.errors?.[0]?.message).toMatch(new RegExp(`${tokens} tokens`));
      expect(over.body.data ?? undefined).toBeUndefined();
      expect(t.pimcore.calls()).toBe(0);
    });
  });

  it('refuses more directives than GATEWAY_MAX_DIRECTIVES', async () => {
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_DIRECTIVES: '2' } }, async (t) => {
      const at = await t.post('{ vendors { vendor @include(if: true) capabilities @skip(if: false) } }');
      expect(at.body.errors).toBeUndefined();
      const over = await t.post('{ vendors { vendor @include(if: true) capabilities @skip(if: false) __typename @include(if: true) } }');
      expect(errorCodes(over.body)).toEqual(['TOO_MANY_DIRECTIVES']);
    });
  });

  it('refuses nesting deeper than GATEWAY_MAX_DEPTH', async () => {
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_DEPTH: '4' } }, async (t) => {
      const at = await t.post('{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }');
      expect(at.body.errors).toBeUndefined();
      t.pimcore.resetCalls();
      const over = await t.post('{ customers(vendor: PIMCORE, first: 1) { edges { node { linkedProfiles { id } } } } }');
      expect(errorCodes(over.body)).toEqual(['QUERY_TOO_DEEP']);
      expect(t.pimcore.calls()).toBe(0);
    });
  });
});

describe('first: 0', () => {
  const t = useTestGateway({ only: ['pimcore', 'sfcc'] });

  it.each([
    ['customers', '{ customers(vendor: PIMCORE, first: 0) { edges { cursor } pageInfo { hasPreviousPage endCursor } } }'],
    ['activities', '{ activities(vendor: PIMCORE, first: 0) { edges { cursor } } }'],
    ['sites', '{ sites(vendor: SFCC, first: 0) { edges { cursor } } }'],
  ])('answers an empty %s page without a vendor call', async (_name, query) => {
    t.pimcore.resetCalls();
    t.sfcc.resetCalls();
    const res = await t.post(query);
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data ?? {})[0]).toMatchObject({ edges: [] });
    expect(t.pimcore.calls() + t.sfcc.calls()).toBe(0);
  });

  it('still answers hasNextPage and totalCount exactly, fetching once when they are selected', async () => {
    t.pimcore.resetCalls();
    const res = await t.post('{ customers(vendor: PIMCORE, first: 0) { edges { cursor } totalCount pageInfo { hasNextPage } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.customers).toMatchObject({ edges: [], pageInfo: { hasNextPage: true } });
    const customers = res.body.data?.customers as { totalCount: number } | undefined;
    expect(customers?.totalCount ?? 0).toBeGreaterThan(0);
    // The page fetched once for both; Pimcore's total may take its one extra call (pages, not items).
    expect(t.pimcore.calls('GET /customers')).toBeGreaterThanOrEqual(1);
    expect(t.pimcore.calls('GET /customers')).toBeLessThanOrEqual(2);
  });
});
