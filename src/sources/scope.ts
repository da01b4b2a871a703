// Per-request state handed to every port call: DataLoaders that live exactly one GraphQL request,
// so identical lookups in one query are one vendor call and nothing leaks between requests.
import DataLoader from 'dataloader';
import type { CustomerRecord } from '../domain/model.js';
import type { Vendor } from '../domain/vendor.js';
import type { CustomerInclude } from './customers.js';

/** The multi-id customer read of one vendor (its adapter's `customers.load`). */
export type CustomerRead = (
  scope: RequestScope,
  vendor: Vendor,
  ids: readonly string[],
  include: CustomerInclude,
) => Promise<(CustomerRecord | Error)[]>;

/** Told the size of every DataLoader batch (metrics: src/observability/metrics.ts). */
export type BatchObserver = (loader: string, size: number) => void;

export class RequestScope {
  private readonly loaders = new Map<string, unknown>();

  constructor(
    readonly signal?: AbortSignal,
    private readonly readCustomers?: CustomerRead,
    /** When `signal` aborts for the request's deadline (epoch ms); see src/resilience/deadline.ts. */
    readonly deadlineAt?: number,
    private readonly onBatch?: BatchObserver,
  ) {}

  /**
   * The request's one customer loader per (vendor, embeds): the schema loads through it and
   * adapters prime it with what lists and lookups already returned, so a later read by id is free.
   */
  customers(vendor: Vendor, include: CustomerInclude): DataLoader<string, CustomerRecord> {
    const key = `customer:${vendor}:${include.activities ? 'a' : ''}${include.customItems ? 'c' : ''}`;
    return this.loader<string, CustomerRecord>(key, (ids) => {
      if (!this.readCustomers) return Promise.reject(new Error('this request scope has no customer reader'));
      return this.readCustomers(this, vendor, ids, include);
    });
  }

  /** The request's loader registered under `name`, created on first use. */
  loader<K, V, C = K>(name: string, batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, C>): DataLoader<K, V, C> {
    let loader = this.loaders.get(name) as DataLoader<K, V, C> | undefined;
    if (!loader) {
      const observe = this.onBatch;
      loader = new DataLoader<K, V, C>(
        observe
          ? (keys) => {
              observe(name, keys.length);
              return batch(keys);
            }
          : batch,
        options,
      );
      this.loaders.set(name, loader);
    }
    return loader;
  }

  /** Memoises one promise per key for this request (for "load everything once" lists). */
  once<T>(name: string, load: () => Promise<T>): Promise<T> {
    let value = this.loaders.get(`once:${name}`) as Promise<T> | undefined;
    if (!value) {
      value = load();
      this.loaders.set(`once:${name}`, value);
    }
    return value;
  }
}
