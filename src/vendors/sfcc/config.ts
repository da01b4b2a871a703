// SFCC_* variables and the typed configuration the adapter is built from.
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

export interface SfccConfig extends PoolSettings {
  url: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
}

export const sfccEnv = defineVendorEnv({
  variables: {
    URL: envUrl('Data API base up to and including `/dw/data/v19_10`'),
    AUTH_URL: envUrl('client-credentials token endpoint (Account Manager)'),
    CLIENT_ID: envSecret('API client id'),
    CLIENT_SECRET: envSecret('API client secret'),
    ...POOL_ENV,
  },
  requiredWithUrl: ['AUTH_URL', 'CLIENT_ID', 'CLIENT_SECRET'],
  toConfig: (env): SfccConfig => ({
    url: env.URL,
    authUrl: env.AUTH_URL,
    clientId: env.CLIENT_ID,
    clientSecret: env.CLIENT_SECRET,
    ...poolSettings(env),
  }),
});
