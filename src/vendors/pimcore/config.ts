// PIMCORE_* variables and the typed configuration the adapter is built from.
import { z } from 'zod';
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

export interface PimcoreConfig extends PoolSettings {
  url: string;
  apiKey: string;
  /** How stale the email/customer-number index may get before a lookup refreshes it. */
  indexRefreshMs: number;
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
    customerIdField: env.CUSTOMER_ID_FIELD,
    ...poolSettings(env),
  }),
});
