// Turns the environment into a typed configuration. Every problem is reported at once, so a
// deployment fails with one message listing all bad variables instead of one per restart.
// Gateway-wide variables live here; each vendor's own are in its descriptor (`vendors/<vendor>/config.ts`).
import { z } from 'zod';
import type { Vendor } from './domain/vendor.js';
import { envName } from './vendors/descriptor.js';
import { VENDOR_DESCRIPTORS, type VendorConfigs } from './vendors/vendor-list.js';

export const GATEWAY_ENV = {
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000).describe('port the gateway listens on'),
  HOST: z.string().min(1).default('0.0.0.0').describe('interface the gateway listens on'),
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
    .default(10_000)
    .describe('time after SIGTERM at which the process exits even with requests still in flight; must exceed the drain'),
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
  if (gateway.success && gateway.data.SHUTDOWN_DRAIN_MS >= gateway.data.SHUTDOWN_TIMEOUT_MS) {
    problems.push('SHUTDOWN_DRAIN_MS: must be less than SHUTDOWN_TIMEOUT_MS');
  }
  const vendors: VendorConfigs = {};
  for (const descriptor of VENDOR_DESCRIPTORS) {
    const reading = descriptor.read(cleaned);
    problems.push(...reading.problems);
    Object.assign(vendors, reading.config);
  }
  if (!gateway.success || problems.length > 0) throw new ConfigError(problems);
  const g = gateway.data;
  return {
    port: g.PORT,
    host: g.HOST,
    demoLatencyMs: g.DEMO_LATENCY_MS,
    shutdown: { drainMs: g.SHUTDOWN_DRAIN_MS, timeoutMs: g.SHUTDOWN_TIMEOUT_MS },
    ...vendors,
  };
}

export function configuredVendors(config: GatewayConfig): Vendor[] {
  return VENDOR_DESCRIPTORS.filter((d) => config[d.configKey] !== undefined).map((d) => d.vendor);
}
