// Two gateway processes behind no load balancer but the test itself, one set of sandboxes and one
// Redis: whatever lands on which replica, vendors see one write per Idempotency-Key, one export per
// filter and one login per vendor. A second pair on a Redis of this file's own is stopped
// mid-run: reads go on, idempotent mutations get the retryable refusal, nobody exits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BloomreachSandbox, createBloomreachSandbox, EXPORT_ROUTE } from '../../src/sandbox/bloomreach/index.js';
import { type SandboxFleet, startSandboxes } from '../../src/sandbox/fleet.js';
import { ensureBuilt } from '../support/build.js';
import { TEST_AUTH_HEADERS } from '../support/gateway.js';
import { startRedisServer, type TestRedis, uniquePrefix, useRedis } from '../support/redis.js';
import { type Replica, startReplica } from '../support/replica.js';
import { LOGIN_ROUTE } from '../support/synerise.js';

const TOKEN_ROUTE = 'POST /dw/oauth2/access_token';
const CREATE = `mutation($email: String!) {
  createCustomer(input: { vendor: PIMCORE, email: $email, firstName: "Two", lastName: "Replicas" }) {
    __typename
    ... on CustomerPayload { customer { id } }
  }
}`;

let fleet: SandboxFleet;
// Bloomreach with 600 customers rather than the demo's 50,000: a walk of a few pages.
let bloomreach: BloomreachSandbox;
let redis: TestRedis;
let a: Replica;
let b: Replica;
const sharedPrefix = uniquePrefix('replicas');

interface Answer {
  status: number;
  replayed: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

async function post(
  replica: Replica,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${replica.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as Answer['body'] };
}

const create = (replica: Replica, key: string, email: string) => post(replica, CREATE, { email }, { 'idempotency-key': key });

beforeAll(async () => {
  await ensureBuilt();
  fleet = await startSandboxes({ only: ['pimcore', 'synerise', 'sfcc'] });
  bloomreach = createBloomreachSandbox({ customerCount: 600 });
  await bloomreach.start(0, '127.0.0.1');
  fleet.env = {
    ...fleet.env,
    BLOOMREACH_URL: bloomreach.url,
    BLOOMREACH_PROJECT_TOKEN: bloomreach.projectToken,
    BLOOMREACH_API_KEY_ID: bloomreach.apiKeyId,
    BLOOMREACH_API_SECRET: bloomreach.apiSecret,
  };
  redis = await useRedis();
  const env = { ...fleet.env, REDIS_URL: redis.url, REDIS_KEY_PREFIX: sharedPrefix };
  [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await fleet?.stop();
  await bloomreach?.stop();
  await redis?.stop();
});

describe('two replicas sharing one Redis', () => {
  it('log in to Synerise once and fetch one SFCC token for concurrent first requests to both', async () => {
    const synerise = '{ customers(vendor: SYNERISE, first: 1) { edges { node { id } } } }';
    const sfcc = '{ sites(first: 1) { totalCount } }';
    const answers = await Promise.all([a, b, a, b, a, b].flatMap((r) => [post(r, synerise), post(r, sfcc)]));
    expect(answers.every((x) => x.status === 200 && x.body.errors === undefined)).toBe(true);
    expect(fleet.synerise?.calls(LOGIN_ROUTE)).toBe(1);
    expect(fleet.sfcc?.calls(TOKEN_ROUTE)).toBe(1);
  });

  it('write once when a mutation sent to A is retried on B', async () => {
    fleet.pimcore?.resetCalls();
    const first = await create(a, 'seq-key', 'seq@replicas.test');
    const retry = await create(b, 'seq-key', 'seq@replicas.test');
    expect(first.status).toBe(200);
    expect(first.replayed).toBeNull();
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(fleet.pimcore?.calls('POST /customers')).toBe(1);
  });

  it('write once when the same mutation reaches A and B at the same time', async () => {
    fleet.pimcore?.resetCalls();
    const answers = await Promise.all([a, b, a, b].map((r) => create(r, 'concurrent-key', 'concurrent@replicas.test')));
    expect(answers.every((x) => x.status === 200)).toBe(true);
    expect(answers.filter((x) => x.replayed === 'true')).toHaveLength(3);
    expect(new Set(answers.map((x) => JSON.stringify(x.body))).size).toBe(1);
    expect(fleet.pimcore?.calls('POST /customers')).toBe(1);
  });

  it('page through Bloomreach alternating A and B: every customer once, one export in all', async () => {
    bloomreach.resetCalls();
    const page = `query($after: String) {
      customers(vendor: BLOOMREACH, first: 50, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
    }`;
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] };
    const ids: string[] = [];
    let after: string | undefined;
    let total = 0;
    for (let n = 0; ; n++) {
      const answer = await post(n % 2 === 0 ? a : b, page, { after });
      expect(answer.body.errors).toBeUndefined();
      const customers = answer.body.data?.customers as Page;
      total = customers.totalCount;
      ids.push(...customers.edges.map((e) => e.node.id));
      if (!customers.pageInfo.hasNextPage) break;
      after = customers.pageInfo.endCursor;
    }
    expect(total).toBe(600);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(bloomreach.calls(EXPORT_ROUTE)).toBe(1);
  });
});

