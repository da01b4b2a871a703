// End-user JWTs, verified by jose against a JWKS (remote, fetched and cached by jose, or a local
// file) or an HS256 secret: signature, `exp`/`nbf` with the configured clock skew, and `iss`/`aud`
// when configured. The principal's scopes come from the `scope` claim.
import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtSettings } from './env.js';
import type { Principal } from './principal.js';
import { scopesFromClaim } from './scopes.js';

/**
 * `reason`: the token is refused (401). `unavailable`: the identity provider's JWKS could not be
 * fetched, so the token could not be judged; the client is not at fault and may retry (503).
 */
export type JwtVerifier = (token: string) => Promise<Principal | { reason: string } | { unavailable: string }>;

// Asymmetric algorithms only for a JWKS, HS256 only for a secret: a token cannot pick the family.
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function createJwtVerifier(settings: JwtSettings): JwtVerifier {
  const { key } = settings;
  const getKey: JWTVerifyGetKey | Uint8Array =
    'secret' in key
      ? key.secret
      : 'jwksUrl' in key
        ? createRemoteJWKSet(key.jwksUrl)
        : createLocalJWKSet(key.jwks as unknown as Parameters<typeof createLocalJWKSet>[0]);
  const options = {
    algorithms: 'secret' in key ? ['HS256'] : ASYMMETRIC,
    clockTolerance: settings.clockSkewS,
    requiredClaims: ['exp', 'sub'],
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };
  return async (token) => {
    try {
      const { payload } = getKey instanceof Uint8Array ? await jwtVerify(token, getKey, options) : await jwtVerify(token, getKey, options);
      return { clientId: `jwt:${payload.sub}`, kind: 'jwt', scopes: scopesFromClaim(payload.scope) };
    } catch (error) {
      if (isJwksOutage(error)) return { unavailable: 'The identity provider could not be reached to verify the token; try again' };
      return { reason: reasonFor(error) };
    }
  };
}

/**
 * A failure to obtain the keys rather than a fault of the token: jose's fetch timed out, the
 * JWKS endpoint answered something other than 200 with a JWKS (jose reports that as a generic
 * JOSEError), or the fetch itself failed (not a JOSEError at all). Token faults are specific
 * JOSEError subclasses (expired, bad signature, no matching key, …), which all stay 401.
 */
function isJwksOutage(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (!(error instanceof errors.JOSEError)) return true;
  return error.code === 'ERR_JOSE_GENERIC';
}

/** Why a token was refused, in words safe for the client (jose's messages may quote claims). */
function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet';
    if (error.claim === 'iss') return 'The token has the wrong issuer';
    if (error.claim === 'aud') return 'The token has the wrong audience';
    return `The token's ${error.claim} claim is missing or invalid`;
  }
  return 'The token is not valid';
}
