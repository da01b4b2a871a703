// Browsers and production: CORS allow-list, CSRF prevention, security headers, GraphiQL served
// compressed and cacheable, production switches, and vendor text scrubbed of secrets and hosts.
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_AUTH_HEADERS, useTestGateway, withTestGateway } from '../support/gateway.js';

const ALLOWED = 'https://app.example.com';
const QUERY = '{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }';
const CREATE = 'mutation { createCustomer(input: { vendor: PIMCORE, email: "form@example.com" }) { __typename } }';

const t = useTestGateway({ only: ['pimcore'], env: { GATEWAY_CORS_ORIGINS: `${ALLOWED},https://admin.example.com` } });
beforeEach(() => t.pimcore.resetCalls());

const fetchGateway = (init: RequestInit & { headers?: Record<string, string> }, path = '/graphql') =>
  t.gateway.fetch(`http://gateway.test${path}`, init);

describe('CORS', () => {
  it('a preflight from an allowed origin gets that origin, credentials and the headers clients send', async () => {
    const res = await fetchGateway({
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('a preflight from any other origin gets no CORS headers, so the browser refuses', async () => {
    for (const origin of ['https://evil.example.com', 'https://app.example.com.evil.com', 'null']) {
      const res = await fetchGateway({ method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('a request from another origin is not given access to the response', async () => {
    const res = await fetchGateway({
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example.com', ...TEST_AUTH_HEADERS },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CSRF', () => {
  it('a cross-origin form POST (urlencoded or multipart) is refused before any vendor call, even carrying a key', async () => {
    const urlencoded = await fetchGateway({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example.com', ...TEST_AUTH_HEADERS },
      body: new URLSearchParams({ query: CREATE }).toString(),
    });
    expect(urlencoded.status).toBe(403);
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: CREATE }));
    form.set('map', '{}');
    const multipart = await fetchGateway({
      method: 'POST',
      headers: { origin: 'https://evil.example.com', ...TEST_AUTH_HEADERS },
      body: form,
    });
    expect(multipart.status).toBe(403);
    const plain = await fetchGateway({
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...TEST_AUTH_HEADERS },
      body: JSON.stringify({ query: CREATE }),
    });
    expect(plain.status).toBe(403);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('a form POST with the CSRF header (which only a preflighted request can carry) is let through', async () => {
    const res = await fetchGateway({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-graphql-csrf': '1', ...TEST_AUTH_HEADERS },
      body: new URLSearchParams({ query: QUERY }).toString(),
    });
    expect(res.status).toBe(200);
  });

  it('GET needs the CSRF header, and a mutation over GET is refused even with it', async () => {
    const url = (q: string) => `/graphql?query=${encodeURIComponent(q)}`;
    expect((await fetchGateway({ method: 'GET', headers: { ...TEST_AUTH_HEADERS } }, url(QUERY))).status).toBe(403);
    const read = await fetchGateway({ method: 'GET', headers: { 'x-graphql-csrf': '1', ...TEST_AUTH_HEADERS } }, url(QUERY));
    expect(read.status).toBe(200);
    t.pimcore.resetCalls();
    const write = await fetchGateway({ method: 'GET', headers: { 'x-graphql-csrf': '1', ...TEST_AUTH_HEADERS } }, url(CREATE));
    expect(write.status).toBe(405);
    expect(t.pimcore.calls()).toBe(0);
  });
});

describe('security headers and GraphiQL', () => {
  it('every response says nosniff, no framing, no referrer', async () => {
    for (const res of [
      await fetchGateway({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await fetchGateway({
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS },
        body: JSON.stringify({ query: QUERY }),
      }),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('GraphiQL is compressed, cannot be framed, and revalidates with its ETag (304, no body)', async () => {
    const res = await fetchGateway({ method: 'GET', headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toContain('no-cache');
    const zipped = Buffer.from(await res.arrayBuffer());
    const html = gunzipSync(zipped).toString('utf8');
    expect(html).toContain('<html');
    expect(zipped.length).toBeLessThan(html.length / 3);
    const etag = res.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetchGateway({ method: 'GET', headers: { accept: 'text/html', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const brotli = await fetchGateway({ method: 'GET', headers: { accept: 'text/html', 'accept-encoding': 'gzip, br' } });
    expect(brotli.headers.get('content-encoding')).toBe('br');
  });
});

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('NODE_ENV=production', () => {
  it('turns introspection, field suggestions and GraphiQL off', async () => {
    await withTestGateway({ only: ['pimcore'], env: { NODE_ENV: 'production' } }, async (g) => {
      const intro = await g.post(INTROSPECTION);
      expect(intro.body.data ?? null).toBeNull();
      expect(intro.body.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await g.post('{ customerz(vendor: PIMCORE) { id } }');
      expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean/);
      const page = await g.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html', ...TEST_AUTH_HEADERS } });
      expect(await page.text()).not.toContain('<html');
    });
  });

  it('GATEWAY_GRAPHIQL=true and GATEWAY_INTROSPECTION=true turn them back on', async () => {
    const env = { NODE_ENV: 'production', GATEWAY_GRAPHIQL: 'true', GATEWAY_INTROSPECTION: 'true' };
    await withTestGateway({ only: ['pimcore'], env }, async (g) => {
      expect((await g.post(INTROSPECTION)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const page = await g.gateway.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('<html');
    });
  });

  it('development mode answers introspection and suggests fields (the other side of the switch)', async () => {
    expect((await t.post(INTROSPECTION)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(JSON.stringify((await t.post('{ customerz(vendor: PIMCORE) { id } }')).body)).toMatch(/Did you mean/);
  });
});

describe('vendor messages', () => {
  it('are scrubbed of every configured secret and vendor host before they reach the client', async () => {
    const host = new URL(t.pimcore.url).host;
    const hostname = new URL(t.pimcore.url).hostname;
    t.pimcore.injectFault({
      route: 'POST /customers',
      status: 400,
      body: {
        success: false,
        msg: `key ${t.pimcore.apiKey} refused by ${host} (proxy ${hostname}); test key ${TEST_AUTH_HEADERS.authorization?.slice(7)}`,
      },
      times: 1,
    });
    const res = await t.post(
      'mutation { createCustomer(input: { vendor: PIMCORE, email: "scrub@example.com" }) { __typename ... on ValidationError { message fields { message } } } }',
    );
    const text = JSON.stringify(res.body);
    expect(text).toContain('refused by');
    expect(text).not.toContain(t.pimcore.apiKey);
    expect(text).not.toContain(hostname);
    expect(text).not.toContain(TEST_AUTH_HEADERS.authorization?.slice(7));
    expect(text).toContain('***');
  });
});
