// Reading a Pimcore list page by page (the customer index's scans, segments and segment groups):
// the first failure ends the read, so a failed or over-budget scan asks the vendor for nothing more.
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/sources/fan-out.js';
import { eachPage, readAll } from '../../src/vendors/pimcore/read-all.js';

/** Five pages of two items; each page answers after `delayMs(page)`, page `failing` with an error. */
function pages(options: { failing?: number; delayMs?: (page: number) => number } = {}) {
  const requested: number[] = [];
  const fetch = async (page: number) => {
    requested.push(page);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs?.(page) ?? 1));
    if (page === options.failing) throw new Error(`page ${page} failed`);
    return { data: [`${page}a`, `${page}b`], totalPages: 5 };
  };
  return { fetch, requested };
}

describe('readAll', () => {
  it('returns every item in page order, whatever order the pages land in', async () => {
    const { fetch } = pages({ delayMs: (page) => (6 - page) * 5 });
    expect(await readAll(fetch, (item) => item.toUpperCase(), createLimiter(4))).toEqual([
      '1A',
      '1B',
      '2A',
      '2B',
      '3A',
      '3B',
      '4A',
      '4B',
      '5A',
      '5B',
    ]);
  });

  it('requests no page queued behind one that failed', async () => {
    const { fetch, requested } = pages({ failing: 2 });
    await expect(readAll(fetch, (item) => item, createLimiter(1))).rejects.toThrow('page 2 failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requested).toEqual([1, 2]);
  });
});

describe('eachPage', () => {
  it('ends when `take` throws: queued pages are not requested, one in flight is not taken', async () => {
    // Two at a time: page 3 is in flight (slower) when page 2's take throws.
    const { fetch, requested } = pages({ delayMs: (page) => (page === 3 ? 40 : 1) });
    const taken: number[] = [];
    const take = (_data: string[], page: number) => {
      taken.push(page);
      if (page === 2) throw new Error('over budget');
    };
    await expect(eachPage(fetch, take, createLimiter(2))).rejects.toThrow('over budget');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requested).toEqual([1, 2, 3]);
    expect(taken).toEqual([1, 2]);
  });
});
