// Whether a profile read shows an update that was just sent. Synerise answers the update 202 with
// no body and does not say the change is visible by then, so only a read that carries every
// written value proves it was applied.
import { isDeepStrictEqual } from 'node:util';
import type { CustomerRecord } from '../../domain/model.js';

const DOMAIN_FIELDS = { email: 'email', firstName: 'firstName', lastName: 'lastName', phone: 'phone', customId: 'customId' } as const;

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Agreements may be sent as strings ("You can also pass the values as strings"). */
const sameLoosely = (sent: unknown, stored: unknown): boolean => isDeepStrictEqual(sent, stored) || String(sent) === String(stored);

export function reflectsUpdate(read: CustomerRecord, body: Record<string, unknown>): boolean {
  for (const [key, sent] of Object.entries(body)) {
    if (key === 'attributes') {
      const stored = record(read.attributes.attributes);
      // A null deletes a custom attribute.
      for (const [name, value] of Object.entries(record(sent))) {
        if (value === null ? stored[name] !== undefined && stored[name] !== null : !isDeepStrictEqual(stored[name], value)) return false;
      }
      continue;
    }
    // A null resets a native field to null or to a default the reference does not name: not checkable.
    if (sent === null) continue;
    if (key in DOMAIN_FIELDS) {
      const stored = read[DOMAIN_FIELDS[key as keyof typeof DOMAIN_FIELDS]];
      // Emails are compared as the gateway joins them: Synerise may store them lower-cased.
      const same = key === 'email' ? String(stored).toLowerCase() === String(sent).toLowerCase() : stored === sent;
      if (!same) return false;
      continue;
    }
    const stored = read.attributes[key];
    if (key === 'agreements') {
      const agreements = record(stored);
      if (!Object.entries(record(sent)).every(([name, value]) => sameLoosely(value, agreements[name]))) return false;
    } else if (!isDeepStrictEqual(stored, sent)) return false;
  }
  return true;
}
