// The stores a gateway keeps in its own memory when replicas share no Redis (idempotency records,
// APQ documents), each within its byte budget, with what each holds for the `cdp_cache_bytes` gauge.
// With Redis the idempotency records live there and the APQ store comes from sharedLimitStores.
import { MemoryPersistedQueryStore } from '../persisted/store.js';
import type { StateConfig } from './env.js';
import { MemoryStore } from './memory-store.js';
import type { SharedStore } from './store.js';

export interface ProcessStores {
  idempotency: SharedStore;
  /** Absent with Redis. */
  apq: MemoryPersistedQueryStore | undefined;
  cacheBytes: Record<string, () => number>;
}

/** Without `budgets` each store takes its own default (MEMORY_STATE_MAX_BYTES's and MEMORY_APQ_MAX_BYTES's). */
export function processStores(state: SharedStore | undefined, budgets?: StateConfig['memory']): ProcessStores {
  if (state?.kind === 'redis') return { idempotency: state, apq: undefined, cacheBytes: {} };
  const idempotency = new MemoryStore(budgets ? { maxBytes: budgets.maxBytes } : {});
  const apq = new MemoryPersistedQueryStore(budgets ? { maxBytes: budgets.apqMaxBytes } : {});
  return { idempotency, apq, cacheBytes: { idempotency: () => idempotency.bytes, apq: () => apq.bytes } };
}
