import type { Principal } from './auth/principal.js';
import type { WriteTracker } from './idempotency.js';
import type { SourceRegistry } from './sources/registry.js';
import type { RequestScope } from './sources/scope.js';

/** Everything a resolver may touch: the vendor routing and this request's loaders. */
export interface GatewayContext {
  /** The authenticated client (also `principalOf(request)` for plugins that run before the context exists). */
  principal: Principal;
  /** The vendors as this client may use them: operations outside its scopes throw ForbiddenError. */
  sources: SourceRegistry;
  scope: RequestScope;
  requestId: string;
  /** Mutations note retryable vendor failures here, so an Idempotency-Key replay does not pin them. */
  writes: WriteTracker;
}
