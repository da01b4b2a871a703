// Deadlines, retries, retry budget, breaker, quota and unknown-outcome writes, proved by counting
// the calls the Pimcore sandbox receives.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { subscribeVendorCalls, type VendorCallEvent } from '../../src/http/call-events.js';
import { errorCodes, TEST_AUTH_HEADERS, useTestGateway, withTestGateway } from '../support/gateway.js';

const idOf = (n: number) => Buffer.from(`Customer:PIMCORE:${n}`).toString('base64url');
const LIST = '{ customers(vendor: PIMCORE, first: 2) { edges { node { id } } } }';
const ONE = 'query ($id: ID!) { customer(id: $id) { id } }';
const CREATE = `mutation ($email: String!) {
  createCustomer(input: { vendor: PIMCORE, email: $email }) {
    __typename
    ... on CustomerPayload { customer { email } }
    ... on UpstreamError { code retryable retryAfterSeconds }
  }
}`;
const STATUS = '{ vendors { vendor resilience { breaker reason retryAfterSeconds } } }';

describe('retries', () => {
  const t = useTestGateway({ only: ['pimcore'], env: { PIMCORE_RETRY_BASE_DELAY_MS: '10' } });
  afterEach(() => {
    t.pimcore.clearFaults();
    t.pimcore.resetCalls();
  });

  it('a read meeting 503 twice then 200 succeeds with three calls, each published with its attempt number', async () => {
    const events: VendorCallEvent[] = [];
    const stop = subscribeVendorCalls((e) => events.push(e));
    t.pimcore.injectFault({ route: 'GET /customers', status: 503, times: 2 });
    try {
      const { body } = await t.post(LIST);
      expect(body.errors).toBeUndefined();
      expect(t.pimcore.calls('GET /customers')).toBe(3);
      expect(events.filter((e) => e.operation === 'GET /customers').map((e) => [e.attempt, e.status])).toEqual([
        [1, 503],
        [2, 503],
        [3, 200],
      ]);
    } finally {
      stop();
    }
  });

  it('three 503s with three attempts allowed: three calls, then the error', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', status: 503, times: 3 });
    const { body } = await t.post(LIST);
    expect(errorCodes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(t.pimcore.calls('GET /customers')).toBe(3);
  });

  it('a dropped connection on a read is retried; a malformed body is not', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', dropConnection: true, times: 1 });
    expect((await t.post(LIST)).body.errors).toBeUndefined();
    expect(t.pimcore.calls('GET /customers')).toBe(2);
    t.pimcore.resetCalls();
    t.pimcore.injectFault({ route: 'GET /customers', malformed: true, times: 1 });
    expect(errorCodes((await t.post(LIST)).body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(t.pimcore.calls('GET /customers')).toBe(1);
  });

  it('a 429 with Retry-After: 1 is retried after it', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const { body } = await t.post(LIST);
    expect(body.errors).toBeUndefined();
    expect(t.pimcore.calls('GET /customers')).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a Retry-After above the cap is not waited for: the client gets retryAfterSeconds', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', retryAfterSeconds: 60, times: 1 });
    const { body } = await t.post(LIST);
    expect(errorCodes(body)).toEqual(['UPSTREAM_RATE_LIMITED']);
    expect(body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(60);
    expect(t.pimcore.calls('GET /customers')).toBe(1);
  });

  it('a create meeting 429 is not retried and tells the client when to come back', async () => {
    t.pimcore.injectFault({ route: 'POST /customers', retryAfterSeconds: 30, times: 1 });
    const { body } = await t.post(CREATE, { email: 'later@example.org' });
    expect(body.data?.createCustomer).toEqual({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 30,
    });
    expect(t.pimcore.calls('POST /customers')).toBe(1);
  });

  it('a non-idempotent create meeting 503 is called once', async () => {
    t.pimcore.injectFault({ route: 'POST /customers', status: 503, times: 1 });
    const { body } = await t.post(CREATE, { email: 'once@example.org' });
    expect(body.data?.createCustomer).toEqual({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
      retryAfterSeconds: null,
    });
    expect(t.pimcore.calls('POST /customers')).toBe(1);
  });
});

