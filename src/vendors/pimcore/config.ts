// PIMCORE_* variables and the typed configuration the adapter is built from.
import { z } from 'zod';
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envPositiveInt, envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

/** PIMCORE_INDEX_MAX_BYTES by default: 128 MiB, about 115,000 customers of the sandbox's shape (customer-index.ts). */
export const DEFAULT_INDEX_MAX_BYTES = 128 * 2 ** 20;

export interface PimcoreConfig extends PoolSettings {
  url: string;
  apiKey: string;
  /** How stale the email/customer-number index may get before a lookup refreshes it. */
  indexRefreshMs: number;
  /** Byte budget of that index (every customer's record); over it, lookups fail instead of the process running out of heap. */
  indexMaxBytes: number;
  /** The customer class field that feeds `customId` (the class is the tenant's own). */
  customerIdField: string;
}

export const pimcoreEnv = defineVendorEnv({
  variables: {
    URL: envUrl(
      'CMF webservice base including its prefix, e.g. `https://cmf.example.com/__customermanagementframework/webservice` or `…/webservice/cmf`',
    ),
    API_KEY: envSecret('sent as `X-API-Key` (never in the query string)'),
    INDEX_REFRESH_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(15_000)
      .describe('staleness allowed for the email/customer-number index (see Vendor notes)'),
    INDEX_MAX_BYTES: envPositiveInt(
      DEFAULT_INDEX_MAX_BYTES,
      'approximate heap bytes of the email/customer-number index, which holds the whole customer list (about 1 KB per customer); a scan that would pass it stops, the index is emptied, and Pimcore lookups by email and customId fail (one warning logged) for 15 minutes, after which the next lookup scans again',
    ),
    CUSTOMER_ID_FIELD: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Pimcore field name (letters, digits, _)')
      .default('customerNumber')
      .describe('customer class field that holds the organisation customer number (`customId`); warned about once when no customer has it'),
    ...POOL_ENV,
  },
  requiredWithUrl: ['API_KEY'],
  toConfig: (env): PimcoreConfig => ({
    url: env.URL,
    apiKey: env.API_KEY,
    indexRefreshMs: env.INDEX_REFRESH_MS,
    indexMaxBytes: env.INDEX_MAX_BYTES,
    customerIdField: env.CUSTOMER_ID_FIELD,
    ...poolSettings(env),
  }),
});
