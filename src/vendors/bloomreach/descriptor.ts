// Everything the gateway needs to know about Bloomreach, for `vendor-list.ts`.
import { defineVendor } from '../descriptor.js';
import { createBloomreachAdapter } from './adapter.js';
import { bloomreachEnv } from './config.js';

export const bloomreachDescriptor = defineVendor({
  vendor: 'BLOOMREACH',
  configKey: 'bloomreach',
  env: bloomreachEnv,
  createAdapter: (config, deps) => createBloomreachAdapter(config, { state: deps?.state, log: deps?.log }),
});
