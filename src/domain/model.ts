// The vendor-neutral domain model. Adapters map wire shapes into these once; nothing above the
// adapters sees a vendor's field names.
import type { Vendor } from './vendor.js';

export type Attributes = Record<string, unknown>;

interface Entity {
  vendor: Vendor;
  /** The vendor's own id, as a string. */
  vendorId: string;
}

export interface CustomerRecord extends Entity {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /** The organisation-wide customer number (see README, "Joining a customer across vendors"). */
  customId: string | null;
  attributes: Attributes;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** Native segment ids, when the vendor embeds them in the customer. */
  segmentIds?: string[] | undefined;
  /** Activities, when the vendor embedded them in the same response. */
  activities?: ActivityRecord[] | undefined;
  /** Custom items, when the vendor embedded them in the same response. */
  customItems?: EmbeddedCustomItems | undefined;
}

export interface EmbeddedCustomItems {
  items: CustomItemRecord[];
  /** Object types whose embedded list hit the vendor's window and may hide older items. */
  truncatedTypes: string[];
  /** The list of object types itself hit the vendor's window: whole object types may be missing. */
  typesPossiblyMissing?: boolean | undefined;
}

export interface ActivityRecord extends Entity {
  customerVendorId: string | null;
  type: string;
  occurredAt: Date | null;
  attributes: Attributes;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface SegmentRecord extends Entity {
  name: string;
  groupVendorId: string | null;
  reference: string | null;
  calculated: boolean | null;
  attributes: Attributes;
}

export interface SegmentGroupRecord extends Entity {
  name: string;
  calculated: boolean | null;
  attributes: Attributes;
}

export type DeletedEntityType = 'CUSTOMER' | 'ACTIVITY';

export interface DeletionRecord {
  vendor: Vendor;
  entityType: DeletedEntityType;
  /** Native id of the deleted entity. */
  entityVendorId: string;
  deletedAt: Date;
  type: string | null;
}

export interface CustomItemRecord extends Entity {
  objectType: string;
  key: string;
  name: string | null;
  attributes: Attributes;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** Optimistic-locking token, where the vendor has one. */
  version: string | null;
  /** Scope the item lives in (SFCC site id); null where items hang off a customer. */
  scope: string | null;
  /** Native id of the owning customer, where items hang off a customer. */
  customerVendorId: string | null;
}

export interface CatalogRecord extends Entity {
  name: string;
  attributes: Attributes;
}

export interface CatalogItemRecord extends Entity {
  catalogVendorId: string;
  key: string;
  value: unknown;
  attributes: Attributes;
}

/** How a write was taken: applied now, or queued by a vendor that processes writes asynchronously. */
export type WriteStatus = 'APPLIED' | 'QUEUED';

export interface WriteOutcome<T> {
  status: WriteStatus;
  record: T | null;
}

export interface DeleteOutcome {
  status: WriteStatus;
}
