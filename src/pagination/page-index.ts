// Vendors paging by 1-based page index that return a bare array with no total and no "more"
// flag (Synerise `GET /v4/clients`). Knowing whether a next page exists needs one item past the
// window, so the window plus one item is read from pages of a size chosen to hold all of it in a
// single page where one exists (a walk with a constant `first` then costs one call per page), else
// from the two adjacent pages that cover it.
import type { Page, PageWindow } from './connection.js';

/** Largest page size tried, as a multiple of the items needed: bounds the over-fetch. */
const MAX_OVERFETCH = 2;

/** Page size and index whose page holds positions [from, to) whole, if a small enough one exists. */
export function singlePageFor(from: number, to: number): { size: number; index: number } | undefined {
  const needed = to - from;
  for (let size = needed; size <= needed * MAX_OVERFETCH; size++) {
    const index = Math.floor(from / size);
    if (Math.floor((to - 1) / size) === index) return { size, index: index + 1 };
  }
  return undefined;
}

export async function pageByIndexWithoutTotal<T>(
  window: PageWindow,
  fetch: (pageIndex: number, pageSize: number) => Promise<T[]>,
): Promise<Page<T>> {
  const from = window.offset;
  const to = window.offset + window.limit + 1;
  const single = singlePageFor(from, to);
  let start: number;
  let size: number;
  let fetched: T[];
  if (single) {
    size = single.size;
    start = (single.index - 1) * size;
    fetched = await fetch(single.index, size);
  } else {
    size = to - from;
    const firstIndex = Math.floor(from / size) + 1;
    start = (firstIndex - 1) * size;
    const pages = await Promise.all([fetch(firstIndex, size), fetch(firstIndex + 1, size)]);
    fetched = pages.flat();
  }
  const skip = from - start;
  const items = fetched.slice(skip, skip + window.limit);
  const hasNextPage = fetched.length > skip + window.limit;
  // A short read ends the list, so the total is known then; otherwise nothing says how long it is.
  const lastPageShort = fetched.length < (single ? size : 2 * size);
  const total = lastPageShort ? start + fetched.length : null;
  return { items, hasNextPage, totalCount: () => Promise.resolve(total) };
}
