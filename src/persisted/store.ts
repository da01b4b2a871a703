// Where automatic persisted queries keep their documents, behind a small interface so a shared
// store (Redis) can hold them for every gateway instance.
import { LRUCache } from 'lru-cache';

export interface PersistedQueryStore {
  get(hash: string): Promise<string | undefined>;
  set(hash: string, document: string): Promise<void>;
}

/** The most recently used `max` documents of this process. */
export class MemoryPersistedQueryStore implements PersistedQueryStore {
  private readonly cache: LRUCache<string, string>;

  constructor(max = 1_000) {
    this.cache = new LRUCache({ max });
  }

  async get(hash: string): Promise<string | undefined> {
    return this.cache.get(hash);
  }

  async set(hash: string, document: string): Promise<void> {
    this.cache.set(hash, document);
  }
}
