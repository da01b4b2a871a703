// Turns the environment into a typed configuration. Every problem is reported at once, so a
// deployment fails with one message listing all bad variables instead of one per restart.
// Gateway-wide variables live here; each vendor's own are in its descriptor (`vendors/<vendor>/config.ts`).
import { z } from 'zod';
import { readSecurity, SECURITY_ENV, type SecurityConfig } from './auth/env.js';
import { hostsOf } from './auth/scrub.js';
import type { Vendor } from './domain/vendor.js';
import { DEFAULT_LIMITS, type LimitSettings } from './limits/settings.js';
import { OBSERVABILITY_ENV, type ObservabilityConfig, readObservability } from './observability/env.js';
import { PERF_ENV, type PerfSettings, readPerf } from './perf/env.js';
import { REQUEST_ENV } from './resilience/env.js';
import { readState, STATE_ENV, type StateConfig } from './state/env.js';
import { envName } from './vendors/descriptor.js';
import { isSecretVariable, isUrlVariable } from './vendors/env.js';
import { VENDOR_DESCRIPTORS, type VendorConfigs } from './vendors/vendor-list.js';

// Limits (src/limits/): a block of its own so it merges cleanly with other gateway settings.
function limitsEnv() {
  const count = (fallback: number, text: string) => z.coerce.number().int().min(0).default(fallback).describe(text);
  const d = DEFAULT_LIMITS;
  return {
    GATEWAY_MAX_DEPTH: count(d.maxDepth, 'deepest field nesting of a query (fragments add no level)'),
    GATEWAY_MAX_ALIASES: count(d.maxAliases, 'aliased fields in one operation'),
    GATEWAY_MAX_TOKENS: count(d.maxTokens, 'lexical tokens in one document'),
    GATEWAY_MAX_DIRECTIVES: count(d.maxDirectives, 'directives in one operation'),
    GATEWAY_MAX_COST: count(d.maxCost, 'estimated vendor calls of one operation (README "Limits")'),
    GATEWAY_MAX_STRING_LENGTH: count(d.maxStringLength, 'characters in any string argument (emails: 254)'),
    GATEWAY_MAX_JSON_BYTES: count(d.maxJsonBytes, 'serialized bytes of any JSON argument (attributes, preference values)'),
    GATEWAY_MAX_BODY_BYTES: count(d.maxBodyBytes, 'bytes of a request body (admits a 5000-item batch)'),
    GATEWAY_RATE_LIMIT_REQUESTS: count(d.rateLimit.requests, 'requests per client and window; 0: no limit'),
    GATEWAY_RATE_LIMIT_COST: count(d.rateLimit.cost, 'estimated vendor calls per client and window; 0: no limit'),
    GATEWAY_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1).default(d.rateLimit.windowMs).describe('rate-limit window'),
    GATEWAY_TRUSTED_DOCUMENTS: z
      .string()
      .optional()
      .describe(
        'path of a trusted-documents manifest (`npm run codegen` writes test/generated/trusted-documents.json); only its operations run',
      ),
  };
}

export const GATEWAY_ENV = {
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000).describe('port the gateway listens on'),
  HOST: z.string().min(1).default('0.0.0.0').describe('interface the gateway listens on (demo mode: 127.0.0.1 unless set)'),
  DEMO_LATENCY_MS: z.coerce.number().min(0).default(5).describe('added latency of each sandbox call in demo mode (no vendor URL set)'),
  SHUTDOWN_DRAIN_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('least time the gateway keeps serving after SIGTERM, with `/readyz` at 503, so a load balancer can drain it'),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(20_000)
    .describe(
      'time after SIGTERM at which the process exits even with requests still in flight; must exceed SHUTDOWN_DRAIN_MS + GATEWAY_REQUEST_TIMEOUT_MS',
    ),
  ...limitsEnv(),
  ...SECURITY_ENV,
  ...REQUEST_ENV,
  ...PERF_ENV,
  ...STATE_ENV,
  ...OBSERVABILITY_ENV,
};
const gatewaySchema = z.object(GATEWAY_ENV);

export interface ShutdownSettings {
  /** Least time the gateway keeps serving (with `/readyz` at 503) after SIGTERM. */
  drainMs: number;
  /** Time from the signal after which the process exits even with requests still in flight. */
  timeoutMs: number;
}

