// REDIS_* variables: whether replicas share state through Redis, and how long a Redis command may
// take. src/config.ts spreads STATE_ENV into GATEWAY_ENV (so the README table documents them).
import { z } from 'zod';

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
};

export interface StateConfig {
  /** Absent: every replica keeps its own state in memory. */
  redis: { url: string; keyPrefix: string; commandTimeoutMs: number } | undefined;
}

type StateEnv = z.output<z.ZodObject<typeof STATE_ENV>>;

export function readState(env: StateEnv): StateConfig {
  return {
    redis: env.REDIS_URL
      ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS }
      : undefined,
  };
}
