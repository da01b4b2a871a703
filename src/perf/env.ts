// Gateway-wide performance settings (src/perf/), spread into GATEWAY_ENV by src/config.ts.
import { z } from 'zod';

export const PERF_ENV = {
  GATEWAY_JIT: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('execute operations with graphql-jit (compiled once per document); those it cannot compile run on graphql-js; default: true'),
};

export interface PerfSettings {
  /** graphql-jit for operations it can compile. */
  jit: boolean;
}

export function readPerf(env: { GATEWAY_JIT: boolean }): PerfSettings {
  return { jit: env.GATEWAY_JIT };
}
