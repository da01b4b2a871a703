// BLOOMREACH_* variables and the typed configuration the adapter is built from.
import { z } from 'zod';
import type { PoolSettings } from '../../http/pool.js';
import { defineVendorEnv } from '../descriptor.js';
import { envJson, envPositiveInt, envSecret, envUrl, POOL_ENV, poolSettings } from '../env.js';

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

const segmentationList = envJson(z.array(z.object({ id: z.string().min(1), name: z.string(), segments: z.array(z.string()) })));

export const bloomreachEnv = defineVendorEnv({
  variables: {
    URL: envUrl('API origin'),
    PROJECT_TOKEN: envSecret('project token'),
    API_KEY_ID: envSecret('private API key id'),
    API_SECRET: envSecret('private API key secret'),
    SEGMENTATIONS: segmentationList
      .default([])
      .describe('JSON `[{"id","name","segments":["…"]}]`: the export API cannot list segmentations'),
    SNAPSHOT_TTL_MS: envPositiveInt(300_000, 'how long one export snapshot serves cursors'),
    ...POOL_ENV,
  },
  requiredWithUrl: ['PROJECT_TOKEN', 'API_KEY_ID', 'API_SECRET'],
  toConfig: (env): BloomreachConfig => ({
    url: env.URL,
    projectToken: env.PROJECT_TOKEN,
    apiKeyId: env.API_KEY_ID,
    apiSecret: env.API_SECRET,
    snapshotTtlMs: env.SNAPSHOT_TTL_MS,
    segmentations: env.SEGMENTATIONS,
    ...poolSettings(env),
  }),
});
