// Idempotency-Key beyond one plain mutation: persisted operations (APQ hash-only, trusted
// documents), mutations with several fields where only some fail, and how long a duplicate waits.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, setPrincipal } from '../../src/auth/principal.js';
import { useIdempotency } from '../../src/idempotency.js';
import { RequestTally, setTally, tallyOf } from '../../src/observability/tally.js';
import { sha256Hex } from '../../src/persisted/apq.js';
import { MemoryStore } from '../../src/state/index.js';
import { TEST_AUTH_HEADERS, type TestGateway, useTestGateway, withTestGateway } from '../support/gateway.js';

const MANIFEST = 'test/generated/trusted-documents.json';
const CREATE = `mutation CreateOne($email: String!) {
  createCustomer(input: { vendor: PIMCORE, email: $email, firstName: "Per", lastName: "Sisted" }) {
    __typename
    ... on CustomerPayload { customer { id } }
  }
}`;
const TWO_CREATES = `mutation($a: String!, $b: String!) {
  a: createCustomer(input: { vendor: PIMCORE, email: $a, firstName: "A", lastName: "First" }) {
    __typename
    ... on CustomerPayload { customer { id } }
    ... on UpstreamError { code retryable }
  }
  b: createCustomer(input: { vendor: PIMCORE, email: $b, firstName: "B", lastName: "Second" }) {
    __typename
    ... on CustomerPayload { customer { id } }
    ... on UpstreamError { code retryable }
  }
}`;

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

interface Answer {
  status: number;
  replayed: string | null;
  body: { data?: Record<string, { __typename: string; customer?: { id: string } } | null> | null; errors?: unknown[] };
}

async function postKeyed(t: TestGateway, key: string, body: unknown): Promise<Answer> {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as Answer['body'] };
}

describe('Idempotency-Key on persisted operations', () => {
  const t = useTestGateway({ only: ['pimcore'] });

  it('an APQ hash-only mutation sent twice with one key writes once, and is the same request as its full text', async () => {
    const hash = sha256Hex(CREATE);
    t.pimcore.resetCalls();
    const register = await postKeyed(t, 'apq-full', {
      query: CREATE,
      variables: { email: 'apq1@example.com' },
      extensions: persisted(hash),
    });
    expect(register.body.data?.createCustomer?.__typename).toBe('CustomerPayload');
    expect(t.pimcore.calls('POST /customers')).toBe(1);

    const first = await postKeyed(t, 'apq-hash', { variables: { email: 'apq2@example.com' }, extensions: persisted(hash) });
    const again = await postKeyed(t, 'apq-hash', { variables: { email: 'apq2@example.com' }, extensions: persisted(hash) });
    expect(first.body.data?.createCustomer?.__typename).toBe('CustomerPayload');
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(t.pimcore.calls('POST /customers')).toBe(2);

    // The hash-only retry of the full-text request is the same request: replayed, not refused.
    const hashRetry = await postKeyed(t, 'apq-full', { variables: { email: 'apq1@example.com' }, extensions: persisted(hash) });
    expect(hashRetry.replayed).toBe('true');
    expect(hashRetry.body).toEqual(register.body);
    // And a different variable under the same key is refused whichever form it comes in.
    const other = await postKeyed(t, 'apq-full', { variables: { email: 'apq3@example.com' }, extensions: persisted(hash) });
    expect(other.status).toBe(422);
    expect(t.pimcore.calls('POST /customers')).toBe(2);
  });

  it('a trusted-document mutation sent twice by hash with one key writes once', async () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    const entry = Object.entries(manifest).find(([, text]) => text.startsWith('mutation CreateCustomer('));
    expect(entry).toBeDefined();
    const [hash] = entry as [string, string];
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_TRUSTED_DOCUMENTS: MANIFEST } }, async (tt) => {
      const input = { vendor: 'PIMCORE', email: 'trusted1@example.com', firstName: 'Trus', lastName: 'Ted' };
      const send = () => postKeyed(tt, 'trusted-key', { variables: { input }, extensions: persisted(hash) });
      const first = await send();
      const again = await send();
      expect(first.body.data?.createCustomer?.__typename).toBe('CustomerPayload');
      expect(again.replayed).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(tt.pimcore.calls('POST /customers')).toBe(1);
    });
  });
});

