// MAUTIC_* variables and the typed configuration the adapter is built from.
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

export interface MauticConfig extends PoolSettings {
  url: string;
  username: string;
  password: string;
}

export const mauticEnv = defineVendorEnv({
  variables: {
    URL: envUrl('Mautic origin'),
    USERNAME: envSecret('Basic-auth API user'),
    PASSWORD: envSecret('password of the Basic-auth API user'),
    ...POOL_ENV,
  },
  requiredWithUrl: ['USERNAME', 'PASSWORD'],
  toConfig: (env): MauticConfig => ({ url: env.URL, username: env.USERNAME, password: env.PASSWORD, ...poolSettings(env) }),
});