describe('Retry-After against the request deadline', () => {
  const t = useTestGateway({ only: ['pimcore'], env: { GATEWAY_REQUEST_TIMEOUT_MS: '2000' } });
  afterEach(() => {
    t.pimcore.clearFaults();
    t.pimcore.resetCalls();
  });

  it('one under: Retry-After 1 s with 2 s left is waited for and retried', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', retryAfterSeconds: 1, times: 1 });
    expect((await t.post(LIST)).body.errors).toBeUndefined();
    expect(t.pimcore.calls('GET /customers')).toBe(2);
  });

  it('at the deadline: Retry-After 2 s with under 2 s left is not waited for; the client gets the 429 and retryAfterSeconds', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', retryAfterSeconds: 2, times: 1 });
    const { body } = await t.post(LIST);
    expect(errorCodes(body)).toEqual(['UPSTREAM_RATE_LIMITED']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ retryable: true, retryAfterSeconds: 2 });
    expect(t.pimcore.calls('GET /customers')).toBe(1);
  });
});

describe('idempotent writes', () => {
  it('an SFCC PUT (documented idempotent) meeting 503 is retried: two calls, one object', async () => {
    await withTestGateway({ only: ['sfcc'], env: { SFCC_RETRY_BASE_DELAY_MS: '10' } }, async (t) => {
      const put = 'PUT /sites/{site_id}/custom_objects/{object_type}/{key}';
      t.sfcc.injectFault({ route: put, status: 503, times: 1 });
      const key = 'retried.put@example.com';
      const res = await t.post(
        `mutation ($input: UpsertCustomItemInput!) {
          upsertCustomItem(input: $input) { __typename ... on CustomItemPayload { customItem { key } } }
        }`,
        {
          input: {
            siteId: Buffer.from('Site:SFCC:RefArch').toString('base64url'),
            objectType: 'loyalty_profile',
            key,
            attributes: { c_email: key, c_tier: 'gold' },
          },
        },
      );
      expect(res.body.data?.upsertCustomItem).toEqual({ __typename: 'CustomItemPayload', customItem: { key } });
      expect(t.sfcc.calls(put)).toBe(2);
    });
  });
});

