// SharedStore on Redis (ioredis), for several replicas. A Redis that is slow or gone must never hang
// or crash the gateway: every command fails after `commandTimeoutMs`; while disconnected, commands
// are not queued and fail at once (only the very first connect is waited for, at most that long, so
// a fresh replica does not refuse its first requests); the client reconnects in the background; its
// 'error' events are logged, never thrown. Failures surface as StateUnavailableError and each caller
// decides what that means (idempotency refuses the write, token and snapshot sharing fall back to
// this replica alone, rate limits and APQ fail open).
import { Redis } from 'ioredis';
import { ADD_IN_WINDOW, DELETE_IF, REPLACE_IF } from './redis-scripts.js';
import { type Lease, type SharedStore, StateUnavailableError, takeLease, type WindowTotal } from './store.js';

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  /** Where connection trouble is reported (once per outage, not once per command). */
  log?: (line: string) => void;
}

interface Scripts {
  deleteIf(key: string, expected: string): Promise<number>;
  replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<number>;
  addInWindow(key: string, amount: number, windowMs: number): Promise<[number, number]>;
}

export class RedisStore implements SharedStore {
  readonly kind = 'redis';
  private readonly redis: Redis & Scripts;
  private healthy = true;
  /**
   * Pending while the very first connect runs (bounded by `commandTimeoutMs`), then undefined. After
   * it, a connection that is not ready is known to be down: commands fail at once instead of each
   * waiting out the timeout, which during an outage would add it to every Redis operation of every request.
   */
  private firstConnect: Promise<void> | undefined;

  constructor(options: RedisStoreOptions) {
    const log = options.log ?? ((line: string) => console.warn(line));
    const redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(options.commandTimeoutMs, 1_000),
      // No queue while disconnected: a queue would hold requests hostage to an outage.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Connected in the background: the gateway starts (and serves reads) with Redis down.
      lazyConnect: true,
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    redis.defineCommand('deleteIf', { numberOfKeys: 1, lua: DELETE_IF });
    redis.defineCommand('replaceIf', { numberOfKeys: 1, lua: REPLACE_IF });
    redis.defineCommand('addInWindow', { numberOfKeys: 1, lua: ADD_IN_WINDOW });
    redis.on('error', (error: Error) => {
      if (!this.healthy) return;
      this.healthy = false;
      log(`Redis (shared state) unavailable: ${error.message}; idempotent mutations are refused until it is back`);
    });
    redis.on('ready', () => {
      if (this.healthy) return;
      this.healthy = true;
      log('Redis (shared state) reachable again');
    });
    this.redis = redis as Redis & Scripts;
    // One promise and one timer shared by every command sent meanwhile (no listener per command).
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.commandTimeoutMs);
    });
    const connecting = redis.connect().then(
      () => undefined,
      () => undefined,
    );
    this.firstConnect = Promise.race([connecting, bound]).then(() => {
      clearTimeout(timer);
      this.firstConnect = undefined;
    });
  }

  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      if (this.firstConnect && this.redis.status !== 'ready') await this.firstConnect;
      // Not ready now: ioredis rejects at once (no offline queue) while it reconnects in the background.
      return await command();
    } catch (error) {
      throw new StateUnavailableError(operation, error);
    }
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.run('get', () => this.redis.get(key))) ?? undefined;
  }

  async ttl(key: string): Promise<number | undefined> {
    const ms = await this.run('pttl', () => this.redis.pttl(key));
    return ms < 0 ? undefined : ms;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.run('set', () => this.redis.set(key, value, 'PX', ttlMs));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.run('set nx', () => this.redis.set(key, value, 'PX', ttlMs, 'NX'))) === 'OK';
  }

  async replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.run('replace if', () => this.redis.replaceIf(key, expected, value, ttlMs))) === 1;
  }

  async delete(key: string): Promise<void> {
    await this.run('del', () => this.redis.del(key));
  }

  async deleteIf(key: string, expected: string): Promise<boolean> {
    return (await this.run('delete if', () => this.redis.deleteIf(key, expected))) === 1;
  }

  async addInWindow(key: string, amount: number, windowMs: number): Promise<WindowTotal> {
    const [total, left] = await this.run('add in window', () => this.redis.addInWindow(key, amount, windowMs));
    return { total, resetAt: Date.now() + left };
  }

  lock(key: string, leaseMs: number): Promise<Lease | undefined> {
    return takeLease(this, key, leaseMs);
  }

  async close(): Promise<void> {
    // quit() waits for pending replies; a Redis that is gone gets disconnect() instead.
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1_000).unref())]);
    this.redis.disconnect();
  }
}
