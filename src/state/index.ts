// The one SharedStore of a gateway process, picked by configuration: Redis when REDIS_URL is set,
// this process's memory otherwise.
import type { StateConfig } from './env.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import type { SharedStore } from './store.js';

export function createSharedStore(config: StateConfig, log?: (line: string) => void): SharedStore {
  if (!config.redis) return new MemoryStore({ maxBytes: config.memory.maxBytes });
  return new RedisStore({ ...config.redis, ...(log ? { log } : {}) });
}

/** Polls until `check` returns a value or `deadline` (epoch ms) passes; for waiting on another replica. */
export async function pollUntil<T>(check: () => Promise<T | undefined>, deadline: number, intervalMs = 25): Promise<T | undefined> {
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export { DEFAULT_MEMORY_STATE_MAX_BYTES, MemoryStore } from './memory-store.js';
export { RedisStore } from './redis-store.js';
export { type Lease, type SharedStore, StateUnavailableError, StateValueTooLargeError, type WindowTotal } from './store.js';
