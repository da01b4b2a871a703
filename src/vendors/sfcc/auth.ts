// Client-credentials tokens from Account Manager (SFCC_AUTH_URL): one token shared by every request
// (TokenCache single-flights the fetch, so 100 concurrent requests cause one token call), refreshed
// ahead of `expires_in`, and fetched again once when a Data API call answers 401.
import { requestJson, type VendorHttp } from '../../http/request-json.js';
import type { SharedTokenSettings } from '../../http/shared-token.js';
import { type IssuedToken, rejectedCredentials, TokenCache } from '../../http/token-cache.js';
import { TokenResponse } from './wire.js';

/** Account Manager's usual lifetime, used when an answer leaves `expires_in` out. */
const DEFAULT_LIFETIME_S = 1799;

export function createSfccTokenCache(
  authHttp: VendorHttp,
  clientId: string,
  clientSecret: string,
  now: () => number = Date.now,
  shared?: SharedTokenSettings,
): TokenCache {
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
      // A token request writes nothing: safe to repeat.
      idempotent: true,
    }).catch(
      rejectedCredentials('SFCC', [400, 401], 'SFCC rejected the API client credentials (check SFCC_CLIENT_ID and SFCC_CLIENT_SECRET)'),
    );
    return { token: res.data.access_token, expiresAt: issuedAt + (res.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000 };
  };
  return new TokenCache({ vendor: 'SFCC', fetchToken, refreshMarginMs: 60_000, now, shared });
}
