// The byte budgets of what one process keeps without Redis (MEMORY_STATE_MAX_BYTES,
// MEMORY_APQ_MAX_BYTES), seen from a client: an idempotency record at the largest entry the store
// keeps (a sixteenth of its budget) is replayed, one a character bigger is not kept but still never
// runs twice, and records pushed through the whole budget never drop a claim in flight; APQ documents past the budget are
// forgotten oldest first; parsed documents within GATEWAY_DOCUMENT_CACHE_MAX_BYTES, as the
// `cdp_cache_bytes` gauge reports them.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { documentBytes } from '../../src/perf/document-cache.js';
import { sha256Hex } from '../../src/persisted/apq.js';
import { entryBytes, MAX_ENTRY_SHARE } from '../../src/state/memory-store.js';
import { TEST_AUTH_HEADERS, type TestGateway, useTestGateway } from '../support/gateway.js';
import { metricValue } from '../support/metrics.js';

const BUDGET = 65_536;
const LARGEST_ENTRY = BUDGET / MAX_ENTRY_SHARE;
const CREATE = `mutation Create($email: String!, $name: String!) {
  createCustomer(input: { vendor: PIMCORE, email: $email, firstName: $name }) {
    __typename
    ... on CustomerPayload { customer { firstName } }
  }
}`;

async function post(t: TestGateway, body: unknown, key?: string) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), contentType: res.headers.get('content-type'), text };
}

describe('idempotency records within MEMORY_STATE_MAX_BYTES', () => {
  const t = useTestGateway({ only: ['pimcore'], env: { MEMORY_STATE_MAX_BYTES: String(BUDGET), GATEWAY_MAX_STRING_LENGTH: '100000' } });
  // The record idempotency.ts stores: fingerprint (64 hex), then the response; its key is `idem:` + 43 base64url characters.
  const recordOf = (answer: { status: number; text: string; contentType: string | null }) =>
    JSON.stringify({ f: '0'.repeat(64), r: { status: answer.status, body: answer.text, contentType: answer.contentType } });
  const STORE_KEY = `idem:${'k'.repeat(43)}`;
  let largestFitting = 0;

  it('finds the largest first name whose response record is the largest entry kept', async () => {
    const probe = await post(t, { query: CREATE, variables: { email: 'probe@example.com', name: 'x' } });
    expect(probe.status).toBe(200);
    // Each character of the name adds one to the response and to its record (no escaping for `x`).
    const fixed = entryBytes(STORE_KEY, recordOf(probe)) - 2;
    largestFitting = Math.floor((LARGEST_ENTRY - fixed) / 2);
    expect(entryBytes(STORE_KEY, recordOf({ ...probe, text: probe.text.replace('"x"', `"${'x'.repeat(largestFitting)}"`) }))).toBe(
      LARGEST_ENTRY,
    );
  });

  it('replays a response whose record is exactly the largest entry, writing once', async () => {
    const body = { query: CREATE, variables: { email: 'fits@example.com', name: 'x'.repeat(largestFitting) } };
    t.pimcore.resetCalls();
    const first = await post(t, body, 'fits');
    const again = await post(t, body, 'fits');
    expect(first.status).toBe(200);
    expect(entryBytes(STORE_KEY, recordOf(first))).toBe(LARGEST_ENTRY);
    expect(again).toMatchObject({ status: 200, replayed: 'true', text: first.text });
    expect(t.pimcore.callCounts()['POST /customers']).toBe(1);
  });

  it('one character more: the response is not kept, and the retry is told the request ran instead of running it again', async () => {
    const body = { query: CREATE, variables: { email: 'over@example.com', name: 'x'.repeat(largestFitting + 1) } };
    t.pimcore.resetCalls();
    const first = await post(t, body, 'over');
    const again = await post(t, body, 'over');
    expect(first.status).toBe(200);
    expect(first.text).toContain('x'.repeat(largestFitting + 1));
    expect(again.status).toBe(409);
    expect(again.replayed).toBe('true');
    expect(JSON.parse(again.text)).toMatchObject({ errors: [{ extensions: { code: 'IDEMPOTENT_RESPONSE_NOT_KEPT' } }] });
    expect(t.pimcore.callCounts()['POST /customers']).toBe(1);
  });

  it('releases the key of a refused request too large to keep: nothing ran, so a retry is judged afresh', async () => {
    // Sixty unknown fields: sixty validation errors, a body well over the largest entry.
    const invalid = `mutation { ${Array.from({ length: 60 }, (_, i) => `unknownField${i}`).join(' ')} }`;
    const first = await post(t, { query: invalid }, 'refused');
    const again = await post(t, { query: invalid }, 'refused');
    expect(JSON.parse(first.text)).not.toHaveProperty('data');
    expect(first.text.length).toBeGreaterThan(LARGEST_ENTRY);
    expect(again).toMatchObject({ status: first.status, replayed: null, text: first.text });
  });

  it('keeps a claim in flight while other records push through the whole budget: the retry waits and replays, writing once', async () => {
    t.pimcore.resetCalls();
    t.pimcore.injectFault({ route: 'POST /customers', delayMs: 1_000, times: 1 });
    const body = { query: CREATE, variables: { email: 'inflight@example.com', name: 'Alice' } };
    const first = post(t, body, 'inflight');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Twice the budget in records of other keys, each at the largest entry.
    for (let i = 0; i < 2 * MAX_ENTRY_SHARE; i++) {
      const filler = await post(
        t,
        { query: CREATE, variables: { email: `filler${i}@example.com`, name: 'x'.repeat(largestFitting) } },
        `filler-${i}`,
      );
      expect(filler.status).toBe(200);
    }
    const retry = await post(t, body, 'inflight');
    expect(retry.replayed).toBe('true');
    expect(retry.text).toBe((await first).text);
    expect(t.pimcore.callCounts()['POST /customers']).toBe(1 + 2 * MAX_ENTRY_SHARE);
  });
});

