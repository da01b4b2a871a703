// The SFCC sandbox is no more lenient than the 19.10 Sites doc: only documented paths exist, and
// each of the doc's own sample requests gets a success or a fault type the doc lists.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSfccSandbox, DATA_PATH, type SfccSandbox } from '../../src/sandbox/sfcc/index.js';
import { DOCUMENTED_FAULTS } from '../../src/vendors/sfcc/errors.js';

let sb: SfccSandbox;
let token: string;

beforeAll(async () => {
  sb = createSfccSandbox();
  await sb.start(0);
  const res = await request(sb.authUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sb.clientId}:${sb.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  token = ((await res.body.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.stop());

async function call(method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; json: { fault?: { type: string } } }> {
  const res = await request(`${sb.url}${pathAndQuery}`, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? (JSON.parse(text) as { fault?: { type: string } }) : {} };
}

describe('undocumented paths answer 404', () => {
  it.each([
    ['GET', `${DATA_PATH}/sites/SiteGenesis/customers`],
    ['GET', `${DATA_PATH}/customer_lists/SiteGenesis`], // linked from the Site document, but another resource
    ['GET', `${DATA_PATH}/sites/SiteGenesis/ab_tests/my-abtest1`], // the `link` of an A/B test: no documented read
    ['GET', `${DATA_PATH}/sites/SiteGenesis/custom_objects/loyalty_profile`], // no collection read in 19.10
    ['GET', `${DATA_PATH}/sites/SiteGenesis/site_preferences/preference_groups`],
    ['GET', `${DATA_PATH}/sites/SiteGenesis/locale_info`],
    ['GET', '/dw/data/v20_2/sites'],
    ['GET', '/dw/shop/v19_10/sites'],
  ])('%s %s', async (method, path) => {
    const res = await call(method, path);
    expect(res.status).toBe(404);
    expect(res.json.fault?.type).toBe('ResourcePathNotFoundException');
  });

  it('a documented path with an undocumented method is 405, not served', async () => {
    expect((await call('GET', `${DATA_PATH}/sites/SiteGenesis/cartridges`)).status).toBe(405);
    expect((await call('POST', `${DATA_PATH}/sites`, {})).status).toBe(405);
  });
});

describe("the doc's own sample requests", () => {
  interface Example {
    file: string;
    requestLine: number;
    requestText: string;
    kind: 'request' | 'response';
  }
  const dir = new URL('../fixtures/vendor-docs/sfcc/', import.meta.url);
  const { examples } = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { examples: Example[] };
  const requests = new Map<number, { text: string; body?: unknown }>();
  for (const e of examples) {
    const known = requests.get(e.requestLine);
    const body = e.kind === 'request' ? (JSON.parse(readFileSync(new URL(e.file, dir), 'utf8')) as unknown) : known?.body;
    requests.set(e.requestLine, { text: e.requestText, ...(body === undefined ? {} : { body }) });
  }

  it.each([...requests.entries()].map(([line, r]) => [line, r.text, r.body] as const))(
    'L%i %s: a success or a documented fault',
    async (_line, text, body) => {
      const [method = '', target = ''] = text.split(/\s+/);
      // Samples use the organisation-context prefix `/s/-` and a `{site-id}` placeholder once.
      const path = target.replace(/^\/s\/-/, '').replace('{site-id}', 'SiteGenesis');
      const res = await call(method, path, body);
      if (res.status >= 300) expect(Object.keys(DOCUMENTED_FAULTS)).toContain(res.json.fault?.type);
      else expect(res.status).toBeLessThan(300);
    },
  );
});
