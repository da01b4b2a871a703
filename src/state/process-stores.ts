// The stores a gateway keeps in its own memory when replicas share no Redis (idempotency records,
// APQ documents), each within its byte budget, with what each holds for the `cdp_cache_bytes` gauge.
// With Redis the idempotency records live there and the APQ store comes from sharedLimitStores.
import { DEFAULT_APQ_MAX_BYTES, MemoryPersistedQueryStore } from '../persisted/store.js';
import type { StateConfig } from './env.js';
import { DEFAULT_MEMORY_STATE_MAX_BYTES, MemoryStore } from './memory-store.js';
import type { SharedStore } from './store.js';

export interface ProcessStores {
  idempotency: SharedStore;
  /** Absent with Redis. */
  apq: MemoryPersistedQueryStore | undefined;
  cacheBytes: Record<string, () => number>;
}

const DEFAULT_BUDGETS: StateConfig['memory'] = { maxBytes: DEFAULT_MEMORY_STATE_MAX_BYTES, apqMaxBytes: DEFAULT_APQ_MAX_BYTES };

export function processStores(state: SharedStore | undefined, budgets: StateConfig['memory'] = DEFAULT_BUDGETS): ProcessStores {
  if (state?.kind === 'redis') return { idempotency: state, apq: undefined, cacheBytes: {} };
  const idempotency = new MemoryStore({ maxBytes: budgets.maxBytes });
  const apq = new MemoryPersistedQueryStore({ maxBytes: budgets.apqMaxBytes });
  return { idempotency, apq, cacheBytes: { idempotency: () => idempotency.bytes, apq: () => apq.bytes } };
}
