// Gateway-wide logging, metrics and tracing settings. src/config.ts spreads OBSERVABILITY_ENV into
// its schema (so the README table documents them) and calls readObservability.
import { z } from 'zod';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

export const OBSERVABILITY_ENV = {
  LOG_LEVEL: z
    .enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` })
    .default('info')
    .describe('least level written: one JSON line per request at `info`, failed and retried vendor calls at `warn`'),
  LOG_PRETTY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional()
    .describe(
      'human-readable log lines through pino-pretty (a dev dependency); default: on with `NODE_ENV=development` and in demo mode, else JSON',
    ),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65_535)
    .optional()
    .describe(
      'serve Prometheus `/metrics` on this port only (required for metrics in production); unset: on the gateway port, unauthenticated, except with `NODE_ENV=production`',
    ),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ error: 'must be a URL' })
    .optional()
    .describe('OTLP/HTTP collector (`http://collector:4318`): switches OpenTelemetry tracing on; unset: no tracing'),
  OTEL_SERVICE_NAME: z.string().min(1).default('cdp-gateway').describe('`service.name` of the spans'),
};

type ObservabilityEnv = z.output<z.ZodObject<typeof OBSERVABILITY_ENV>>;

export interface ObservabilityConfig {
  logLevel: LogLevel;
  /** Pretty log lines (pino-pretty, when installed) instead of JSON. */
  logPretty: boolean;
  /** Port of the separate metrics listener; undefined serves `/metrics` on the gateway port. */
  metricsPort: number | undefined;
  /** OTLP/HTTP endpoint; tracing is on only when set. */
  otlpEndpoint: string | undefined;
  serviceName: string;
}

export function readObservability(env: ObservabilityEnv & { NODE_ENV?: string | undefined }): ObservabilityConfig {
  return {
    logLevel: env.LOG_LEVEL,
    logPretty: env.LOG_PRETTY ?? env.NODE_ENV === 'development',
    metricsPort: env.METRICS_PORT,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: env.OTEL_SERVICE_NAME,
  };
}