describe('APQ documents within MEMORY_APQ_MAX_BYTES', () => {
  const t = useTestGateway({ only: ['pimcore'], env: { MEMORY_APQ_MAX_BYTES: String(BUDGET) } });
  // A comment costs no tokens, so a document can be large and still pass every query rule.
  const documentOf = (tag: string, characters: number) => {
    const head = `query ${tag} { __typename }\n#`;
    return head + 'c'.repeat(characters - head.length);
  };
  const run = (query: string) => post(t, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } } });
  const byHash = async (query: string) =>
    JSON.parse((await post(t, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } } })).text) as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    };

  it('keeps documents while they fit together, and forgets the oldest once they do not', async () => {
    // Each charges 2 × (64 + 15,000) + 100 = 30,228 bytes: two fit in 65,536, three do not.
    const [a, b, c] = ['A', 'B', 'C'].map((tag) => documentOf(tag, 15_000));
    for (const doc of [a, b]) expect((await run(doc!)).status).toBe(200);
    expect(await byHash(b!)).toEqual({ data: { __typename: 'Query' } });
    expect(await byHash(a!)).toEqual({ data: { __typename: 'Query' } });
    expect((await run(c!)).status).toBe(200);
    // a was read last, so b is the least recently used.
    expect((await byHash(b!)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await byHash(a!)).toEqual({ data: { __typename: 'Query' } });
    expect(await byHash(c!)).toEqual({ data: { __typename: 'Query' } });
  });

  it('does not keep a document bigger than the whole budget; its client sends it again', async () => {
    const big = documentOf('Big', 40_000);
    expect((await run(big)).status).toBe(200);
    expect((await byHash(big)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('parsed documents within GATEWAY_DOCUMENT_CACHE_MAX_BYTES', () => {
  const metrics = new GatewayMetrics();
  // Twice the minimum, so the error cache (an eighth) holds one parse error (8 KiB + its text).
  const DOCUMENT_BUDGET = 2 * BUDGET;
  const t = useTestGateway({ only: ['pimcore'], env: { GATEWAY_DOCUMENT_CACHE_MAX_BYTES: String(DOCUMENT_BUDGET) }, gateway: { metrics } });
  const cached = () => metricValue(metrics, 'cdp_cache_bytes', { cache: 'documents' });

  it('charges a document it keeps, and keeps none bigger than the budget', async () => {
    const small = 'query Small { __typename }';
    const before = await cached();
    expect((await post(t, { query: small })).status).toBe(200);
    expect(await cached()).toBe(before + documentBytes(small, parse(small)));
    // 2 bytes per character alone is over the budget: parsed for this request, not kept.
    const big = `query Big { __typename }\n#${'c'.repeat(DOCUMENT_BUDGET / 2)}`;
    expect((await post(t, { query: big })).status).toBe(200);
    expect(await cached()).toBe(before + documentBytes(small, parse(small)));
  });

  it('keeps no document that failed validation (its errors would be held beside it, uncharged)', async () => {
    const before = await cached();
    const invalid = 'query Invalid { noSuchField }';
    expect(JSON.parse((await post(t, { query: invalid })).text).errors).toHaveLength(1);
    expect(await cached()).toBe(before);
  });

  it('charges a text that failed to parse to the error cache', async () => {
    const before = await cached();
    const broken = 'query Broken {';
    expect(JSON.parse((await post(t, { query: broken })).text).errors[0].message).toMatch(/Syntax Error/);
    expect(await cached()).toBe(before + 2 * broken.length + 8_192);
  });

  it('reports the idempotency and APQ stores against their budgets too', async () => {
    const query = 'query Registered { __typename }';
    await post(t, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } } });
    expect(await metricValue(metrics, 'cdp_cache_bytes', { cache: 'apq' })).toBe(entryBytes(sha256Hex(query), query));
    await post(t, { query: CREATE, variables: { email: 'gauge@example.com', name: 'G' } }, 'gauge');
    expect(await metricValue(metrics, 'cdp_cache_bytes', { cache: 'idempotency' })).toBeGreaterThan(0);
  });
});
