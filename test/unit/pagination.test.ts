import { describe, expect, it } from 'vitest';
import { type NumberedPage, pageByNumber, pageWindow } from '../../src/pagination/connection.js';
import { fingerprint } from '../../src/pagination/cursor.js';

/** A vendor list of `total` items paged by number, recording the calls it receives. */
function vendor(total: number) {
  const calls: [number, number][] = [];
  const fetch = async (page: number, size: number): Promise<NumberedPage<number>> => {
    calls.push([page, size]);
    const start = (page - 1) * size;
    return {
      items: Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i),
      totalPages: Math.ceil(total / size),
    };
  };
  return { fetch, calls };
}

const window = (offset: number, limit: number) => ({ ...pageWindow({ first: limit }, 'f'), offset });

describe('pageByNumber', () => {
  it('uses one vendor page when the window is aligned', async () => {
    const v = vendor(95);
    const page = await pageByNumber(window(40, 20), v.fetch);
    expect(page.items).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(page.hasNextPage).toBe(true);
    expect(v.calls).toEqual([[3, 20]]);
  });

  it('stitches two vendor pages when the window straddles them', async () => {
    const v = vendor(95);
    const page = await pageByNumber(window(45, 20), v.fetch);
    expect(page.items).toEqual(Array.from({ length: 20 }, (_, i) => 45 + i));
    expect(v.calls).toEqual([
      [3, 20],
      [4, 20],
    ]);
  });

  it('knows exactly when the last item was reached', async () => {
    for (const total of [0, 1, 19, 20, 21, 100]) {
      for (let offset = 0; offset <= total; offset += 7) {
        const v = vendor(total);
        const page = await pageByNumber(window(offset, 10), v.fetch);
        expect(page.items.length).toBe(Math.max(0, Math.min(10, total - offset)));
        expect(page.hasNextPage).toBe(offset + 10 < total);
        expect(await page.totalCount?.()).toBe(total);
      }
    }
  });
});

describe('cursor fingerprints', () => {
  it('do not depend on key order, and differ for different filters', () => {
    expect(fingerprint('c', { a: 1, b: [2] })).toBe(fingerprint('c', { b: [2], a: 1 }));
    expect(fingerprint('c', { a: 1 })).not.toBe(fingerprint('c', { a: 2 }));
  });
});
