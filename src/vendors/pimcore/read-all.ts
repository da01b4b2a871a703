import type { Limiter } from '../../sources/fan-out.js';

/** Reads every page of a list: page 1 tells how many more; the rest go out within the vendor's concurrency bound. */
export async function readAll<W, T>(
  fetch: (page: number) => Promise<{ data: W[]; totalPages: number }>,
  map: (w: W) => T,
  limiter: Limiter,
): Promise<T[]> {
  const first = await fetch(1);
  const rest = await Promise.all(Array.from({ length: Math.max(first.totalPages - 1, 0) }, (_, i) => limiter(() => fetch(i + 2))));
  return [first, ...rest].flatMap((p) => p.data.map(map));
}
