// Builds an adapter for every vendor the configuration enables.
import type { GatewayConfig } from '../config.js';
import type { VendorAdapter } from '../sources/adapter.js';
import { createBloomreachAdapter } from './bloomreach/adapter.js';
import { createMauticAdapter } from './mautic/adapter.js';
import { createPimcoreAdapter } from './pimcore/adapter.js';
import { createSfccAdapter } from './sfcc/adapter.js';
import { createSyneriseAdapter } from './synerise/adapter.js';

export function createAdapters(config: GatewayConfig): VendorAdapter[] {
  const adapters: VendorAdapter[] = [];
  if (config.pimcore) adapters.push(createPimcoreAdapter(config.pimcore));
  if (config.synerise) adapters.push(createSyneriseAdapter(config.synerise));
  if (config.bloomreach) adapters.push(createBloomreachAdapter(config.bloomreach));
  if (config.mautic) adapters.push(createMauticAdapter(config.mautic));
  if (config.sfcc) adapters.push(createSfccAdapter(config.sfcc));
  return adapters;
}
