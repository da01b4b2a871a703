// Input checks for writes. The CMF copies request keys onto the object through its setters
// (`setValues()`), so keys without a setter are ignored rather than rejected.
import type { CustomerFields } from './store.js';
import type { CustomerRecord } from './types.js';

const STRING_FIELDS = ['email', 'firstname', 'lastname', 'phone', 'gender', 'street', 'zip', 'city', 'countryCode'] as const;
const BOOLEAN_FIELDS = ['active', 'published'] as const;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Typed fields only. `id`, `creationDate`, `modificationDate`, `segments`, `activities` and
 * `_links` are read-only here (segments change through /segments-of-customers); wrong value types
 * are rejected instead of PHP-coerced so gateway bugs surface (assumed).
 */
export function readCustomerFields(body: Record<string, unknown>, customerIdField: string): Checked<CustomerFields> {
  const fields: CustomerFields = {};
  // The customer-number field has the class's own name; a key the class lacks has no setter and is ignored.
  const strings: [string, (typeof STRING_FIELDS)[number] | 'customerNumber'][] = [
    ...STRING_FIELDS.map((k) => [k, k] as [string, (typeof STRING_FIELDS)[number]]),
    [customerIdField, 'customerNumber'],
  ];
  for (const [key, target] of strings) {
    if (!(key in body)) continue;
    const value = body[key];
    if (value !== null && typeof value !== 'string')
      return { ok: false, message: `Invalid value for field "${key}": expected string or null` };
    fields[target] = value;
  }
  for (const key of BOOLEAN_FIELDS) {
    if (!(key in body)) continue;
    const value = body[key];
    if (typeof value !== 'boolean') return { ok: false, message: `Invalid value for field "${key}": expected boolean` };
    fields[key] = value;
  }
  return { ok: true, value: fields };
}

function filled(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The CMF customer save validator rejects customers without one complete "required fields"
 * combination. The combinations are per-installation config; the sandbox assumes the common
 * `[email]` or `[firstname, lastname]`.
 */
export function checkRequiredFields(c: Pick<CustomerRecord, 'email' | 'firstname' | 'lastname'>): string | undefined {
  if (filled(c.email) || (filled(c.firstname) && filled(c.lastname))) return undefined;
  return 'Not all required fields are set. Please fill-up one of the following field combinations: email | firstname + lastname';
}

/** The doc's `true/false`; other spellings never get here (query.ts answers 400). */
export function queryFlag(value: string | null): boolean {
  return value === 'true';
}

/** Comma-separated ids; blanks and non-numbers are skipped. */
export function idList(value: string | null): number[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map((part) => Number.parseInt(part, 10));
}

/** Ids in JSON bodies may arrive as numbers or numeric strings (PHP compares loosely). */
export function bodyId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) {
    const n = Number.parseInt(value.trim(), 10);
    return n > 0 ? n : undefined;
  }
  return undefined;
}
