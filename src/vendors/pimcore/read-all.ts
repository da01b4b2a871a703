import type { Limiter } from '../../sources/fan-out.js';

interface ListPage<W> {
  data: W[];
  totalPages: number;
}

/**
 * Reads every page of a list: page 1 tells how many more; the rest go out within the vendor's
 * concurrency bound, each handed to `take` as it lands (page 1 first, the rest in arrival order).
 * The first failure (a page's call, or `take` throwing) ends the read: pages still queued are not
 * requested, and pages in flight are dropped when they land rather than taken.
 */
export async function eachPage<W>(
  fetch: (page: number) => Promise<ListPage<W>>,
  take: (data: W[], page: number) => void,
  limiter: Limiter,
): Promise<void> {
  let stopped = false;
  const read = async (page: number) => {
    try {
      const res = await fetch(page);
      if (!stopped) take(res.data, page);
      return res;
    } catch (error) {
      // Set before the failure reaches the limiter, which starts the next queued page as it frees
      // this one's slot: that page must already see the read has ended.
      stopped = true;
      throw error;
    }
  };
  const first = await read(1);
  await Promise.all(
    Array.from({ length: Math.max(first.totalPages - 1, 0) }, (_, i) =>
      limiter(async () => {
        if (!stopped) await read(i + 2);
      }),
    ),
  );
}

/** Every item of a list, in page order (see `eachPage`). */
export async function readAll<W, T>(fetch: (page: number) => Promise<ListPage<W>>, map: (w: W) => T, limiter: Limiter): Promise<T[]> {
  const pages: T[][] = [];
  await eachPage(fetch, (data, page) => (pages[page - 1] = data.map(map)), limiter);
  return pages.flat();
}
