import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { createLimiter } from '../../src/sources/fan-out.js';
import { Snapshot } from '../../src/vendors/bloomreach/snapshot.js';
import { type FillSnapshot, SnapshotStore, type SnapshotStoreOptions } from '../../src/vendors/bloomreach/snapshot-store.js';

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

/** Distinct two-column rows (no value repeats, so none is interned): `count` of them from `from`. */
const rowsFrom = (from: number, count: number): string[][] =>
  Array.from({ length: count }, (_, i) => [`CUST-${from + i}`, `person.${from + i}@example.com`]);

/** What a snapshot of these rows weighs (Snapshot's own estimate), measured outside any store. */
function bytesOf(rows: string[][]): number {
  const probe = new Snapshot('probe');
  probe.setWidth(2);
  for (const row of rows) probe.addRow(row);
  return probe.approxBytes;
}

/**
 * A fill the test drives as the client does a response body: each `chunk` appends rows and flushes
 * once; a chunk the store refuses fails the fill with that error, as a throw inside the client's
 * read loop does. `end()` completes it.
 */
class Feed {
  snapshot: Snapshot | undefined;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };
  private readonly ended = new Promise<void>((resolve, reject) => {
    this.settle = { resolve, reject };
  });
  private begun!: () => void;
  /** Resolves once the store has started the fill (its limiter runs it asynchronously). */
  readonly started = new Promise<void>((resolve) => {
    this.begun = resolve;
  });

  readonly fill: FillSnapshot = (snapshot) => {
    this.snapshot = snapshot;
    snapshot.setWidth(2);
    this.begun();
    return this.ended;
  };

  /** Appends the rows and flushes once; false when the store refused them (the fill has failed). */
  chunk(rows: string[][]): boolean {
    const snapshot = this.snapshot;
    if (!snapshot) throw new Error('fill not started');
    try {
      for (const row of rows) snapshot.addRow(row);
      snapshot.flush();
      return true;
    } catch (error) {
      this.settle.reject(error);
      return false;
    }
  }

  end(): void {
    this.settle.resolve();
  }
}

/** Completes a kept snapshot of `rows` under `key`. */
async function kept(s: SnapshotStore, key: string, rows: string[][]): Promise<Snapshot> {
  const feed = new Feed();
  const snapshot = s.current(key, feed.fill);
  await feed.started;
  feed.chunk(rows);
  feed.end();
  await snapshot.done;
  return snapshot;
}

