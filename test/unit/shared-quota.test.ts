// `<VENDOR>_RATE_LIMIT` with REDIS_URL is one allowance for every replica: two replicas' quotas on
// one Redis admit the rate between them, not twice it, and fall back to counting locally when Redis
// is away rather than failing the vendor's calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { AdaptiveQuota } from '../../src/resilience/quota.js';
import { quotaStoreFor, SharedQuotaStore } from '../../src/resilience/shared-quota.js';
import { MemoryStore } from '../../src/state/memory-store.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { startRedisServer, type TestRedis, uniquePrefix, useRedis } from '../support/redis.js';

let redis: TestRedis;
const stores: RedisStore[] = [];
const storeOn = (url: string, keyPrefix: string) => {
  const store = new RedisStore({ url, keyPrefix, commandTimeoutMs: 1_000, log: () => undefined });
  stores.push(store);
  return store;
};

beforeAll(async () => {
  redis = await useRedis();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await redis.stop();
});

/** Tries `n` calls at once on a quota that never queues; how many got a slot. */
async function admitted(quota: AdaptiveQuota, n: number): Promise<{ ok: number; limited: GatewayError[] }> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => quota.acquire()));
  const limited = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof GatewayError ? [r.reason] : []));
  return { ok: results.filter((r) => r.status === 'fulfilled').length, limited };
}

describe('vendor quota shared through Redis', () => {
  it('admits RATE_LIMIT calls per second across two replicas (one under and one over the limit), the rest UPSTREAM_RATE_LIMITED', async () => {
    const prefix = uniquePrefix('shared-quota');
    // Queue bound 0: a call over the quota fails at once instead of waiting for the next second.
    const replicaA = new AdaptiveQuota('PIMCORE', 5, 1, 0, new SharedQuotaStore(storeOn(redis.url, prefix)));
    const replicaB = new AdaptiveQuota('PIMCORE', 5, 1, 0, new SharedQuotaStore(storeOn(redis.url, prefix)));
    const a = await admitted(replicaA, 4);
    const b = await admitted(replicaB, 2);
    expect(a.ok + b.ok).toBe(5);
    expect(a.limited.length + b.limited.length).toBe(1);
    expect([...a.limited, ...b.limited][0]?.code).toBe('UPSTREAM_RATE_LIMITED');
  });

  it('counts in the process when Redis cannot answer, so the vendor is still called within the local rate', async () => {
    const own = await startRedisServer();
    const quota = new AdaptiveQuota('PIMCORE', 3, 1, 0, new SharedQuotaStore(storeOn(own.url, uniquePrefix('shared-quota-down'))));
    await own.stop();
    const { ok, limited } = await admitted(quota, 4);
    expect(ok).toBe(3);
    expect(limited).toHaveLength(1);
  });

  it('is only shared when the state is Redis: the memory store keeps the per-process default', () => {
    expect(quotaStoreFor(new MemoryStore())).toBeUndefined();
    expect(quotaStoreFor(undefined)).toBeUndefined();
    expect(quotaStoreFor(storeOn(redis.url, uniquePrefix('shared-quota-kind')))).toBeInstanceOf(SharedQuotaStore);
  });
});
