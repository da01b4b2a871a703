// Batches larger than one vendor call (Mautic takes 200 elements per batch call) must report per
// chunk: a chunk that fails fails only its own items, the chunks written before and after it are
// reported applied, and the mutation answers with the per-item list, never a whole-batch error.
// That answer is a success, so an Idempotency-Key retry replays it instead of writing again.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { TEST_AUTH_HEADERS, useTestGateway } from '../support/gateway.js';

const BATCH_NEW = 'POST /api/contacts/batch/new';
const customerId = (contactId: number) => globalId('Customer', 'MAUTIC', String(contactId));

const t = useTestGateway({ only: ['mautic'] });
beforeEach(() => {
  t.mautic.resetCalls();
  t.mautic.clearFaults();
});

/**
 * Fails the `nth` call (1-based) to `route` with a 503 and lets the others through. The harness
 * applies the first matching fault to each request, so effect-free faults used up by the calls
 * before it pass those calls through untouched.
 */
function failNthCall(route: string, nth: number): void {
  if (nth > 1) t.mautic.injectFault({ route, times: nth - 1 });
  t.mautic.injectFault({ route, status: 503, times: 1 });
}

const emails = (stamp: string, n: number) => Array.from({ length: n }, (_, i) => `partial.${stamp}.${i}@example.com`);
const storedEmails = () => new Set([...t.mautic.store.contacts.values()].map((c) => String(c.fields.email ?? '').toLowerCase()));

const CREATE_CUSTOMERS = `mutation($input: CreateCustomersInput!) {
  createCustomers(input: $input) {
    __typename
    ... on CreateCustomersPayload { appliedCount failedCount results { index status error { __typename ... on UpstreamError { retryable } } } }
    ... on UpstreamError { retryable }
  }
}`;

describe('createCustomers over several Mautic batch calls', () => {
  it('reports the written chunk applied and only the failed chunk’s items failed, retryable', async () => {
    const list = emails(`a${Date.now()}`, 250);
    failNthCall(BATCH_NEW, 2);
    const res = await t.sdk.CreateCustomers({ input: { vendor: 'MAUTIC', customers: list.map((email) => ({ email })) } });
    expect(res.errors).toBeUndefined();
    const payload = res.data.createCustomers;
    if (payload.__typename !== 'CreateCustomersPayload') throw new Error(JSON.stringify(payload));
    expect(payload.appliedCount).toBe(200);
    expect(payload.failedCount).toBe(50);
    payload.results.slice(0, 200).forEach((r, i) => {
      expect(r).toMatchObject({ index: i, status: 'APPLIED', error: null });
      expect(r.customer?.email).toBe(list[i]);
    });
    for (const r of payload.results.slice(200)) {
      expect(r.status).toBeNull();
      expect(r.customer).toBeNull();
      expect(r.error).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE', retryable: true, vendor: 'MAUTIC' });
    }
    expect(t.mautic.calls(BATCH_NEW)).toBe(2);
    const stored = storedEmails();
    expect(list.slice(0, 200).every((e) => stored.has(e))).toBe(true);
    expect(list.slice(200).some((e) => stored.has(e))).toBe(false);
  });

  it('still sends the chunks after a failed one', async () => {
    const list = emails(`b${Date.now()}`, 250);
    failNthCall(BATCH_NEW, 1);
    const res = await t.sdk.CreateCustomers({ input: { vendor: 'MAUTIC', customers: list.map((email) => ({ email })) } });
    const payload = res.data.createCustomers;
    if (payload.__typename !== 'CreateCustomersPayload') throw new Error(JSON.stringify(payload));
    expect(payload.results.map((r) => r.error?.__typename ?? r.status)).toEqual([
      ...Array(200).fill('UpstreamError'),
      ...Array(50).fill('APPLIED'),
    ]);
    expect(t.mautic.calls(BATCH_NEW)).toBe(2);
    const stored = storedEmails();
    expect(list.slice(200).every((e) => stored.has(e))).toBe(true);
    expect(list.slice(0, 200).some((e) => stored.has(e))).toBe(false);
  });

  it('keeps the per-item answer under its Idempotency-Key, so a retry replays it and writes nothing again', async () => {
    const list = emails(`c${Date.now()}`, 250);
    const variables = { input: { vendor: 'MAUTIC', customers: list.map((email) => ({ email })) } };
    const headers = { 'idempotency-key': `partial-${Date.now()}` };
    failNthCall(BATCH_NEW, 2);
    const first = await t.post(CREATE_CUSTOMERS, variables, headers);
    expect(first.body.data?.createCustomers).toMatchObject({ __typename: 'CreateCustomersPayload', appliedCount: 200, failedCount: 50 });
    const contactsAfterFirst = t.mautic.store.contacts.size;

    const again = await t.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...headers },
      body: JSON.stringify({ query: CREATE_CUSTOMERS, variables }),
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first.body);
    expect(t.mautic.calls(BATCH_NEW)).toBe(2);
    expect(t.mautic.store.contacts.size).toBe(contactsAfterFirst);
  });
});

