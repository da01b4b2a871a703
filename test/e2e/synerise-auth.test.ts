// The workspace JWT: one login shared by concurrent requests, one refresh and one retry when the
// token expires, and a rejected API key reported clearly without a login loop.
import { describe, expect, it } from 'vitest';
import { errorCodes, useTestGateway } from '../support/gateway.js';
import { LOGIN_ROUTE, PROFILE_ROUTE, syneriseCustomerId } from '../support/synerise.js';

const CUSTOMER = 'query Customer($id: ID!) { customer(id: $id) { id email } }';

describe('Synerise workspace token', () => {
  const t = useTestGateway({ only: ['synerise'] });

  it('logs in once for 100 concurrent GraphQL requests that find no cached token', async () => {
    t.synerise.resetCalls();
    const issuedBefore = t.synerise.tokensIssued;
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => t.post(CUSTOMER, { id: syneriseCustomerId(i) })));
    for (const r of results) {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data?.customer).not.toBeNull();
    }
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    expect(t.synerise.tokensIssued - issuedBefore).toBe(1);
    expect(t.synerise.calls(PROFILE_ROUTE)).toBe(100);
  });

  it('reports Synerise as configured, healthy, with what its adapter can do', async () => {
    const res = await t.sdk.Vendors();
    const synerise = res.data.vendors.find((v) => v.vendor === 'SYNERISE');
    expect(synerise?.health.status).toBe('UP');
    expect(synerise?.capabilities).toEqual(
      expect.arrayContaining([
        'customers.list',
        'customers.createMany',
        'activities.forCustomer',
        'activities.create',
        'segments.members',
        'catalogs.upsertItem',
      ]),
    );
    expect(synerise?.capabilities).not.toContain('segments.allGroups');
  });

  it('reuses the cached token on later requests', async () => {
    t.synerise.resetCalls();
    await t.post(CUSTOMER, { id: syneriseCustomerId(1) });
    await t.post(CUSTOMER, { id: syneriseCustomerId(2) });
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(0);
  });

  it('refreshes an expired token once and retries the request once', async () => {
    t.synerise.expireAllTokens();
    t.synerise.resetCalls();
    const res = await t.post(CUSTOMER, { id: syneriseCustomerId(3) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.customer).toMatchObject({ id: syneriseCustomerId(3) });
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    // The call that got 401 "Token expired", then the retry with the new token.
    expect(t.synerise.calls(PROFILE_ROUTE)).toBe(2);
  });

  it('shares one refresh among concurrent requests that all hit the expired token', async () => {
    await t.post(CUSTOMER, { id: syneriseCustomerId(4) });
    t.synerise.expireAllTokens();
    t.synerise.resetCalls();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.post(CUSTOMER, { id: syneriseCustomerId(10 + i) })));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    // Each request at most twice (401, retry); those that asked after the refresh used the new token.
    expect(t.synerise.calls(PROFILE_ROUTE)).toBeGreaterThanOrEqual(21);
    expect(t.synerise.calls(PROFILE_ROUTE)).toBeLessThanOrEqual(40);
  });

  it('gives up after one retry when the fresh token is refused too (no loop)', async () => {
    t.synerise.resetCalls();
    t.synerise.injectFault({
      route: PROFILE_ROUTE,
      status: 401,
      body: { status: 401, error: 'Unauthorized', message: 'Token expired', path: '/clients/1' },
      times: 5,
    });
    const res = await t.post(CUSTOMER, { id: syneriseCustomerId(5) });
    t.synerise.clearFaults();
    expect(res.body.data?.customer).toBeNull();
    expect(errorCodes(res.body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(t.synerise.calls(PROFILE_ROUTE)).toBe(2);
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
  });

  it('does not retry a 403 (a missing API-key permission, which a new token cannot fix)', async () => {
    await t.post(CUSTOMER, { id: syneriseCustomerId(6) });
    t.synerise.resetCalls();
    t.synerise.injectFault({ route: PROFILE_ROUTE, status: 403, times: 1 });
    const res = await t.post(CUSTOMER, { id: syneriseCustomerId(6) });
    expect(errorCodes(res.body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(res.body.errors?.[0]?.extensions?.vendor).toBe('SYNERISE');
    expect(t.synerise.calls(PROFILE_ROUTE)).toBe(1);
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(0);
  });

  it('logs in again by itself when the token reaches its exp', async () => {
    t.synerise.tokenTtlSeconds = 2;
    t.synerise.expireAllTokens();
    await t.post(CUSTOMER, { id: syneriseCustomerId(7) }); // 401, refresh: the new token lives 2 s
    t.synerise.resetCalls();
    await new Promise((r) => setTimeout(r, 2100));
    const res = await t.post(CUSTOMER, { id: syneriseCustomerId(7) });
    t.synerise.tokenTtlSeconds = 3600;
    expect(res.body.errors).toBeUndefined();
    // Refreshed ahead of expiry from the JWT's exp: no request was spent on a 401.
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    expect(t.synerise.calls(PROFILE_ROUTE)).toBe(1);
  });
});

describe('Synerise with a wrong API key', () => {
  // A fresh gateway per test: a refused login is remembered for a few seconds by design.
  // Lookups wait for a concurrency slot before they ask for a token: with more slots than
  // requests, all ten below ask at once.
  const t = useTestGateway({
    only: ['synerise'],
    env: { SYNERISE_API_KEY: 'not-the-workspace-key', SYNERISE_MAX_CONCURRENCY: '16' },
    perTest: true,
  });

  it('answers UPSTREAM_UNAUTHORIZED after one login attempt, and does not log in again for a while', async () => {
    t.synerise.resetCalls();
    const first = await t.post(CUSTOMER, { id: syneriseCustomerId(1) });
    expect(first.body.data?.customer).toBeNull();
    expect(errorCodes(first.body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    const error = first.body.errors?.[0];
    expect(error?.message).toMatch(/rejected the workspace API key/);
    expect(error?.message).not.toContain('not-the-workspace-key');
    expect(error?.extensions).toMatchObject({ vendor: 'SYNERISE', retryable: false });
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    expect(t.synerise.calls(PROFILE_ROUTE)).toBe(0);

    // A revoked key must not turn every request into a login attempt.
    const second = await t.post(CUSTOMER, { id: syneriseCustomerId(2) });
    expect(errorCodes(second.body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    expect(t.synerise.calls()).toBe(1);
  });

  it('shares one failing login among concurrent requests', async () => {
    t.synerise.resetCalls();
    // Latency keeps the login in flight while all ten requests arrive, so they overlap for sure.
    t.synerise.latencyMs = 100;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => t.post(CUSTOMER, { id: syneriseCustomerId(i) })));
    t.synerise.latencyMs = 0;
    for (const r of results) expect(errorCodes(r.body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    expect(t.synerise.calls()).toBe(1);
  });

  it('reports the rejected key as a typed, non-retryable mutation error', async () => {
    t.synerise.resetCalls();
    const res = await t.sdk.RecordActivity({ input: { customerId: syneriseCustomerId(1), type: 'test.event' } });
    expect(res.data.recordActivity).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_UNAUTHORIZED',
      retryable: false,
      vendor: 'SYNERISE',
    });
    expect(t.synerise.calls(LOGIN_ROUTE)).toBe(1);
    expect(t.synerise.calls('POST /v4/events/custom')).toBe(0);
  });
});
