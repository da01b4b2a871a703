// The SFCC client-credentials token: one token call for many concurrent requests, a refresh ahead
// of expiry, one refresh and retry on a 401, and rejected credentials reported without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createSfccSandbox, type SfccSandbox } from '../../src/sandbox/sfcc/index.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { createSfccAdapter } from '../../src/vendors/sfcc/adapter.js';
import { errorCodes, type GraphQLBody, TEST_AUTH_HEADERS, useTestGateway, withTestGateway } from '../support/gateway.js';

const TOKEN = 'POST /dw/oauth2/access_token';
const SITES = 'GET /sites';
const QUERY = '{ sites(first: 1) { totalCount } }';

async function post(gateway: Gateway, query: string): Promise<GraphQLBody> {
  const res = await gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as GraphQLBody;
}

describe('SFCC token through the gateway', () => {
  const t = useTestGateway({ only: ['sfcc'], latencyMs: 5 });

  it('fetches one token for 60 concurrent requests', async () => {
    t.sfcc.resetCalls();
    const bodies = await Promise.all(Array.from({ length: 60 }, () => post(t.gateway, QUERY)));
    expect(bodies.every((b) => b.errors === undefined && (b.data?.sites as { totalCount: number } | undefined)?.totalCount === 3)).toBe(
      true,
    );
    expect(t.sfcc.calls(TOKEN)).toBe(1);
    expect(t.sfcc.calls(SITES)).toBe(60);
    // Later requests reuse it.
    await post(t.gateway, QUERY);
    expect(t.sfcc.calls(TOKEN)).toBe(1);
  });

  it('refreshes once and retries once when the instance answers 401, even for concurrent requests', async () => {
    await post(t.gateway, QUERY);
    t.sfcc.expireTokens();
    t.sfcc.resetCalls();
    const bodies = await Promise.all(Array.from({ length: 10 }, () => post(t.gateway, QUERY)));
    expect(bodies.every((b) => b.errors === undefined)).toBe(true);
    expect(t.sfcc.calls(TOKEN)).toBe(1);
    // Each request: the 401 with the lapsed token, then the retry with the new one.
    expect(t.sfcc.calls(SITES)).toBe(20);
  });

  it('does not retry a second 401 in a loop', async () => {
    t.sfcc.resetCalls();
    t.sfcc.injectFault({ route: SITES, status: 401, times: 2 });
    const body = await post(t.gateway, QUERY);
    expect(errorCodes(body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(t.sfcc.calls(SITES)).toBe(2);
    expect(t.sfcc.calls(TOKEN)).toBe(1);
  });
});

describe('SFCC token lifetime', () => {
  let clock = Date.UTC(2025, 5, 1);
  let sandbox: SfccSandbox;
  let gateway: Gateway;
  let sources: SourceRegistry;
  beforeAll(async () => {
    sandbox = createSfccSandbox({ tokenTtlSeconds: 100, now: () => clock });
    await sandbox.start();
    const config = parseConfig({
      SFCC_URL: sandbox.dataUrl,
      SFCC_AUTH_URL: sandbox.authUrl,
      SFCC_CLIENT_ID: sandbox.clientId,
      SFCC_CLIENT_SECRET: sandbox.clientSecret,
    }).sfcc;
    if (!config) throw new Error('sfcc not configured');
    sources = new SourceRegistry([createSfccAdapter(config, { now: () => clock })]);
    gateway = createGateway({ sources, security: parseConfig({ GATEWAY_AUTH: 'none' }).security, logging: false });
  });
  afterAll(async () => {
    await sources.close();
    await sandbox.stop();
  });

  it('refreshes the token before it expires, so no request meets a 401', async () => {
    expect((await post(gateway, QUERY)).errors).toBeUndefined();
    expect(sandbox.calls(TOKEN)).toBe(1);
    clock += 70_000;
    expect((await post(gateway, QUERY)).errors).toBeUndefined();
    expect(sandbox.calls(TOKEN)).toBe(1);
    // Within the last quarter of the 100 s lifetime: a new token before the call.
    clock += 10_000;
    expect((await post(gateway, QUERY)).errors).toBeUndefined();
    expect(sandbox.calls(TOKEN)).toBe(2);
    clock += 30_000; // the first token has now lapsed at the instance
    expect((await post(gateway, QUERY)).errors).toBeUndefined();
    expect(sandbox.calls(TOKEN)).toBe(2);
    expect(sandbox.calls(SITES)).toBe(4);
  });
});

describe('SFCC rejected credentials', () => {
  it('reports UPSTREAM_UNAUTHORIZED once per request without leaking the secret', async () => {
    await withTestGateway({ only: ['sfcc'], env: { SFCC_CLIENT_SECRET: 'wrong-secret-value' } }, async (t) => {
      const res = await t.post(QUERY);
      expect(res.body.data?.sites).toBeNull();
      expect(errorCodes(res.body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
      expect(JSON.stringify(res.body)).not.toContain('wrong-secret-value');
      expect(res.body.errors?.[0]?.message).toContain('SFCC_CLIENT_SECRET');
      expect(t.sfcc.calls(TOKEN)).toBe(1);
      expect(t.sfcc.calls(SITES)).toBe(0);
    });
  });
});
