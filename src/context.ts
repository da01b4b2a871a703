import type { WriteTracker } from './idempotency.js';
import type { SourceRegistry } from './sources/registry.js';
import type { RequestScope } from './sources/scope.js';

/** Everything a resolver may touch: the vendor routing and this request's loaders. */
export interface GatewayContext {
  sources: SourceRegistry;
  scope: RequestScope;
  requestId: string;
  /** Mutations note retryable vendor failures here, so an Idempotency-Key replay does not pin them. */
  writes: WriteTracker;
}
