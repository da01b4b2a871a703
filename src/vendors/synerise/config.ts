// SYNERISE_* variables and the typed configuration the adapter is built from.
import { z } from 'zod';
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envJson, envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

export interface SyneriseConfig extends PoolSettings {
  url: string;
  apiKey: string;
  /** Segmentations the gateway exposes as segments: the reference has no endpoint that lists or names them. */
  segmentations: { id: string; name: string }[];
}

export const syneriseEnv = defineVendorEnv({
  variables: {
    URL: envUrl('API origin, e.g. `https://api.synerise.com`'),
    API_KEY: envSecret('workspace API key (exchanged for a JWT)'),
    SEGMENTATIONS: envJson(z.array(z.object({ id: z.guid({ error: 'must be a segmentation UUID' }), name: z.string() })))
      .default([])
      .describe('JSON `[{"id":"<uuid>","name":"…"}]`: the segmentations exposed as segments (the reference cannot list or name them)'),
    ...POOL_ENV,
  },
  requiredWithUrl: ['API_KEY'],
  toConfig: (env): SyneriseConfig => ({ url: env.URL, apiKey: env.API_KEY, segmentations: env.SEGMENTATIONS, ...poolSettings(env) }),
});
