// Building blocks for a vendor's environment variables. Every variable carries its `.describe()`
// text: the README configuration table is generated from it (`npm run docs:config`).
import { z } from 'zod';
import type { PoolSettings } from '../http/pool.js';
import { RESILIENCE_ENV, resilienceSettings } from '../resilience/env.js';

// Which variables hold a vendor host or a credential: their values are scrubbed from every vendor
// message before it can reach a client (see src/auth/scrub.ts).
const URL_VARIABLES = new WeakSet<z.core.$ZodType>();
const SECRET_VARIABLES = new WeakSet<z.core.$ZodType>();

export function isUrlVariable(schema: z.core.$ZodType): boolean {
  return URL_VARIABLES.has(schema);
}

export function isSecretVariable(schema: z.core.$ZodType): boolean {
  return SECRET_VARIABLES.has(schema);
}

/** An http(s) base URL; optional because a vendor is enabled only when its URL is set. */
export function envUrl(meaning: string) {
  const schema = z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .describe(meaning);
  URL_VARIABLES.add(schema);
  return schema;
}

/** A credential or name the vendor needs once its URL is set (list it in `requiredWithUrl`). */
export function envSecret(meaning: string) {
  const schema = z.string().min(1, 'must not be empty').optional().describe(meaning);
  SECRET_VARIABLES.add(schema);
  return schema;
}

/** A JSON document in one variable, validated by `shape` after parsing. */
export function envJson<T extends z.ZodType>(shape: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(shape);
}

export function envPositiveInt(fallback: number, meaning: string) {
  return z.coerce.number().int().positive().default(fallback).describe(meaning);
}

/**
 * Pool settings every vendor has. Shared schema objects, so the README documents them once as
 * `<VENDOR>_…`; a vendor that needs another default or meaning declares its own field instead.
 */
export const POOL_ENV = {
  TIMEOUT_MS: envPositiveInt(
    10_000,
    "connect, headers and body timeouts of each vendor call once it holds a connection; a call's overall deadline, queueing included, is three times this",
  ),
  MAX_CONNECTIONS: envPositiveInt(16, 'undici pool size per vendor origin'),
  MAX_CONCURRENCY: envPositiveInt(
    8,
    'concurrent single-item lookups and per-item reads for vendors without a multi-id read (for a vendor read by export: concurrent exports)',
  ),
  // Retries, breaker and quota (src/resilience/env.ts).
  ...RESILIENCE_ENV,
};

type PoolEnv = { [K in keyof typeof POOL_ENV]: z.output<(typeof POOL_ENV)[K]> };

export function poolSettings(env: PoolEnv): PoolSettings {
  return {
    timeoutMs: env.TIMEOUT_MS,
    maxConnections: env.MAX_CONNECTIONS,
    maxConcurrency: env.MAX_CONCURRENCY,
    resilience: resilienceSettings(env, env.MAX_CONNECTIONS),
  };
}
