// Workspace JWTs. Real Synerise signs with RS512 and publishes the public key; the emulator signs
// with HS256 and a per-instance secret, so a token only works on the sandbox that issued it (as a
// token from another workspace would not work on the real API). Clients must treat the token as
// opaque apart from reading `exp`, which is what the docs recommend for caching.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WORKSPACE } from './types.js';

export interface WorkspaceClaims {
  sub: string;
  /** Realm: workspace ("business profile") tokens. */
  rlm: 'business_profile';
  origin: 'SYNERISE';
  businessProfileId: number;
  nme: string;
  /** Creation time in epoch ms, as in Synerise tokens (`ctd`). */
  ctd: number;
  iat: number;
  exp: number;
  /** Issue sequence number; lets `expireAll` revoke everything issued so far. */
  jti: string;
}

export type VerifyResult = { ok: true; claims: WorkspaceClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function isClaims(value: unknown): value is WorkspaceClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.exp === 'number' && typeof v.jti === 'string' && v.rlm === 'business_profile';
}

export class TokenService {
  private readonly secret = randomBytes(32);
  private seq = 0;
  /** Tokens whose sequence number is below this were force-expired. */
  private revokedBelow = 0;
  ttlSeconds: number;

  constructor(ttlSeconds: number) {
    this.ttlSeconds = ttlSeconds;
  }

  issue(): string {
    const now = Date.now();
    const iat = Math.floor(now / 1000);
    const claims: WorkspaceClaims = {
      sub: WORKSPACE.guid,
      rlm: 'business_profile',
      origin: 'SYNERISE',
      businessProfileId: WORKSPACE.businessProfileId,
      nme: WORKSPACE.name,
      ctd: now,
      iat,
      exp: iat + this.ttlSeconds,
      jti: String(++this.seq),
    };
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  verify(token: string): VerifyResult {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [head = '', body = '', sig = ''] = parts;
    const expected = Buffer.from(this.sign(`${head}.${body}`));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
    if (claims.exp * 1000 <= Date.now() || Number(claims.jti) <= this.revokedBelow) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  /** Every token issued so far is treated as expired from now on. */
  expireAll(): void {
    this.revokedBelow = this.seq;
  }

  get issued(): number {
    return this.seq;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
