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
import { pollUntil } from '../../state/index.js';
import { type SharedStore, StateUnavailableError } from '../../state/store.js';
import { type SharedSnapshotData, Snapshot } from './snapshot.js';
import type { FillSnapshot, SnapshotStore } from './snapshot-store.js';

export interface SharedSnapshotOptions {
  ttlMs: number;
  /** Lease of the export lock: the whole-export deadline plus a margin. */
  exportLeaseMs: number;
  maxSnapshotBytes: number;
  maxBytes: number;
  log?: (line: string) => void;
}

const POLL_MS = 50;

export class SharedSnapshots {
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: SharedStore,
    private readonly local: SnapshotStore,
    private readonly options: SharedSnapshotOptions,
  ) {
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /** The snapshot a first page reads: this replica's, the shared one, or an export started here. */
  async current(key: string, fill: FillSnapshot): Promise<Snapshot> {
    const mine = this.local.peek(key);
    if (mine) return mine;
    try {
      const deadline = Date.now() + this.options.exportLeaseMs;
      for (;;) {
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
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) throw error;
    }
    return this.local.current(key, fill);
  }

  /** The snapshot a cursor names: in this process, stored, or being exported by another replica. */
  async resume(key: string, snapshotId: string): Promise<Snapshot> {
    const mine = this.local.find(key, snapshotId);
    if (mine) return mine;
    try {
      const loaded = await this.load(key, snapshotId);
      if (loaded) return loaded;
      if ((await this.store.get(`bloomreach:filling:${snapshotId}`)) !== undefined) {
        const deadline = Date.now() + this.options.exportLeaseMs;
        const waited = await pollUntil(
          async () => (await this.load(key, snapshotId)) ?? ((await this.store.get(`bloomreach:filling:${snapshotId}`)) ? undefined : null),
          deadline,
          POLL_MS,
        );
        if (waited) return waited;
      }
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) throw error;
    }
    throw this.local.expired();
  }

  private async load(key: string, id: string): Promise<Snapshot | undefined> {
    const mine = this.local.find(key, id);
    if (mine) return mine;
    const text = await this.store.get(`bloomreach:snapshot:${id}`);
    if (text === undefined) return undefined;
    const ttl = (await this.store.ttl(`bloomreach:snapshot:${id}`)) ?? this.options.ttlMs;
    const snapshot = new Snapshot(key, Number.POSITIVE_INFINITY, JSON.parse(text) as SharedSnapshotData);
    this.local.adopt(snapshot, ttl);
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
