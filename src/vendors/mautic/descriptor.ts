// Everything the gateway needs to know about Mautic, for `vendor-list.ts`.
import { defineVendor } from '../descriptor.js';
import { createMauticAdapter } from './adapter.js';
import { mauticEnv } from './config.js';

export const mauticDescriptor = defineVendor({
  vendor: 'MAUTIC',
  configKey: 'mautic',
  env: mauticEnv,
  createAdapter: (config, deps) => createMauticAdapter(config, deps),
});
