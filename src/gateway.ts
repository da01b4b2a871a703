// createGateway(deps) → a yoga instance. Tests call `gateway.fetch` in-process; server.ts listens.
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { Authenticator, useAuthentication } from './auth/authenticate.js';
import { corsFor, useCsrfPrevention, useSecurityHeaders } from './auth/browser.js';
import type { SecurityConfig } from './auth/env.js';
import { useGraphiQLPage } from './auth/graphiql.js';
import { principalOf } from './auth/principal.js';
import { useSchemaPrivacy } from './auth/production.js';
import { registerSecrets } from './auth/scrub.js';
import type { GatewayContext } from './context.js';
import { HEALTH_ENDPOINT, useReadiness } from './health.js';
import { useIdempotency, writeTrackerFor } from './idempotency.js';
import { limitPlugins } from './limits/index.js';
import type { LimitSettings } from './limits/settings.js';
import { jsonLogger, type Logger, silentLogger, yogaLogger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { useMetricsEndpoint } from './observability/metrics-endpoint.js';
import { pimcoreIndexReading, snapshotReading } from './observability/readings.js';
import { useRequestLog } from './observability/request-log.js';
import { documentCaches, useForgetInvalidDocuments } from './perf/document-cache.js';
import { jitPlugins } from './perf/jit.js';
import type { TrustedManifest } from './persisted/trusted-documents.js';
import { requestIdFor } from './request-context.js';
import { maskError, useRequestContext } from './request-plugin.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, deadlineOf } from './resilience/deadline.js';
import { schema } from './schema/index.js';
import type { SourceRegistry } from './sources/registry.js';
import { RequestScope } from './sources/scope.js';
import type { StateConfig } from './state/env.js';
import { sharedLimitStores } from './state/limit-stores.js';
import { processStores } from './state/process-stores.js';
import type { SharedStore } from './state/store.js';

export interface GatewayDeps {
  sources: SourceRegistry;
  /** Client authentication, CORS and production switches (`parseConfig(env).security`). */
  security: SecurityConfig;
  /** Demo mode's generated key: accepted with every scope and prefilled in GraphiQL. */
  demoKey?: string | undefined;
  /** Extra text shown above GraphiQL's editor (demo mode uses it to say what is loaded). */
  graphiqlTitle?: string;
  /** `false`: no log lines at all (tests); ignored when `logger` is given. */
  logging?: boolean;
  /** Where log lines go; JSON on stdout at `info` when absent (src/observability/logger.ts). */
  logger?: Logger;
  /** This gateway's metrics; a fresh registry without process metrics when absent. */
  metrics?: GatewayMetrics;
  /** Serve `/metrics` on the gateway's port (default); false when METRICS_PORT serves it elsewhere. */
  metricsEndpoint?: boolean;
  /** The OpenTelemetry plugin (src/observability/tracing.ts) when tracing is on. */
  tracing?: Plugin | undefined;
  /** Answers `/readyz`; the server flips it when shutdown begins. Always ready when omitted. */
  isReady?: () => boolean;
  /** Query, cost, input and rate limits (src/limits/); DEFAULT_LIMITS when absent. */
  limits?: LimitSettings;
  /** When given, only these operations run (trusted documents); otherwise any, with APQ. */
  trustedDocuments?: TrustedManifest | undefined;
  /** Deadline of each GraphQL request (GATEWAY_REQUEST_TIMEOUT_MS); 15 s when absent. */
  requestTimeoutMs?: number;
  /** graphql-jit for the operations it can compile (src/perf/jit.ts); on unless false. */
  jit?: boolean;
  /** Byte budget of the parse cache (GATEWAY_DOCUMENT_CACHE_MAX_BYTES); its default when absent. */
  documentCacheMaxBytes?: number;
  /** State shared by replicas (src/state/): idempotency keys, and with Redis also rate limits and APQ. */
  state?: SharedStore;
  /** Byte budgets of idempotency records and APQ documents kept in this process without Redis (defaults when absent). */
  memoryBudgets?: StateConfig['memory'];
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

const ENDPOINT = '/graphql';

export function createGateway(deps: GatewayDeps): Gateway {
  const { security } = deps;
  const logger = deps.logger ?? (deps.logging === false ? silentLogger() : jsonLogger('info'));
  const metrics = deps.metrics ?? new GatewayMetrics();
  const parseCache = documentCaches(deps.documentCacheMaxBytes);
  const stores = processStores(deps.state, deps.memoryBudgets);
  metrics.readFrom({
    cacheBytes: { documents: parseCache.bytes, pimcore_index: pimcoreIndexReading(deps.sources), ...stores.cacheBytes },
  });
  metrics.readFrom({ snapshots: snapshotReading(deps.sources) });
  registerSecrets(security.secrets);
  const authenticator = new Authenticator({ auth: security.auth, demoKey: deps.demoKey });
  const graphiql = security.graphiql
    ? [
        useGraphiQLPage({
          path: ENDPOINT,
          title: deps.graphiqlTitle ?? 'CDP Gateway',
          headers: deps.demoKey ? { authorization: `Bearer ${deps.demoKey}` } : undefined,
        }),
      ]
    : [];
  const observeBatch = (loader: string, size: number) => metrics.batch(loader, size);
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: ENDPOINT,
    healthCheckEndpoint: HEALTH_ENDPOINT,
    landingPage: false,
    logging: yogaLogger(logger),
    // Served by useGraphiQLPage (rendered and compressed once, from the installed package).
    graphiql: false,
    cors: corsFor(security.corsOrigins),
    // useBodyLimit (src/limits/) caps bodies at GATEWAY_MAX_BODY_BYTES; Yoga's own 25 MB cap would
    // pipe every body through a TransformStream and a second Request as well (bench/RESULTS.md).
    maxRequestBodySize: false,
    // Bounded in bytes, not only by count (src/perf/document-cache.ts).
    parserAndValidationCache: { documentCache: parseCache.documentCache, errorCache: parseCache.errorCache },
    plugins: [
      // First: graphql-jit sets the execute function; tracing and useRequestContext wrap whichever is
      // set when they run, so they must come after it or it would replace their wrappers.
      ...jitPlugins(deps.jit ?? true, schema),
      ...(deps.tracing ? [deps.tracing] : []),
      useForgetInvalidDocuments(parseCache),
      useReadiness(deps.isReady ?? (() => true)),
      ...(deps.metricsEndpoint === false ? [] : [useMetricsEndpoint(metrics)]),
      useRequestLog({ logger, metrics, endpoint: ENDPOINT }),
      useSecurityHeaders(),
      ...graphiql,
      useAuthentication(authenticator, ENDPOINT),
      useCsrfPrevention(),
      ...useSchemaPrivacy(security.introspection),
      useRequestContext(logger),
      ...limitPlugins({
        ...(deps.limits ? { limits: deps.limits } : {}),
        trustedDocuments: deps.trustedDocuments,
        vendorCount: () => deps.sources.vendors.length,
        ...(stores.apq ? { persistedQueryStore: stores.apq } : sharedLimitStores(deps.state)),
      }),
      useIdempotency({
        // In one process the plugin keeps its own store, so the gauge counts idempotency keys only.
        store: stores.idempotency,
        observeSize: (size) => metrics.readFrom({ idempotencyKeys: size }),
        log: (line) => logger.warn(line),
        requestTimeoutMs: deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      }),
    ],
    context: ({ request }) => {
      const principal = principalOf(request);
      // useAuthentication sets it for every request to the endpoint; fail closed if that ever changes.
      if (!principal) throw new Error('request reached execution without an authenticated principal');
      const sources = deps.sources.forPrincipal(principal);
      // Aborts at the deadline or when the client disconnects; every vendor call of the request listens to it.
      const deadline = deadlineOf(request, deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
      return {
        principal,
        sources,
        // The one customer loader of the request reads through the caller's scopes, like every field.
        scope: new RequestScope(
          deadline.signal,
          (scope, vendor, ids, include) => sources.op(vendor, 'customers.load')(scope, ids, include),
          deadline.at,
          observeBatch,
        ),
        requestId: requestIdFor(request),
        writes: writeTrackerFor(request),
      };
    },
    // Yoga's masking: GatewayErrors (GraphQLErrors with a code) pass, anything unexpected is masked
    // (and then carries the request id; see request-plugin.ts).
    maskedErrors: { maskError },
  });
}
