// Workspace login: the API key is exchanged for a JWT that every other call carries as a bearer
// token. One token is shared by all requests (TokenCache single-flights the login), its lifetime is
// read from the JWT's `exp` (the docs disagree on one hour or one week), and a rejected key is a
// configuration error reported once per request, never retried.
import { UpstreamError } from '../../errors.js';
import { requestJson, type VendorHttp } from '../../http/request-json.js';
import { type IssuedToken, jwtExpiry, TokenCache, withToken } from '../../http/token-cache.js';
import { LoginResponse } from './wire.js';

/** Path from help.synerise.com and the php-sdk's WorkspaceAccessTokenProvider (the reference lost it). */
export const LOGIN_PATH = '/uauth/v2/auth/login/profile';

const REFRESH_MARGIN_MS = 30_000;
/** Used when the token carries no readable `exp`; a 401 still triggers a refresh before then. */
const FALLBACK_LIFETIME_MS = 10 * 60_000;

export function createTokenCache(http: VendorHttp, apiKey: string, now: () => number = Date.now): TokenCache {
  const fetchToken = async (): Promise<IssuedToken> => {
    const issuedAt = now();
    const res = await requestJson(http, {
      method: 'POST',
      path: LOGIN_PATH,
      operation: `POST ${LOGIN_PATH}`,
      json: { apiKey },
      schema: LoginResponse,
    }).catch((error: unknown) => {
      // The docs allow 401 or 403 for a bad key. Said plainly, without the key or the vendor body.
      if (error instanceof UpstreamError && error.code === 'UPSTREAM_UNAUTHORIZED') {
        throw new UpstreamError('UPSTREAM_UNAUTHORIZED', 'SYNERISE rejected the workspace API key (check SYNERISE_API_KEY)', {
          vendor: 'SYNERISE',
          httpStatus: error.httpStatus,
          retryable: false,
        });
      }
      throw error;
    });
    const expiresAt = jwtExpiry(res.data.token) ?? issuedAt + FALLBACK_LIFETIME_MS;
    // Refresh ahead of expiry, but never by more than a quarter of the lifetime: short-lived tokens
    // (test sandboxes, tight workspace settings) would otherwise look stale on arrival and cost a
    // login per request. The cache itself then runs with no margin of its own.
    const lifetime = Math.max(expiresAt - issuedAt, 0);
    return { token: res.data.token, expiresAt: expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 4) };
  };
  return new TokenCache({ fetchToken, refreshMarginMs: 0, now });
}

/**
 * A 401 on a call means the token lapsed or was revoked: refresh once, retry once. A 403 is a
 * missing API-key permission, which a new token would not fix, so it is not retried.
 */
export function isExpiredToken(error: unknown): boolean {
  return error instanceof UpstreamError && error.httpStatus === 401;
}

export function withSyneriseToken<T>(cache: TokenCache, call: (token: string) => Promise<T>): Promise<T> {
  return withToken(cache, call, isExpiredToken);
}