describe('retry budget', () => {
  it('during an outage retries stay within the budget (minimum + 20% of calls in 10 s)', async () => {
    await withTestGateway(
      {
        only: ['pimcore'],
        env: { PIMCORE_RETRY_BASE_DELAY_MS: '1', PIMCORE_RETRY_BUDGET_MIN: '2', PIMCORE_BREAKER_THRESHOLD: '1000' },
      },
      async (t) => {
        t.pimcore.injectFault({ route: 'GET /customers', status: 503 });
        const requests = 20;
        for (let i = 0; i < requests; i += 1) await t.post(LIST);
        // The budget's rule replayed: before request k's retries, k first attempts have been counted.
        let retries = 0;
        for (let k = 1; k <= requests; k += 1) for (let a = 2; a <= 3 && retries < 2 + 0.2 * k; a += 1) retries += 1;
        expect(t.pimcore.calls('GET /customers')).toBe(requests + retries);
        expect(requests + retries).toBeLessThan(requests * 3);
      },
    );
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, fails fast without a call, and closes after a successful probe', async () => {
    await withTestGateway(
      {
        only: ['pimcore'],
        env: { PIMCORE_RETRY_MAX_ATTEMPTS: '1', PIMCORE_BREAKER_THRESHOLD: '3', PIMCORE_BREAKER_COOLDOWN_MS: '400' },
      },
      async (t) => {
        t.pimcore.injectFault({ route: 'GET /customers', status: 503 });
        for (let i = 0; i < 2; i += 1) await t.post(LIST);
        expect((await t.post(STATUS)).body.data?.vendors).toEqual([
          { vendor: 'PIMCORE', resilience: { breaker: 'CLOSED', reason: null, retryAfterSeconds: null } },
        ]);
        await t.post(LIST);
        expect(t.pimcore.calls('GET /customers')).toBe(3);
        const { body } = await t.post(LIST);
        expect(errorCodes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
        expect(body.errors?.[0]?.extensions).toMatchObject({ vendor: 'PIMCORE', retryable: true, retryAfterSeconds: 1 });
        expect(t.pimcore.calls('GET /customers')).toBe(3);
        const open = (await t.post(STATUS)).body.data?.vendors as { resilience: { breaker: string; reason: string } }[];
        expect(open[0]?.resilience.breaker).toBe('OPEN');
        expect(open[0]?.resilience.reason).toContain('UPSTREAM_UNAVAILABLE');

        t.pimcore.clearFaults();
        await sleep(450);
        const recovered = await t.post(LIST);
        expect(recovered.body.errors).toBeUndefined();
        expect(t.pimcore.calls('GET /customers')).toBe(4);
        expect((await t.post(STATUS)).body.data?.vendors).toEqual([
          { vendor: 'PIMCORE', resilience: { breaker: 'CLOSED', reason: null, retryAfterSeconds: null } },
        ]);
      },
    );
  });
});

describe('circuit breaker probes that say nothing about the vendor', () => {
  const env = {
    PIMCORE_RETRY_MAX_ATTEMPTS: '1',
    PIMCORE_BREAKER_THRESHOLD: '1',
    PIMCORE_BREAKER_COOLDOWN_MS: '1000',
    PIMCORE_TIMEOUT_MS: '5000',
    GATEWAY_REQUEST_TIMEOUT_MS: '300',
  };

  it('a probe cut by the request deadline (hung vendor) leaves the breaker open: the next request fails without a call', async () => {
    await withTestGateway({ only: ['pimcore'], env }, async (t) => {
      t.pimcore.injectFault({ route: 'GET /customers', status: 503, times: 1 });
      expect(errorCodes((await t.post(LIST)).body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      t.pimcore.injectFault({ route: 'GET /customers', hang: true });
      await sleep(1_050);
      // The probe: sent, hung, cut by the 300 ms deadline (the vendor's own timeout is 5 s).
      expect(errorCodes((await t.post(LIST)).body)).toEqual(['UPSTREAM_TIMEOUT']);
      expect(t.pimcore.calls('GET /customers')).toBe(2);
      const status = (await t.post(STATUS)).body.data?.vendors as { resilience: { breaker: string; reason: string } }[];
      expect(status[0]?.resilience.breaker).toBe('OPEN');
      // The reason stays the outage that opened it, not the cut probe.
      expect(status[0]?.resilience.reason).toContain('503');
      const next = await t.post(LIST);
      expect(errorCodes(next.body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(next.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(1);
      expect(t.pimcore.calls('GET /customers')).toBe(2);
    });
  });

  it('a call whose client left while it waited for the probe makes no call once the probe succeeds', async () => {
    await withTestGateway({ only: ['pimcore'], env: { ...env, GATEWAY_REQUEST_TIMEOUT_MS: '3000' } }, async (t) => {
      t.pimcore.injectFault({ status: 503, times: 1 });
      await t.post(ONE, { id: idOf(1) });
      await sleep(1_050);
      t.pimcore.injectFault({ delayMs: 600 });
      // The attempt itself, not only the sandbox, must not run: an aborted exchange reaches no sandbox but is an attempt.
      const attempts: VendorCallEvent[] = [];
      const stop = subscribeVendorCalls((e) => attempts.push(e));
      const probe = t.post(ONE, { id: idOf(1) });
      await vi.waitFor(() => expect(t.pimcore.calls()).toBe(2));
      const client = new AbortController();
      const waiting = t.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS },
        body: JSON.stringify({ query: ONE, variables: { id: idOf(2) } }),
        signal: client.signal,
      });
      // Long enough for the second request to reach the half-open breaker and wait there.
      await sleep(100);
      client.abort();
      await Promise.resolve(waiting).catch(() => undefined);
      expect((await probe).body.errors).toBeUndefined();
      // The breaker is closed now: had the abandoned call still run, it would be counted by now.
      await t.post(STATUS);
      stop();
      expect(t.pimcore.calls()).toBe(2);
      expect(attempts).toHaveLength(1);
    });
  });

  it('a quota refusal is no evidence: with the breaker at threshold 1, refused calls leave it closed', async () => {
    await withTestGateway(
      { only: ['pimcore'], env: { ...env, GATEWAY_REQUEST_TIMEOUT_MS: '3000', PIMCORE_RATE_LIMIT: '1', PIMCORE_QUEUE_MAX: '0' } },
      async (t) => {
        const answers = await Promise.all([1, 2, 3].map((n) => t.post(ONE, { id: idOf(n) })));
        expect(answers.flatMap((a) => errorCodes(a.body))).toEqual(['UPSTREAM_RATE_LIMITED', 'UPSTREAM_RATE_LIMITED']);
        expect(t.pimcore.calls()).toBe(1);
        expect((await t.post(STATUS)).body.data?.vendors).toEqual([
          { vendor: 'PIMCORE', resilience: { breaker: 'CLOSED', reason: null, retryAfterSeconds: null } },
        ]);
      },
    );
  });
});

describe('deadline and cancellation', () => {
  it('a hung vendor with a 100-id fan-out: the request returns at its deadline with UPSTREAM_TIMEOUT errors', async () => {
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_REQUEST_TIMEOUT_MS: '400' } }, async (t) => {
      t.pimcore.injectFault({ hang: true });
      const ids = Array.from({ length: 100 }, (_, i) => idOf(i + 1));
      const started = Date.now();
      const { body } = await t.post('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
      // Generous margin: this proves the request ends with its deadline, not how fast it does.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(new Set(errorCodes(body))).toEqual(new Set(['UPSTREAM_TIMEOUT']));
      expect(body.errors?.[0]?.extensions?.retryable).toBe(true);
      await vi.waitFor(() => expect(t.pimcore.aborted).toBe(t.pimcore.calls()));
      expect(t.pimcore.calls()).toBeGreaterThan(0);
    });
  });

  it('a request waiting on shared work (a Bloomreach export that hangs) stops at its deadline', async () => {
    await withTestGateway({ only: ['bloomreach'], env: { GATEWAY_REQUEST_TIMEOUT_MS: '400' } }, async (t) => {
      t.bloomreach.injectFault({ hang: true });
      const started = Date.now();
      const { body } = await t.post('{ customers(vendor: BLOOMREACH, first: 2) { edges { node { id } } } }');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(errorCodes(body)).toEqual(['UPSTREAM_TIMEOUT']);
      expect(body.errors?.[0]?.extensions?.vendor).toBe('BLOOMREACH');
    });
  });

  it('a client that disconnects cancels its vendor calls: the sandbox sees the connection closed', async () => {
    await withTestGateway({ only: ['pimcore'] }, async (t) => {
      t.pimcore.injectFault({ route: 'GET /customers', hang: true });
      const client = new AbortController();
      const pending = t.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS },
        body: JSON.stringify({ query: LIST }),
        signal: client.signal,
      });
      await vi.waitFor(() => expect(t.pimcore.calls('GET /customers')).toBe(1));
      client.abort();
      await Promise.resolve(pending).catch(() => undefined);
      await vi.waitFor(() => expect(t.pimcore.aborted).toBe(1));
      expect(t.pimcore.calls('GET /customers')).toBe(1);
    });
  });
});

