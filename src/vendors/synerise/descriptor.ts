// Everything the gateway needs to know about Synerise, for `vendor-list.ts`.
import { defineVendor } from '../descriptor.js';
import { createSyneriseAdapter } from './adapter.js';
import { syneriseEnv } from './config.js';

export const syneriseDescriptor = defineVendor({
  vendor: 'SYNERISE',
  configKey: 'synerise',
  env: syneriseEnv,
  createAdapter: (config, deps) => createSyneriseAdapter(config, { state: deps?.state }),
});
