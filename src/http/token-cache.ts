// Bearer tokens shared by every request to a vendor: one fetch in flight at a time (100 concurrent
// requests with no token cause one login), refreshed ahead of expiry, and dropped on a 401 so the
// caller can retry once. A rejected credential is not retried: that would be a login loop. It is
// also remembered briefly, so a revoked key does not turn every request into a login attempt.
// With `shared` (REDIS_URL), the token, the login and the refusal are shared by every replica too
// (shared-token.ts): one login across replicas.
import type { Vendor } from '../domain/vendor.js';
import { UpstreamError } from '../errors.js';
import { detached } from '../request-context.js';
import { untilRequestStops } from '../resilience/deadline.js';
import { StateUnavailableError } from '../state/store.js';
import { type SharedIssued, type SharedTokenSettings, SharedTokenSlot } from './shared-token.js';

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
  /** Share the token, the login and refusals with other replicas through this store. */
  shared?: SharedTokenSettings | undefined;
}

/** How often a replica waiting for another's login looks for its token. */
const SHARED_POLL_MS = 25;

export class TokenCache {
  private current: IssuedToken | undefined;
  /** When the current token was asked for: the lifetime, and so the margin, is measured from it. */
  private fetchedAt = 0;
  private inFlight: Promise<IssuedToken> | undefined;
  private rejected: { error: unknown; until: number } | undefined;
  private readonly margin: number;
  private readonly now: () => number;
  private readonly shared: SharedTokenSlot | undefined;
  /** The last token the vendor refused with a 401: a shared copy of it is not taken again. */
  private discarded: string | undefined;

  constructor(private readonly options: TokenCacheOptions) {
    this.margin = options.refreshMarginMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.shared = options.shared ? new SharedTokenSlot(options.shared) : undefined;
  }

  private fresh(issued: IssuedToken, fetchedAt: number): boolean {
    const margin = Math.min(this.margin, (issued.expiresAt - fetchedAt) / 4);
    return issued.expiresAt - margin > this.now();
  }

  async get(): Promise<string> {
    const current = this.current;
    if (current && this.fresh(current, this.fetchedAt)) return current.token;
    if (this.rejected && this.rejected.until > this.now()) throw this.rejected.error;
    return (await untilRequestStops(this.refresh(), this.options.vendor)).token;
  }

  /** Forgets `token` if it is still the cached one (the vendor said 401), so the next get() logs in. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
    this.discarded = token;
    this.shared?.discard(token).catch(() => undefined);
  }

  private refresh(): Promise<IssuedToken> {
    const startedAt = this.now();
    // One login serves every request waiting for it, so the request that started it cannot cancel it.
    this.inFlight ??= detached(() => (this.shared ? this.viaShared(this.shared, startedAt) : this.login(startedAt)))
      .then(
        ({ token, expiresAt, fetchedAt }) => {
          const issued = { token, expiresAt };
          this.current = issued;
          this.fetchedAt = fetchedAt;
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

  private async login(startedAt: number): Promise<SharedIssued> {
    return { ...(await this.options.fetchToken()), fetchedAt: startedAt };
  }

  /** A usable token another replica stored (not one this replica saw refused). */
  private async sharedToken(slot: SharedTokenSlot): Promise<SharedIssued | undefined> {
    const found = await slot.read();
    return found && found.token !== this.discarded && this.fresh(found, found.fetchedAt) ? found : undefined;
  }

  /** One login across replicas: take the shared token, or log in under the lock, or wait for whoever holds it. */
  private async viaShared(slot: SharedTokenSlot, startedAt: number): Promise<SharedIssued> {
    try {
      for (;;) {
        const found = await this.sharedToken(slot);
        if (found) return found;
        const refused = await slot.refusal();
        if (refused) throw refused;
        const lease = await slot.lock();
        if (!lease) {
          // Another replica is logging in; its token appears shortly (or its lease runs out).
          await new Promise((resolve) => setTimeout(resolve, SHARED_POLL_MS));
          continue;
        }
        try {
          // Stored between our look and our lock?
          const stored = await this.sharedToken(slot);
          if (stored) return stored;
          const issued = await this.login(this.now()).catch(async (error: unknown) => {
            if (error instanceof UpstreamError && !error.retryable) {
              await slot.refuse(error, this.options.rejectionTtlMs ?? 5_000).catch(() => undefined);
            }
            throw error;
          });
          await slot.write(issued, this.now()).catch(() => undefined);
          return issued;
        } finally {
          lease.release().catch(() => undefined);
        }
      }
    } catch (error) {
      // Redis is away: this replica logs in on its own rather than fail the request.
      if (error instanceof StateUnavailableError) return this.login(startedAt);
      throw error;
    }
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
