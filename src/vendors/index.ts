// Builds an adapter for every vendor the configuration enables.
import type { GatewayConfig } from '../config.js';
import type { VendorAdapter } from '../sources/adapter.js';
import { VENDOR_DESCRIPTORS } from './vendor-list.js';

export function createAdapters(config: GatewayConfig): VendorAdapter[] {
  return VENDOR_DESCRIPTORS.flatMap((descriptor) => descriptor.adapterFor(config) ?? []);
}
