// Export snapshots shared by every request: at most one export in flight per (filter, attributes)
// fingerprint (single-flight), finished snapshots kept for `ttlMs` in an LRU bounded by count and
// approximate bytes. A cursor names its snapshot; once that snapshot is gone (expired, evicted,
// failed or replaced by a newer export) the cursor is refused rather than read against other data.
//
// Byte budget: `maxBytes` bounds kept and filling snapshots together. Each filling snapshot reports
// its growth once per chunk; kept ones are then dropped least recently used first until all fit. When
// the filling ones alone would not fit, the export whose growth crossed the budget fails instead.
import { LRUCache } from 'lru-cache';
import { GatewayError } from '../../errors.js';
import { detached } from '../../request-context.js';
import type { Limiter } from '../../sources/fan-out.js';
import { Snapshot, SnapshotBudgetError } from './snapshot.js';

export interface SnapshotStoreOptions {
  ttlMs: number;
  /** Most snapshots kept at once (one per distinct filter). */
  maxSnapshots: number;
  /** Budget for all snapshots together, kept and filling. */
  maxBytes: number;
  /** Cap on one snapshot while it fills, below maxBytes so its lookups still fit in the budget. */
  maxSnapshotBytes: number;
  /** Bounds concurrent exports against the vendor. */
  limiter: Limiter;
}

const describeTtl = (ms: number): string => (ms >= 1_000 ? `${Math.round(ms / 1_000)} s` : `${ms} ms`);

export type FillSnapshot = (snapshot: Snapshot) => Promise<void>;

/** LRU entry. A fresh wrapper per set, because lru-cache only re-measures an entry whose value changed. */
interface Kept {
  snapshot: Snapshot;
}

export class SnapshotStore {
  private readonly live: LRUCache<string, Kept>;
  private readonly filling = new Map<string, Snapshot>();

  constructor(private readonly options: SnapshotStoreOptions) {
    this.live = new LRUCache<string, Kept>({
      max: options.maxSnapshots,
      maxSize: options.maxBytes,
      sizeCalculation: (kept) => Math.max(1, Math.ceil(kept.snapshot.approxBytes)),
      ttl: options.ttlMs,
      // Expired snapshots are dropped on a timer, not on the next read, so their memory goes back.
      ttlAutopurge: true,
    });
  }

  /**
   * The snapshot a first page should read: the live one for `key`, the one being filled, or a new
   * export started now. Synchronous: every caller that arrives while an export is in flight, however
   * close together, gets that same snapshot.
   */
  current(key: string, fill: FillSnapshot): Snapshot {
    const existing = this.live.get(key)?.snapshot ?? this.filling.get(key);
    if (existing) return existing;
    const snapshot = new Snapshot(key, { maxBytes: this.options.maxSnapshotBytes, grew: (grown) => this.makeRoomFor(grown) });
    this.filling.set(key, snapshot);
    // The export belongs to no single request: a client that goes away does not cancel it for
    // the others waiting on it, so it runs detached from the request that started it.
    const run = async () => {
      await fill(snapshot);
      // Rows a fill added after its last flush count too, before the snapshot is kept.
      snapshot.flush();
    };
    detached(() => this.options.limiter(run)).then(
      () => {
        this.stopFilling(snapshot);
        snapshot.finish();
        this.live.set(key, { snapshot });
        this.makeRoom();
      },
      (error: unknown) => {
        // Forgotten before its waiters hear of the failure, so the next request exports afresh.
        this.stopFilling(snapshot);
        snapshot.fail(error);
      },
    );
    return snapshot;
  }

  /** The live or filling snapshot for `key` in this process, if any. */
  peek(key: string): Snapshot | undefined {
    return this.live.get(key)?.snapshot ?? this.filling.get(key);
  }

  /** Keeps a complete snapshot another replica exported, for what is left of its lifetime. */
  adopt(snapshot: Snapshot, ttlMs: number): void {
    const kept = this.live.get(snapshot.key)?.snapshot;
    // A newer local one stays: it is what this replica's first pages serve.
    if (kept && kept.startedAt >= snapshot.startedAt) return;
    this.live.set(snapshot.key, { snapshot }, { ttl: Math.max(1, Math.min(ttlMs, this.options.ttlMs)) });
    this.makeRoom();
  }

  /** The snapshot `snapshotId` when this process holds it. */
  find(key: string, snapshotId: string): Snapshot | undefined {
    const found = this.live.get(key)?.snapshot ?? this.filling.get(key);
    return found?.id === snapshotId ? found : undefined;
  }

  private stopFilling(snapshot: Snapshot): void {
    if (this.filling.get(snapshot.key) === snapshot) this.filling.delete(snapshot.key);
  }

  /** The snapshot a cursor was issued from, or CURSOR_EXPIRED. */
  resume(key: string, snapshotId: string): Snapshot {
    const found = this.find(key, snapshotId);
    if (found) return found;
    throw this.expired();
  }

  expired(): GatewayError {
    const reason = `the export snapshot this cursor belongs to has expired or was replaced (snapshots live ${describeTtl(this.options.ttlMs)}); start again without \`after\``;
    return new GatewayError('CURSOR_EXPIRED', `after: ${reason}`, { vendor: 'BLOOMREACH', issues: [{ field: 'after', message: reason }] });
  }

  /** Re-measures a kept snapshot after it grew (lookups built), keeping its original expiry. */
  resize(snapshot: Snapshot): void {
    if (this.live.peek(snapshot.key)?.snapshot !== snapshot) return;
    this.live.set(snapshot.key, { snapshot }, { noUpdateTTL: true });
    this.makeRoom();
  }

  /**
   * A filling snapshot grew (Snapshot.flush, once per chunk): fails it when the filling snapshots
   * alone exceed the budget, else drops kept ones, least recently used first, until all fit.
   */
  private makeRoomFor(growing: Snapshot): void {
    const filling = this.fillingBytes;
    if (filling > this.options.maxBytes) {
      const own = growing.approxBytes;
      throw new SnapshotBudgetError(this.options.maxBytes, own, filling - own, this.filling.size - 1);
    }
    this.makeRoom(filling);
  }

  /** Drops kept snapshots, least recently used first, until kept and filling ones fit in the budget together. */
  private makeRoom(filling = this.fillingBytes): void {
    // Their cursors then get CURSOR_EXPIRED, as after any eviction.
    while (this.live.size > 0 && this.live.calculatedSize + filling > this.options.maxBytes) this.live.pop();
  }

  /** Bytes of the exports streaming in now (one per distinct filter, as many as the limiter lets run). */
  private get fillingBytes(): number {
    let total = 0;
    for (const s of this.filling.values()) total += s.approxBytes;
    return total;
  }

  /** Approximate bytes held by kept and filling snapshots (the cdp_bloomreach_snapshot_bytes gauge). */
  get approxBytes(): number {
    let total = this.fillingBytes;
    for (const kept of this.live.values()) total += kept.snapshot.approxBytes;
    return total;
  }

  /** Kept (finished) snapshots. */
  get size(): number {
    return this.live.size;
  }

  /** Exports still streaming in. */
  get fillingCount(): number {
    return this.filling.size;
  }

  clear(): void {
    this.live.clear();
  }
}
