// Builds an adapter for every vendor the configuration enables.
import type { GatewayConfig } from '../config.js';
import type { VendorAdapter } from '../sources/adapter.js';
import { createPimcoreAdapter } from './pimcore/adapter.js';

export function createAdapters(config: GatewayConfig): VendorAdapter[] {
  const adapters: VendorAdapter[] = [];
  if (config.pimcore) adapters.push(createPimcoreAdapter(config.pimcore));
  return adapters;
}
