// SharedStore in this process's memory: the single-replica default. Bounded by entry count (least
// recently used entries go first), so a stream of one-off keys cannot grow it without end.
import { LRUCache } from 'lru-cache';
import { type Lease, type SharedStore, takeLease, type WindowTotal } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

export class MemoryStore implements SharedStore {
  readonly kind = 'memory';
  private readonly entries: LRUCache<string, Entry>;
  private readonly windows = new Map<string, WindowTotal>();
  private nextSweep = 0;

  constructor(
    maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache<string, Entry>({ max: maxEntries });
  }

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
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
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
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
