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
  return Object.fromEntries(Object.entries(wire).filter(([k]) => !mapped.includes(k) && !plumbing.includes(k)));
}
