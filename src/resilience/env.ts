// Resilience settings: the request deadline (gateway-wide) and, per vendor, retries, retry budget,
// circuit breaker and quota. The per-vendor block is spread into POOL_ENV (src/vendors/env.ts), so
// every vendor has each of them as `<VENDOR>_…` with one README row.
import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './deadline.js';

const positive = (fallback: number, text: string) => z.coerce.number().int().positive().default(fallback).describe(text);
const count = (fallback: number, text: string) => z.coerce.number().int().min(0).default(fallback).describe(text);

export const REQUEST_ENV = {
  GATEWAY_REQUEST_TIMEOUT_MS: positive(
    DEFAULT_REQUEST_TIMEOUT_MS,
    'deadline of one GraphQL request: every vendor call made for it, queued or in flight, is aborted when it passes',
  ),
};

export const RESILIENCE_ENV = {
  RETRY_MAX_ATTEMPTS: positive(
    3,
    'attempts per read (and per write the vendor documents as idempotent), first one included; 1: no retries',
  ),
  RETRY_BASE_DELAY_MS: positive(100, 'first backoff before a retry; later ones grow exponentially, with jitter'),
  RETRY_MAX_DELAY_MS: positive(
    5_000,
    'longest wait before a retry; a `Retry-After` longer than this is not waited for (the client gets `retryAfterSeconds`)',
  ),
  RETRY_BUDGET_RATIO: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .describe('retries allowed per vendor as a share of its first attempts in the last 10 s (on top of RETRY_BUDGET_MIN)'),
  RETRY_BUDGET_MIN: count(10, 'retries per vendor always allowed in any 10 s, so a quiet vendor can still be retried'),
  BREAKER_THRESHOLD: positive(5, 'consecutive failed calls (connection errors, timeouts, 5xx) that open the circuit breaker'),
  BREAKER_COOLDOWN_MS: positive(10_000, 'time an open breaker fails calls at once before letting one probe call through'),
  RATE_LIMIT: count(0, 'calls per second to the vendor; 0: no limit (still lowered automatically while the vendor answers 429)'),
  RATE_LIMIT_FLOOR: positive(1, 'calls per second the quota is never lowered below while the vendor answers 429'),
  QUEUE_MAX: count(100, 'calls that may wait for the quota; one more fails at once with UPSTREAM_RATE_LIMITED'),
};

export interface ResilienceSettings {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budgetRatio: number;
  budgetMin: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
  /** Calls per second; 0 = unlimited. */
  rateLimit: number;
  rateFloor: number;
  queueMax: number;
  /** Calls in flight when not throttled (the pool size, `<VENDOR>_MAX_CONNECTIONS`); lowered with the rate under 429. */
  concurrency: number;
}

type ResilienceEnv = { [K in keyof typeof RESILIENCE_ENV]: z.output<(typeof RESILIENCE_ENV)[K]> };

export function resilienceSettings(env: ResilienceEnv, concurrency: number): ResilienceSettings {
  return {
    maxAttempts: env.RETRY_MAX_ATTEMPTS,
    baseDelayMs: env.RETRY_BASE_DELAY_MS,
    maxDelayMs: env.RETRY_MAX_DELAY_MS,
    budgetRatio: env.RETRY_BUDGET_RATIO,
    budgetMin: env.RETRY_BUDGET_MIN,
    breakerThreshold: env.BREAKER_THRESHOLD,
    breakerCooldownMs: env.BREAKER_COOLDOWN_MS,
    rateLimit: env.RATE_LIMIT,
    rateFloor: env.RATE_LIMIT_FLOOR,
    queueMax: env.QUEUE_MAX,
    concurrency,
  };
}

/** The defaults, for code that builds a VendorHttp without an environment (tests of single clients). */
export const DEFAULT_RESILIENCE: ResilienceSettings = resilienceSettings(z.object(RESILIENCE_ENV).parse({}), 16);
