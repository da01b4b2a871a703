// SharedStore in this process's memory: the single-replica default. Bounded by entry count and by
// bytes (least recently used entries go first), so neither a stream of one-off keys nor a few large
// values (idempotency records hold whole mutation responses) can grow it without end.
import { LRUCache } from 'lru-cache';
import { type Lease, type SharedStore, StateValueTooLargeError, takeLease, type WindowTotal } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** Most entries kept (default 100,000). */
  maxEntries?: number;
  /** Budget of all entries together, as counted by `entryBytes` (default 64 MiB: MEMORY_STATE_MAX_BYTES). */
  maxBytes?: number;
  now?: () => number;
}

export const DEFAULT_MEMORY_STATE_MAX_BYTES = 64 * 2 ** 20;

/**
 * What an entry is charged: two bytes per character of key and value (V8 keeps text with any
 * character past Latin-1 at two bytes each, so this never under-counts a string) plus the entry's
 * bookkeeping (the Entry object and the LRU's slots, ~100 bytes).
 */
export const entryBytes = (key: string, value: string): number => 2 * (key.length + value.length) + 100;

export class MemoryStore implements SharedStore {
  readonly kind = 'memory';
  private readonly entries: LRUCache<string, Entry>;
  private readonly windows = new Map<string, WindowTotal>();
  private nextSweep = 0;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MEMORY_STATE_MAX_BYTES;
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries ?? 100_000,
      maxSize: this.maxBytes,
      sizeCalculation: (entry, key) => entryBytes(key, entry.value),
    });
  }

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes charged for the entries held (see `entryBytes`). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /**
   * lru-cache drops a value bigger than its whole budget silently, deleting what the key held
   * before; refusing it instead leaves the key as it was and tells the caller the value was not kept.
   */
  private store(key: string, value: string, ttlMs: number): void {
    const bytes = entryBytes(key, value);
    if (bytes > this.maxBytes) throw new StateValueTooLargeError(bytes, this.maxBytes);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.store(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.store(key, value, ttlMs);
    return true;
  }

  async replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.store(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async deleteIf(key: string, expected: string): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.entries.delete(key);
    return true;
  }

  async addInWindow(key: string, amount: number, windowMs: number): Promise<WindowTotal> {
    const now = this.now();
    if (now >= this.nextSweep) {
      // Ended windows go, so one-off keys do not accumulate.
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      this.nextSweep = now + windowMs;
    }
    const current = this.windows.get(key);
    const window = current && current.resetAt > now ? current : { total: 0, resetAt: now + windowMs };
    window.total += amount;
    this.windows.set(key, window);
    return { ...window };
  }

  lock(key: string, leaseMs: number): Promise<Lease | undefined> {
    return takeLease(this, key, leaseMs);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.windows.clear();
  }
}
