// What one client may ask of the gateway, before any vendor call. Read from the environment by
// src/config.ts (GATEWAY_MAX_*, GATEWAY_RATE_LIMIT_*); the defaults let every documented example and
// every test query through and stop the fan-out attacks of issue 10.
export interface LimitSettings {
  /** Field nesting, counted through fragments (a spread adds no level of its own). */
  maxDepth: number;
  /** Aliased fields in one operation (`a: customer(…) b: customer(…)`). */
  maxAliases: number;
  /** Lexical tokens in one document, checked while parsing. */
  maxTokens: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /** Estimated vendor calls of one operation (see cost.ts). */
  maxCost: number;
  /** Characters in any string argument or variable; `email` arguments take `maxEmailLength`. */
  maxStringLength: number;
  maxEmailLength: number;
  /** Serialized bytes of any JSON argument (attributes, preference values). */
  maxJsonBytes: number;
  /** Bytes of a request body. */
  maxBodyBytes: number;
  rateLimit: {
    /** Requests per client and window; 0 turns the limit off. */
    requests: number;
    /** Estimated vendor calls per client and window; 0 turns the limit off. */
    cost: number;
    windowMs: number;
  };
}

export const DEFAULT_LIMITS: LimitSettings = {
  maxDepth: 12,
  maxAliases: 50,
  maxTokens: 5_000,
  maxDirectives: 50,
  maxCost: 1_000,
  maxStringLength: 10_000,
  maxEmailLength: 254,
  maxJsonBytes: 65_536,
  maxBodyBytes: 2_097_152,
  rateLimit: { requests: 1_200, cost: 60_000, windowMs: 60_000 },
};

/**
 * Rate limits for demo mode, tests and benchmarks, which send many requests from one client on
 * purpose; laid under the environment, so a variable set there still wins.
 */
export const DEMO_LIMIT_ENV: Readonly<Record<string, string>> = {
  GATEWAY_RATE_LIMIT_REQUESTS: '1000000',
  GATEWAY_RATE_LIMIT_COST: '100000000',
};