describe('Idempotency-Key on a mutation with several fields', () => {
  // One attempt per vendor call, so a 503 reaches the field as a retryable UpstreamError.
  const t = useTestGateway({ only: ['pimcore'], env: { PIMCORE_RETRY_MAX_ATTEMPTS: '1' } });

  it('a succeeds and b fails retryably: the retry returns the stored response and does not create a again', async () => {
    t.pimcore.resetCalls();
    t.pimcore.clearFaults();
    // Root mutation fields run in order: the first create passes, the second gets the 503.
    t.pimcore.injectFault({ route: 'POST /customers', status: 503, everyNth: 2, times: 1 });
    const vars = { a: 'multi-a@example.com', b: 'multi-b@example.com' };
    const first = await postKeyed(t, 'multi-1', { query: TWO_CREATES, variables: vars });
    expect(first.body.data?.a?.__typename).toBe('CustomerPayload');
    expect(first.body.data?.b).toMatchObject({ __typename: 'UpstreamError', retryable: true });
    expect(t.pimcore.calls('POST /customers')).toBe(2);

    const retry = await postKeyed(t, 'multi-1', { query: TWO_CREATES, variables: vars });
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(t.pimcore.calls('POST /customers')).toBe(2);
  });

  it('both fail retryably: nothing was written, so the retry really runs', async () => {
    t.pimcore.resetCalls();
    t.pimcore.clearFaults();
    t.pimcore.injectFault({ route: 'POST /customers', status: 503, times: 2 });
    const vars = { a: 'multi-c@example.com', b: 'multi-d@example.com' };
    const first = await postKeyed(t, 'multi-2', { query: TWO_CREATES, variables: vars });
    expect(first.body.data?.a?.__typename).toBe('UpstreamError');
    expect(first.body.data?.b?.__typename).toBe('UpstreamError');
    const retry = await postKeyed(t, 'multi-2', { query: TWO_CREATES, variables: vars });
    expect(retry.replayed).toBeNull();
    expect(retry.body.data?.a?.__typename).toBe('CustomerPayload');
    expect(retry.body.data?.b?.__typename).toBe('CustomerPayload');
    expect(t.pimcore.calls('POST /customers')).toBe(4);
  });
});