describe('upsertCustomItems over several Mautic batch calls', () => {
  it('reports the written chunk applied and only the failed chunk’s items failed, retryable', async () => {
    const itemsBefore = t.mautic.store.items.size;
    const stamp = `p${Date.now()}`;
    // One new item on each of contacts 100..349.
    const items = Array.from({ length: 250 }, (_, i) => ({
      customerId: customerId(100 + i),
      objectType: 'products',
      name: `${stamp}-${i}`,
      attributes: { sku: `${stamp}-${i}` },
    }));
    failNthCall(BATCH_NEW, 2);
    const res = await t.sdk.UpsertCustomItems({ input: { items } });
    expect(res.errors).toBeUndefined();
    const payload = res.data.upsertCustomItems;
    if (payload.__typename !== 'UpsertCustomItemsPayload') throw new Error(JSON.stringify(payload));
    expect(payload.appliedCount).toBe(200);
    expect(payload.failedCount).toBe(50);
    payload.results.slice(0, 200).forEach((r, i) => {
      expect(r).toMatchObject({ index: i, status: 'APPLIED', error: null });
      expect(r.customItem?.name).toBe(`${stamp}-${i}`);
    });
    for (const r of payload.results.slice(200)) {
      expect(r.status).toBeNull();
      expect(r.error).toMatchObject({ __typename: 'UpstreamError', retryable: true, vendor: 'MAUTIC' });
    }
    expect(t.mautic.calls(BATCH_NEW)).toBe(2);
    expect(t.mautic.store.items.size).toBe(itemsBefore + 200);
    const names = new Set([...t.mautic.store.items.values()].map((i) => i.name));
    expect(items.slice(0, 200).every((i) => names.has(i.name))).toBe(true);
    expect(items.slice(200).some((i) => names.has(i.name))).toBe(false);
  });
});

describe('Mautic batch answers keyed by position', () => {
  const contact = (id: number, email: string) => ({ id, fields: { all: { id, email } } });

  it('lines elements up by their keys when PHP sends an object with a gap', async () => {
    const [a, b, c] = emails(`k${Date.now()}`, 3) as [string, string, string];
    // Element 1 failed and its echo is missing: its neighbours must not shift into its place.
    t.mautic.injectFault({
      route: BATCH_NEW,
      status: 201,
      times: 1,
      body: {
        contacts: { '0': contact(9001, a), '2': contact(9003, c) },
        statusCodes: [201, 400, 201],
        errors: {
          '1': {
            code: 400,
            message: 'email: A valid email is required.',
            details: { email: ['A valid email is required.'] },
            type: 'validation',
          },
        },
      },
    });
    const res = await t.sdk.CreateCustomers({ input: { vendor: 'MAUTIC', customers: [{ email: a }, { email: b }, { email: c }] } });
    const payload = res.data.createCustomers;
    if (payload.__typename !== 'CreateCustomersPayload') throw new Error(JSON.stringify(payload));
    expect(payload.results.map((r) => [r.status, r.customer?.email ?? null, r.error?.__typename ?? null])).toEqual([
      ['APPLIED', a, null],
      [null, null, 'ValidationError'],
      ['APPLIED', c, null],
    ]);
  });

  it('does not offer an element the answer has no status for as retryable', async () => {
    const [a, b, c] = emails(`m${Date.now()}`, 3) as [string, string, string];
    t.mautic.injectFault({
      route: BATCH_NEW,
      status: 201,
      times: 1,
      body: { contacts: { '0': contact(9011, a), '2': contact(9013, c) }, statusCodes: { '0': 201, '2': 201 } },
    });
    const res = await t.sdk.CreateCustomers({ input: { vendor: 'MAUTIC', customers: [{ email: a }, { email: b }, { email: c }] } });
    const payload = res.data.createCustomers;
    if (payload.__typename !== 'CreateCustomersPayload') throw new Error(JSON.stringify(payload));
    expect(payload.results.map((r) => r.customer?.email ?? null)).toEqual([a, null, c]);
    expect(payload.results[1]?.error).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_BAD_RESPONSE', retryable: false });
  });
});
