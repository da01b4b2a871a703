// The request's abort signal and id reach what the request causes: a client that goes away cancels
// its vendor calls, and an unexpected error carries the id the response header echoes.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import type { SandboxServer } from '../../src/sandbox/harness.js';
import type { VendorAdapter } from '../../src/sources/adapter.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { TEST_AUTH_HEADERS, useTestGateway } from '../support/gateway.js';
import { captureLogs } from '../support/log-capture.js';

const LIST = 'query { customers(vendor: PIMCORE, first: 5) { edges { node { id } } } }';

const t = useTestGateway({ only: ['pimcore'] });
let pimcore: SandboxServer;
beforeEach(() => {
  pimcore = t.pimcore;
  pimcore.resetCalls();
  pimcore.latencyMs = 0;
});

const post = (signal?: AbortSignal, headers: Record<string, string> = {}) =>
  t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...headers },
    body: JSON.stringify({ query: LIST }),
    signal,
  });

describe('abort', () => {
  it('closes the vendor connection when the client aborts its request', async () => {
    // Far longer than the waits below: only a cancelled call ends before the sandbox answers.
    pimcore.latencyMs = 60_000;
    const client = new AbortController();
    const pending = Promise.resolve(post(client.signal)).catch((error: unknown) => error);
    await vi.waitFor(() => expect(pimcore.calls('GET /customers')).toBe(1), { timeout: 10_000 });
    expect(pimcore.aborted).toBe(0);
    client.abort();
    await vi.waitFor(() => expect(pimcore.aborted).toBe(1), { timeout: 10_000 });
    await pending;
  });

  it('leaves a request that is not aborted alone', async () => {
    pimcore.latencyMs = 50;
    const res = await post(new AbortController().signal);
    expect(res.status).toBe(200);
    expect(pimcore.calls('GET /customers')).toBe(1);
    expect(pimcore.aborted).toBe(0);
  });
});

describe('request id', () => {
  it('echoes a client x-request-id and makes one up when the client sends none or an unusable one', async () => {
    const echoed = await post(undefined, { 'x-request-id': 'checkout-42.a:b' });
    expect(echoed.headers.get('x-request-id')).toBe('checkout-42.a:b');
    const made = await post();
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await post(undefined, { 'x-request-id': 'x'.repeat(129) });
    expect(tooLong.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const longest = await post(undefined, { 'x-request-id': 'x'.repeat(128) });
    expect(longest.headers.get('x-request-id')).toBe('x'.repeat(128));
  });

  it('puts the request id on a masked error, and nothing of the hidden cause', async () => {
    // A port that fails the way no gateway code expects: only the masking is under test here.
    const broken: VendorAdapter = {
      vendor: 'PIMCORE',
      probe: async () => undefined,
      close: async () => undefined,
      customers: {
        list: () => Promise.reject(new Error('secret internals')),
        load: () => Promise.reject(new Error('secret internals')),
      },
    };
    const logs = captureLogs();
    const gateway = createGateway({
      sources: new SourceRegistry([broken]),
      security: parseConfig({ GATEWAY_AUTH: 'none' }).security,
      logger: logs.logger,
    });
    const res = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-7' },
      body: JSON.stringify({ query: LIST }),
    });
    const body = (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    expect(res.headers.get('x-request-id')).toBe('req-7');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' });
    expect(JSON.stringify(body)).not.toContain('secret internals');
    // One line names the request and keeps the cause for whoever reads the logs.
    const causes = logs.lines().filter((line) => line.msg === 'unexpected error');
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ level: 'error', requestId: 'req-7', err: { message: 'secret internals' } });
    // The request's own line carries the same id and the masked error's code.
    const requestLine = logs.lines().find((line) => line.msg === 'graphql request');
    expect(requestLine).toMatchObject({ requestId: 'req-7', clientId: 'anonymous', errorCodes: ['INTERNAL_SERVER_ERROR'] });
  });

  it('leaves the gateway’s own errors as they are, without the id', async () => {
    const res = await t.post('query { customers(vendor: PIMCORE, first: -1) { edges { node { id } } } }', {}, { 'x-request-id': 'r1' });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(res.body.errors?.[0]?.extensions?.requestId).toBeUndefined();
  });
});
