// Prometheus metrics count what happened, exactly: GraphQL requests, errors, vendor attempts (held
// against the sandboxes' own counters), DataLoader batches and the gauges, each gateway only its own.
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId, globalId } from '../../src/ids.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { startMetricsServer } from '../../src/observability/metrics-endpoint.js';
import { TEST_AUTH_HEADERS, useTestGateway, withTestGateway } from '../support/gateway.js';
import { captureLogs } from '../support/log-capture.js';
import { metricValue } from '../support/metrics.js';
import { syneriseCustomerId } from '../support/synerise.js';

const metrics = new GatewayMetrics();
const t = useTestGateway({
  only: ['pimcore', 'bloomreach'],
  gateway: {
    get metrics() {
      return metrics;
    },
  },
});
beforeEach(() => {
  t.pimcore.resetCalls();
  t.pimcore.clearFaults();
});

const LIST = 'query ListFive { customers(vendor: PIMCORE, first: 5) { edges { node { id vendorId } } } }';

describe('GraphQL requests', () => {
  it('counts a request by operation name, type and outcome, and its duration', async () => {
    const before = await metricValue(metrics, 'cdp_graphql_requests_total', { operation: 'ListFive', type: 'query', outcome: 'ok' });
    const res = await t.post(LIST);
    expect(res.body.errors).toBeUndefined();
    expect(await metricValue(metrics, 'cdp_graphql_requests_total', { operation: 'ListFive', type: 'query', outcome: 'ok' })).toBe(
      before + 1,
    );
    expect(await metricValue(metrics, 'cdp_graphql_request_duration_seconds', { operation: 'ListFive', outcome: 'ok' }, 'count')).toBe(
      before + 1,
    );
  });

  it('labels an unnamed operation "anonymous" and counts errors by code', async () => {
    const errorsBefore = await metricValue(metrics, 'cdp_graphql_errors_total', { code: 'BAD_USER_INPUT' });
    const res = await t.post('{ customers(vendor: PIMCORE, first: -1) { edges { node { id } } } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await metricValue(metrics, 'cdp_graphql_requests_total', { operation: 'anonymous', outcome: 'partial' })).toBe(1);
    expect(await metricValue(metrics, 'cdp_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(errorsBefore + 1);
  });

  it('counts refused requests too, before their operation is known', async () => {
    const res = await t.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-key-0000000000' },
      body: JSON.stringify({ query: LIST, operationName: 'ListFive' }),
    });
    expect(res.status).toBe(401);
    expect(await metricValue(metrics, 'cdp_graphql_requests_total', { operation: 'anonymous', type: 'unknown', outcome: 'error' })).toBe(1);
    expect(await metricValue(metrics, 'cdp_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
  });
});

describe('typed mutation errors', () => {
  // They are data (result union members), not `errors`: counted by code all the same, one vendor attempt each.
  const RESULT = '{ __typename ... on UpstreamError { code } }';
  const CREATE_ONE = `mutation CreateOne($a: CreateCustomerInput!) { first: createCustomer(input: $a) ${RESULT} }`;
  const CREATE_TWO = `mutation CreateTwo($a: CreateCustomerInput!, $b: CreateCustomerInput!) {
    first: createCustomer(input: $a) ${RESULT}
    second: createCustomer(input: $b) ${RESULT}
  }`;
  const input = (email: string) => ({ vendor: 'PIMCORE', email });

  it('count a failed create by code, make the request an error, and name the code in its log line', async () => {
    const own = new GatewayMetrics();
    const logs = captureLogs();
    const env = { PIMCORE_RETRY_MAX_ATTEMPTS: '1' };
    await withTestGateway({ only: ['pimcore'], env, gateway: { metrics: own, logger: logs.logger } }, async (g) => {
      g.pimcore.injectFault({ route: 'POST /customers', status: 503, times: 1 });
      const failed = await g.post(CREATE_ONE, { a: input('fails@example.test') });
      expect(failed.body.errors).toBeUndefined();
      expect(failed.body.data).toEqual({ first: { __typename: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE' } });
      expect(g.pimcore.calls()).toBe(1);
      expect(await metricValue(own, 'cdp_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE' })).toBe(1);
      expect(await metricValue(own, 'cdp_graphql_requests_total', { operation: 'CreateOne', outcome: 'error' })).toBe(1);
      expect(await metricValue(own, 'cdp_graphql_requests_total', { operation: 'CreateOne', outcome: 'ok' })).toBe(0);

      // One of two creates fails: the request is partial, and only that one is counted.
      g.pimcore.injectFault({ route: 'POST /customers', status: 503, times: 1 });
      const mixed = await g.post(CREATE_TWO, { a: input('fails-too@example.test'), b: input('works@example.test') });
      const data = mixed.body.data as Record<string, { __typename: string }>;
      expect([data.first?.__typename, data.second?.__typename]).toEqual(['UpstreamError', 'CustomerPayload']);
      expect(g.pimcore.calls()).toBe(3);
      expect(await metricValue(own, 'cdp_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE' })).toBe(2);
      expect(await metricValue(own, 'cdp_graphql_requests_total', { operation: 'CreateTwo', outcome: 'partial' })).toBe(1);
    });
    const lines = logs.lines().filter((line) => line.msg === 'graphql request');
    expect(lines.map((line) => [line.outcome, line.errorCodes])).toEqual([
      ['error', ['UPSTREAM_UNAVAILABLE']],
      ['partial', ['UPSTREAM_UNAVAILABLE']],
    ]);
  });
});

describe('vendor calls', () => {
  it('counts every vendor attempt as the sandbox counts it, by vendor, operation template and status', async () => {
    const before = await metricValue(metrics, 'cdp_vendor_calls_total', { vendor: 'PIMCORE' });
    await t.post(LIST);
    await t.post(LIST);
    t.pimcore.injectFault({ route: 'GET /customers', status: 500, times: 1 });
    const failed = await t.post(LIST);
    expect(failed.body.errors?.[0]?.extensions?.code).toMatch(/^UPSTREAM_/);
    const sandboxCalls = t.pimcore.calls();
    expect(sandboxCalls).toBeGreaterThanOrEqual(3);
    expect(await metricValue(metrics, 'cdp_vendor_calls_total', { vendor: 'PIMCORE' })).toBe(before + sandboxCalls);
    expect(await metricValue(metrics, 'cdp_vendor_calls_total', { vendor: 'PIMCORE', operation: 'GET /customers', status: '500' })).toBe(1);
    expect(await metricValue(metrics, 'cdp_vendor_call_duration_seconds', { vendor: 'PIMCORE' }, 'count')).toBe(before + sandboxCalls);
  });

  it('leaves another gateway in the same process at zero', async () => {
    const mine = new GatewayMetrics();
    await withTestGateway({ only: ['pimcore'], gateway: { metrics: mine } }, async (other) => {
      const before = await metricValue(metrics, 'cdp_vendor_calls_total');
      await other.post(LIST);
      expect(await metricValue(mine, 'cdp_vendor_calls_total', { vendor: 'PIMCORE' })).toBe(other.pimcore.calls());
      expect(await metricValue(metrics, 'cdp_vendor_calls_total')).toBe(before);
      await t.post(LIST);
      expect(await metricValue(mine, 'cdp_vendor_calls_total', { vendor: 'PIMCORE' })).toBe(other.pimcore.calls());
    });
  });
});

describe('DataLoader batches', () => {
  it('observes one batch holding every id the query asked for', async () => {
    const list = await t.post(LIST);
    const page = list.body.data?.customers as { edges: { node: { vendorId: string } }[] } | undefined;
    const ids = (page?.edges ?? []).map((e) => e.node.vendorId);
    const [a, b, c] = ids.map((id) => encodeGlobalId('Customer', `PIMCORE:${id}`));
    const before = await metricValue(metrics, 'cdp_dataloader_batch_size', { loader: 'customer' }, 'sum');
    const res = await t.post(`{ a: customer(id: "${a}") { id } b: customer(id: "${b}") { id } c: customer(id: "${c}") { id } }`);
    expect(res.body.errors).toBeUndefined();
    expect(await metricValue(metrics, 'cdp_dataloader_batch_size', { loader: 'customer' }, 'sum')).toBe(before + 3);
  });
});

describe('gauges', () => {
  it('reports the bytes of the Pimcore customer index once a lookup by email built it', async () => {
    expect(await metricValue(metrics, 'cdp_cache_bytes', { cache: 'pimcore_index' })).toBe(0);
    const res = await t.post('{ customersByEmail(email: "nobody@example.com") { id } }');
    expect(res.body.errors).toBeUndefined();
    // The whole sandbox list (about 1 KB a customer), far under the 128 MiB default.
    expect(await metricValue(metrics, 'cdp_cache_bytes', { cache: 'pimcore_index' })).toBeGreaterThan(100_000);
  });

  it('reports the Bloomreach snapshots held', async () => {
    const res = await t.post('{ customers(vendor: BLOOMREACH, first: 2) { edges { node { id } } } }');
    expect(res.body.errors).toBeUndefined();
    expect(await metricValue(metrics, 'cdp_bloomreach_snapshots')).toBe(1);
    expect(await metricValue(metrics, 'cdp_bloomreach_snapshot_bytes')).toBeGreaterThan(0);
  });

  it('reports the idempotency keys held', async () => {
    const before = await metricValue(metrics, 'cdp_idempotency_keys');
    const create = `mutation { createCustomer(input: { vendor: PIMCORE, email: "gauge@example.com", firstName: "G", lastName: "Auge" }) {
      __typename } }`;
    const res = await t.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, 'idempotency-key': 'gauge-1' },
      body: JSON.stringify({ query: create }),
    });
    expect(res.status).toBe(200);
    expect(await metricValue(metrics, 'cdp_idempotency_keys')).toBe(before + 1);
  });
});

describe('exposition', () => {
  it('serves /metrics on the gateway port in the Prometheus text format', async () => {
    await t.post(LIST);
    const res = await t.gateway.fetch('http://gateway.test/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^cdp_graphql_requests_total\{operation="ListFive",type="query",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^cdp_vendor_calls_total\{vendor="PIMCORE",operation="GET \/customers",status="200"\} \d+$/m);
  });

  it('serves /metrics on a listener of its own, and not on the gateway port, when told to', async () => {
    const own = new GatewayMetrics({ processMetrics: true });
    await withTestGateway({ only: ['pimcore'], gateway: { metrics: own, metricsEndpoint: false } }, async (other) => {
      expect((await other.gateway.fetch('http://gateway.test/metrics')).status).toBe(404);
      const server = await startMetricsServer(own, 0, '127.0.0.1');
      try {
        const address = server.address();
        if (!address || typeof address === 'string') throw new Error('no port');
        const res = await fetch(`http://127.0.0.1:${address.port}/metrics`);
        const text = await res.text();
        expect(text).toContain('cdp_vendor_calls_total');
        expect(text).toContain('nodejs_eventloop_lag_seconds');
        expect((await fetch(`http://127.0.0.1:${address.port}/graphql`)).status).toBe(404);
      } finally {
        server.close();
      }
    });
  });
});

describe('operation-name labels', () => {
  it('keeps the first names up to the cap and folds every later one into "other"', async () => {
    const capped = new GatewayMetrics({ maxOperationNames: 2 });
    await withTestGateway({ only: ['pimcore'], gateway: { metrics: capped } }, async (other) => {
      for (const name of ['One', 'Two', 'Three', 'One'])
        await other.post(`query ${name} { customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }`);
      expect(await metricValue(capped, 'cdp_graphql_requests_total', { operation: 'One' })).toBe(2);
      expect(await metricValue(capped, 'cdp_graphql_requests_total', { operation: 'Two' })).toBe(1);
      expect(await metricValue(capped, 'cdp_graphql_requests_total', { operation: 'Three' })).toBe(0);
      expect(await metricValue(capped, 'cdp_graphql_requests_total', { operation: 'other' })).toBe(1);
    });
  });
});

describe('failed batch items', () => {
  it('count each refused item by code, including one whose vendor is not configured', async () => {
    const own = new GatewayMetrics();
    await withTestGateway({ only: ['synerise'], gateway: { metrics: own } }, async (g) => {
      const activities = [
        { customerId: syneriseCustomerId(1), type: 'bulk.event' },
        { customerId: globalId('Customer', 'PIMCORE', '1'), type: 'bulk.event' },
        { customerId: syneriseCustomerId(2), type: 'bulk.event' },
      ];
      const res = await g.post(
        'mutation Record($input: RecordActivitiesInput!) { recordActivities(input: $input) { ... on RecordActivitiesPayload { failedCount queuedCount } } }',
        { input: { activities } },
      );
      expect(res.body.data).toEqual({ recordActivities: { failedCount: 1, queuedCount: 2 } });
      expect(await metricValue(own, 'cdp_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
      expect(await metricValue(own, 'cdp_graphql_requests_total', { operation: 'Record', outcome: 'partial' })).toBe(1);
    });
  });
});
