import type { Attributes, CustomerRecord, CustomItemRecord, DeleteOutcome, EmbeddedCustomItems, WriteOutcome } from '../domain/model.js';
import type { BatchOutcome } from './batch.js';
import type { RequestScope } from './scope.js';
import type { SelectedFields } from './sites.js';

/**
 * Where an item lives and what it is called there: items hang off a site (SFCC, keyed by object
 * type and key) or off a customer (Mautic, keyed by object alias and item id). The owner and object
 * type never contain a colon, the key may.
 */
export interface CustomItemRef {
  /** Native id of the owning site or customer. */
  owner: string;
  objectType: string;
  key: string;
}

export function customItemLocator(ref: CustomItemRef): string {
  return `${ref.owner}:${ref.objectType}:${ref.key}`;
}

export function refOfRecord(record: CustomItemRecord): CustomItemRef {
  return { owner: record.scope ?? record.customerVendorId ?? '', objectType: record.objectType, key: record.key };
}

export function parseCustomItemLocator(locator: string): CustomItemRef | undefined {
  const first = locator.indexOf(':');
  const second = first < 0 ? -1 : locator.indexOf(':', first + 1);
  if (first <= 0 || second <= first + 1 || second === locator.length - 1) return undefined;
  return { owner: locator.slice(0, first), objectType: locator.slice(first + 1, second), key: locator.slice(second + 1) };
}

export interface CustomItemWrite {
  /** Native id of the owning site or customer. */
  owner: string;
  objectType: string;
  /** The item's key; for vendors that number items themselves, absent means "insert". */
  key?: string | undefined;
  name?: string | undefined;
  attributes: Attributes;
  /** Optimistic lock: the version the client last read. */
  expectedVersion?: string | undefined;
}

export interface CustomItemChanges {
  name?: string | undefined;
  attributes: Attributes;
  expectedVersion?: string | undefined;
}

export interface CustomItemPort {
  /** Batch read by locator, in key order; a NotFoundError in place of each missing item. */
  load(scope: RequestScope, locators: readonly string[], fields: SelectedFields): Promise<(CustomItemRecord | Error)[]>;
  /** A customer's items; adapters serve them from the customer's embed where they can. */
  forCustomer?(scope: RequestScope, customer: CustomerRecord): Promise<EmbeddedCustomItems>;
  /** Create, or replace the item at `key`. */
  upsert?(scope: RequestScope, input: CustomItemWrite): Promise<WriteOutcome<CustomItemRecord>>;
  /** Merge `changes` into an existing item. */
  patch?(scope: RequestScope, ref: CustomItemRef, changes: CustomItemChanges): Promise<WriteOutcome<CustomItemRecord>>;
  delete?(scope: RequestScope, ref: CustomItemRef, expectedVersion: string | undefined): Promise<DeleteOutcome>;
  /** Many upserts through the vendor's batch endpoint where it has one; one outcome per input, in order. */
  upsertMany?(scope: RequestScope, inputs: readonly CustomItemWrite[]): Promise<BatchOutcome<CustomItemRecord>>;
}
