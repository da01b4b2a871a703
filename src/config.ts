// Turns the environment into a typed configuration. Every problem is reported at once, so a
// deployment fails with one message listing all bad variables instead of one per restart.
import { z } from 'zod';
import type { Vendor } from './domain/vendor.js';

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const secret = z.string().min(1, 'must not be empty');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export interface PoolSettings {
  timeoutMs: number;
  maxConnections: number;
  /** Upper bound on concurrent single-item lookups for vendors without a multi-id read. */
  maxConcurrency: number;
}

export interface PimcoreConfig extends PoolSettings {
  url: string;
  apiKey: string;
  /** How stale the email/customer-number index may get before a lookup refreshes it. */
  indexRefreshMs: number;
}
export interface SyneriseConfig extends PoolSettings {
  url: string;
  apiKey: string;
}
export interface MauticConfig extends PoolSettings {
  url: string;
  username: string;
  password: string;
}
export interface SfccConfig extends PoolSettings {
  url: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
}
export interface BloomreachConfig extends PoolSettings {
  url: string;
  projectToken: string;
  apiKeyId: string;
  apiSecret: string;
  /** How long one export snapshot serves cursors before they expire. */
  snapshotTtlMs: number;
  /** Segmentations the gateway exposes as segments: the export API has no list endpoint. */
  segmentations: { id: string; name: string; segments: string[] }[];
}

export interface ShutdownSettings {
  /** Least time the gateway keeps serving (with `/readyz` at 503) after SIGTERM. */
  drainMs: number;
  /** Time from the signal after which the process exits even with requests still in flight. */
  timeoutMs: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  shutdown: ShutdownSettings;
  pimcore?: PimcoreConfig;
  synerise?: SyneriseConfig;
  mautic?: MauticConfig;
  sfcc?: SfccConfig;
  bloomreach?: BloomreachConfig;
}

export type VendorConfigKey = 'pimcore' | 'synerise' | 'mautic' | 'sfcc' | 'bloomreach';
export const VENDOR_CONFIG_KEYS: Record<Vendor, VendorConfigKey> = {
  PIMCORE: 'pimcore',
  SYNERISE: 'synerise',
  MAUTIC: 'mautic',
  SFCC: 'sfcc',
  BLOOMREACH: 'bloomreach',
};

function poolFields(prefix: string) {
  return {
    [`${prefix}_TIMEOUT_MS`]: positiveInt(10_000),
    [`${prefix}_MAX_CONNECTIONS`]: positiveInt(16),
    [`${prefix}_MAX_CONCURRENCY`]: positiveInt(8),
  };
}

const segmentationList = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.object({ id: z.string().min(1), name: z.string(), segments: z.array(z.string()) })));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  PIMCORE_URL: url.optional(),
  PIMCORE_API_KEY: secret.optional(),
  PIMCORE_INDEX_REFRESH_MS: z.coerce.number().int().min(0).default(15_000),
  ...poolFields('PIMCORE'),
  SYNERISE_URL: url.optional(),
  SYNERISE_API_KEY: secret.optional(),
  ...poolFields('SYNERISE'),
  MAUTIC_URL: url.optional(),
  MAUTIC_USERNAME: secret.optional(),
  MAUTIC_PASSWORD: secret.optional(),
  ...poolFields('MAUTIC'),
  SFCC_URL: url.optional(),
  SFCC_AUTH_URL: url.optional(),
  SFCC_CLIENT_ID: secret.optional(),
  SFCC_CLIENT_SECRET: secret.optional(),
  ...poolFields('SFCC'),
  BLOOMREACH_URL: url.optional(),
  BLOOMREACH_PROJECT_TOKEN: secret.optional(),
  BLOOMREACH_API_KEY_ID: secret.optional(),
  BLOOMREACH_API_SECRET: secret.optional(),
  BLOOMREACH_SNAPSHOT_TTL_MS: positiveInt(300_000),
  BLOOMREACH_SEGMENTATIONS: segmentationList.optional(),
  ...poolFields('BLOOMREACH'),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Variables a vendor needs once its URL is set. */