describe('a replica that dies mid-request', () => {
  it('holds its Idempotency-Key for one lease only: a retry on another replica then runs', async () => {
    const doomed = await startReplica({ ...fleet.env, REDIS_URL: redis.url, REDIS_KEY_PREFIX: sharedPrefix });
    fleet.pimcore?.resetCalls();
    fleet.pimcore?.injectFault({ route: 'POST /customers', delayMs: 3_000, times: 1 });
    const first = create(doomed, 'orphan-key', 'orphan@replicas.test').catch(() => undefined);
    while ((fleet.pimcore?.calls('POST /customers') ?? 0) === 0) await new Promise((r) => setTimeout(r, 20));
    doomed.process.kill('SIGKILL');
    await first;
    // B waits while the claim's lease (10 s, no longer renewed) runs out, then claims the key itself.
    const retry = await create(b, 'orphan-key', 'orphan@replicas.test');
    expect(retry.status).toBe(200);
    expect(retry.replayed).toBeNull();
    expect(fleet.pimcore?.calls('POST /customers')).toBe(2);
    expect((await create(a, 'orphan-key', 'orphan@replicas.test')).replayed).toBe('true');
  }, 60_000);
});

describe('what each replica keeps for itself', () => {
  it('builds its own Pimcore customer index: the same full scan once per replica (README says why)', async () => {
    fleet.pimcore?.resetCalls();
    const lookup = '{ customersByEmail(email: "nobody@replicas.test") { id } }';
    expect((await post(a, lookup)).body.errors).toBeUndefined();
    const scan = fleet.pimcore?.calls('GET /customers') ?? 0;
    expect(scan).toBeGreaterThan(0);
    expect((await post(b, lookup)).body.errors).toBeUndefined();
    expect(fleet.pimcore?.calls('GET /customers')).toBe(2 * scan);
    // Each replica's index is then fresh for PIMCORE_INDEX_REFRESH_MS: no further scan.
    await Promise.all([post(a, lookup), post(b, lookup)]);
    expect(fleet.pimcore?.calls('GET /customers')).toBe(2 * scan);
  });
});

describe('when Redis goes away', () => {
  let own: TestRedis;
  let port: number;
  let c: Replica;
  let d: Replica;

  beforeAll(async () => {
    // A server of this file's own, so stopping it disturbs no other test.
    own = await startRedisServer();
    port = Number(new URL(own.url).port);
    const env = { ...fleet.env, REDIS_URL: own.url, REDIS_KEY_PREFIX: uniquePrefix('outage'), REDIS_COMMAND_TIMEOUT_MS: '300' };
    [c, d] = await Promise.all([startReplica(env), startReplica(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
    await own?.stop();
  });

  it('keeps reading, refuses idempotent mutations with a retryable error, and recovers when Redis is back', async () => {
    expect((await create(c, 'before-outage', 'before@replicas.test')).status).toBe(200);
    await own.stop();
    fleet.pimcore?.resetCalls();

    const read = '{ customers(vendor: PIMCORE, first: 2) { edges { node { id } } } }';
    for (const replica of [c, d]) {
      const answer = await post(replica, read);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    const refused = await create(d, 'during-outage', 'during@replicas.test');
    expect(refused.status).toBe(503);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_UNAVAILABLE');
    expect(fleet.pimcore?.calls('POST /customers')).toBe(0);
    // A mutation without a key asked for no protection and still runs.
    expect((await post(c, CREATE, { email: 'keyless@replicas.test' })).status).toBe(200);
    expect(c.process.exitCode).toBeNull();
    expect(d.process.exitCode).toBeNull();

    own = await startRedisServer(port);
    // Each replica's client reconnects in the background on its own backoff (up to 2 s), so each is
    // asked until its store answers again.
    const onceReconnected = async (replica: Replica) => {
      let answer = await create(replica, 'during-outage', 'during@replicas.test');
      for (let tries = 0; answer.status === 503 && tries < 100; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await create(replica, 'during-outage', 'during@replicas.test');
      }
      return answer;
    };
    const answer = await onceReconnected(d);
    expect(answer.status).toBe(200);
    expect(answer.replayed).toBeNull();
    const replay = await onceReconnected(c);
    expect(replay.status).toBe(200);
    expect(replay.replayed).toBe('true');
    expect(fleet.pimcore?.calls('POST /customers')).toBe(2);
    expect(c.output()).toMatch(/Redis \(shared state\) unavailable/);
  }, 60_000);
});
