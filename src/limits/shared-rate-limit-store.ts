// Rate-limit windows in the SharedStore, so a client's budget is one budget across replicas. The
// window opens with the client's first hit anywhere (Redis keeps its expiry), as in memory.
// A store that cannot be reached counts nothing: rate limits fail open rather than refuse every client.
import type { SharedStore } from '../state/store.js';
import type { RateLimitStore, WindowCount } from './rate-limit-store.js';

export class SharedRateLimitStore implements RateLimitStore {
  constructor(private readonly store: SharedStore) {}

  async hit(key: string, amount: number, windowMs: number, now: number): Promise<WindowCount> {
    return this.store.addInWindow(`rate:${key}`, amount, windowMs).catch(() => ({ total: amount, resetAt: now + windowMs }));
  }
}
