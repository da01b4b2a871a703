// Vendor quotas shared by replicas: with REDIS_URL, `<VENDOR>_RATE_LIMIT` is one allowance for the
// whole deployment (each call adds one to a one-second window in Redis), not one per replica. If
// Redis cannot answer, the call is counted in this process instead: the vendor's own quota answers
// 429 if the replicas together overshoot, and the adaptive quota then lowers the rate, which is
// better than failing every call while Redis is away.
import { type SharedStore, StateUnavailableError } from '../state/store.js';
import { MemoryQuotaStore, type VendorQuotaStore } from './quota.js';

const WINDOW_MS = 1_000;

export class SharedQuotaStore implements VendorQuotaStore {
  private readonly local = new MemoryQuotaStore();

  constructor(private readonly store: SharedStore) {}

  async take(key: string, perSecond: number): Promise<{ ok: true } | { ok: false; waitMs: number }> {
    try {
      // The rate is part of the key: while one replica has lowered it, its window is its own.
      const { total, resetAt } = await this.store.addInWindow(`vendor-quota:${key}:${perSecond}`, 1, WINDOW_MS);
      return total <= perSecond ? { ok: true } : { ok: false, waitMs: Math.max(1, resetAt - Date.now()) };
    } catch (error) {
      if (error instanceof StateUnavailableError) return this.local.take(key, perSecond);
      throw error;
    }
  }
}

/** The quota store for a vendor: shared when replicas share a Redis, else the per-process default. */
export function quotaStoreFor(state: SharedStore | undefined): VendorQuotaStore | undefined {
  return state?.kind === 'redis' ? new SharedQuotaStore(state) : undefined;
}
