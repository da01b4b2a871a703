// A vendor's call quota: `<VENDOR>_RATE_LIMIT` calls per second, lowered while the vendor answers
// 429 and restored step by step once it stops. Calls over the quota wait (at most QUEUE_MAX of
// them, never past the request's deadline) or fail at once with UPSTREAM_RATE_LIMITED and
// `retryAfterSeconds`. The counters sit behind `VendorQuotaStore`: in memory (rate-limiter-flexible)
// they are per replica; with REDIS_URL, shared-quota.ts counts every replica's calls in Redis. The
// lowering itself (the current rate) is per replica.
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Vendor } from '../domain/vendor.js';
import { UpstreamError } from '../errors.js';
import { currentRequest } from '../request-context.js';
import { timeLeftMs } from './deadline.js';
import { markNotSent } from './outcome.js';
import { WindowCounter } from './window-counter.js';

export interface VendorQuotaStore {
  /** Takes one call from `key`'s allowance of `perSecond`; when it is spent, how long until the next one. */
  take(key: string, perSecond: number): Promise<{ ok: true } | { ok: false; waitMs: number }>;
}

/** One process's counters: a rate-limiter-flexible memory limiter per rate in use. */
export class MemoryQuotaStore implements VendorQuotaStore {
  private readonly limiters = new Map<number, RateLimiterMemory>();

  async take(key: string, perSecond: number): Promise<{ ok: true } | { ok: false; waitMs: number }> {
    let limiter = this.limiters.get(perSecond);
    if (!limiter) {
      limiter = new RateLimiterMemory({ points: perSecond, duration: 1, keyPrefix: `vendor-quota-${perSecond}` });
      this.limiters.set(perSecond, limiter);
    }
    try {
      await limiter.consume(key);
      return { ok: true };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, waitMs: Math.max(1, error.msBeforeNext) };
      throw error;
    }
  }
}

/** Quiet time after the last 429 before the lowered rate is doubled, and between doublings. */
const RECOVERY_STEP_MS = 2_000;
/** Share of recent calls answered 429 from which the vendor is taken to be over its quota. */
const STORM_SHARE = 0.1;

export interface QuotaStatus {
  /** Calls per second now allowed; undefined: no limit. */
  perSecond: number | undefined;
  lowered: boolean;
  waiting: number;
}

export class AdaptiveQuota {
  /** Calls per second now allowed; undefined: no limit. */
  private current: number | undefined;
  private readonly normal: number | undefined;
  /** The rate the vendor was taking when the storm began: recovery ends once the rate is back there. */
  private peak = 0;
  private lastThrottleAt = 0;
  private lastChangeAt = 0;
  private waiting = 0;
  private readonly recent = new WindowCounter(2);
  private readonly throttles = new WindowCounter(2);

  constructor(
    private readonly vendor: Vendor,
    configured: number,
    private readonly floor: number,
    private readonly queueMax: number,
    private readonly store: VendorQuotaStore = new MemoryQuotaStore(),
  ) {
    this.normal = configured > 0 ? configured : undefined;
    this.current = this.normal;
  }

  status(): QuotaStatus {
    this.recover(Date.now());
    return { perSecond: this.current, lowered: this.current !== this.normal, waiting: this.waiting };
  }

  /** The rate now over the rate before the storm: 1 unless lowered (the concurrency cap follows it). */
  share(now = Date.now()): number {
    this.recover(now);
    if (this.current === this.normal || this.current === undefined) return 1;
    const before = this.normal ?? this.peak;
    return before > 0 ? this.current / before : 1;
  }

  /** Waits for a slot, or throws UPSTREAM_RATE_LIMITED (queue full, or the wait would outlast the deadline). */
  async acquire(): Promise<void> {
    const now = Date.now();
    this.recover(now);
    this.recent.add(now);
    for (;;) {
      const rate = this.current;
      if (rate === undefined) return;
      const taken = await this.store.take(this.vendor, rate);
      if (taken.ok) return;
      if (this.waiting >= this.queueMax || taken.waitMs >= timeLeftMs()) throw this.rejected(taken.waitMs);
      this.waiting += 1;
      try {
        await sleep(taken.waitMs, undefined, { signal: currentRequest()?.signal });
      } catch {
        throw this.rejected(taken.waitMs);
      } finally {
        this.waiting -= 1;
      }
    }
  }

  /**
   * The vendor answered 429: halve the rate (at most once a second), never below the floor. A stray
   * 429 among many good answers (under 10% of the last 2 s) is retried but lowers nothing: a vendor
   * over its quota refuses most calls, not a few.
   */
  throttled(now = Date.now()): void {
    this.throttles.add(now);
    if (this.throttles.total(now) < STORM_SHARE * this.recent.total(now)) return;
    this.lastThrottleAt = now;
    if (now - this.lastChangeAt < 1_000) return;
    // Calls counted over the last two seconds: half of it is the rate the vendor was taking.
    const base = this.current ?? Math.max(this.floor, this.recent.total(now) / 2);
    if (this.current === this.normal) this.peak = base;
    this.current = Math.max(this.floor, Math.floor(base / 2));
    this.lastChangeAt = now;
  }

  /** Doubles a lowered rate once per quiet step, back to the configured rate (or to no limit). */
  private recover(now: number): void {
    if (this.current === this.normal || this.current === undefined) return;
    if (now - this.lastThrottleAt < RECOVERY_STEP_MS || now - this.lastChangeAt < RECOVERY_STEP_MS) return;
    const doubled = this.current * 2;
    this.current = doubled >= (this.normal ?? this.peak) ? this.normal : doubled;
    this.lastChangeAt = now;
  }

  private rejected(waitMs: number): UpstreamError {
    return markNotSent(
      new UpstreamError('UPSTREAM_RATE_LIMITED', `${this.vendor} call quota is spent; no call was made`, {
        vendor: this.vendor,
        retryable: true,
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      }),
    );
  }
}
