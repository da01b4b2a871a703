// REDIS_* variables: whether replicas share state through Redis, and how long a Redis command may
// take. src/config.ts spreads STATE_ENV into GATEWAY_ENV (so the README table documents them).
import { z } from 'zod';
import { DEFAULT_APQ_MAX_BYTES } from '../persisted/store.js';
import { DEFAULT_MEMORY_STATE_MAX_BYTES } from './memory-store.js';

/** Below this an idempotency claim or a small document might not fit at all. */
const MIN_MEMORY_BUDGET_BYTES = 65_536;
const memoryBudget = (fallback: number, text: string) =>
  z.coerce.number().int().min(MIN_MEMORY_BUDGET_BYTES).default(fallback).describe(text);

export const STATE_ENV = {
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional()
    .describe(
      'Redis shared by every replica (idempotency keys, vendor tokens, Bloomreach snapshots, rate limits, APQ); unset: all state stays in this process (README "Running several replicas")',
    ),
  REDIS_KEY_PREFIX: z
    .string()
    .min(1)
    .default('cdp:')
    .describe('prefix of every Redis key, so several deployments (or tests) can share one Redis'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(500)
    .describe('longest a Redis command may take before it fails (requests never wait longer on Redis than this per command)'),
  MEMORY_STATE_MAX_BYTES: memoryBudget(
    DEFAULT_MEMORY_STATE_MAX_BYTES,
    'without REDIS_URL: bytes of idempotency records (each holds its whole response for replay) this process keeps, least recently used dropped first, plus up to a quarter of it for claims of mutations still running (never dropped); a record over a sixteenth of it is not kept for replay (logged; README "Memory budgets")',
  ),
  MEMORY_APQ_MAX_BYTES: memoryBudget(
    DEFAULT_APQ_MAX_BYTES,
    'without REDIS_URL: bytes of automatic-persisted-query documents this process keeps, least recently used dropped first (a client whose hash was dropped sends its document again)',
  ),
};

export interface StateConfig {
  /** Absent: every replica keeps its own state in memory. */
  redis: { url: string; keyPrefix: string; commandTimeoutMs: number } | undefined;
  /** Byte budgets of the state kept in this process when there is no Redis. */
  memory: { maxBytes: number; apqMaxBytes: number };
}

type StateEnv = z.output<z.ZodObject<typeof STATE_ENV>>;

export function readState(env: StateEnv): StateConfig {
  return {
    redis: env.REDIS_URL
      ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS }
      : undefined,
    memory: { maxBytes: env.MEMORY_STATE_MAX_BYTES, apqMaxBytes: env.MEMORY_APQ_MAX_BYTES },
  };
}
