// The limits plugins in the order they must run: the request rate and body cap before parsing,
// persisted documents when the parameters are read, the document rules at parse and validation,
// and the variable-dependent checks (input sizes, cost, cost budget) just before execution.
import type { Plugin } from 'graphql-yoga';
import { useAutomaticPersistedQueries } from '../persisted/apq.js';
import { MemoryPersistedQueryStore, type PersistedQueryStore } from '../persisted/store.js';
import { type TrustedManifest, useTrustedDocuments } from '../persisted/trusted-documents.js';
import { useBodyLimit } from './body-limit.js';
import { useExecutionGuard } from './execution-guard.js';
import { useQueryRules } from './query-rules.js';
import { useRequestRateLimit } from './rate-limit.js';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit-store.js';
import { DEFAULT_LIMITS, type LimitSettings } from './settings.js';

export interface LimitsOptions {
  limits?: LimitSettings;
  /** Operations allowed in trusted-documents mode; absent, any document runs (with APQ). */
  trustedDocuments?: TrustedManifest | undefined;
  rateLimitStore?: RateLimitStore;
  persistedQueryStore?: PersistedQueryStore;
  vendorCount: () => number;
  now?: () => number;
}

export function limitPlugins(options: LimitsOptions): Plugin[] {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const store = options.rateLimitStore ?? new MemoryRateLimitStore();
  return [
    useRequestRateLimit(limits.rateLimit, store, options.now),
    useBodyLimit(limits.maxBodyBytes),
    options.trustedDocuments
      ? useTrustedDocuments(options.trustedDocuments)
      : useAutomaticPersistedQueries(options.persistedQueryStore ?? new MemoryPersistedQueryStore()),
    useQueryRules(limits),
    useExecutionGuard({ limits, store, vendorCount: options.vendorCount, ...(options.now ? { now: options.now } : {}) }),
  ];
}

export { DEFAULT_LIMITS, type LimitSettings } from './settings.js';
