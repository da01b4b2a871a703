// Builds an adapter for every vendor the configuration enables.
import type { GatewayConfig } from '../config.js';
import type { VendorAdapter } from '../sources/adapter.js';
import type { AdapterDeps } from './descriptor.js';
import { VENDOR_DESCRIPTORS } from './vendor-list.js';

/** `deps.state` shares tokens and snapshots with other replicas; without it each adapter keeps its own. */
export function createAdapters(config: GatewayConfig, deps: AdapterDeps = {}): VendorAdapter[] {
  return VENDOR_DESCRIPTORS.flatMap((descriptor) => descriptor.adapterFor(config, deps) ?? []);
}
