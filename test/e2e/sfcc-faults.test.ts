// SFCC fault documents through the gateway: every type the 19.10 Sites doc lists maps to a typed
// error first; a type it does not list keeps the vendor's words under the code its status implies.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { faultBody } from '../../src/sandbox/sfcc/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const siteId = (id: string) => globalId('Site', 'SFCC', id);
const SITE_READ = 'GET /sites/{site_id}';

// One fault, one call: this file is about how faults read; retries are proved in resilience.test.ts.
const t = useTestGateway({ only: ['sfcc'], env: { SFCC_RETRY_MAX_ATTEMPTS: '1' } });
beforeEach(() => {
  t.sfcc.resetCalls();
  t.sfcc.clearFaults();
});

describe('documented faults', () => {
  it('SecureCommunicationRequiredException (403) says to use https, not that the credentials are wrong', async () => {
    t.sfcc.injectFault({
      route: SITE_READ,
      status: 403,
      body: faultBody('SecureCommunicationRequiredException', 'A secure connection is required.'),
      times: 1,
    });
    const res = await t.sdk.SiteNode({ id: siteId('RefArch') });
    expect(errorCodes(res)).toEqual(['UPSTREAM_REJECTED']);
    expect(res.errors?.[0]?.message).toMatch(/SFCC requires HTTPS: set SFCC_URL to the https:\/\//);
    expect(t.sfcc.calls(SITE_READ)).toBe(1);
  });

  it('CQuotientException (400) names Einstein and its answer, once', async () => {
    const res = await t.sdk.SiteRecommenders({ id: siteId('RefArchGlobal') });
    expect(errorCodes(res)).toEqual(['UPSTREAM_REJECTED']);
    expect(res.errors?.[0]?.message).toMatch(/Einstein recommenders answered 400: CQuotientException: .*The given site id is not valid/);
    expect(t.sfcc.calls('GET /sites/{site_id}/ai/recommender_names')).toBe(1);
  });

  it('SiteNotFoundException (404) is NOT_FOUND for the site', async () => {
    const res = await t.sdk.SiteNode({ id: siteId('NoSuchSite') });
    expect(res.data.node).toBeNull();
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
    expect(t.sfcc.calls(SITE_READ)).toBe(1);
  });
});

describe('faults the doc does not list', () => {
  it.each([
    [400, 'UPSTREAM_REJECTED'],
    [404, 'NOT_FOUND'],
    [409, 'UPSTREAM_CONFLICT'],
    [503, 'UPSTREAM_UNAVAILABLE'],
  ])('a %i fault becomes %s with the vendor message, its URLs scrubbed', async (status, code) => {
    t.sfcc.injectFault({
      route: SITE_READ,
      status,
      body: faultBody('QuotaExceededException', 'Quota exceeded, see https://secret.example.com/dw/quota?token=abc', { quota: 'x' }),
      times: 1,
    });
    const res = await t.sdk.SiteNode({ id: siteId('RefArch') });
    expect(errorCodes(res)).toEqual([code]);
    expect(res.errors?.[0]?.message).toBe(`SFCC refused the request (${status}): QuotaExceededException: Quota exceeded, see <url>`);
    expect(res.errors?.[0]?.extensions?.httpStatus).toBe(status);
    expect(JSON.stringify(res.errors)).not.toContain('secret.example.com');
    expect(t.sfcc.calls(SITE_READ)).toBe(1);
  });
});
