import { beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, useTestGateway } from '../support/gateway.js';

// One fault, one call: this file is about how a failure is reported; retries are proved in resilience.test.ts.
const t = useTestGateway({ only: ['pimcore'], env: { PIMCORE_TIMEOUT_MS: '300', PIMCORE_RETRY_MAX_ATTEMPTS: '1' } });
beforeEach(() => t.pimcore.clearFaults());

const PARTIAL = `{
  customers(vendor: PIMCORE, first: 3) { edges { node { id } } }
  vendors { vendor }
}`;

describe('upstream failures keep partial data', () => {
  it.each([
    ['a 500', { status: 500 }, 'UPSTREAM_UNAVAILABLE', 500],
    ['a 429', { status: 429 }, 'UPSTREAM_RATE_LIMITED', 429],
    ['a slow answer', { delayMs: 1_000 }, 'UPSTREAM_TIMEOUT', undefined],
    ['a malformed body', { malformed: true }, 'UPSTREAM_BAD_RESPONSE', 200],
    ['a dropped connection', { dropConnection: true }, 'UPSTREAM_UNAVAILABLE', undefined],
  ])('%s nulls only the vendor field and names the vendor', async (_name, fault, code, httpStatus) => {
    t.pimcore.injectFault({ route: 'GET /customers', ...fault, times: 1 });
    const { body } = await t.post(PARTIAL);
    expect(body.data?.customers).toBeNull();
    expect(body.data?.vendors).toEqual([{ vendor: 'PIMCORE' }]);
    expect(errorCodes(body)).toEqual([code]);
    expect(body.errors?.[0]?.extensions?.vendor).toBe('PIMCORE');
    expect(body.errors?.[0]?.extensions?.httpStatus).toBe(httpStatus);
    expect(body.errors?.[0]?.path).toEqual(['customers']);
  });

  it('a wire body that parses but breaks the schema is UPSTREAM_BAD_RESPONSE', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', status: 200, body: { page: 'one', data: 'nope' }, times: 1 });
    // Fault bodies with status 200 go out as JSON objects, so this exercises the zod edge.
    const { body } = await t.post(PARTIAL);
    expect(errorCodes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
  });

  it('never leaks the API key or the upstream URL in errors', async () => {
    t.pimcore.injectFault({ route: 'GET /customers', status: 401, body: { success: false, msg: 'bad key' }, times: 1 });
    const { body } = await t.post(PARTIAL);
    const text = JSON.stringify(body);
    expect(errorCodes(body)).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(text).not.toContain(t.pimcore.apiKey);
    expect(text).not.toContain(t.pimcore.url);
    expect(text).not.toContain('127.0.0.1');
  });

  it('a failing vendor in a mutation is a retryable UpstreamError result', async () => {
    t.pimcore.injectFault({ route: 'PATCH /customers/{id}', status: 503, times: 1 });
    const res = await t.sdk.UpdateCustomer({ input: { id: Buffer.from('Customer:PIMCORE:3').toString('base64url'), firstName: 'X' } });
    expect(res.data.updateCustomer).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
      vendor: 'PIMCORE',
    });
  });
});
