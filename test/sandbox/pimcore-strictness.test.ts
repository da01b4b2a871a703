// The Pimcore sandbox is no more lenient than the CMF webservice doc: only the documented paths,
// and only the documented query parameters, spelled as the tables spell them, in their value forms.
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPimcoreSandbox, type PimcoreSandbox } from '../../src/sandbox/pimcore/index.js';

let sb: PimcoreSandbox;
beforeAll(async () => {
  sb = createPimcoreSandbox();
  await sb.start(0);
});
afterAll(() => sb.stop());

async function call(method: string, path: string): Promise<{ status: number; body: { success?: boolean; errors?: string[] } }> {
  const res = await request(`${sb.url}${path}`, { method: method as 'GET', headers: { 'x-api-key': sb.apiKey } });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as { success?: boolean; errors?: string[] }) : {} };
}

describe('undocumented paths answer 404', () => {
  it.each([
    ['GET', '/customers/1/activities'],
    ['GET', '/customers/1/segments'],
    ['GET', '/customer'],
    ['GET', '/segmentGroups'],
    ['GET', '/segment-groups/1/segments'],
    ['GET', '/deletions/1'],
    ['GET', '/segments-of-customers/1'],
    ['GET', ''],
    // The doc writes no trailing slash; the shared harness treats one as another path.
    ['GET', '/customers/'],
    ['GET', '/customers/1/'],
  ])('%s %s', async (method, path) => {
    expect((await call(method, path)).status).toBe(404);
  });

  it('the documented segments-of-customers path takes POST only', async () => {
    expect((await call('GET', '/segments-of-customers')).status).toBe(405);
  });
});

describe('one spelling per parameter', () => {
  it.each([
    ['/customers?pageSize=2&page=1&includeActivities=true&segments=1,2&modificationTimestamp=0'],
    ['/customers/1?includeActivities=false'],
    ['/activities?type=order&modifiedSinceTimestamp=0&page=1&pageSize=2'],
    ['/deletions?entityType=customers&deletionsSinceTimestamp=0'],
    ['/segments?page=1&pageSize=2'],
    ['/segment-groups?page=1&pageSize=2'],
  ])('accepts the documented %s', async (path) => {
    expect((await call('GET', path)).status).toBe(200);
  });

  it.each([
    ['/customers?modifiedSince=0', 'Unknown query parameter "modifiedSince"'],
    ['/customers?modifiedSinceTimestamp=0', 'Unknown query parameter "modifiedSinceTimestamp"'],
    ['/activities?modificationTimestamp=0', 'Unknown query parameter "modificationTimestamp"'],
    ['/activities?customerId=1', 'Unknown query parameter "customerId"'],
    ['/customers?email=a@example.com', 'Unknown query parameter "email"'],
    ['/customers?limit=10', 'Unknown query parameter "limit"'],
    ['/customers?includeActivities=1', 'must be true or false'],
    ['/customers/1?includeActivities=TRUE', 'must be true or false'],
    ['/customers?page=2x', 'must be an int'],
    ['/customers?segments=1;2', 'must be a comma-separated list of IDs'],
    ['/activities?modifiedSinceTimestamp=2024-01-01', 'must be an int timestamp'],
  ])('refuses %s', async (path, why) => {
    const res = await call('GET', path);
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.errors?.[0]).toContain(why);
  });
});
