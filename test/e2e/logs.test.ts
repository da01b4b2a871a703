// What the gateway writes to its log: one line per GraphQL request carrying the id its response
// header carries, one line per failed vendor call naming the operation template, and never a
// credential, whatever the request and however the vendors fail.
import { SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { publishVendorCall } from '../../src/http/call-events.js';
import { TEST_API_KEY, TEST_API_KEY_ENTRY, TEST_AUTH_HEADERS, useTestGateway, withTestGateway } from '../support/gateway.js';
import { captureLogs } from '../support/log-capture.js';

const LIST = 'query ListThree { customers(vendor: PIMCORE, first: 3) { edges { node { id } } } }';

describe('request lines', () => {
  const logs = captureLogs();
  const t = useTestGateway({ only: ['pimcore', 'mautic'], gateway: { logger: logs.logger } });
  beforeEach(() => {
    t.pimcore.resetCalls();
    t.pimcore.clearFaults();
  });
  const linesOf = (requestId: string | null) => logs.lines().filter((line) => line.requestId === requestId);

  it('writes one line per request, with the id the response header carries', async () => {
    for (const headers of [{}, { 'x-request-id': 'order-1234' }] as Record<string, string>[]) {
      const res = await t.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...headers },
        body: JSON.stringify({ query: LIST }),
      });
      expect(res.status).toBe(200);
      const id = res.headers.get('x-request-id');
      const lines = linesOf(id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'info',
        msg: 'graphql request',
        requestId: id,
        clientId: 'key:test',
        operationName: 'ListThree',
        operationType: 'query',
        status: 200,
        outcome: 'ok',
        vendorCalls: { PIMCORE: t.pimcore.calls() },
        errorCodes: [],
      });
      expect(typeof lines[0]?.durationMs).toBe('number');
      t.pimcore.resetCalls();
    }
  });

  it('counts the calls of each vendor a request touched', async () => {
    t.mautic.resetCalls();
    const res = await t.post(
      '{ p: customers(vendor: PIMCORE, first: 2) { edges { node { id } } } m: customers(vendor: MAUTIC, first: 2) { edges { node { id } } } }',
      {},
      { 'x-request-id': 'two-vendors' },
    );
    expect(res.body.errors).toBeUndefined();
    expect(linesOf('two-vendors')[0]?.vendorCalls).toEqual({ PIMCORE: t.pimcore.calls(), MAUTIC: t.mautic.calls() });
  });

  it('writes one line for a failed vendor call: vendor, operation template, status, attempt; no URL', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', status: 500, times: 1 });
    const res = await t.post(LIST, {}, { 'x-request-id': 'vendor-down' });
    const code = res.body.errors?.[0]?.extensions?.code;
    const failures = linesOf('vendor-down').filter((line) => line.msg === 'vendor call failed' && line.attempt === 1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 'warn', vendor: 'PIMCORE', operation: 'GET /customers', status: 500, errorCode: code });
    expect(JSON.stringify(failures[0])).not.toMatch(/https?:|127\.0\.0\.1|\?/);
    const request = linesOf('vendor-down').find((line) => line.msg === 'graphql request');
    expect(request).toMatchObject({ outcome: 'partial', errorCodes: [code] });
  });

  it('writes a line for a retried attempt, whatever its outcome (the call-events contract retries rely on)', async () => {
    // The retry policy publishes each attempt as an event; this stands in for a successful second attempt.
    publishVendorCall({
      vendor: 'MAUTIC',
      operation: 'GET /api/contacts',
      method: 'GET',
      status: 200,
      durationMs: 3,
      attempt: 2,
      errorCode: undefined,
    });
    const retried = logs.lines().filter((line) => line.msg === 'vendor call retried');
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ level: 'warn', vendor: 'MAUTIC', operation: 'GET /api/contacts', status: 200, attempt: 2 });
    // Published outside any request: no request id.
    expect(retried[0]?.requestId).toBeUndefined();
  });

  it('logs no line for a successful first attempt', async () => {
    await t.post(LIST, {}, { 'x-request-id': 'all-good' });
    expect(linesOf('all-good').map((line) => line.msg)).toEqual(['graphql request']);
  });
});

describe('secrets', () => {
  const JWT_SECRET = 'jwt-signing-secret-0123456789-abcdefghij';
  const WRONG_KEY = 'wrong-client-key-5f2c9a1e7b';

  it('never writes a credential, through successes, vendor faults and wrong credentials', async () => {
    const logs = captureLogs();
    const secrets: string[] = [JWT_SECRET, TEST_API_KEY, WRONG_KEY];
    const env = {
      GATEWAY_API_KEYS: JSON.stringify([TEST_API_KEY_ENTRY]),
      GATEWAY_JWT_SECRET: JWT_SECRET,
      LOG_LEVEL: 'trace',
    };
    const exercise = async (t: Parameters<Parameters<typeof withTestGateway>[1]>[0]) => {
      for (const [name, value] of Object.entries(t.sandboxes.env))
        if (/KEY|SECRET|PASSWORD|TOKEN|CLIENT_ID/.test(name)) secrets.push(value);
      const queries = [
        '{ vendors { vendor health { status message } } }',
        '{ customers(vendor: PIMCORE, first: 2) { edges { node { id email } } } }',
        '{ customers(vendor: MAUTIC, first: 2) { edges { node { id email } } } }',
        '{ customers(vendor: SYNERISE, first: 2) { edges { node { id email } } } }',
        '{ customers(vendor: SFCC, first: 2) { edges { node { id email } } } }',
        '{ customers(vendor: BLOOMREACH, first: 2) { edges { node { id email } } } }',
      ];
      for (const query of queries) await t.post(query);
      t.pimcore.injectFault({ status: 503, times: 1 });
      t.mautic.injectFault({ malformed: true, times: 1 });
      t.synerise.injectFault({ dropConnection: true, times: 1 });
      t.sfcc.injectFault({ status: 401, times: 1 });
      for (const query of queries) await t.post(query);
      // A client with a wrong key, and one with a JWT signed by the configured secret.
      await t.post(queries[1] ?? '', {}, { authorization: `Bearer ${WRONG_KEY}` });
      const token = await new SignJWT({ scope: '*:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('user-42')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(JWT_SECRET));
      secrets.push(token);
      const asUser = await t.post(queries[1] ?? '', {}, { authorization: `Bearer ${token}` });
      expect(asUser.status).toBe(200);
    };
    await withTestGateway({ env, gateway: { logger: logs.logger } }, exercise);
    // Wrong vendor credentials: every vendor answers 401/403 and the gateway reports it.
    const wrong = {
      PIMCORE_API_KEY: 'wrong-pimcore-key-8d1f',
      SYNERISE_API_KEY: 'wrong-synerise-key-3b7a',
      MAUTIC_PASSWORD: 'wrong-mautic-password-6c2e',
      SFCC_CLIENT_SECRET: 'wrong-sfcc-secret-9a4d',
      BLOOMREACH_API_SECRET: 'wrong-bloomreach-secret-1e5b',
    };
    secrets.push(...Object.values(wrong));
    await withTestGateway({ env: { ...env, ...wrong }, gateway: { logger: logs.logger } }, exercise);

    const text = logs.text();
    expect(logs.lines().filter((line) => line.msg === 'vendor call failed').length).toBeGreaterThanOrEqual(8);
    expect(logs.lines().filter((line) => line.msg === 'graphql request').length).toBeGreaterThanOrEqual(28);
    for (const secret of new Set(secrets)) expect(text, `a secret of ${secret.length} characters was logged`).not.toContain(secret);
    expect(text).not.toMatch(/bearer|authorization|basic /i);
  });
});
