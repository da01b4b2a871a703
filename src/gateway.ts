// createGateway(deps) → a yoga instance. Tests call `gateway.fetch` in-process; server.ts listens.
import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import { HEALTH_ENDPOINT, useReadiness } from './health.js';
import { useIdempotency, writeTrackerFor } from './idempotency.js';
import { useQueryLimits } from './query-limits.js';
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
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: HEALTH_ENDPOINT,
    landingPage: false,
    logging: deps.logging === false ? false : 'info',
    graphiql: { title: deps.graphiqlTitle ?? 'CDP Gateway' },
    // GraphiQL from the installed package, not a CDN: the playground works offline.
    renderGraphiQL,
    plugins: [useReadiness(deps.isReady ?? (() => true)), useQueryLimits(), useIdempotency()],
    context: ({ request }) => ({
      sources: deps.sources,
      scope: new RequestScope(request.signal),
      requestId: request.headers.get('x-request-id') ?? randomUUID(),
      writes: writeTrackerFor(request),
    }),
    // Default masking: GatewayErrors (GraphQLErrors with a code) pass, anything unexpected is masked.
    maskedErrors: true,
  });
}