// A duplicate of a claim that stays in flight: the plugin alone over a tiny schema, with the claim
// placed in its store as another replica's running attempt would leave it.
describe('how long a duplicate waits', () => {
  const query = 'mutation { touch }';
  const clientId = 'key:test';
  const storeKey = `idem:${createHash('sha256')
    .update(JSON.stringify([clientId, 'held']))
    .digest('base64url')}`;

  /** Counts reads, so a test can see whether a duplicate is still polling the claim. */
  class CountingStore extends MemoryStore {
    reads = 0;
    override async get(key: string): Promise<string | undefined> {
      this.reads += 1;
      return super.get(key);
    }
  }

  function heldGateway(options: { waitMs: number; requestTimeoutMs: number }) {
    const store = new CountingStore();
    const lines: string[] = [];
    const authenticate: Plugin = {
      onRequest: ({ request }) => setPrincipal(request, { clientId, kind: 'apiKey', scopes: ALL_SCOPES }),
    };
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { ok: Boolean } type Mutation { touch: Boolean }',
        resolvers: { Mutation: { touch: () => true } },
      }),
      plugins: [authenticate, useIdempotency({ store, ...options, log: (line) => lines.push(line) })],
      logging: false,
    });
    return { yoga, store, lines };
  }

  async function holdClaim(store: MemoryStore) {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(['mutation {\n  touch\n}', null, null]))
      .digest('hex');
    await store.setIfAbsent(storeKey, JSON.stringify({ f: fingerprint, o: 'other-replica' }), 60_000);
  }

  const send = (yoga: ReturnType<typeof heldGateway>['yoga'], signal?: AbortSignal) =>
    yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'held' },
      body: JSON.stringify({ query }),
      ...(signal ? { signal } : {}),
    });

  it('gives up at the request timeout when that is shorter than waitMs (409), and gets the answer when it comes within', async () => {
    const over = heldGateway({ waitMs: 30_000, requestTimeoutMs: 100 });
    await holdClaim(over.store);
    // Were it to wait the 30 s waitMs, the test's own timeout would end it first.
    const busy = await send(over.yoga);
    expect(busy.status).toBe(409);

    const under = heldGateway({ waitMs: 30_000, requestTimeoutMs: 5_000 });
    await holdClaim(under.store);
    const waiting = send(under.yoga);
    // The other attempt finishes while the duplicate waits: it gets the stored response.
    setTimeout(() => {
      const fingerprint = createHash('sha256')
        .update(JSON.stringify(['mutation {\n  touch\n}', null, null]))
        .digest('hex');
      const record = JSON.stringify({
        f: fingerprint,
        r: { status: 200, body: '{"data":{"touch":true}}', contentType: 'application/json' },
      });
      void under.store.set(storeKey, record, 60_000);
    }, 100);
    const replayed = await waiting;
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });

  it('stops waiting when the client goes away', async () => {
    const held = heldGateway({ waitMs: 30_000, requestTimeoutMs: 30_000 });
    await holdClaim(held.store);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    // Ends (answered or rejected) long before either 30 s limit: the test's timeout would catch a wait.
    const outcome = await Promise.resolve(send(held.yoga, controller.signal)).then(
      (res: Response) => res.status,
      () => 'aborted',
    );
    expect([409, 'aborted']).toContain(outcome);
    // The client got its answer either way; the server must have stopped polling the claim too.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reads = held.store.reads;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(held.store.reads).toBe(reads);
  });

  it('logs a claim lost while the attempt runs', async () => {
    const store = new MemoryStore();
    const lines: string[] = [];
    const authenticate: Plugin = {
      onRequest: ({ request }) => setPrincipal(request, { clientId, kind: 'apiKey', scopes: ALL_SCOPES }),
    };
    const touch = async () => {
      // Another attempt takes the key while this one still runs (as after a lapsed lease).
      await store.set(storeKey, JSON.stringify({ f: 'other', o: 'someone-else' }), 60_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
      return true;
    };
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean } type Mutation { touch: Boolean }', resolvers: { Mutation: { touch } } }),
      plugins: [authenticate, useIdempotency({ store, leaseMs: 60, log: (line) => lines.push(line) })],
      logging: false,
    });
    const res = await send(yoga);
    expect(res.status).toBe(200);
    expect(lines.some((line) => line.includes('claim lost'))).toBe(true);
  });
});

describe('Idempotency-Key when the request fails outside the resolvers (HTTP 500)', () => {
  const owner = {};
  /** A mutation whose resolver may report a vendor write, and a hook that fails after execution, as a bug there would. */
  function crashingGateway() {
    const runs = { count: 0 };
    const plugins: Plugin[] = [
      { onRequest: ({ request }) => setPrincipal(request, { clientId: 'key:test', kind: 'apiKey', scopes: ALL_SCOPES }) },
      { onRequest: ({ request }) => setTally(request, new RequestTally(owner)) },
      useIdempotency({ store: new MemoryStore(), log: () => undefined }),
      {
        onExecute: () => ({
          onExecuteDone: () => {
            throw new Error('a plugin failed after execution');
          },
        }),
      },
    ];
    const yoga = createYoga<{ request: Request }>({
      schema: createSchema<{ request: Request }>({
        typeDefs: 'type Query { ok: Boolean } type Mutation { touch(write: Boolean!): Boolean }',
        resolvers: {
          Mutation: {
            touch: (_: unknown, args: { write: boolean }, ctx: { request: Request }) => {
              runs.count += 1;
              if (args.write) tallyOf(ctx.request)?.countCall('PIMCORE', 'POST');
              return true;
            },
          },
        },
      }),
      plugins,
      logging: false,
    });
    const send = (write: boolean, key: string) =>
      yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ query: `mutation { touch(write: ${write}) }` }),
      });
    return { send, runs };
  }

  it('keeps the 500 of a request that sent a vendor write, so a retry does not write again', async () => {
    const { send, runs } = crashingGateway();
    const first = await send(true, 'wrote');
    expect(first.status).toBe(500);
    const retry = await send(true, 'wrote');
    expect(retry.status).toBe(500);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(runs.count).toBe(1);
  });

  it('forgets the 500 of a request that sent no vendor write, so a retry runs', async () => {
    const { send, runs } = crashingGateway();
    expect((await send(false, 'read-only')).status).toBe(500);
    const retry = await send(false, 'read-only');
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(runs.count).toBe(2);
  });
});
