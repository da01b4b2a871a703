import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createLimiter } from '../../src/sources/fan-out.js';
import type { Snapshot } from '../../src/vendors/bloomreach/snapshot.js';
import { SnapshotStore, type SnapshotStoreOptions } from '../../src/vendors/bloomreach/snapshot-store.js';

const MiB = 2 ** 20;

function store(options: Partial<SnapshotStoreOptions> = {}): SnapshotStore {
  return new SnapshotStore({
    ttlMs: 60_000,
    maxSnapshots: 4,
    maxBytes: 64 * MiB,
    maxSnapshotBytes: 32 * MiB,
    limiter: createLimiter(4),
    ...options,
  });
}

/** A fill that writes `rows` two-column rows, yielding between rows so pages can be served mid-way. */
const fillRows = (rows: number, calls: { n: number }) => async (snapshot: Snapshot) => {
  calls.n += 1;
  snapshot.setWidth(2);
  for (let i = 0; i < rows; i++) {
    snapshot.addRow([`CUST-${i}`, `Person.${i}@Example.com`]);
    snapshot.flush();
    await Promise.resolve();
  }
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof GatewayError ? error.code : 'other';
  }
  return undefined;
}

describe('SnapshotStore', () => {
  it('shares one fill between callers that arrive while it runs, and serves rows before it ends', async () => {
    const s = store();
    const calls = { n: 0 };
    const first = s.current('k', fillRows(1_000, calls));
    await first.rows(10);
    expect(first.rowCount).toBeLessThan(1_000);
    expect(s.current('k', fillRows(1_000, calls))).toBe(first);
    await first.done;
    expect(s.current('k', fillRows(1_000, calls))).toBe(first);
    expect(calls.n).toBe(1);
    expect(s.resume('k', first.id)).toBe(first);
  });

  it('forgets a failed fill, so the next caller starts again', async () => {
    const s = store();
    const failed = s.current('k', () => Promise.reject(new Error('boom')));
    await expect(failed.done).rejects.toThrow('boom');
    expect(codeOf(() => s.resume('k', failed.id))).toBe('CURSOR_EXPIRED');
    const calls = { n: 0 };
    const again = s.current('k', fillRows(3, calls));
    await again.done;
    expect(again).not.toBe(failed);
    expect(again.rowCount).toBe(3);
  });

  it('evicts the least recently used snapshot beyond maxSnapshots; its cursors expire', async () => {
    const s = store({ maxSnapshots: 2 });
    const calls = { n: 0 };
    const a = s.current('a', fillRows(5, calls));
    await a.done;
    const b = s.current('b', fillRows(5, calls));
    await b.done;
    const c = s.current('c', fillRows(5, calls));
    await c.done;
    expect(s.size).toBe(2);
    expect(codeOf(() => s.resume('a', a.id))).toBe('CURSOR_EXPIRED');
    expect(s.resume('c', c.id)).toBe(c);
  });

  it('expires snapshots after ttlMs, and re-measuring after lookups keeps the original expiry', async () => {
    const s = store({ ttlMs: 150 });
    const snap = s.current('k', fillRows(200, { n: 0 }));
    await snap.done;
    const before = s.approxBytes;
    await sleep(80);
    expect(snap.emailIndex(1).get('person.7@example.com')).toBe(7);
    expect(snap.idIndex(0).get('CUST-7')).toBe(7);
    s.resize(snap);
    expect(s.approxBytes).toBeGreaterThan(before);
    await sleep(120);
    expect(codeOf(() => s.resume('k', snap.id))).toBe('CURSOR_EXPIRED');
    expect(s.size).toBe(0);
  });

  it('fails a fill that outgrows maxSnapshotBytes instead of holding it', async () => {
    const s = store({ maxSnapshotBytes: 10_000 });
    const snap = s.current('k', fillRows(1_000, { n: 0 }));
    await expect(snap.done).rejects.toThrow(/snapshot limit/);
    expect(s.size).toBe(0);
  });
});
