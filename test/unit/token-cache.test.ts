import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { TokenCache } from '../../src/http/token-cache.js';

function fakeVendor(lifetimeMs: number) {
  let clock = 0;
  let issued = 0;
  const cache = new TokenCache({
    vendor: 'SYNERISE',
    now: () => clock,
    refreshMarginMs: 60_000,
    fetchToken: async () => {
      issued += 1;
      await new Promise((r) => setTimeout(r, 5));
      return { token: `t${issued}`, expiresAt: clock + lifetimeMs };
    },
  });
  return { cache, advance: (ms: number) => (clock += ms), issued: () => issued };
}

describe('TokenCache', () => {
  it('fetches once for many concurrent callers', async () => {
    const v = fakeVendor(3_600_000);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => v.cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['t1']));
    expect(v.issued()).toBe(1);
  });

  it('refreshes ahead of expiry by the margin, or a quarter of a short lifetime', async () => {
    const long = fakeVendor(3_600_000);
    await long.cache.get();
    long.advance(3_600_000 - 61_000);
    expect(await long.cache.get()).toBe('t1');
    long.advance(2_000); // inside the 60 s margin
    expect(await long.cache.get()).toBe('t2');

    const short = fakeVendor(40_000); // margin capped at 10 s
    await short.cache.get();
    short.advance(29_000);
    expect(await short.cache.get()).toBe('t1');
    short.advance(2_000);
    expect(await short.cache.get()).toBe('t2');
  });

  it('drops a token the vendor refused, but not a newer one', async () => {
    const v = fakeVendor(3_600_000);
    await v.cache.get();
    v.cache.invalidate('t0');
    expect(await v.cache.get()).toBe('t1');
    v.cache.invalidate('t1');
    expect(await v.cache.get()).toBe('t2');
  });
});

describe('TokenCache with refused credentials', () => {
  it('answers a refused login from memory for a while, then asks again', async () => {
    let clock = 0;
    let attempts = 0;
    const cache = new TokenCache({
      vendor: 'SYNERISE',
      now: () => clock,
      rejectionTtlMs: 5_000,
      fetchToken: async () => {
        attempts += 1;
        throw new UpstreamError('UPSTREAM_UNAUTHORIZED', 'key refused', { vendor: 'SYNERISE', retryable: false });
      },
    });
    await expect(cache.get()).rejects.toThrow('key refused');
    await expect(cache.get()).rejects.toThrow('key refused');
    expect(attempts).toBe(1);
    clock += 5_001;
    await expect(cache.get()).rejects.toThrow('key refused');
    expect(attempts).toBe(2);
  });

  it('does not remember a failure worth retrying', async () => {
    let attempts = 0;
    const cache = new TokenCache({
      vendor: 'SYNERISE',
      fetchToken: async () => {
        attempts += 1;
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'down', { vendor: 'SFCC', retryable: true });
      },
    });
    await expect(cache.get()).rejects.toThrow('down');
    await expect(cache.get()).rejects.toThrow('down');
    expect(attempts).toBe(2);
  });
});
