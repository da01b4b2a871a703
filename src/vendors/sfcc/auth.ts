// Client-credentials tokens from Account Manager (SFCC_AUTH_URL): one token shared by every request
// (TokenCache single-flights the fetch, so 100 concurrent requests cause one token call), refreshed
// ahead of `expires_in`, and fetched again once when a Data API call answers 401.
import { UpstreamError } from '../../errors.js';
import { requestJson, type VendorHttp } from '../../http/request-json.js';
import { type IssuedToken, TokenCache, withToken } from '../../http/token-cache.js';
import { TokenResponse } from './wire.js';

const REFRESH_MARGIN_MS = 60_000;
/** Account Manager's usual lifetime, used when an answer leaves `expires_in` out. */
const DEFAULT_LIFETIME_S = 1799;

export function createSfccTokenCache(authHttp: VendorHttp, clientId: string, clientSecret: string, now: () => number = Date.now): TokenCache {
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
  const fetchToken = async (): Promise<IssuedToken> => {
    const issuedAt = now();
    const res = await requestJson(authHttp, {
      method: 'POST',
      path: '',
      operation: 'POST /dw/oauth2/access_token',
      headers: { authorization: basic },
      form: { grant_type: 'client_credentials' },
      schema: TokenResponse,
    }).catch((error: unknown) => {
      // Said plainly and without the credentials or the OAuth body.
      if (error instanceof UpstreamError && (error.httpStatus === 400 || error.httpStatus === 401)) {
        throw new UpstreamError('UPSTREAM_UNAUTHORIZED', 'SFCC rejected the API client credentials (check SFCC_CLIENT_ID and SFCC_CLIENT_SECRET)', {
          vendor: 'SFCC',
          httpStatus: error.httpStatus,
          retryable: false,
        });
      }
      throw error;
    });
    const lifetimeMs = (res.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    // Refresh ahead of expiry, but by at most a quarter of the lifetime, so short-lived tokens are
    // not stale on arrival (the cache then runs with no margin of its own).
    return { token: res.data.access_token, expiresAt: issuedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 4) };
  };
  return new TokenCache({ fetchToken, refreshMarginMs: 0, now });
}

/** A 401 means the token lapsed or was revoked; a 403 is a missing OCAPI permission, which a new token would not fix. */
export function isExpiredToken(error: unknown): boolean {
  return error instanceof UpstreamError && error.httpStatus === 401;
}

export function withSfccToken<T>(cache: TokenCache, call: (token: string) => Promise<T>): Promise<T> {
  return withToken(cache, call, isExpiredToken);
}
