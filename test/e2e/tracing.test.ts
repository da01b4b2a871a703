// With tracing on, one query touching two vendors makes one trace, continuing the client's
// `traceparent`: request → parse, validate, execute → one span per vendor operation → the HTTP
// client spans of its calls; and each vendor receives a `traceparent` of that same trace.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Tracing } from '../../src/observability/tracing.js';
import { useTestGateway } from '../support/gateway.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
beforeAll(async () => {
  const { startTracing } = await import('../../src/observability/tracing.js');
  tracing = startTracing({ otlpEndpoint: undefined, serviceName: 'cdp-gateway-test' }, { exporter });
});
afterAll(async () => {
  await tracing?.shutdown();
});
const t = useTestGateway({
  only: ['pimcore', 'mautic'],
  gateway: {
    get tracing() {
      return tracing?.plugin;
    },
  },
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';
const QUERY = `query TwoVendors {
  p: customers(vendor: PIMCORE, first: 2) { edges { node { id } } }
  m: customers(vendor: MAUTIC, first: 2) { edges { node { id } } }
}`;

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

it('makes one trace from the client through the vendor operations to their HTTP calls', async () => {
  exporter.reset();
  t.pimcore.resetCalls();
  t.mautic.resetCalls();
  const res = await t.post(QUERY, {}, { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01` });
  expect(res.body.errors).toBeUndefined();

  const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
  const named = (name: string) => spans.filter((s) => s.name === name);
  const [request] = named('graphql.request');
  if (!request) throw new Error(`no request span among ${spans.map((s) => s.name).join(', ')}`);
  expect(parentOf(request)).toBe(CLIENT_SPAN);
  expect(request.attributes['graphql.operation.name']).toBe('TwoVendors');
  for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.execute']) {
    expect(named(phase).map(parentOf), phase).toEqual([idOf(request)]);
  }
  const execute = named('graphql.execute')[0] as ReadableSpan;
  for (const [vendor, sandbox] of [
    ['PIMCORE', t.pimcore],
    ['MAUTIC', t.mautic],
  ] as const) {
    const operations = named(`${vendor} customers.list`);
    expect(operations.map(parentOf), vendor).toEqual([idOf(execute)]);
    const operation = operations[0] as ReadableSpan;
    // Every vendor request of the operation is an HTTP client span under it, and the vendor saw its traceparent.
    const http = spans.filter((s) => parentOf(s) === idOf(operation));
    expect(http.length, vendor).toBe(sandbox.calls());
    const routes = Object.keys(sandbox.callCounts());
    const sent = routes.map((route) => String(sandbox.lastHeaders(route)?.traceparent));
    for (const header of sent) {
      const [, traceId, parentId] = header.split('-');
      expect(traceId).toBe(TRACE_ID);
      expect(http.map(idOf)).toContain(parentId);
    }
  }
});

it('starts a fresh trace when the client sends none', async () => {
  exporter.reset();
  await t.post('{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }');
  const request = exporter.getFinishedSpans().find((s) => s.name === 'graphql.request');
  expect(request).toBeDefined();
  expect(parentOf(request as ReadableSpan)).toBeUndefined();
  expect(request?.spanContext().traceId).not.toBe(TRACE_ID);
});
