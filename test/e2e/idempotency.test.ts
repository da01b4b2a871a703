import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_AUTH_HEADERS, useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });
beforeEach(() => {
  t.pimcore.resetCalls();
  t.pimcore.clearFaults();
});

const CREATE = `mutation($email: String!) {
  createCustomer(input: { vendor: PIMCORE, email: $email, firstName: "Idem", lastName: "Potent" }) {
    __typename
    ... on CustomerPayload { customer { id } }
    ... on UpstreamError { retryable }
  }
}`;

type CreateBody = { data?: { createCustomer?: { __typename: string; customer?: { id: string } } } };

async function send(key: string, email: string) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, 'idempotency-key': key },
    body: JSON.stringify({ query: CREATE, variables: { email } }),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as CreateBody };
}

describe('Idempotency-Key on mutations', () => {
  it('a retried mutation returns the first result and writes once', async () => {
    const first = await send('key-1', 'idem1@example.com');
    const again = await send('key-1', 'idem1@example.com');
    expect(again.body).toEqual(first.body);
    expect(again.replayed).toBe('true');
    expect(t.pimcore.calls('POST /customers')).toBe(1);
  });

  it('concurrent duplicates wait for the first and write once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => send('key-2', 'idem2@example.com')));
    const ids = new Set(results.map((r) => r.body.data?.createCustomer?.customer?.id));
    expect(ids.size).toBe(1);
    expect(t.pimcore.calls('POST /customers')).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    await send('key-3', 'idem3@example.com');
    const other = await send('key-3', 'someone.else@example.com');
    expect(other.status).toBe(422);
    expect(t.pimcore.calls('POST /customers')).toBe(1);
  });

  it('does not pin a retryable failure: the retry really runs', async () => {
    t.pimcore.injectFault({ route: 'POST /customers', status: 503, times: 1 });
    const failed = await send('key-4', 'idem4@example.com');
    expect(failed.body.data?.createCustomer?.__typename).toBe('UpstreamError');
    const retried = await send('key-4', 'idem4@example.com');
    expect(retried.body.data?.createCustomer?.__typename).toBe('CustomerPayload');
    expect(retried.replayed).toBeNull();
    expect(t.pimcore.calls('POST /customers')).toBe(2);
  });

  it('after a retryable failure, exactly one of the waiting duplicates runs again', async () => {
    t.pimcore.latencyMs = 50;
    t.pimcore.injectFault({ route: 'POST /customers', status: 503, times: 1 });
    try {
      const results = await Promise.all(Array.from({ length: 4 }, () => send('key-6', 'idem6@example.com')));
      const created = new Set(results.map((r) => r.body.data?.createCustomer?.customer?.id).filter(Boolean));
      expect(created.size).toBe(1);
      expect(t.pimcore.calls('POST /customers')).toBe(2);
    } finally {
      t.pimcore.latencyMs = 0;
    }
  });

  it('leaves queries and key-less mutations alone', async () => {
    await send('', 'idem5@example.com');
    await send('', 'idem5b@example.com');
    expect(t.pimcore.calls('POST /customers')).toBe(2);
  });
});
