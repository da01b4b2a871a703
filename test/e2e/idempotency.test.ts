import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_API_KEY_ENTRY, TEST_AUTH_HEADERS, useTestGateway } from '../support/gateway.js';

const OTHER_CLIENT = { authorization: 'Bearer other-client-key-0123456789' };
const t = useTestGateway({
  only: ['pimcore'],
  env: {
    GATEWAY_API_KEYS: JSON.stringify([
      TEST_API_KEY_ENTRY,
      { name: 'other-app', key: 'other-client-key-0123456789', scopes: ['pimcore:read', 'pimcore:write'] },
    ]),
  },
});
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
  return sendBody(key, JSON.stringify({ query: CREATE, variables: { email } }));
}

async function sendBody(key: string, body: string, auth: Record<string, string> = TEST_AUTH_HEADERS) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, 'idempotency-key': key },
    body,
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

  it('records belong to the client: the same key from two clients is two independent writes', async () => {
    const body = JSON.stringify({ query: CREATE, variables: { email: 'idem7@example.com' } });
    const mine = await sendBody('shared-key', body);
    const theirs = await sendBody('shared-key', body, OTHER_CLIENT);
    expect(theirs.replayed).toBeNull();
    expect(theirs.body.data?.createCustomer?.__typename).toBe('CustomerPayload');
    expect(theirs.body.data?.createCustomer?.customer?.id).not.toBe(mine.body.data?.createCustomer?.customer?.id);
    expect(t.pimcore.calls('POST /customers')).toBe(2);
    // And each client still gets its own record replayed.
    const myRetry = await sendBody('shared-key', body);
    expect(myRetry.replayed).toBe('true');
    expect(myRetry.body).toEqual(mine.body);
    expect(t.pimcore.calls('POST /customers')).toBe(2);
  });

  it('another client reusing a key with a different body is not refused (422 is per client)', async () => {
    await sendBody('shared-key-2', JSON.stringify({ query: CREATE, variables: { email: 'idem8@example.com' } }));
    const other = await sendBody(
      'shared-key-2',
      JSON.stringify({ query: CREATE, variables: { email: 'idem8b@example.com' } }),
      OTHER_CLIENT,
    );
    expect(other.status).toBe(200);
    expect(t.pimcore.calls('POST /customers')).toBe(2);
  });

  it('a retry with other whitespace, comments and variable key order is the same request', async () => {
    const query = `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } } }`;
    const first = await sendBody(
      'key-9',
      JSON.stringify({
        query,
        operationName: 'Create',
        variables: { input: { vendor: 'PIMCORE', email: 'idem9@example.com', firstName: 'A' } },
      }),
    );
    const reformatted = `# retried by a client that pretty-prints
mutation   Create( $input : CreateCustomerInput! ) {
  createCustomer( input : $input ) {
    __typename
    ... on CustomerPayload { customer { id } }
  }
}`;
    const again = await sendBody(
      'key-9',
      JSON.stringify({
        variables: { input: { firstName: 'A', email: 'idem9@example.com', vendor: 'PIMCORE' } },
        operationName: 'Create',
        query: reformatted,
      }),
    );
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(t.pimcore.calls('POST /customers')).toBe(1);
    // One value changed is a different request (the boundary).
    const changed = await sendBody(
      'key-9',
      JSON.stringify({
        query,
        operationName: 'Create',
        variables: { input: { vendor: 'PIMCORE', email: 'idem9@example.com', firstName: 'B' } },
      }),
    );
    expect(changed.status).toBe(422);
  });
});
