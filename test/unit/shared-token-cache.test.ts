// Token caches of two replicas on one Redis: one login between them, a refusal seen by both, and a
// token the vendor refused with 401 never handed out again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { type IssuedToken, TokenCache } from '../../src/http/token-cache.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { type TestRedis, uniquePrefix, useRedis } from '../support/redis.js';

let redis: TestRedis;
let store: RedisStore;

beforeAll(async () => {
  redis = await useRedis();
  store = new RedisStore({ url: redis.url, keyPrefix: uniquePrefix('shared-token'), commandTimeoutMs: 2_000, log: () => undefined });
});
afterAll(async () => {
  await store.close();
  await redis.stop();
});

/** One vendor login endpoint, counted, and a replica's cache in front of it. */
function vendor() {
  let logins = 0;
  let refuse = false;
  const fetchToken = async (): Promise<IssuedToken> => {
    logins += 1;
    await new Promise((r) => setTimeout(r, 20));
    if (refuse) throw new UpstreamError('UPSTREAM_UNAUTHORIZED', 'key refused', { vendor: 'SYNERISE', httpStatus: 401, retryable: false });
    return { token: `t${logins}`, expiresAt: Date.now() + 3_600_000 };
  };
  return {
    replica: (identity: string) =>
      new TokenCache({
        vendor: 'SYNERISE',
        fetchToken,
        shared: { store, vendor: 'SYNERISE', identity, leaseMs: 5_000 },
        rejectionTtlMs: 60_000,
      }),
    logins: () => logins,
    refuse: () => {
      refuse = true;
    },
  };
}

describe('TokenCache shared through Redis', () => {
  it('logs in once for concurrent first requests on two replicas', async () => {
    const v = vendor();
    const [a, b] = [v.replica('one'), v.replica('one')];
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).get()));
    expect(new Set(tokens)).toEqual(new Set(['t1']));
    expect(v.logins()).toBe(1);
  });

  it('keeps different credentials apart', async () => {
    const v = vendor();
    await v.replica('two').get();
    await v.replica('three').get();
    expect(v.logins()).toBe(2);
  });

  it('shares a refused login: the other replica answers from it without trying the key', async () => {
    const v = vendor();
    v.refuse();
    await expect(v.replica('refused').get()).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    await expect(v.replica('refused').get()).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', retryable: false });
    expect(v.logins()).toBe(1);
  });

  it('does not hand out a token the vendor refused with 401 again', async () => {
    const v = vendor();
    const a = v.replica('revoked');
    expect(await a.get()).toBe('t1');
    a.invalidate('t1');
    expect(await a.get()).toBe('t2');
    // A replica starting now gets the new token from Redis, not the refused one.
    expect(await v.replica('revoked').get()).toBe('t2');
    expect(v.logins()).toBe(2);
  });
});
