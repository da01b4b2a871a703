// APQ documents in the SharedStore, so a hash registered on one replica is known to every replica.
// A store that cannot be reached answers "not found": the client then sends the full document.
import type { SharedStore } from '../state/store.js';
import type { PersistedQueryStore } from './store.js';

export class SharedPersistedQueryStore implements PersistedQueryStore {
  constructor(
    private readonly store: SharedStore,
    /** Documents are re-registered by clients on a miss, so a long expiry is enough (no LRU needed). */
    private readonly ttlMs = 7 * 24 * 3600_000,
  ) {}

  async get(hash: string): Promise<string | undefined> {
    return this.store.get(`apq:${hash}`).catch(() => undefined);
  }

  async set(hash: string, document: string): Promise<void> {
    await this.store.set(`apq:${hash}`, document, this.ttlMs).catch(() => undefined);
  }
}
