import type { CatalogItemRecord, CatalogRecord, DeleteOutcome, WriteOutcome } from '../domain/model.js';
import type { Page, PageWindow } from '../pagination/connection.js';
import type { RequestScope } from './scope.js';

/** An item is addressed by its catalog and its key: keys are unique only within one catalog. */
export interface CatalogItemRef {
  catalogVendorId: string;
  key: string;
}

export interface CatalogItemInput extends CatalogItemRef {
  /** The whole new value: vendors replace an item's value, they do not merge it. */
  value: unknown;
}

export interface CatalogPort {
  list(scope: RequestScope, window: PageWindow): Promise<Page<CatalogRecord>>;
  /** Batch read by native catalog id; a NotFoundError in place of each missing id. */
  load(scope: RequestScope, vendorIds: readonly string[]): Promise<(CatalogRecord | Error)[]>;
  items(scope: RequestScope, catalog: CatalogRecord, window: PageWindow): Promise<Page<CatalogItemRecord>>;
  /** Items by (catalog, key), in key order; a NotFoundError in place of each missing item. */
  loadItems(scope: RequestScope, refs: readonly CatalogItemRef[]): Promise<(CatalogItemRecord | Error)[]>;
  upsertItem?(scope: RequestScope, input: CatalogItemInput): Promise<WriteOutcome<CatalogItemRecord>>;
  deleteItem?(scope: RequestScope, ref: CatalogItemRef): Promise<DeleteOutcome>;
}

/** Native id of a catalog item: `catalogId:key` (catalog ids carry no colon; keys may). */
export function catalogItemVendorId(ref: CatalogItemRef): string {
  return `${ref.catalogVendorId}:${ref.key}`;
}

export function parseCatalogItemVendorId(vendorId: string): CatalogItemRef | undefined {
  const sep = vendorId.indexOf(':');
  if (sep <= 0 || sep === vendorId.length - 1) return undefined;
  return { catalogVendorId: vendorId.slice(0, sep), key: vendorId.slice(sep + 1) };
}
