// Gateway-wide performance settings (src/perf/), spread into GATEWAY_ENV by src/config.ts.
import { z } from 'zod';
import { DEFAULT_DOCUMENT_CACHE_MAX_BYTES } from './document-cache.js';

export const PERF_ENV = {
  GATEWAY_JIT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('execute operations with graphql-jit (compiled once per document); those it cannot compile run on graphql-js; default: true'),
  GATEWAY_DOCUMENT_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(65_536)
    .default(DEFAULT_DOCUMENT_CACHE_MAX_BYTES)
    .describe(
      'bytes of parsed documents (with their compiled plans) kept between requests, least recently used dropped first; a document that does not fit is parsed again per request',
    ),
};

export interface PerfSettings {
  /** graphql-jit for operations it can compile. */
  jit: boolean;
  /** Budget of the parse cache (src/perf/document-cache.ts). */
  documentCacheMaxBytes: number;
}

export function readPerf(env: { GATEWAY_JIT: boolean; GATEWAY_DOCUMENT_CACHE_MAX_BYTES: number }): PerfSettings {
  return { jit: env.GATEWAY_JIT, documentCacheMaxBytes: env.GATEWAY_DOCUMENT_CACHE_MAX_BYTES };
}
