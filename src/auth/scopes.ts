// Scope strings as configured (API keys) or claimed (JWT `scope`), checked against the vendors.
import { z } from 'zod';
import { VENDORS } from '../domain/vendor.js';
import type { Scope } from './principal.js';

const SCOPE_PATTERN = new RegExp(`^(\\*|${VENDORS.map((v) => v.toLowerCase()).join('|')}):(read|write)$`);

export function isScope(value: string): value is Scope {
  return SCOPE_PATTERN.test(value);
}

/** A configured scope: a typo (`pimcore:reed`, `PIMCORE:read`) fails start-up instead of silently granting nothing. */
export const scopeSchema = z
  .string()
  .refine(isScope, { message: `must be <vendor>:read or <vendor>:write (vendor in lower case, or *)` })
  .transform((value) => value as Scope);

/**
 * Scopes from a JWT `scope` claim: a space-separated string (RFC 8693 §4.2) or an array of
 * strings. Scopes this gateway does not know (`openid`, `profile`, …) are ignored, not an error:
 * tokens are often issued for several audiences.
 */
export function scopesFromClaim(claim: unknown): Set<Scope> {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return new Set(values.filter((v): v is Scope => typeof v === 'string' && isScope(v)));
}
