// Per-request state handed to every port call: DataLoaders that live exactly one GraphQL request,
// so identical lookups in one query are one vendor call and nothing leaks between requests.
import DataLoader from 'dataloader';

export class RequestScope {
  private readonly loaders = new Map<string, unknown>();

  constructor(readonly signal?: AbortSignal) {}

  /** The request's loader registered under `name`, created on first use. */
  loader<K, V, C = K>(name: string, batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, C>): DataLoader<K, V, C> {
    let loader = this.loaders.get(name) as DataLoader<K, V, C> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, C>(batch, options);
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
