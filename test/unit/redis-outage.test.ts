// A Redis outage must cost each request nothing more than an immediate StateUnavailableError: once
// the store knows the connection is down, commands fail at once instead of each waiting out
// REDIS_COMMAND_TIMEOUT_MS. The bound below (a concurrent batch of 50 under one timeout) proves that
// no command waited for the timeout, it is not a speed claim: commands waiting concurrently would
// take the whole timeout together, so a bound of 2 × the timeout would not tell the two apart. A hung Redis (stopped, connection still open) fails
// each command after one timeout.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/state/redis-store.js';
import { StateUnavailableError } from '../../src/state/store.js';
import { freePort } from '../support/ports.js';
import { startRedisServer, type TestRedis, uniquePrefix } from '../support/redis.js';

const TIMEOUT_MS = 1_000;
const stores: RedisStore[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

function storeOn(url: string): RedisStore {
  const store = new RedisStore({ url, keyPrefix: uniquePrefix('outage'), commandTimeoutMs: TIMEOUT_MS, log: () => undefined });
  stores.push(store);
  return store;
}

/** Sends 50 commands at once; every one must reject with StateUnavailableError. Returns the batch's duration. */
async function batchOfFifty(store: RedisStore): Promise<number> {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.get(`k${i}`)));
  const elapsed = performance.now() - started;
  for (const result of results) {
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StateUnavailableError);
  }
  return elapsed;
}

beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

describe('redis store during an outage', () => {
  it('fails 50 concurrent commands at once after the connection it had dropped, without a listener per command', async () => {
    const server = await startRedisServer();
    const store = storeOn(server.url);
    await store.set('k', 'v', 60_000);
    await server.stop();
    // The outage is detected: a command fails.
    await expect
      .poll(() =>
        store.get('k').then(
          () => 'served',
          (error: unknown) => error instanceof StateUnavailableError,
        ),
      )
      .toBe(true);

    expect(await batchOfFifty(store)).toBeLessThan(TIMEOUT_MS);
    // Let a pending process warning (emitted on the next tick) arrive before checking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('waits for the very first connect only once: after it failed, commands fail at once', async () => {
    const store = storeOn(`redis://127.0.0.1:${await freePort()}`);
    await expect(store.get('k')).rejects.toBeInstanceOf(StateUnavailableError);
    expect(await batchOfFifty(store)).toBeLessThan(TIMEOUT_MS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  describe('with a hung server (SIGSTOP)', () => {
    let server: TestRedis;
    afterEach(async () => {
      server.process?.kill('SIGCONT');
      await server.stop();
    });

    it('fails each command after one timeout instead of hanging, and serves again once the server resumes', async () => {
      server = await startRedisServer();
      const store = storeOn(server.url);
      await store.set('k', 'v', 60_000);
      server.process?.kill('SIGSTOP');

      const started = performance.now();
      await expect(store.get('k')).rejects.toBeInstanceOf(StateUnavailableError);
      expect(performance.now() - started).toBeLessThan(2 * TIMEOUT_MS);

      server.process?.kill('SIGCONT');
      await expect.poll(() => store.get('k').catch(() => 'unavailable')).toBe('v');
    });
  });
});
