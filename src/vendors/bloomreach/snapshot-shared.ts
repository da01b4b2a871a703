// Export snapshots shared by replicas (REDIS_URL): one export per filter across all of them, and a
// snapshot (with its id, so cursors stay valid) readable by every replica. The replica that takes
// the export lock exports as before, serving its own first pages while the body streams in; when
// the export completes it stores the snapshot as JSON with the snapshot TTL and points the filter
// at it. Other replicas wait for that pointer (or for the lock to free, then export themselves) and
// load the snapshot into their own SnapshotStore. A cursor whose snapshot is in neither this
// process nor the store is CURSOR_EXPIRED, the same rule as with one process.
//
// Byte budget: one stored snapshot may not exceed `maxSnapshotBytes`, and the bytes stored per
// snapshot-TTL window may not exceed `maxBytes` (so at most about twice that is live at once). A
// snapshot over either limit stays with the replica that made it; the others export their own.
// When the store cannot be reached, each replica exports on its own: reads go on.
//
// Waiting costs one poll loop per key (first pages) or snapshot id (cursors) per process, however
// many requests wait: they join it, and it stops once none of them waits any more (each leaves when
// its request's signal aborts). A snapshot is fetched and parsed once per process (concurrent loads
// share one GET) and then kept by id for what is left of its TTL, so pages do not fetch it again.
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { currentRequest, detached } from '../../request-context.js';
import { type SharedStore, StateUnavailableError } from '../../state/store.js';
import { type SharedSnapshotData, Snapshot } from './snapshot.js';
import type { FillSnapshot, SnapshotStore } from './snapshot-store.js';

export interface SharedSnapshotOptions {
  ttlMs: number;
  /** Lease of the export lock: the whole-export deadline plus a margin. */
  exportLeaseMs: number;
  maxSnapshotBytes: number;
  maxBytes: number;
  /** Bytes of snapshots loaded from the store kept in this process by id (default: maxBytes). */
  cacheBytes?: number;
  log?: (line: string) => void;
}

const POLL_MS = 50;

/** One poll loop and the requests waiting on it. */
interface Wait {
  promise: Promise<Snapshot>;
  controller: AbortController;
  waiters: number;
}

export class SharedSnapshots {
  private readonly log: (line: string) => void;
  private readonly waits = new Map<string, Wait>();
  private readonly loading = new Map<string, Promise<Snapshot | undefined>>();
  /** Snapshots loaded from the store, by id, each until its stored TTL ends (the local store keeps one per key). */
  private readonly loaded: LRUCache<string, Snapshot>;

  constructor(
    private readonly store: SharedStore,
    private readonly local: SnapshotStore,
    private readonly options: SharedSnapshotOptions,
  ) {
    this.log = options.log ?? ((line) => console.warn(line));
    this.loaded = new LRUCache<string, Snapshot>({
      maxSize: Math.max(1, options.cacheBytes ?? options.maxBytes),
      sizeCalculation: (snapshot) => Math.max(1, Math.ceil(snapshot.approxBytes)),
      ttl: options.ttlMs,
      ttlAutopurge: true,
    });
  }

  /** Poll loops running now (for tests and diagnostics). */
  get waiting(): number {
    return this.waits.size;
  }

  /** The snapshot a first page reads: this replica's, the shared one, or an export started here. */
  async current(key: string, fill: FillSnapshot): Promise<Snapshot> {
    const mine = this.local.peek(key);
    if (mine) return mine;
    return this.join(`current:${key}`, (signal) => this.waitForCurrent(key, fill, signal));
  }

  /** The snapshot a cursor names: in this process, stored, or being exported by another replica. */
  async resume(key: string, snapshotId: string): Promise<Snapshot> {
    const mine = this.local.find(key, snapshotId) ?? this.cached(key, snapshotId);
    if (mine) return mine;
    return this.join(`resume:${snapshotId}`, (signal) => this.waitForResume(key, snapshotId, signal));
  }

  /**
   * Joins the loop `name` (starting it when none runs). The caller counts as waiting until its request
   * aborts; the loop is aborted when the last waiter leaves, so no loop outlives every request.
   */
  private join(name: string, run: (signal: AbortSignal) => Promise<Snapshot>): Promise<Snapshot> {
    let wait = this.waits.get(name);
    if (!wait) {
      const controller = new AbortController();
      // Detached: the loop serves every waiter, not the request that happened to start it.
      const promise = detached(() => run(controller.signal));
      const started: Wait = { promise, controller, waiters: 0 };
      wait = started;
      this.waits.set(name, started);
      promise
        .finally(() => {
          if (this.waits.get(name) === started) this.waits.delete(name);
        })
        .catch(() => undefined);
    }
    const joined = wait;
    joined.waiters += 1;
    const signal = currentRequest()?.signal;
    if (signal) {
      const leave = () => {
        joined.waiters -= 1;
        if (joined.waiters > 0) return;
        if (this.waits.get(name) === joined) this.waits.delete(name);
        joined.controller.abort(signal.reason);
      };
      if (signal.aborted) leave();
      else {
        signal.addEventListener('abort', leave, { once: true });
        joined.promise.finally(() => signal.removeEventListener('abort', leave)).catch(() => undefined);
      }
    }
    return joined.promise;
  }

