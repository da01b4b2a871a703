// Everything the gateway needs to know about Sfcc, for `vendor-list.ts`.
import { defineVendor } from '../descriptor.js';
import { createSfccAdapter } from './adapter.js';
import { sfccEnv } from './config.js';

export const sfccDescriptor = defineVendor({
  vendor: 'SFCC',
  configKey: 'sfcc',
  env: sfccEnv,
  createAdapter: (config, deps) => createSfccAdapter(config, { state: deps?.state }),
});
