import type { Attributes, CustomerRecord, DeleteOutcome, WriteOutcome } from '../domain/model.js';
import type { Page, PageWindow } from '../pagination/connection.js';
import type { BatchOutcome } from './batch.js';
import type { RequestScope } from './scope.js';

export interface CustomerFilter {
  segmentIds?: string[] | undefined;
  modifiedSince?: Date | undefined;
  /** Bloomreach-style segmentation membership; index -1 means "in no segment". */
  segmentation?: { id: string; index: number } | undefined;
}

/** Which embeds the selection needs, so adapters ask the vendor for them only then. */
export interface CustomerInclude {
  activities: boolean;
  customItems: boolean;
}

export const NO_INCLUDE: CustomerInclude = { activities: false, customItems: false };

export interface CustomerInput {
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  phone?: string | null | undefined;
  customId?: string | null | undefined;
  attributes?: Attributes | null | undefined;
}

/** A custom item written together with a new customer (Mautic: in the same create-or-update call). */
export interface NewCustomItem {
  objectType: string;
  name?: string | undefined;
  attributes: Attributes;
}

export interface CustomerPort {
  list(scope: RequestScope, filter: CustomerFilter, window: PageWindow, include: CustomerInclude): Promise<Page<CustomerRecord>>;
  /** Batch read by native id; an Error (NotFoundError) in place of each missing id. */
  load(scope: RequestScope, vendorIds: readonly string[], include: CustomerInclude): Promise<(CustomerRecord | Error)[]>;
  /** Customers per normalised email, in key order (an empty array where none). */
  findByEmails?(scope: RequestScope, emails: readonly string[]): Promise<CustomerRecord[][]>;
  /** Customers per organisation customer id, in key order. */
  findByCustomIds?(scope: RequestScope, customIds: readonly string[]): Promise<CustomerRecord[][]>;
  create?(scope: RequestScope, input: CustomerInput): Promise<WriteOutcome<CustomerRecord>>;
  /** A create that also writes the customer's custom items, in one vendor call. */
  createWithItems?(scope: RequestScope, input: CustomerInput, items: readonly NewCustomItem[]): Promise<WriteOutcome<CustomerRecord>>;
  /** Many creates through the vendor's batch endpoint, split to its limits; one outcome per input. */
  createMany?(scope: RequestScope, inputs: readonly CustomerInput[]): Promise<BatchOutcome<CustomerRecord>>;
  update?(scope: RequestScope, vendorId: string, input: CustomerInput): Promise<WriteOutcome<CustomerRecord>>;
  delete?(scope: RequestScope, vendorId: string): Promise<DeleteOutcome>;
}
