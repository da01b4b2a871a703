// Workspace login: the API key is exchanged for a JWT that every other call carries as a bearer
// token. One token is shared by all requests (TokenCache single-flights the login), its lifetime is
// read from the JWT's `exp` (the docs disagree on one hour or one week), and a rejected key is a
// configuration error reported once per request, never retried.
import { requestJson, type VendorHttp } from '../../http/request-json.js';
import type { SharedTokenSettings } from '../../http/shared-token.js';
import { type IssuedToken, jwtExpiry, rejectedCredentials, TokenCache } from '../../http/token-cache.js';
import { LoginResponse } from './wire.js';

/** Path from help.synerise.com and the php-sdk's WorkspaceAccessTokenProvider (the reference lost it). */
export const LOGIN_PATH = '/uauth/v2/auth/login/profile';

/** Body of "Obtain a new Workspace JWT Token". */
export function loginBody(apiKey: string): { apiKey: string } {
  return { apiKey };
}

/** Used when the token carries no readable `exp`; a 401 still triggers a refresh before then. */
const FALLBACK_LIFETIME_MS = 10 * 60_000;

export function createTokenCache(http: VendorHttp, apiKey: string, now: () => number = Date.now, shared?: SharedTokenSettings): TokenCache {
  const fetchToken = async (): Promise<IssuedToken> => {
    const issuedAt = now();
    const res = await requestJson(http, {
      method: 'POST',
      path: LOGIN_PATH,
      operation: `POST ${LOGIN_PATH}`,
      json: loginBody(apiKey),
      schema: LoginResponse,
      // A token request writes nothing: safe to repeat.
      idempotent: true,
      // The docs allow 401 or 403 for a bad key.
    }).catch(rejectedCredentials('SYNERISE', [401, 403], 'SYNERISE rejected the workspace API key (check SYNERISE_API_KEY)'));
    return { token: res.data.token, expiresAt: jwtExpiry(res.data.token) ?? issuedAt + FALLBACK_LIFETIME_MS };
  };
  return new TokenCache({ vendor: 'SYNERISE', fetchToken, refreshMarginMs: 30_000, now, shared });
}