describe('vendor quota', () => {
  const concurrentLookups = (t: Parameters<Parameters<typeof withTestGateway>[1]>[0]) =>
    Promise.all([1, 2].map((n) => t.post(ONE, { id: idOf(n) })));

  it('at the rate: two lookups with RATE_LIMIT=2 both reach the vendor', async () => {
    await withTestGateway({ only: ['pimcore'], env: { PIMCORE_RATE_LIMIT: '2', PIMCORE_QUEUE_MAX: '0' } }, async (t) => {
      const answers = await concurrentLookups(t);
      expect(answers.flatMap((a) => errorCodes(a.body))).toEqual([]);
      expect(t.pimcore.calls()).toBe(2);
    });
  });

  it('over the rate with no queue: the second lookup fails with UPSTREAM_RATE_LIMITED and makes no call', async () => {
    await withTestGateway({ only: ['pimcore'], env: { PIMCORE_RATE_LIMIT: '1', PIMCORE_QUEUE_MAX: '0' } }, async (t) => {
      const answers = await concurrentLookups(t);
      const codes = answers.flatMap((a) => errorCodes(a.body));
      expect(codes).toEqual(['UPSTREAM_RATE_LIMITED']);
      const limited = answers.find((a) => a.body.errors)?.body.errors?.[0]?.extensions;
      expect(limited).toMatchObject({ vendor: 'PIMCORE', retryable: true, retryAfterSeconds: 1 });
      expect(t.pimcore.calls()).toBe(1);
    });
  });

  it('over the rate with a queue: the second lookup waits for the next slot and succeeds', async () => {
    await withTestGateway({ only: ['pimcore'], env: { PIMCORE_RATE_LIMIT: '1', PIMCORE_QUEUE_MAX: '1' } }, async (t) => {
      const answers = await concurrentLookups(t);
      expect(answers.flatMap((a) => errorCodes(a.body))).toEqual([]);
      expect(t.pimcore.calls()).toBe(2);
    });
  });
});

describe('writes with an unknown outcome', () => {
  it('commit-then-timeout on a create with an Idempotency-Key: one vendor write, UPSTREAM_OUTCOME_UNKNOWN, the same answer on retry', async () => {
    await withTestGateway({ only: ['pimcore'], env: { PIMCORE_TIMEOUT_MS: '300' } }, async (t) => {
      t.pimcore.injectFault({ route: 'POST /customers', commitThenHang: true, times: 1 });
      const email = 'unknown.outcome@example.org';
      const before = t.pimcore.store.customers.size;
      const headers = { 'idempotency-key': 'create-unknown-1' };
      const first = await t.post(CREATE, { email }, headers);
      expect(first.body.data?.createCustomer).toEqual({
        __typename: 'UpstreamError',
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        retryable: false,
        retryAfterSeconds: null,
      });
      const again = await t.post(CREATE, { email }, headers);
      expect(again.body).toEqual(first.body);
      expect(t.pimcore.calls('POST /customers')).toBe(1);
      expect(t.pimcore.store.customers.size).toBe(before + 1);
    });
  });
});

