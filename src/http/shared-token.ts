// The cross-replica half of TokenCache: with a shared store, one replica logs in (holding a leased
// lock) and stores the token with its expiry; the others wait for it and use it. A refused login is
// stored too, so every replica answers from it instead of trying the bad credential itself.
// When the store cannot be reached, the replica logs in on its own: availability over one login.
import { createHash } from 'node:crypto';
import type { Vendor } from '../domain/vendor.js';
import { type ErrorCode, UpstreamError } from '../errors.js';
import type { SharedStore } from '../state/store.js';

export interface SharedTokenSettings {
  store: SharedStore;
  vendor: Vendor;
  /** What makes two logins interchangeable (origin and client id/key); hashed into the key, never stored. */
  identity: string;
  /** Lock lease: longer than one login may take (the vendor's timeout). */
  leaseMs: number;
}

export interface SharedIssued {
  token: string;
  expiresAt: number;
  /** When the login started: the refresh margin is measured from it. */
  fetchedAt: number;
}

interface StoredRefusal {
  code: ErrorCode;
  message: string;
  httpStatus: number | undefined;
}

export class SharedTokenSlot {
  private readonly tokenKey: string;
  private readonly lockKey: string;
  private readonly refusedKey: string;

  constructor(private readonly settings: SharedTokenSettings) {
    const id = createHash('sha256').update(`${settings.vendor}\n${settings.identity}`).digest('base64url').slice(0, 22);
    this.tokenKey = `token:${settings.vendor}:${id}`;
    this.lockKey = `token-lock:${settings.vendor}:${id}`;
    this.refusedKey = `token-refused:${settings.vendor}:${id}`;
  }

  async read(): Promise<SharedIssued | undefined> {
    const text = await this.settings.store.get(this.tokenKey);
    return text === undefined ? undefined : (JSON.parse(text) as SharedIssued);
  }

  /** The refusal another replica stored, as the error it threw. */
  async refusal(): Promise<UpstreamError | undefined> {
    const text = await this.settings.store.get(this.refusedKey);
    if (text === undefined) return undefined;
    const r = JSON.parse(text) as StoredRefusal;
    return new UpstreamError(r.code, r.message, { vendor: this.settings.vendor, httpStatus: r.httpStatus, retryable: false });
  }

  lock() {
    return this.settings.store.lock(this.lockKey, this.settings.leaseMs);
  }

  async write(issued: SharedIssued, now: number): Promise<void> {
    const ttl = issued.expiresAt - now;
    if (ttl > 0) await this.settings.store.set(this.tokenKey, JSON.stringify(issued), ttl);
  }

  async refuse(error: UpstreamError, ttlMs: number): Promise<void> {
    const stored: StoredRefusal = { code: error.code, message: error.message, httpStatus: error.httpStatus };
    await this.settings.store.set(this.refusedKey, JSON.stringify(stored), ttlMs);
  }

  /** Drops the shared token if it is still `token` (the vendor answered 401 to it). */
  async discard(token: string): Promise<void> {
    const text = await this.settings.store.get(this.tokenKey);
    if (text !== undefined && (JSON.parse(text) as SharedIssued).token === token) await this.settings.store.deleteIf(this.tokenKey, text);
  }
}
