// The limits' stores on the shared state when it is Redis; in memory the limits keep their own
// stores (the APQ one is an LRU, which a TTL-only memory store would not be).
import { SharedRateLimitStore } from '../limits/shared-rate-limit-store.js';
import { SharedPersistedQueryStore } from '../persisted/shared-store.js';
import type { SharedStore } from './store.js';

export function sharedLimitStores(state: SharedStore | undefined): {
  rateLimitStore?: SharedRateLimitStore;
  persistedQueryStore?: SharedPersistedQueryStore;
} {
  if (state?.kind !== 'redis') return {};
  return { rateLimitStore: new SharedRateLimitStore(state), persistedQueryStore: new SharedPersistedQueryStore(state) };
}
