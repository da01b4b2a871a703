// SYNERISE_* variables and the typed configuration the adapter is built from.
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

export interface SyneriseConfig extends PoolSettings {
  url: string;
  apiKey: string;
}

export const syneriseEnv = defineVendorEnv({
  variables: {
    URL: envUrl('API origin, e.g. `https://api.synerise.com`'),
    API_KEY: envSecret('workspace API key (exchanged for a JWT)'),
    ...POOL_ENV,
  },
  requiredWithUrl: ['API_KEY'],
  toConfig: (env): SyneriseConfig => ({ url: env.URL, apiKey: env.API_KEY, ...poolSettings(env) }),
});
