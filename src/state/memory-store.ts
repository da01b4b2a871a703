// SharedStore in this process's memory: the single-replica default. Bounded by entry count and by
// bytes, so neither a stream of one-off keys nor a few large values (idempotency records hold whole
// mutation responses) can grow it without end.
//
// Two tiers. Entries set to live longer than SHORT_LIVED_MS (kept records) sit in an LRU bounded by
// MEMORY_STATE_MAX_BYTES, least recently used dropped first. Short-lived entries are leases and
// in-flight claims, and are never dropped for space: dropping an idempotency claim while its
// mutation runs would let a duplicate run it a second time. They end by themselves (released, or
// their lease runs out), so their tier is bounded by what is in flight; past a quarter of the
// budget a new one is refused as the store being unavailable (the mutation is refused with a
// retryable 503, never run unprotected).
import { LRUCache } from 'lru-cache';
import { type Lease, type SharedStore, StateUnavailableError, StateValueTooLargeError, takeLease, type WindowTotal } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** Most long-lived entries kept (default 100,000). */
  maxEntries?: number;
  /** Budget of the long-lived entries, as counted by `entryBytes` (default 64 MiB: MEMORY_STATE_MAX_BYTES). */
  maxBytes?: number;
  now?: () => number;
}

export const DEFAULT_MEMORY_STATE_MAX_BYTES = 64 * 2 ** 20;
/**
 * Idempotency claims are 10 s leases. Only idempotency uses a MemoryStore today: every other user
 * (vendor tokens and their locks, Bloomreach export locks of the export timeout + 10 s, quotas,
 * rate limits, APQ) shares state only through Redis. A lock longer than this kept here would sit in
 * the evictable tier: give it a tier of its own first.
 */
export const SHORT_LIVED_MS = 60_000;
/**
 * Largest entry kept, as a share of the budget: one large response may push out at most this much
 * of other clients' records (a bigger one is refused, and idempotency answers its retries 409).
 */
export const MAX_ENTRY_SHARE = 16;

/**
 * What an entry is charged: two bytes per character of key and value (V8 keeps text with any
 * character past Latin-1 at two bytes each, so this never under-counts a string) plus the entry's
 * bookkeeping (the Entry object and the LRU's slots, ~100 bytes).
 */
export const entryBytes = (key: string, value: string): number => 2 * (key.length + value.length) + 100;

export class MemoryStore implements SharedStore {
  readonly kind = 'memory';
  private readonly entries: LRUCache<string, Entry>;
  private readonly leases = new Map<string, Entry>();
  private leaseBytes = 0;
  private readonly windows = new Map<string, WindowTotal>();
  private nextSweep = 0;
  private nextLeaseSweep = 0;
  private readonly maxEntryBytes: number;
  private readonly maxLeaseBytes: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_MEMORY_STATE_MAX_BYTES;
    this.maxEntryBytes = Math.floor(maxBytes / MAX_ENTRY_SHARE);
    this.maxLeaseBytes = Math.floor(maxBytes / 4);
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries ?? 100_000,
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => entryBytes(key, entry.value),
    });
  }

  /** Entries held in both tiers, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size + this.leases.size;
  }

  /** Bytes charged for the entries held in both tiers (see `entryBytes`). */
  get bytes(): number {
    return this.entries.calculatedSize + this.leaseBytes;
  }

  /**
   * lru-cache drops a value bigger than its entry cap silently, deleting what the key held before;
   * refusing it instead leaves the key as it was and tells the caller the value was not kept.
   */
  private store(key: string, value: string, ttlMs: number): void {
    const bytes = entryBytes(key, value);
    const entry = { value, expiresAt: this.now() + ttlMs };
    if (ttlMs <= SHORT_LIVED_MS) {
      this.sweepLeases();
      const previous = this.leases.get(key);
      const leaseBytes = this.leaseBytes - (previous ? entryBytes(key, previous.value) : 0) + bytes;
      if (leaseBytes > this.maxLeaseBytes) {
        throw new StateUnavailableError(
          'memory',
          `short-lived entries would exceed a quarter of MEMORY_STATE_MAX_BYTES (${this.maxLeaseBytes} bytes)`,
        );
      }
      this.entries.delete(key);
      this.leases.set(key, entry);
      this.leaseBytes = leaseBytes;
      return;
    }
    if (bytes > this.maxEntryBytes) throw new StateValueTooLargeError(bytes, this.maxEntryBytes);
    this.dropLease(key);
    this.entries.set(key, entry);
  }

  private dropLease(key: string): void {
    const lease = this.leases.get(key);
    if (!lease) return;
    this.leases.delete(key);
    this.leaseBytes -= entryBytes(key, lease.value);
  }

  /** Leases that ran out and were never read again go, so a crashed attempt's claim does not linger. */
  private sweepLeases(): void {
    const now = this.now();
    if (now < this.nextLeaseSweep) return;
    this.nextLeaseSweep = now + 1_000;
    for (const [key, lease] of this.leases) if (lease.expiresAt <= now) this.dropLease(key);
  }

  private live(key: string): Entry | undefined {
    const lease = this.leases.get(key);
    if (lease) {
      if (lease.expiresAt > this.now()) return lease;
      this.dropLease(key);
      return undefined;
    }
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
    this.dropLease(key);
    this.entries.delete(key);
  }

  async deleteIf(key: string, expected: string): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.dropLease(key);
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
    this.leases.clear();
    this.leaseBytes = 0;
    this.windows.clear();
  }
}
