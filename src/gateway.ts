// createGateway(deps) → a yoga instance. Tests call `gateway.fetch` in-process; server.ts listens.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createLogger, createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import { HEALTH_ENDPOINT, useReadiness } from './health.js';
import { useIdempotency, writeTrackerFor } from './idempotency.js';
import { useQueryLimits } from './query-limits.js';
import { requestIdFor } from './request-context.js';
import { maskError, requestLogger, useRequestContext } from './request-plugin.js';
import { schema } from './schema/index.js';
import type { SourceRegistry } from './sources/registry.js';
import { RequestScope } from './sources/scope.js';

export interface GatewayDeps {
  sources: SourceRegistry;
  /** Extra text shown above GraphiQL's editor (demo mode uses it to say what is loaded). */
  graphiqlTitle?: string;
  logging?: boolean;
  /** Answers `/readyz`; the server flips it when shutdown begins. Always ready when omitted. */
  isReady?: () => boolean;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

export function createGateway(deps: GatewayDeps): Gateway {
  const logger = deps.logging === false ? undefined : requestLogger(createLogger('info'));
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: HEALTH_ENDPOINT,
    landingPage: false,
    logging: logger ?? false,
    graphiql: { title: deps.graphiqlTitle ?? 'CDP Gateway' },
    // GraphiQL from the installed package, not a CDN: the playground works offline.
    renderGraphiQL,
    plugins: [useRequestContext(logger), useReadiness(deps.isReady ?? (() => true)), useQueryLimits(), useIdempotency()],
    context: ({ request }) => ({
      sources: deps.sources,
      scope: new RequestScope(request.signal, (scope, vendor, ids, include) =>
        deps.sources.op(vendor, 'customers.load')(scope, ids, include),
      ),
      requestId: requestIdFor(request),
      writes: writeTrackerFor(request),
    }),
    // Yoga's masking: GatewayErrors (GraphQLErrors with a code) pass, anything unexpected is masked
    // (and then carries the request id; see request-plugin.ts).
    maskedErrors: { maskError },
  });
}
