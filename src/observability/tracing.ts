// OpenTelemetry tracing, loaded (dynamically, by server.ts or a test) only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. Spans: the GraphQL request (its parent taken from the
// client's W3C `traceparent`), its parse, validate and execute phases, one span per vendor
// operation (port method, so retries and pages of one operation share it), and one HTTP client span
// per vendor request from the undici instrumentation, which also sends `traceparent` to the vendor.
import { context, propagation, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import type { ObservabilityConfig } from './env.js';
import { tallyOf } from './tally.js';
import { setOperationWrapper } from './trace-hook.js';

export interface Tracing {
  /** The Yoga plugin making the GraphQL spans (createGateway's `plugins`). */
  plugin: Plugin;
  /** Flushes the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Spans go here, one by one, instead of to the OTLP endpoint (tests use an InMemorySpanExporter). */
  exporter?: SpanExporter;
  /** The GraphQL endpoint: only requests to it get a request span. */
  endpoint?: string;
}

/** Starts the process-wide tracer provider and undici instrumentation. Call once per process. */
export function startTracing(config: Pick<ObservabilityConfig, 'otlpEndpoint' | 'serviceName'>, options: TracingOptions = {}): Tracing {
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${(config.otlpEndpoint ?? '').replace(/\/$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [processor],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  // Vendor HTTP calls outside any trace (background refreshes with no request behind them) make no root spans.
  const disable = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new UndiciInstrumentation({ requireParentforSpans: true })],
  });
  const tracer = provider.getTracer('cdp-gateway');
  setOperationWrapper(
    (vendor, operation, fn) =>
      (...args) =>
        inSpan(tracer, `${vendor} ${operation}`, { 'cdp.vendor': vendor, 'cdp.operation': operation }, () => fn(...args)),
  );
  return {
    plugin: useTracing(tracer, options.endpoint ?? '/graphql'),
    async shutdown() {
      setOperationWrapper(undefined);
      disable();
      await provider.shutdown();
    },
  };
}

/** Runs `fn` in a new active span, ended when its result settles. */
function inSpan<T>(tracer: Tracer, name: string, attributes: Record<string, string>, fn: () => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      const result = fn();
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            span.end();
            return value;
          },
          (error: unknown) => {
            fail(span, error);
            span.end();
            throw error;
          },
        ) as T;
      }
      span.end();
      return result;
    } catch (error) {
      fail(span, error);
      span.end();
      throw error;
    }
  });
}

function fail(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
}

const HEADER_GETTER = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

function useTracing(tracer: Tracer, endpoint: string): Plugin {
  const phase =
    (name: string) =>
    <T>(_payload: unknown, wrapped: () => T): T =>
      inSpan(tracer, name, {}, wrapped);
  return {
    instrumentation: {
      request({ request }, wrapped) {
        if (new URL(request.url).pathname !== endpoint) return wrapped();
        const parent = propagation.extract(context.active(), request.headers, HEADER_GETTER);
        const span = tracer.startSpan('graphql.request', { kind: SpanKind.SERVER }, parent);
        const finish = () => {
          const tally = tallyOf(request);
          if (tally?.operationName) span.setAttribute('graphql.operation.name', tally.operationName);
          if (tally?.operationType) span.setAttribute('graphql.operation.type', tally.operationType);
          if (tally && tally.errorCodes.length > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: tally.errorCodes.join(',') });
          span.end();
        };
        return context.with(trace.setSpan(parent, span), async () => {
          try {
            await wrapped();
          } finally {
            finish();
          }
        });
      },
      parse: phase('graphql.parse'),
      validate: phase('graphql.validate'),
      execute: phase('graphql.execute'),
    },
  };
}
