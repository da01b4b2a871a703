// Bearer tokens shared by every request to a vendor: one fetch in flight at a time (100 concurrent
// requests with no token cause one login), refreshed ahead of expiry, and dropped on a 401 so the
// caller can retry once. A rejected credential is not retried: that would be a login loop. It is
// also remembered briefly, so a revoked key does not turn every request into a login attempt.
import type { Vendor } from '../domain/vendor.js';
import { UpstreamError } from '../errors.js';
import { detached } from '../request-context.js';
import { untilRequestStops } from '../resilience/deadline.js';

export interface IssuedToken {
  token: string;
  /** Epoch milliseconds after which the vendor will refuse the token. */
  expiresAt: number;
}

export interface TokenCacheOptions {
  fetchToken: () => Promise<IssuedToken>;
  /** Whose tokens: names the error when a request stops waiting for a login at its deadline. */
  vendor: Vendor;
  /**
   * Refresh this long before expiry, so a request never leaves with a token about to lapse; but by
   * at most a quarter of the token's lifetime, so short-lived tokens are not stale on arrival.
   */
  refreshMarginMs?: number;
  /** How long a refused login (a non-retryable error) is answered from memory. */
  rejectionTtlMs?: number;
  now?: () => number;
}

export class TokenCache {
  private current: IssuedToken | undefined;
  /** When the current token was asked for: the lifetime, and so the margin, is measured from it. */
  private fetchedAt = 0;
  private inFlight: Promise<IssuedToken> | undefined;
  private rejected: { error: unknown; until: number } | undefined;
  private readonly margin: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.margin = options.refreshMarginMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<string> {
    const current = this.current;
    const margin = current ? Math.min(this.margin, (current.expiresAt - this.fetchedAt) / 4) : 0;
    if (current && current.expiresAt - margin > this.now()) return current.token;
    if (this.rejected && this.rejected.until > this.now()) throw this.rejected.error;
    return (await untilRequestStops(this.refresh(), this.options.vendor)).token;
  }

  /** Forgets `token` if it is still the cached one (the vendor said 401), so the next get() logs in. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private refresh(): Promise<IssuedToken> {
    const startedAt = this.now();
    // One login serves every request waiting for it, so the request that started it cannot cancel it.
    this.inFlight ??= detached(() => this.options.fetchToken())
      .then(
        (issued) => {
          this.current = issued;
          this.fetchedAt = startedAt;
          this.rejected = undefined;
          return issued;
        },
        (error: unknown) => {
          if (error instanceof UpstreamError && !error.retryable) {
            this.rejected = { error, until: this.now() + (this.options.rejectionTtlMs ?? 5_000) };
          }
          throw error;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

/**
 * A 401 on a call means the token lapsed or was revoked. A 403 is a missing permission, which a
 * new token would not fix, so it is not retried.
 */
export function isExpiredToken(error: unknown): boolean {
  return error instanceof UpstreamError && error.httpStatus === 401;
}

/** A refused login, said plainly (naming the settings to check) and without credentials or the vendor body. */
export function rejectedCredentials(vendor: Vendor, statuses: readonly number[], message: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof UpstreamError && error.httpStatus !== undefined && statuses.includes(error.httpStatus)) {
      throw new UpstreamError('UPSTREAM_UNAUTHORIZED', message, { vendor, httpStatus: error.httpStatus, retryable: false });
    }
    throw error;
  };
}

/** Runs `call` with a token; on a 401 from the call (not the login) it refreshes once and retries once. */
export async function withToken<T>(
  cache: TokenCache,
  call: (token: string) => Promise<T>,
  isUnauthorized: (error: unknown) => boolean = isExpiredToken,
): Promise<T> {
  const token = await cache.get();
  try {
    return await call(token);
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
    cache.invalidate(token);
    return call(await cache.get());
  }
}

/** Expiry from a JWT's `exp` claim (seconds), without verifying the signature (the vendor does). */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
