// Counters for per-client rate limits, kept behind a small interface so a shared store (Redis) can
// back them when several gateway instances serve the same clients.

export interface WindowCount {
  /** Total counted in the current window, including this hit. */
  total: number;
  /** When the current window ends (epoch ms). */
  resetAt: number;
}

export interface RateLimitStore {
  /** Adds `amount` to `key`'s count in its current window, starting a window of `windowMs` at `now` if none is open. */
  hit(key: string, amount: number, windowMs: number, now: number): Promise<WindowCount>;
}

/** One process's counters; a key's window opens with its first hit and lasts `windowMs`. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, WindowCount>();
  private nextSweep = 0;

  async hit(key: string, amount: number, windowMs: number, now: number): Promise<WindowCount> {
    if (now >= this.nextSweep) this.sweep(now, windowMs);
    const current = this.windows.get(key);
    const window = current && current.resetAt > now ? current : { total: 0, resetAt: now + windowMs };
    window.total += amount;
    this.windows.set(key, window);
    return { ...window };
  }

  /** Drops ended windows, so a stream of one-off clients cannot grow the map without bound. */
  private sweep(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + windowMs;
  }
}
