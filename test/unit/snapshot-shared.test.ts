// Two replicas' SharedSnapshots on one real Redis. Replica B's store is counted (a wrapper around the
// real RedisStore, not a mock) to prove that its waiting requests share one poll loop and one
// snapshot load, and that a loop nobody waits for any more stops polling.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInRequest } from '../../src/request-context.js';
import { createLimiter } from '../../src/sources/fan-out.js';
import { RedisStore } from '../../src/state/redis-store.js';
import type { Lease, SharedStore, WindowTotal } from '../../src/state/store.js';
import type { Snapshot } from '../../src/vendors/bloomreach/snapshot.js';
import { SharedSnapshots } from '../../src/vendors/bloomreach/snapshot-shared.js';
import { SnapshotStore } from '../../src/vendors/bloomreach/snapshot-store.js';
import { type TestRedis, uniquePrefix, useRedis } from '../support/redis.js';

const MiB = 2 ** 20;
const ROWS = 300;

let redis: TestRedis;
let store: RedisStore;

beforeAll(async () => {
  redis = await useRedis();
  store = new RedisStore({ url: redis.url, keyPrefix: uniquePrefix('shared-snapshot'), commandTimeoutMs: 2_000, log: () => undefined });
});
afterAll(async () => {
  await store.close();
  await redis.stop();
});

/** The real store, with every operation counted per key, and how many GETs of one key ran at once. */
class CountingStore implements SharedStore {
  readonly kind = 'redis' as const;
  readonly gets = new Map<string, number>();
  operations = 0;
  private inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();

  constructor(private readonly inner: SharedStore) {}

  async get(key: string): Promise<string | undefined> {
    this.operations += 1;
    this.gets.set(key, (this.gets.get(key) ?? 0) + 1);
    const now = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, now);
    this.maxInFlight.set(key, Math.max(now, this.maxInFlight.get(key) ?? 0));
    try {
      return await this.inner.get(key);
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }
  ttl(key: string): Promise<number | undefined> {
    this.operations += 1;
    return this.inner.ttl(key);
  }
  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.operations += 1;
    return this.inner.set(key, value, ttlMs);
  }
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    this.operations += 1;
    return this.inner.setIfAbsent(key, value, ttlMs);
  }
  replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    this.operations += 1;
    return this.inner.replaceIf(key, expected, value, ttlMs);
  }
  delete(key: string): Promise<void> {
    this.operations += 1;
    return this.inner.delete(key);
  }
  deleteIf(key: string, expected: string): Promise<boolean> {
    this.operations += 1;
    return this.inner.deleteIf(key, expected);
  }
  addInWindow(key: string, amount: number, windowMs: number): Promise<WindowTotal> {
    this.operations += 1;
    return this.inner.addInWindow(key, amount, windowMs);
  }
  lock(key: string, leaseMs: number): Promise<Lease | undefined> {
    this.operations += 1;
    return this.inner.lock(key, leaseMs);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function replica(state: SharedStore): SharedSnapshots {
  const local = new SnapshotStore({
    ttlMs: 60_000,
    maxSnapshots: 4,
    maxBytes: 64 * MiB,
    maxSnapshotBytes: 32 * MiB,
    limiter: createLimiter(4),
  });
  return new SharedSnapshots(state, local, {
    ttlMs: 60_000,
    exportLeaseMs: 20_000,
    maxSnapshotBytes: 16 * MiB,
    maxBytes: 64 * MiB,
    log: () => undefined,
  });
}

/** An export that writes ROWS rows once `open` is called, and counts how often it ran. */
function gatedFill() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const calls = { n: 0 };
  const fill = async (snapshot: Snapshot) => {
    calls.n += 1;
    await gate;
    snapshot.setWidth(2);
    for (let i = 0; i < ROWS; i++) snapshot.addRow([`CUST-${i}`, `person.${i}@example.com`]);
    snapshot.flush();
  };
  return { fill, open, calls };
}

/** Runs `fn` as a request whose client can go away (the gateway's request context). */
function asRequest<T>(fn: () => T): { result: T; abort: () => void } {
  const controller = new AbortController();
  const result = runInRequest({ requestId: `r-${Math.random()}`, signal: controller.signal }, fn);
  return { result, abort: () => controller.abort(new DOMException('client went away', 'AbortError')) };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(10);
}

