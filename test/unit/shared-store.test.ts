// One contract, two stores: the memory store (one process) and the Redis store (replicas) must
// behave the same, so the gateway's code above them does not care which one it has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/state/memory-store.js';
import { RedisStore } from '../../src/state/redis-store.js';
import { type SharedStore, StateUnavailableError } from '../../src/state/store.js';
import { startRedisServer, type TestRedis, uniquePrefix, useRedis } from '../support/redis.js';

let redis: TestRedis;
const stores: SharedStore[] = [];

beforeAll(async () => {
  redis = await useRedis();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await redis.stop();
});

const makers: [string, () => SharedStore][] = [
  ['memory', () => new MemoryStore()],
  [
    'redis',
    () => {
      const store = new RedisStore({
        url: redis.url,
        keyPrefix: uniquePrefix('shared-store'),
        commandTimeoutMs: 2_000,
        log: () => undefined,
      });
      stores.push(store);
      return store;
    },
  ],
];

describe.each(makers)('%s store', (_name, make) => {
  let store: SharedStore;
  beforeAll(() => {
    store = make();
  });

  it('gets what was set, and nothing for an unknown key', async () => {
    await store.set('a', 'one', 60_000);
    expect(await store.get('a')).toBe('one');
    expect(await store.get('missing')).toBeUndefined();
    const ttl = await store.ttl('a');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await store.ttl('missing')).toBeUndefined();
  });

  it('forgets a value once its TTL has passed', async () => {
    await store.set('short', 'x', 30);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.get('short')).toBeUndefined();
  });

  it('sets if absent exactly once', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((n) => store.setIfAbsent('once', String(n), 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.setIfAbsent('once', 'again', 60_000)).toBe(false);
  });

  it('replaces and deletes only while the expected value is there', async () => {
    await store.set('owned', 'mine', 60_000);
    expect(await store.replaceIf('owned', 'theirs', 'x', 60_000)).toBe(false);
    expect(await store.replaceIf('owned', 'mine', 'next', 60_000)).toBe(true);
    expect(await store.get('owned')).toBe('next');
    expect(await store.deleteIf('owned', 'mine')).toBe(false);
    expect(await store.deleteIf('owned', 'next')).toBe(true);
    expect(await store.get('owned')).toBeUndefined();
    await store.set('plain', 'v', 60_000);
    await store.delete('plain');
    expect(await store.get('plain')).toBeUndefined();
  });

  it('counts into one window atomically, and opens a new one after it ends', async () => {
    const totals = await Promise.all([1, 2, 3, 4, 5].map(() => store.addInWindow('count', 2, 200)));
    expect(totals.map((t) => t.total).sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10]);
    expect(totals[0]?.resetAt).toBeGreaterThan(Date.now());
    await new Promise((r) => setTimeout(r, 260));
    expect((await store.addInWindow('count', 1, 200)).total).toBe(1);
  });

  it('lets one holder take a lock, frees it on release by that holder only, and again after the lease', async () => {
    const first = await store.lock('lock', 60_000);
    expect(first).toBeDefined();
    expect(await store.lock('lock', 60_000)).toBeUndefined();
    expect(await first?.extend(60_000)).toBe(true);
    expect(await first?.release()).toBe(true);
    expect(await first?.release()).toBe(false);
    const leased = await store.lock('lock', 40);
    expect(leased).toBeDefined();
    await new Promise((r) => setTimeout(r, 90));
    const next = await store.lock('lock', 60_000);
    expect(next).toBeDefined();
    // The lapsed holder can neither extend nor release the new holder's lock.
    expect(await leased?.extend(60_000)).toBe(false);
    expect(await leased?.release()).toBe(false);
    expect(await store.lock('lock', 60_000)).toBeUndefined();
  });
});

describe('redis store without a server', () => {
  let own: TestRedis;
  let store: RedisStore;
  beforeAll(async () => {
    own = await startRedisServer();
    store = new RedisStore({ url: own.url, keyPrefix: uniquePrefix('gone'), commandTimeoutMs: 300, log: () => undefined });
    stores.push(store);
    await store.set('k', 'v', 60_000);
    await own.stop();
  });

  it('fails each command with StateUnavailableError instead of hanging or throwing elsewhere', async () => {
    await expect(store.get('k')).rejects.toBeInstanceOf(StateUnavailableError);
    await expect(store.setIfAbsent('k', 'v', 1_000)).rejects.toBeInstanceOf(StateUnavailableError);
    await expect(store.addInWindow('c', 1, 1_000)).rejects.toBeInstanceOf(StateUnavailableError);
  });
});
