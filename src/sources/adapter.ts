// What a vendor adapter offers the gateway. A port that is absent, or a method absent from a port,
// is an operation the vendor cannot do; the registry turns that into UnsupportedOperationError.
// Ports are plain objects of arrow functions: resolvers take methods off them unbound.
import type { Vendor } from '../domain/vendor.js';
import type { ResilienceStatus } from '../resilience/policy.js';
import type { ActivityPort } from './activities.js';
import type { CatalogPort } from './catalogs.js';
import type { CustomItemPort } from './custom-items.js';
import type { CustomerPort } from './customers.js';
import type { DeletionPort } from './deletions.js';
import type { SegmentPort } from './segments.js';
import type { SitePort } from './sites.js';

export interface HealthReport {
  status: 'UP' | 'DOWN';
  latencyMs: number;
  message: string | null;
}

export interface VendorPorts {
  customers?: CustomerPort;
  activities?: ActivityPort;
  segments?: SegmentPort;
  deletions?: DeletionPort;
  catalogs?: CatalogPort;
  customItems?: CustomItemPort;
  sites?: SitePort;
}

export interface VendorAdapter extends VendorPorts {
  vendor: Vendor;
  /** A cheap authenticated call that proves the vendor answers; a string it resolves to is a warning for the health message. */
  probe(): Promise<unknown>;
  close(): Promise<void>;
  /** The vendor's breaker and quota as they stand (src/resilience/), shown in `vendors { resilience }`. */
  resilience?: { status(): ResilienceStatus };
}

export type PortName = keyof VendorPorts;