describe('faults end to end (vendor calls counted)', () => {
  const QUOTA = '{ vendors { vendor resilience { rateLimit rateLimitLowered concurrency } } }';
  const quotaOf = async (t: Parameters<Parameters<typeof withTestGateway>[1]>[0]) =>
    (
      (await t.post(QUOTA)).body.data?.vendors as
        | { resilience: { rateLimit: number | null; rateLimitLowered: boolean; concurrency: number } }[]
        | undefined
    )?.[0]?.resilience;

  it('a 429 storm lowers the rate and the concurrency; after it both recover and calls go through', async () => {
    const env = { PIMCORE_RATE_LIMIT: '8', PIMCORE_RATE_LIMIT_FLOOR: '1', PIMCORE_RETRY_MAX_ATTEMPTS: '1', PIMCORE_MAX_CONNECTIONS: '8' };
    await withTestGateway({ only: ['pimcore'], env }, async (t) => {
      t.pimcore.injectFault({ route: 'GET /customers', retryAfterSeconds: 1, times: 4 });
      for (let i = 0; i < 4; i += 1) expect(errorCodes((await t.post(LIST)).body)).toEqual(['UPSTREAM_RATE_LIMITED']);
      expect(t.pimcore.calls('GET /customers')).toBe(4);
      const lowered = await quotaOf(t);
      expect(lowered?.rateLimitLowered).toBe(true);
      expect(lowered?.rateLimit).toBeLessThan(8);
      // The concurrency cap follows the rate's share: 8 connections at 4 of 8 calls/s → 4 in flight.
      expect(lowered?.concurrency).toBe(Math.floor((8 * (lowered?.rateLimit ?? 0)) / 8));
      await vi.waitFor(async () => expect(await quotaOf(t)).toEqual({ rateLimit: 8, rateLimitLowered: false, concurrency: 8 }), {
        timeout: 20_000,
        interval: 250,
      });
      expect((await t.post(LIST)).body.errors).toBeUndefined();
      expect(t.pimcore.calls('GET /customers')).toBe(5);
    });
  }, 30_000);

  it('while Pimcore hangs, Mautic keeps answering with its usual number of calls', async () => {
    const MAUTIC = '{ customers(vendor: MAUTIC, first: 2) { edges { node { id } } } }';
    await withTestGateway({ only: ['pimcore', 'mautic'], env: { GATEWAY_REQUEST_TIMEOUT_MS: '3000' } }, async (t) => {
      expect((await t.post(MAUTIC)).body.errors).toBeUndefined();
      const usual = t.mautic.calls();
      t.mautic.resetCalls();
      t.pimcore.injectFault({ hang: true });
      const hung = Promise.all([1, 2, 3, 4].map((n) => t.post(ONE, { id: idOf(n) })));
      await vi.waitFor(() => expect(t.pimcore.calls()).toBe(4));
      const mautic = await t.post(MAUTIC);
      expect(mautic.body.errors).toBeUndefined();
      expect(t.mautic.calls()).toBe(usual);
      expect((await hung).flatMap((a) => errorCodes(a.body))).toEqual(Array(4).fill('UPSTREAM_TIMEOUT'));
    });
  });

  it('behind the quota: one over the queue bound fails at once; a queued call whose slot would come after its deadline gives up', async () => {
    await withTestGateway(
      { only: ['pimcore'], env: { PIMCORE_RATE_LIMIT: '1', PIMCORE_QUEUE_MAX: '2', GATEWAY_REQUEST_TIMEOUT_MS: '1500' } },
      async (t) => {
        const answers: unknown[][] = [];
        await Promise.all(
          [1, 2, 3, 4].map(async (n) => {
            const { body } = await t.post(ONE, { id: idOf(n) });
            answers.push(errorCodes(body));
          }),
        );
        // One call at once, one in the next second's slot; the other queued call's next slot is past its deadline.
        expect(t.pimcore.calls()).toBe(2);
        // In the order answered: the one over the bound at once, then the first call, the queued call
        // that gave up when the slot it queued for went to the other, and that other one.
        expect(answers.filter((codes) => codes.length > 0)).toEqual([['UPSTREAM_RATE_LIMITED'], ['UPSTREAM_RATE_LIMITED']]);
        expect(answers[0]).toEqual(['UPSTREAM_RATE_LIMITED']);
        expect(answers.slice(1, 3)).toContainEqual([]);
      },
    );
  });
});
