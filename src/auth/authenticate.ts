// Authentication before anything else runs: the credentials of every GraphQL request are checked
// in `onRequest`, before the body is read or parsed, so an unauthenticated client costs a hash and
// gets HTTP 401 with no parsing, validation or vendor call. API keys are compared by their sha256
// digest with timingSafeEqual against every configured key (no early exit); JWTs are verified by
// jose. Keys and tokens are never logged or echoed.
import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { type ApiKeyEntry, type SecurityConfig, sha256 } from './env.js';
import { createJwtVerifier, type JwtVerifier } from './jwt.js';
import { ALL_SCOPES, type Principal, setPrincipal } from './principal.js';

export interface AuthenticationOptions {
  auth: SecurityConfig['auth'];
  /** Demo mode's generated key (all scopes); its principal has kind `demo`. */
  demoKey?: string | undefined;
}

type Outcome = Principal | { error: 'missing' | 'invalid' | 'unavailable'; reason: string };

export class Authenticator {
  private readonly keys: (ApiKeyEntry & { demo: boolean })[];
  private readonly jwt: JwtVerifier | undefined;
  private readonly open: boolean;

  constructor(options: AuthenticationOptions) {
    this.open = options.auth.mode === 'none';
    this.keys = options.auth.apiKeys.map((k) => ({ ...k, demo: false }));
    if (options.demoKey) this.keys.push({ name: 'demo', hash: sha256(options.demoKey), scopes: ALL_SCOPES, demo: true });
    this.jwt = options.auth.jwt && createJwtVerifier(options.auth.jwt);
  }

  async authenticate(headers: Headers): Promise<Outcome> {
    if (this.open) return { clientId: 'anonymous', kind: 'anonymous', scopes: ALL_SCOPES };
    const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
    const apiKey = headers.get('x-api-key') ?? undefined;
    if (headers.has('authorization') && !bearer) return { error: 'invalid', reason: 'Authorization must be "Bearer <credential>"' };
    if (bearer && apiKey && bearer !== apiKey) return { error: 'invalid', reason: 'Authorization and X-API-Key disagree' };
    const credential = bearer ?? apiKey;
    if (!credential) return { error: 'missing', reason: 'Send an API key (Authorization: Bearer <key> or X-API-Key) or a JWT' };
    const key = this.matchKey(credential);
    if (key) return { clientId: key.demo ? 'demo' : `key:${key.name}`, kind: key.demo ? 'demo' : 'apiKey', scopes: key.scopes };
    if (this.jwt && bearer && bearer.split('.').length === 3) {
      const verified = await this.jwt(bearer);
      if ('unavailable' in verified) return { error: 'unavailable', reason: verified.unavailable };
      if ('reason' in verified) return { error: 'invalid', reason: verified.reason };
      return verified;
    }
    return { error: 'invalid', reason: 'The credential is not valid' };
  }

  private matchKey(credential: string): (ApiKeyEntry & { demo: boolean }) | undefined {
    const presented = sha256(credential);
    let found: (ApiKeyEntry & { demo: boolean }) | undefined;
    // Every key is compared, so the time taken does not depend on which (if any) matches.
    for (const key of this.keys) if (timingSafeEqual(presented, key.hash) && !found) found = key;
    return found;
  }
}

/** The identity provider's keys could not be fetched: retry soon, the credential may be fine. */
function authUnavailable(reason: string): Response {
  return new Response(JSON.stringify({ errors: [{ message: reason, extensions: { code: 'AUTH_UNAVAILABLE', retryable: true } }] }), {
    status: 503,
    headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(AUTH_RETRY_AFTER_S) },
  });
}

/** jose fetches a JWKS that failed again on the next token, so a short pause is enough for a client. */
const AUTH_RETRY_AFTER_S = 5;

/** The 401 every refused request gets (RFC 6750 §3: `WWW-Authenticate: Bearer`). */
function unauthenticated(error: 'missing' | 'invalid', reason: string): Response {
  const challenge = error === 'missing' ? 'Bearer realm="cdp-gateway"' : 'Bearer realm="cdp-gateway", error="invalid_token"';
  return new Response(JSON.stringify({ errors: [{ message: reason, extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': challenge },
  });
}

export function useAuthentication(authenticator: Authenticator, graphqlPath: string): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      // Preflights are answered by the CORS handler; other paths are yoga's 404 or health check.
      if (request.method === 'OPTIONS' || url.pathname.replace(/\/$/, '') !== graphqlPath) return;
      const outcome = await authenticator.authenticate(request.headers);
      if ('error' in outcome) {
        endResponse(outcome.error === 'unavailable' ? authUnavailable(outcome.reason) : unauthenticated(outcome.error, outcome.reason));
        return;
      }
      setPrincipal(request, outcome);
    },
  };
}
