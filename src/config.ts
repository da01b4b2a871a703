// Turns the environment into a typed configuration. Every problem is reported at once, so a
// deployment fails with one message listing all bad variables instead of one per restart.
// Gateway-wide variables live here; each vendor's own are in its descriptor (`vendors/<vendor>/config.ts`).
import { z } from 'zod';
import { readSecurity, SECURITY_ENV, type SecurityConfig } from './auth/env.js';
import { hostsOf } from './auth/scrub.js';
import type { Vendor } from './domain/vendor.js';
import { envName } from './vendors/descriptor.js';
import { isSecretVariable, isUrlVariable } from './vendors/env.js';
import { VENDOR_DESCRIPTORS, type VendorConfigs } from './vendors/vendor-list.js';

export const GATEWAY_ENV = {
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000).describe('port the gateway listens on'),
  HOST: z.string().min(1).default('0.0.0.0').describe('interface the gateway listens on'),
  DEMO_LATENCY_MS: z.coerce.number().min(0).default(5).describe('added latency of each sandbox call in demo mode (no vendor URL set)'),
  ...SECURITY_ENV,
};
const gatewaySchema = z.object(GATEWAY_ENV);

export interface GatewayConfig extends VendorConfigs {
  port: number;
  host: string;
  demoLatencyMs: number;
  security: SecurityConfig;
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
  return { port: gateway.data.PORT, host: gateway.data.HOST, demoLatencyMs: gateway.data.DEMO_LATENCY_MS, security, ...vendors };
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
