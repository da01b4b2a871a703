import { describe, expect, it } from 'vitest';
import { pageByIndexWithoutTotal, singlePageFor } from '../../src/pagination/page-index.js';

/** A bare-array list of `total` items paged by 1-based index, recording the calls it receives. */
function vendor(total: number) {
  const calls: [number, number][] = [];
  const fetch = async (index: number, size: number): Promise<number[]> => {
    calls.push([index, size]);
    const start = (index - 1) * size;
    return Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
  };
  return { fetch, calls };
}

const window = (offset: number, limit: number) => ({ offset, limit, fingerprint: 'f', after: undefined });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('singlePageFor', () => {
  it('takes the exact size when the range starts on a page boundary', () => {
    expect(singlePageFor(0, 11)).toEqual({ size: 11, index: 1 });
    expect(singlePageFor(22, 33)).toEqual({ size: 11, index: 3 });
  });

  it('takes the smallest larger size whose one page holds the range', () => {
    // [10, 21): sizes 11 to 20 all cut it in two; a page of 21 holds it whole.
    expect(singlePageFor(10, 21)).toEqual({ size: 21, index: 1 });
    // [5, 7): sizes 2 and 3 cut it; page 2 of size 4 is [4, 8).
    expect(singlePageFor(5, 7)).toEqual({ size: 4, index: 2 });
    expect(singlePageFor(1, 3)).toEqual({ size: 3, index: 1 });
  });

  it('always finds a page for one item', () => {
    expect(singlePageFor(3, 4)).toEqual({ size: 1, index: 4 });
  });

  it('reads at most twice the items needed: none when only a larger page would hold the range', () => {
    // [11, 13): sizes 2, 3 and 4 all put 11 and 12 on different pages; 5 would do, but is over 2 × 2.
    expect(singlePageFor(11, 13)).toBeUndefined();
    // [23, 26): sizes 3 to 6 all cut it.
    expect(singlePageFor(23, 26)).toBeUndefined();
  });
});

describe('pageByIndexWithoutTotal', () => {
  it('reads a first page with one call, one item past the window to know there is more', async () => {
    const v = vendor(100);
    const page = await pageByIndexWithoutTotal(window(0, 10), v.fetch);
    expect(page.items).toEqual(range(0, 10));
    expect(page.hasNextPage).toBe(true);
    expect(v.calls).toEqual([[1, 11]]);
    expect(await page.totalCount?.()).toBeNull();
  });

  it('costs one call per page on a walk with a constant first', async () => {
    const v = vendor(1_000);
    const seen: number[] = [];
    for (let offset = 0; offset < 50; offset += 10) {
      const page = await pageByIndexWithoutTotal(window(offset, 10), v.fetch);
      seen.push(...page.items);
    }
    expect(seen).toEqual(range(0, 50));
    expect(v.calls).toHaveLength(5);
  });

  it('reads two adjacent pages when no single page holds the window', async () => {
    const v = vendor(200);
    // The window [23, 25) plus one item: [23, 26), which no page of 3 to 6 items holds.
    const page = await pageByIndexWithoutTotal(window(23, 2), v.fetch);
    expect(page.items).toEqual([23, 24]);
    expect(page.hasNextPage).toBe(true);
    expect(v.calls).toEqual([
      [8, 3],
      [9, 3],
    ]);
    expect(await page.totalCount?.()).toBeNull();
  });

  it('knows the total when the second of two pages comes back short', async () => {
    const v = vendor(25);
    const page = await pageByIndexWithoutTotal(window(23, 2), v.fetch);
    expect(page.items).toEqual([23, 24]);
    expect(page.hasNextPage).toBe(false);
    expect(await page.totalCount?.()).toBe(25);
  });

  it('says there is no next page, and knows the total, when the list ends inside the read', async () => {
    const v = vendor(25);
    const page = await pageByIndexWithoutTotal(window(20, 10), v.fetch);
    expect(page.items).toEqual(range(20, 25));
    expect(page.hasNextPage).toBe(false);
    expect(await page.totalCount?.()).toBe(25);
  });

  it('at the boundary: a window ending one before the last item has a next page, one ending on it has none', async () => {
    const v = vendor(30);
    const before = await pageByIndexWithoutTotal(window(19, 10), v.fetch);
    expect(before.items).toEqual(range(19, 29));
    expect(before.hasNextPage).toBe(true);
    const last = await pageByIndexWithoutTotal(window(20, 10), v.fetch);
    expect(last.items).toEqual(range(20, 30));
    expect(last.hasNextPage).toBe(false);
    expect(await last.totalCount?.()).toBe(30);
  });

  it('answers an empty page past the end', async () => {
    const v = vendor(5);
    const page = await pageByIndexWithoutTotal(window(40, 10), v.fetch);
    expect(page.items).toEqual([]);
    expect(page.hasNextPage).toBe(false);
  });

  it('reads one item for first: 0, to say whether there is any', async () => {
    const v = vendor(5);
    const page = await pageByIndexWithoutTotal(window(0, 0), v.fetch);
    expect(page.items).toEqual([]);
    expect(page.hasNextPage).toBe(true);
    expect(v.calls).toEqual([[1, 1]]);
  });
});
