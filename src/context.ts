import type { RequestScope } from './sources/scope.js';
import type { SourceRegistry } from './sources/registry.js';

/** Everything a resolver may touch: the vendor routing and this request's loaders. */
export interface GatewayContext {
  sources: SourceRegistry;
  scope: RequestScope;
  requestId: string;
}
