import { Pool } from 'undici';
import type { ResilienceSettings } from '../resilience/env.js';

export interface PoolSettings {
  timeoutMs: number;
  maxConnections: number;
  /** Upper bound on concurrent single-item lookups for vendors without a multi-id read. */
  maxConcurrency: number;
  /** Retries, breaker and quota of the vendor's calls (src/resilience/). */
  resilience: ResilienceSettings;
}

/** One keep-alive pool per vendor origin; its caps are the only path to the vendor. */
export function createVendorPool(baseUrl: string, settings: PoolSettings): Pool {
  return new Pool(new URL(baseUrl).origin, {
    connections: settings.maxConnections,
    connectTimeout: Math.min(settings.timeoutMs, 5_000),
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
    keepAliveTimeout: 4_000,
  });
}