describe('SharedSnapshots across replicas', () => {
  it('10 concurrent first pages on the replica not exporting: one poll loop, one snapshot load, the same snapshot', async () => {
    const a = replica(store);
    const counted = new CountingStore(store);
    const b = replica(counted);
    const exportA = gatedFill();
    const exportB = gatedFill();

    const exporting = await a.current('filter-1', exportA.fill);
    const pages = Array.from({ length: 10 }, () => asRequest(() => b.current('filter-1', exportB.fill)).result);
    await until(() => (counted.gets.get('bloomreach:current:filter-1') ?? 0) >= 2);
    expect(b.waiting).toBe(1);

    exportA.open();
    const snapshots = await Promise.all(pages);
    for (const s of snapshots) expect(s).toBe(snapshots[0]);
    const shared = snapshots[0] as Snapshot;
    expect(shared.id).toBe(exporting.id);
    expect(shared.rowCount).toBe(ROWS);
    expect(exportA.calls.n).toBe(1);
    expect(exportB.calls.n).toBe(0);
    // One loop: never two GETs of the pointer at once; one GET (and one parse) of the snapshot.
    expect(counted.maxInFlight.get('bloomreach:current:filter-1')).toBe(1);
    expect(counted.gets.get(`bloomreach:snapshot:${shared.id}`)).toBe(1);
    expect(b.waiting).toBe(0);

    // Later pages (cursors) and first pages read the kept copy: no further GET of the snapshot.
    const next = await Promise.all(Array.from({ length: 5 }, () => asRequest(() => b.resume('filter-1', shared.id)).result));
    for (const s of next) expect(s).toBe(shared);
    expect(await b.current('filter-1', exportB.fill)).toBe(shared);
    expect(counted.gets.get(`bloomreach:snapshot:${shared.id}`)).toBe(1);
  });

  it('a cursor whose snapshot is still exporting elsewhere: concurrent cursors share one loop and one load', async () => {
    const a = replica(store);
    const counted = new CountingStore(store);
    const b = replica(counted);
    const exportA = gatedFill();
    const exporting = await a.current('filter-2', exportA.fill);
    const pages = Array.from({ length: 10 }, () => asRequest(() => b.resume('filter-2', exporting.id)).result);
    await until(() => (counted.gets.get(`bloomreach:filling:${exporting.id}`) ?? 0) >= 2);
    expect(b.waiting).toBe(1);
    exportA.open();
    const snapshots = await Promise.all(pages);
    for (const s of snapshots) expect(s).toBe(snapshots[0]);
    expect(snapshots[0]?.id).toBe(exporting.id);
    // One loop: the pointer and the snapshot were never fetched twice at once.
    expect(counted.maxInFlight.get(`bloomreach:filling:${exporting.id}`)).toBe(1);
    expect(counted.maxInFlight.get(`bloomreach:snapshot:${exporting.id}`)).toBe(1);
    expect(b.waiting).toBe(0);
  });

  it('the only waiter going away stops the loop: the store sees no further polling', async () => {
    const a = replica(store);
    const counted = new CountingStore(store);
    const b = replica(counted);
    const exportA = gatedFill();
    await a.current('filter-3', exportA.fill);

    const waiter = asRequest(() => b.current('filter-3', gatedFill().fill));
    const outcome = waiter.result.then(
      () => 'served',
      () => 'stopped',
    );
    await until(() => (counted.gets.get('bloomreach:current:filter-3') ?? 0) >= 2);
    waiter.abort();
    expect(await outcome).toBe('stopped');
    expect(b.waiting).toBe(0);
    const seen = counted.operations;
    // Several poll intervals (50 ms each) pass without one more store operation.
    await sleep(300);
    expect(counted.operations).toBe(seen);
    exportA.open();
  });

  it('one of two waiters going away leaves the loop running for the other', async () => {
    const a = replica(store);
    const counted = new CountingStore(store);
    const b = replica(counted);
    const exportA = gatedFill();
    const exporting = await a.current('filter-4', exportA.fill);
    const leaving = asRequest(() => b.current('filter-4', gatedFill().fill));
    leaving.result.catch(() => undefined);
    const staying = asRequest(() => b.current('filter-4', gatedFill().fill));
    await until(() => (counted.gets.get('bloomreach:current:filter-4') ?? 0) >= 2);
    leaving.abort();
    const polled = counted.gets.get('bloomreach:current:filter-4') ?? 0;
    await until(() => (counted.gets.get('bloomreach:current:filter-4') ?? 0) > polled);
    expect(b.waiting).toBe(1);
    exportA.open();
    expect((await staying.result).id).toBe(exporting.id);
    expect(b.waiting).toBe(0);
  });
});