export interface GatewayConfig extends VendorConfigs {
  port: number;
  host: string;
  demoLatencyMs: number;
  shutdown: ShutdownSettings;
  limits: LimitSettings;
  /** Path of the trusted-documents manifest, when only listed operations may run. */
  trustedDocuments: string | undefined;
  security: SecurityConfig;
  /** Deadline of one GraphQL request (src/resilience/deadline.ts). */
  requestTimeoutMs: number;
  perf: PerfSettings;
  /** Where replicas share state (REDIS_URL), if anywhere. */
  state: StateConfig;
  /** Logs, metrics and tracing (src/observability/). */
  observability: ObservabilityConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Names of the variables whose presence enables a vendor (`PIMCORE_URL`, …). */
const VENDOR_URL_VARIABLES: readonly string[] = VENDOR_DESCRIPTORS.map((d) => envName(d.vendor, 'URL'));

/** True when the environment sets any vendor URL; otherwise `npm start` runs the demo. */
export function anyVendorConfigured(env: Env): boolean {
  return VENDOR_URL_VARIABLES.some((name) => env[name]);
}

export function parseConfig(env: Env): GatewayConfig {
  // Empty strings are treated as unset: `FOO=` in a .env file means "not configured".
  const cleaned: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[name] = value;
  const gateway = gatewaySchema.safeParse(cleaned);
  const problems: string[] = gateway.success ? [] : gateway.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  // A request accepted just before the drain ends may run for its whole deadline; the exit must wait for it.
  if (gateway.success && gateway.data.SHUTDOWN_TIMEOUT_MS <= gateway.data.SHUTDOWN_DRAIN_MS + gateway.data.GATEWAY_REQUEST_TIMEOUT_MS) {
    problems.push('SHUTDOWN_TIMEOUT_MS: must be greater than SHUTDOWN_DRAIN_MS + GATEWAY_REQUEST_TIMEOUT_MS');
  }
  const vendors: VendorConfigs = {};
  for (const descriptor of VENDOR_DESCRIPTORS) {
    const reading = descriptor.read(cleaned);
    problems.push(...reading.problems);
    Object.assign(vendors, reading.config);
  }
  const reading = gateway.success ? readSecurity(gateway.data) : undefined;
  problems.push(...(reading?.problems ?? []));
  if (!gateway.success || !reading || problems.length > 0) throw new ConfigError(problems);
  const { security } = reading;
  security.secrets.push(...vendorSecrets(cleaned));
  const g = gateway.data;
  const limits: LimitSettings = {
    maxDepth: g.GATEWAY_MAX_DEPTH,
    maxAliases: g.GATEWAY_MAX_ALIASES,
    maxTokens: g.GATEWAY_MAX_TOKENS,
    maxDirectives: g.GATEWAY_MAX_DIRECTIVES,
    maxCost: g.GATEWAY_MAX_COST,
    maxStringLength: g.GATEWAY_MAX_STRING_LENGTH,
    maxEmailLength: DEFAULT_LIMITS.maxEmailLength,
    maxJsonBytes: g.GATEWAY_MAX_JSON_BYTES,
    maxBodyBytes: g.GATEWAY_MAX_BODY_BYTES,
    rateLimit: { requests: g.GATEWAY_RATE_LIMIT_REQUESTS, cost: g.GATEWAY_RATE_LIMIT_COST, windowMs: g.GATEWAY_RATE_LIMIT_WINDOW_MS },
  };
  return {
    port: g.PORT,
    host: g.HOST,
    demoLatencyMs: g.DEMO_LATENCY_MS,
    shutdown: { drainMs: g.SHUTDOWN_DRAIN_MS, timeoutMs: g.SHUTDOWN_TIMEOUT_MS },
    limits,
    trustedDocuments: g.GATEWAY_TRUSTED_DOCUMENTS,
    security,
    requestTimeoutMs: g.GATEWAY_REQUEST_TIMEOUT_MS,
    perf: readPerf(g),
    state: readState(g),
    observability: readObservability(g),
    ...vendors,
  };
}

/** Every vendor credential and vendor host name in the environment: scrubbed from vendor messages. */
function vendorSecrets(env: Readonly<Record<string, string>>): string[] {
  const values: string[] = [];
  for (const { vendor, env: vendorEnv } of VENDOR_DESCRIPTORS) {
    for (const [variable, schema] of Object.entries(vendorEnv.variables)) {
      const value = env[envName(vendor, variable)];
      if (value === undefined) continue;
      if (isSecretVariable(schema)) values.push(value);
      if (isUrlVariable(schema)) values.push(...hostsOf(value));
    }
  }
  return values;
}

export function configuredVendors(config: GatewayConfig): Vendor[] {
  return VENDOR_DESCRIPTORS.filter((d) => config[d.configKey] !== undefined).map((d) => d.vendor);
}
