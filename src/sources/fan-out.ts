// For vendors with no multi-id read: one call per key, at most `concurrency` at a time, and a
// missing item becomes a NotFoundError in its slot instead of failing the whole batch.
import pLimit from 'p-limit';
import type { Vendor } from '../domain/vendor.js';
import { NotFoundError, UpstreamError } from '../errors.js';
import { asError } from './outcomes.js';

export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  const limit = pLimit(concurrency);
  return (fn) => limit(fn);
}

export async function fanOut<K, V>(keys: readonly K[], limiter: Limiter, load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(keys.map((key) => limiter(() => load(key)).catch(asError)));
}

/** Turns a vendor 404 into the domain's NotFoundError for `what` (e.g. "Customer 12"). */
export function notFoundAs(vendor: Vendor, what: string, id: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof UpstreamError && error.code === 'NOT_FOUND')
      throw new NotFoundError(`${what} ${id} not found at ${vendor}`, { vendor, id });
    throw error;
  };
}
