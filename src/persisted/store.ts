// Where automatic persisted queries keep their documents, behind a small interface so a shared
// store (Redis) can hold them for every gateway instance.
import { LRUCache } from 'lru-cache';
import { entryBytes } from '../state/memory-store.js';

export interface PersistedQueryStore {
  get(hash: string): Promise<string | undefined>;
  set(hash: string, document: string): Promise<void>;
}

export const DEFAULT_APQ_MAX_BYTES = 16 * 2 ** 20;

/**
 * The most recently used documents of this process, at most `max` of them and `maxBytes` together
 * (MEMORY_APQ_MAX_BYTES): a document is registered before it is parsed, so it can be as large as a
 * request body, and a count alone would let a client park gigabytes here. Charged as the in-memory
 * state charges its entries (`entryBytes`: two bytes a character plus 100); a document bigger than the whole
 * budget is not kept, and its client sends it in full again on the next miss.
 */
export class MemoryPersistedQueryStore implements PersistedQueryStore {
  private readonly cache: LRUCache<string, string>;

  constructor(options: { max?: number; maxBytes?: number } = {}) {
    this.cache = new LRUCache({
      max: options.max ?? 1_000,
      maxSize: options.maxBytes ?? DEFAULT_APQ_MAX_BYTES,
      sizeCalculation: (document, hash) => entryBytes(hash, document),
    });
  }

  /** Bytes charged for the documents held. */
  get bytes(): number {
    return this.cache.calculatedSize;
  }

  get size(): number {
    return this.cache.size;
  }

  async get(hash: string): Promise<string | undefined> {
    return this.cache.get(hash);
  }

  async set(hash: string, document: string): Promise<void> {
    this.cache.set(hash, document);
  }
}
