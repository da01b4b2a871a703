// Everything the gateway needs to know about Pimcore, for `vendor-list.ts`.
import { defineVendor } from '../descriptor.js';
import { createPimcoreAdapter } from './adapter.js';
import { pimcoreEnv } from './config.js';

export const pimcoreDescriptor = defineVendor({
  vendor: 'PIMCORE',
  configKey: 'pimcore',
  env: pimcoreEnv,
  createAdapter: (config, deps) => createPimcoreAdapter(config, deps),
});
