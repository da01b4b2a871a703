// Small pieces every adapter's map.ts needs when turning wire documents into domain records.

/** An ISO date string as a Date; null when absent or unreadable (vendors send both). */
export function isoDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** What a mapper did not map, for `attributes`: the document minus `mapped` and vendor plumbing keys. */
export function unmapped(
  wire: Record<string, unknown>,
  mapped: readonly string[],
  plumbing: readonly string[] = [],
): Record<string, unknown> {
  // Runs once per record of every page: one pass over the keys, no intermediate entry arrays.
  const rest: Record<string, unknown> = {};
  for (const key in wire) {
    if (Object.hasOwn(wire, key) && !mapped.includes(key) && !plumbing.includes(key)) rest[key] = wire[key];
  }
  return rest;
}

// Wire schemas validate without normalising (a zod transform costs the compiled parse path; see
// src/vendors/pimcore/wire.ts); these normalise in the mappers.

/** A wire id (number or string) as the gateway's string vendor id. */
export const vendorIdOf = (id: number | string): string => (typeof id === 'string' ? id : String(id));

/** An attribute map; PHP encodes an empty one as `[]`. */
export const attributesOf = (v: Record<string, unknown> | unknown[] | null | undefined): Record<string, unknown> =>
  v && !Array.isArray(v) ? v : {};