  private async waitForCurrent(key: string, fill: FillSnapshot, signal: AbortSignal): Promise<Snapshot> {
    try {
      const deadline = Date.now() + this.options.exportLeaseMs;
      for (;;) {
        signal.throwIfAborted();
        // A loop that ended (or an export that started here) since this one began.
        const mine = this.local.peek(key);
        if (mine) return mine;
        const id = await this.store.get(`bloomreach:current:${key}`);
        const loaded = id === undefined ? undefined : await this.load(key, id);
        if (loaded) return loaded;
        const lease = await this.store.lock(`bloomreach:export:${key}`, this.options.exportLeaseMs);
        if (lease) {
          const snapshot = this.local.current(key, fill);
          // Marks the id as being exported, so a cursor from it that reaches another replica waits.
          await this.store.set(`bloomreach:filling:${snapshot.id}`, '1', this.options.exportLeaseMs);
          snapshot.done
            .then(() => this.publish(snapshot))
            .catch(() => undefined)
            .finally(() => {
              lease.release().catch(() => undefined);
              this.store.delete(`bloomreach:filling:${snapshot.id}`).catch(() => undefined);
            });
          return snapshot;
        }
        if (Date.now() >= deadline) break;
        await sleep(POLL_MS, undefined, { signal });
      }
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) throw error;
    }
    signal.throwIfAborted();
    return this.local.current(key, fill);
  }

  private async waitForResume(key: string, snapshotId: string, signal: AbortSignal): Promise<Snapshot> {
    try {
      const loaded = await this.load(key, snapshotId);
      if (loaded) return loaded;
      if ((await this.store.get(`bloomreach:filling:${snapshotId}`)) !== undefined) {
        const deadline = Date.now() + this.options.exportLeaseMs;
        for (;;) {
          signal.throwIfAborted();
          const waited = await this.load(key, snapshotId);
          if (waited) return waited;
          if ((await this.store.get(`bloomreach:filling:${snapshotId}`)) === undefined || Date.now() >= deadline) break;
          await sleep(POLL_MS, undefined, { signal });
        }
      }
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) throw error;
    }
    throw this.local.expired();
  }

  private cached(key: string, id: string): Snapshot | undefined {
    const snapshot = this.loaded.get(id);
    return snapshot?.key === key ? snapshot : undefined;
  }

  /** The stored snapshot `id`, fetched and parsed once however many loops ask at the same time. */
  private load(key: string, id: string): Promise<Snapshot | undefined> {
    const mine = this.local.find(key, id) ?? this.cached(key, id);
    if (mine) return Promise.resolve(mine);
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.fetch(key, id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async fetch(key: string, id: string): Promise<Snapshot | undefined> {
    const text = await this.store.get(`bloomreach:snapshot:${id}`);
    if (text === undefined) return undefined;
    const ttl = Math.max(1, Math.min((await this.store.ttl(`bloomreach:snapshot:${id}`)) ?? this.options.ttlMs, this.options.ttlMs));
    const snapshot = new Snapshot(key, {}, JSON.parse(text) as SharedSnapshotData);
    this.local.adopt(snapshot, ttl);
    this.loaded.set(id, snapshot, { ttl });
    return snapshot;
  }

  private async publish(snapshot: Snapshot): Promise<void> {
    const text = JSON.stringify(snapshot.toShared());
    const bytes = Buffer.byteLength(text);
    if (bytes > this.options.maxSnapshotBytes) {
      this.log(`Bloomreach snapshot of ${bytes} bytes not shared (BLOOMREACH_SHARED_SNAPSHOT_MAX_BYTES): other replicas export their own`);
      return;
    }
    try {
      const window = await this.store.addInWindow('bloomreach:bytes', bytes, this.options.ttlMs);
      if (window.total > this.options.maxBytes) {
        this.log(`Bloomreach snapshot not shared: the shared byte budget (BLOOMREACH_SHARED_MAX_BYTES) is spent for this window`);
        return;
      }
      await this.store.set(`bloomreach:snapshot:${snapshot.id}`, text, this.options.ttlMs);
      await this.store.set(`bloomreach:current:${snapshot.key}`, snapshot.id, this.options.ttlMs);
    } catch (error) {
      this.log(`Bloomreach snapshot not shared: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