const REQUIRED_WITH_URL: Record<VendorConfigKey, string[]> = {
  pimcore: ['PIMCORE_API_KEY'],
  synerise: ['SYNERISE_API_KEY'],
  mautic: ['MAUTIC_USERNAME', 'MAUTIC_PASSWORD'],
  sfcc: ['SFCC_AUTH_URL', 'SFCC_CLIENT_ID', 'SFCC_CLIENT_SECRET'],
  bloomreach: ['BLOOMREACH_PROJECT_TOKEN', 'BLOOMREACH_API_KEY_ID', 'BLOOMREACH_API_SECRET'],
};

export function parseConfig(env: Env): GatewayConfig {
  // Empty strings are treated as unset: `FOO=` in a .env file means "not configured".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  for (const [key, required] of Object.entries(REQUIRED_WITH_URL)) {
    const urlVar = `${key.toUpperCase()}_URL`;
    if (!cleaned[urlVar]) continue;
    for (const name of required) if (!cleaned[name]) problems.push(`${name}: required when ${urlVar} is set`);
  }
  if (parsed.success && parsed.data.SHUTDOWN_DRAIN_MS >= parsed.data.SHUTDOWN_TIMEOUT_MS) {
    problems.push('SHUTDOWN_DRAIN_MS: must be less than SHUTDOWN_TIMEOUT_MS');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data as z.infer<typeof envSchema> & Record<string, number>;
  const pool = (prefix: string): PoolSettings => ({
    timeoutMs: e[`${prefix}_TIMEOUT_MS`] ?? 10_000,
    maxConnections: e[`${prefix}_MAX_CONNECTIONS`] ?? 16,
    maxConcurrency: e[`${prefix}_MAX_CONCURRENCY`] ?? 8,
  });
  const config: GatewayConfig = {
    port: e.PORT,
    host: e.HOST,
    shutdown: { drainMs: e.SHUTDOWN_DRAIN_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
  };
  if (e.PIMCORE_URL && e.PIMCORE_API_KEY) {
    config.pimcore = { url: e.PIMCORE_URL, apiKey: e.PIMCORE_API_KEY, indexRefreshMs: e.PIMCORE_INDEX_REFRESH_MS, ...pool('PIMCORE') };
  }
  if (e.SYNERISE_URL && e.SYNERISE_API_KEY) {
    config.synerise = { url: e.SYNERISE_URL, apiKey: e.SYNERISE_API_KEY, ...pool('SYNERISE') };
  }
  if (e.MAUTIC_URL && e.MAUTIC_USERNAME && e.MAUTIC_PASSWORD) {
    config.mautic = { url: e.MAUTIC_URL, username: e.MAUTIC_USERNAME, password: e.MAUTIC_PASSWORD, ...pool('MAUTIC') };
  }
  if (e.SFCC_URL && e.SFCC_AUTH_URL && e.SFCC_CLIENT_ID && e.SFCC_CLIENT_SECRET) {
    config.sfcc = {
      url: e.SFCC_URL,
      authUrl: e.SFCC_AUTH_URL,
      clientId: e.SFCC_CLIENT_ID,
      clientSecret: e.SFCC_CLIENT_SECRET,
      ...pool('SFCC'),
    };
  }
  if (e.BLOOMREACH_URL && e.BLOOMREACH_PROJECT_TOKEN && e.BLOOMREACH_API_KEY_ID && e.BLOOMREACH_API_SECRET) {
    config.bloomreach = {
      url: e.BLOOMREACH_URL,
      projectToken: e.BLOOMREACH_PROJECT_TOKEN,
      apiKeyId: e.BLOOMREACH_API_KEY_ID,
      apiSecret: e.BLOOMREACH_API_SECRET,
      snapshotTtlMs: e.BLOOMREACH_SNAPSHOT_TTL_MS,
      segmentations: e.BLOOMREACH_SEGMENTATIONS ?? [],
      ...pool('BLOOMREACH'),
    };
  }
  return config;
}

export function configuredVendors(config: GatewayConfig): Vendor[] {
  return (Object.entries(VENDOR_CONFIG_KEYS) as [Vendor, VendorConfigKey][])
    .filter(([, key]) => config[key] !== undefined)
    .map(([vendor]) => vendor);
}
