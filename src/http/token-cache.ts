// Bearer tokens shared by every request to a vendor: one fetch in flight at a time (100 concurrent
// requests with no token cause one login), refreshed ahead of expiry, and dropped on a 401 so the
// caller can retry once. A rejected credential is not retried: that would be a login loop.
export interface IssuedToken {
  token: string;
  /** Epoch milliseconds after which the vendor will refuse the token. */
  expiresAt: number;
}

export interface TokenCacheOptions {
  fetchToken: () => Promise<IssuedToken>;
  /** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
  refreshMarginMs?: number;
  now?: () => number;
}

export class TokenCache {
  private current: IssuedToken | undefined;
  private inFlight: Promise<IssuedToken> | undefined;
  private readonly margin: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.margin = options.refreshMarginMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<string> {
    const current = this.current;
    if (current && current.expiresAt - this.margin > this.now()) return current.token;
    return (await this.refresh()).token;
  }

  /** Forgets `token` if it is still the cached one (the vendor said 401), so the next get() logs in. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private refresh(): Promise<IssuedToken> {
    this.inFlight ??= this.options
      .fetchToken()
      .then((issued) => {
        this.current = issued;
        return issued;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

/** Runs `call` with a token; on UPSTREAM_UNAUTHORIZED from the call (not the login) it refreshes once and retries once. */
export async function withToken<T>(cache: TokenCache, call: (token: string) => Promise<T>, isUnauthorized: (error: unknown) => boolean): Promise<T> {
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