describe('SnapshotStore byte budget: kept and filling snapshots together (BLOOMREACH_LOCAL_MAX_BYTES)', () => {
  const A = rowsFrom(0, 40);
  const C = rowsFrom(1_000, 60);
  const F = rowsFrom(2_000, 100);
  // The filling export arrives in four chunks, the last one taking it to its full size.
  const F_CHUNKS = [F.slice(0, 25), F.slice(25, 50), F.slice(50, 75), F.slice(75)];

  it.each([
    ['exactly the room left: every kept snapshot stays', 0, ['a', 'c']],
    ['one byte more than the room left: the least recently used kept snapshot is dropped, and only it', -1, ['a']],
  ])('a fill that grows to %s', async (_name, slack, keptAfter) => {
    const [a, c, f] = [bytesOf(A), bytesOf(C), bytesOf(F)];
    const s = store({ maxBytes: a + c + f + slack, maxSnapshotBytes: f });
    const snapA = await kept(s, 'a', A);
    const snapC = await kept(s, 'c', C);
    expect([snapA.approxBytes, snapC.approxBytes]).toEqual([a, c]);
    // A page read through `a`'s cursor: `c` is now the least recently used.
    expect(s.resume('a', snapA.id)).toBe(snapA);

    const feed = new Feed();
    const filling = s.current('f', feed.fill);
    await feed.started;
    for (const chunk of F_CHUNKS) expect(feed.chunk(chunk)).toBe(true);
    expect(filling.approxBytes).toBe(f);
    // The gauge counts what is kept and what is filling.
    expect(s.approxBytes).toBe(a + f + (keptAfter.includes('c') ? c : 0));
    expect(s.approxBytes).toBeLessThanOrEqual(a + c + f + slack);
    expect(s.size).toBe(keptAfter.length);
    expect(s.resume('a', snapA.id)).toBe(snapA);
    if (keptAfter.includes('c')) expect(s.resume('c', snapC.id)).toBe(snapC);
    else expect(codeOf(() => s.resume('c', snapC.id))).toBe('CURSOR_EXPIRED');

    feed.end();
    await filling.done;
    expect(s.resume('f', filling.id)).toBe(filling);
    expect(s.size).toBe(keptAfter.length + 1);
    expect(s.approxBytes).toBe(a + f + (keptAfter.includes('c') ? c : 0));
  });

  it('drops kept snapshots while a fill grows, not only once it completes', async () => {
    const [a, f] = [bytesOf(A), bytesOf(F)];
    const s = store({ maxBytes: a + f - 1, maxSnapshotBytes: f });
    const snapA = await kept(s, 'a', A);
    const feed = new Feed();
    const filling = s.current('f', feed.fill);
    await feed.started;
    for (const chunk of F_CHUNKS.slice(0, 3)) feed.chunk(chunk);
    expect(s.resume('a', snapA.id)).toBe(snapA);
    feed.chunk(F_CHUNKS[3] ?? []);
    // Still filling, and `a` is gone already: the process never held more than the budget.
    expect(filling.complete).toBe(false);
    expect(s.fillingCount).toBe(1);
    expect(codeOf(() => s.resume('a', snapA.id))).toBe('CURSOR_EXPIRED');
    expect(s.approxBytes).toBe(f);
    feed.end();
    await filling.done;
  });

  it.each([
    ['exactly the budget between them: both complete', 0],
    ['one byte over the budget: the one whose chunk crosses it fails, naming the variable; the other completes', -1],
  ])('two concurrent fills of %s', async (_name, slack) => {
    const X = rowsFrom(0, 80);
    const Y = rowsFrom(5_000, 50);
    const [x, y] = [bytesOf(X), bytesOf(Y)];
    const budget = x + y + slack;
    const s = store({ maxBytes: budget, maxSnapshotBytes: Math.max(x, y) });
    const fx = new Feed();
    const fy = new Feed();
    const sx = s.current('x', fx.fill);
    const sy = s.current('y', fy.fill);
    await Promise.all([fx.started, fy.started]);
    // Interleaved chunks, `y` sending the last one.
    expect(fx.chunk(X.slice(0, 40))).toBe(true);
    expect(fy.chunk(Y.slice(0, 25))).toBe(true);
    expect(fx.chunk(X.slice(40))).toBe(true);
    expect(s.approxBytes).toBe(x + bytesOf(Y.slice(0, 25)));
    expect(fy.chunk(Y.slice(25))).toBe(slack === 0);
    fx.end();
    fy.end();
    await sx.done;
    expect(s.resume('x', sx.id)).toBe(sx);
    if (slack === 0) {
      await sy.done;
      expect(s.resume('y', sy.id)).toBe(sy);
      expect(s.approxBytes).toBe(budget);
      return;
    }
    await expect(sy.done).rejects.toThrow(
      `exports filling at once exceed the local snapshot budget of ${budget} bytes (this one ${y} bytes, ${x} bytes in 1 other export filling); raise BLOOMREACH_LOCAL_MAX_BYTES, or lower BLOOMREACH_MAX_CONCURRENCY so fewer exports fill at once`,
    );
    // The failed one holds nothing and is forgotten: its cursors expire, the next caller exports afresh.
    expect(codeOf(() => s.resume('y', sy.id))).toBe('CURSOR_EXPIRED');
    expect(s.fillingCount).toBe(0);
    expect(s.approxBytes).toBe(x);
    const calls = { n: 0 };
    const again = s.current('y', fillRows(3, calls));
    expect(again).not.toBe(sy);
    await again.done;
    expect(calls.n).toBe(1);
  });

  it('counts rows a fill adds after its last flush before keeping the snapshot', async () => {
    const X = rowsFrom(0, 80);
    const Y = rowsFrom(5_000, 50);
    const [x, y] = [bytesOf(X), bytesOf(Y)];
    const s = store({ maxBytes: x + y - 1, maxSnapshotBytes: Math.max(x, y) });
    const fx = new Feed();
    const sx = s.current('x', fx.fill);
    await fx.started;
    fx.chunk(X);
    // A fill that never flushes: its rows are counted when it ends, and they do not fit beside `x`.
    const sy = s.current('y', async (snapshot) => {
      snapshot.setWidth(2);
      for (const row of Y) snapshot.addRow(row);
    });
    await expect(sy.done).rejects.toThrow(/raise BLOOMREACH_LOCAL_MAX_BYTES/);
    fx.end();
    await sx.done;
    expect(s.approxBytes).toBe(x);
  });
});
