import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BloomreachSandbox, createBloomreachSandbox, EXPORT_ROUTE } from '../../src/sandbox/bloomreach/index.js';
import { asTyped, HOLDINGS, people } from '../../src/sandbox/people.js';

// Header labels are the sandbox's own wording (the vendor does not specify it), never the raw names.
const DEFAULT_HEADER = [
  'Customer ID: registered',
  'Customer ID: cookie',
  ...['email', 'first_name', 'last_name', 'phone', 'city', 'country', 'created_ts'].map((p) => `Property: ${p}`),
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface TableJson {
  header: string[];
  rows: (string | number | null)[][];
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  chunks: number;
  ttfbMs: number;
  totalMs: number;
}

let sb: BloomreachSandbox;

function exportUrl(token = sb.projectToken): string {
  return `${sb.url}/data/v2/projects/${token}/customers/export`;
}

async function post(
  body: unknown,
  {
    auth = sb.basicAuth(),
    contentType = 'application/json',
    token,
    method = 'POST',
  }: { auth?: string | null; contentType?: string; token?: string; method?: 'POST' | 'GET' } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (auth !== null) headers.authorization = auth;
  const started = performance.now();
  const res = await request(exportUrl(token), {
    method,
    headers,
    body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    // A fresh connection per export: a kept-alive one left idle through a multi-second export can be
    // closed by the sandbox (keepAliveTimeout 5 s) just as it is reused, which reads as ECONNRESET.
    reset: true,
  });
  let text = '';
  let chunks = 0;
  let ttfbMs = 0;
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    if (chunks === 0) ttfbMs = performance.now() - started;
    chunks += 1;
    text += decoder.decode(chunk as Buffer, { stream: true });
  }
  text += decoder.decode();
  return { status: res.statusCode, headers: res.headers, text, chunks, ttfbMs, totalMs: performance.now() - started };
}

async function exportJson(body: Record<string, unknown>): Promise<TableJson> {
  const reply = await post({ format: 'table_json', ...body });
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  return JSON.parse(reply.text) as TableJson;
}

function errorsOf(reply: Reply): Record<string, string[]> {
  const body = JSON.parse(reply.text) as { success: unknown; errors: Record<string, string[]> };
  expect(body.success).toBe(false);
  return body.errors;
}

/** Minimal RFC 4180 reader, strict about CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 2;
      continue;
    }
    i += 1;
    if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i - 1}`);
    else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('last record is not terminated by CRLF');
  return rows;
}

beforeAll(async () => {
  sb = createBloomreachSandbox({ exportDelayMs: 0, msPer1000Rows: 0 });
  await sb.start();
});

afterAll(async () => {
  await sb.stop();
});

describe('authentication and project', () => {
  it('rejects a request without credentials with 401 and a Bloomreach error body', async () => {
    const reply = await post({ format: 'csv' }, { auth: null });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(errorsOf(reply)._global?.[0]).toMatch(/Authorization/);
  });

  it('rejects a wrong secret, an unknown key and public (Token) access with 401', async () => {
    const wrongSecret = await post({ format: 'csv' }, { auth: sb.basicAuth({ apiKeyId: sb.apiKeyId, apiSecret: 'nope' }) });
    const unknownKey = await post({ format: 'csv' }, { auth: sb.basicAuth({ apiKeyId: 'someone', apiSecret: sb.apiSecret }) });
    const token = await post({ format: 'csv' }, { auth: `Token ${sb.projectToken}` });
    const garbage = await post({ format: 'csv' }, { auth: 'Basic !!!' });
    expect([wrongSecret.status, unknownKey.status, token.status, garbage.status]).toEqual([401, 401, 401, 401]);
    expect(errorsOf(wrongSecret)._global?.[0]).toMatch(/Invalid API key/);
  });

  it('answers 403 for a valid key without the export permission', async () => {
    const reply = await post({ format: 'csv' }, { auth: sb.basicAuth(sb.restrictedKey) });
    expect(reply.status).toBe(403);
    expect(errorsOf(reply)._global?.[0]).toContain('GDPR > Export customers');
  });

  it('answers 404 for an unknown project token, but only to an authenticated caller', async () => {
    const known = await post({ format: 'csv' }, { token: '00000000-0000-4000-8000-000000000000' });
    expect(known.status).toBe(404);
    expect(errorsOf(known)._global?.[0]).toMatch(/Project .* not found/);
    const anonymous = await post({ format: 'csv' }, { token: '00000000-0000-4000-8000-000000000000', auth: null });
    expect(anonymous.status).toBe(401);
  });

  it('exposes demo credentials that are distinct and accepted', async () => {
    expect(sb.projectToken).toMatch(UUID);
    expect(sb.restrictedKey.apiKeyId).not.toBe(sb.apiKeyId);
    const header = `Basic ${Buffer.from(`${sb.apiKeyId}:${sb.apiSecret}`).toString('base64')}`;
    const reply = await post({ format: 'csv', filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 } }, { auth: header });
    expect(reply.status).toBe(200);
  });

  it('counts every request on the export route, failed ones included', async () => {
    const before = sb.calls(EXPORT_ROUTE);
    await post({ format: 'csv' }, { auth: null });
    await post({ format: 'nope' });
    expect(sb.calls(EXPORT_ROUTE)).toBe(before + 2);
    expect(EXPORT_ROUTE).toBe('POST /data/v2/projects/{projectToken}/customers/export');
  });

  it('answers 405 to other methods on the export path and 404 elsewhere', async () => {
    const get = await post(undefined, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const other = await request(`${sb.url}/data/v2/projects/${sb.projectToken}/customers`, { method: 'POST' });
    expect(other.statusCode).toBe(404);
    expect(((await other.body.json()) as { success: boolean }).success).toBe(false);
  });
});

describe('undocumented paths', () => {
  // The doc has one call (POST /data/v2/projects/{projectToken}/customers/export, doc L1); the
  // vendor's other public calls are not part of the contract, so the sandbox does not answer them.
  it.each([
    '/data/v2/projects/{token}/customers/export-one',
    '/data/v2/projects/{token}/customers/attributes',
    '/data/v2/projects/{token}/customers/events',
    '/data/v2/projects/{token}/customers',
    '/data/v2/projects/{token}/customers/export/status',
    '/data/v2/projects/{token}/customers/export/',
    '/data/v1/projects/{token}/customers/export',
    '/track/v2/projects/{token}/system/time',
    '/data/v2/projects/{token}/analyses/segmentation',
  ])('answers 404 to an authenticated POST %s', async (template) => {
    const res = await request(`${sb.url}${template.replace('{token}', sb.projectToken)}`, {
      method: 'POST',
      headers: { authorization: sb.basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'csv' }),
    });
    expect(res.statusCode).toBe(404);
    expect(((await res.body.json()) as { success: boolean }).success).toBe(false);
  });
});

describe('request validation', () => {
  it('requires format and names the field', async () => {
    const reply = await post({});
    expect(reply.status).toBe(400);
    expect(errorsOf(reply).format?.[0]).toMatch(/required/);
  });

  it('rejects formats other than csv and table_json', async () => {
    for (const format of ['json', 'native_json', 'CSV', 3]) {
      const reply = await post({ format });
      expect(reply.status).toBe(400);
      expect(errorsOf(reply).format?.[0]).toContain('csv, table_json');
    }
  });

  it('requires a JSON object body sent as application/json', async () => {
    const notJson = await post('{"format": "csv"', {});
    expect(notJson.status).toBe(400);
    expect(errorsOf(notJson)._global?.[0]).toMatch(/not valid JSON/);
    const array = await post([{ format: 'csv' }]);
    expect(array.status).toBe(400);
    const wrongType = await post({ format: 'csv' }, { contentType: 'text/plain' });
    expect(wrongType.status).toBe(400);
    expect(errorsOf(wrongType)._global?.[0]).toMatch(/Content-Type/);
    const withCharset = await post(
      { format: 'csv', filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 } },
      { contentType: 'application/json; charset=utf-8' },
    );
    expect(withCharset.status).toBe(200);
  });

  it('rejects bad attributes with the offending path', async () => {
    const cases: [unknown, string][] = [
      ['everything', 'attributes'],
      [{ type: 'most' }, 'attributes.type'],
      [{ type: 'some' }, 'attributes.list'],
      [{ type: 'some', list: [] }, 'attributes.list'],
      [{ type: 'properties_and_ids', list: [{ type: 'id', id: 'cookie' }] }, 'attributes.list'],
      [{ type: 'some', list: ['email'] }, 'attributes.list.0'],
      [
        {
          type: 'some',
          list: [
            { type: 'id', id: 'cookie' },
            { type: 'event', id: 'x' },
          ],
        },
        'attributes.list.1.type',
      ],
      [{ type: 'some', list: [{ type: 'id', id: 'facebook_id' }] }, 'attributes.list.0.id'],
      [{ type: 'some', list: [{ type: 'property' }] }, 'attributes.list.0.property'],
    ];
    for (const [attributes, path] of cases) {
      const reply = await post({ format: 'csv', attributes });
      expect(reply.status, JSON.stringify(attributes)).toBe(400);
      expect(Object.keys(errorsOf(reply)), JSON.stringify(attributes)).toEqual([path]);
    }
  });

  it('rejects unknown segmentations and out-of-range segment indexes', async () => {
    const loyalty = sb.segmentations[2];
    expect(loyalty?.segments).toHaveLength(3);
    const cases: [unknown, string][] = [
      [{ segmentation_id: '000000000000000000000000', segment_index: 0 }, 'filter.segmentation_id'],
      [{ type: 'segment', segment_index: 0 }, 'filter.segmentation_id'],
      [{ segmentation_id: loyalty?.id, segment_index: 3 }, 'filter.segment_index'],
      [{ segmentation_id: loyalty?.id, segment_index: -2 }, 'filter.segment_index'],
      [{ segmentation_id: loyalty?.id, segment_index: 1.5 }, 'filter.segment_index'],
      [{ segmentation_id: loyalty?.id, segment_index: '0' }, 'filter.segment_index'],
      [{ segmentation_id: loyalty?.id }, 'filter.segment_index'],
      [{ type: 'customers' }, 'filter.type'],
      [[], 'filter'],
    ];
    for (const [filter, path] of cases) {
      const reply = await post({ format: 'table_json', filter });
      expect(reply.status, JSON.stringify(filter)).toBe(400);
      expect(Object.keys(errorsOf(reply)), JSON.stringify(filter)).toEqual([path]);
    }
    const outOfRange = await post({ format: 'csv', filter: { segmentation_id: loyalty?.id, segment_index: 3 } });
    expect(errorsOf(outOfRange)['filter.segment_index']?.[0]).toContain('between -1 and 2');
  });

  it('validates execution_time, timezone and unknown fields, reporting all errors at once', async () => {
    const reply = await post({ execution_time: 'yesterday', timezone: 'Mars/Olympus', filters: {}, format: 'xml' });
    expect(reply.status).toBe(400);
    expect(Object.keys(errorsOf(reply)).sort()).toEqual(['execution_time', 'filters', 'format', 'timezone']);
    const ok = await post({
      format: 'csv',
      execution_time: 1_700_000_000,
      timezone: 'Africa/Lagos',
      filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 },
    });
    expect(ok.status).toBe(200);
  });
});

describe('table_json export', () => {
  let full: TableJson;
  beforeAll(async () => {
    full = await exportJson({});
  });

  it('returns every customer in the holding with ids first, then properties', () => {
    expect(full.header).toEqual(DEFAULT_HEADER);
    expect(full.rows).toHaveLength(HOLDINGS.bloomreach.end - HOLDINGS.bloomreach.start);
    expect(full.rows.length).toBeGreaterThanOrEqual(50_000);
    expect(Object.keys(full)).toEqual(['header', 'rows']);
  });

  it('seeds each row from the shared population', () => {
    const population = people(50_000);
    for (const i of [0, 1, 7, 21, 12_345, 49_999]) {
      const person = population[i];
      if (!person) throw new Error('missing person');
      expect(full.rows[i]).toEqual([
        person.customId,
        expect.stringMatching(UUID),
        asTyped(person),
        person.firstName,
        person.lastName,
        person.phone,
        person.city,
        person.country,
        person.createdAt,
      ]);
    }
    expect(full.rows[0]?.[0]).toBe('CUST-000000');
    expect(full.rows[1]?.[0]).toBeNull();
    expect(full.rows[7]?.[2]).toBe(asTyped(population[7]!));
    expect(full.rows[7]?.[2]).not.toBe(population[7]?.email);
  });

  it('gives every customer a distinct, stable cookie', async () => {
    const cookies = new Set(full.rows.map((row) => row[1]));
    expect(cookies.size).toBe(full.rows.length);
    const again = await exportJson({ attributes: { type: 'some', list: [{ type: 'id', id: 'cookie' }] } });
    expect(again.rows.map((row) => row[0])).toEqual(full.rows.map((row) => row[1]));
    expect(sb.customers[3]?.ids.cookie).toBe(full.rows[3]?.[1]);
  });

  it('streams the body in many chunks', async () => {
    const reply = await post({ format: 'table_json' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(reply.chunks).toBeGreaterThan(10);
  });
});

describe('attributes and filters', () => {
  it('follows the order of an explicit attribute list, including unknown properties as empty', async () => {
    const table = await exportJson({
      attributes: {
        type: 'some',
        list: [
          { type: 'property', property: 'email' },
          { type: 'id', id: 'registered' },
          { type: 'property', property: 'shoe_size' },
        ],
      },
      filter: { type: 'all' },
    });
    expect(table.header).toEqual(['Property: email', 'Customer ID: registered', 'Property: shoe_size']);
    expect(table.rows[3]).toEqual([asTyped(people(4)[3]!), 'CUST-000003', null]);
    expect(table.rows.every((row) => row.length === 3 && row[2] === null)).toBe(true);
  });

  it('exports a property the project renamed under its new name only, and in the default list', async () => {
    const tenant = createBloomreachSandbox({
      customerCount: 2,
      exportDelayMs: 0,
      msPer1000Rows: 0,
      propertyNames: { first_name: 'firstname' },
    });
    await tenant.start();
    try {
      const res = await request(`${tenant.url}/data/v2/projects/${tenant.projectToken}/customers/export`, {
        method: 'POST',
        headers: { authorization: tenant.basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({
          format: 'table_json',
          attributes: {
            type: 'some',
            list: [
              { type: 'property', property: 'firstname' },
              { type: 'property', property: 'first_name' },
            ],
          },
        }),
      });
      const table = (await res.body.json()) as TableJson;
      expect(table.rows[0]).toEqual([tenant.customers[0]?.properties.first_name, null]);
      const all = await request(`${tenant.url}/data/v2/projects/${tenant.projectToken}/customers/export`, {
        method: 'POST',
        headers: { authorization: tenant.basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'table_json' }),
      });
      expect(((await all.body.json()) as TableJson).header).toContain('Property: firstname');
    } finally {
      await tenant.stop();
    }
  });

  it('exports properties named like Object.prototype members as empty, not as prototype values', async () => {
    const table = await exportJson({
      attributes: {
        type: 'some',
        list: [
          { type: 'property', property: 'constructor' },
          { type: 'property', property: '__proto__' },
          { type: 'property', property: 'toString' },
        ],
      },
      filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 },
    });
    expect(table.rows.every((row) => row.every((cell) => cell === null))).toBe(true);
    const csv = await post({
      format: 'csv',
      attributes: { type: 'some', list: [{ type: 'property', property: 'constructor' }] },
      filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 },
    });
    expect(csv.text).not.toContain('function');
  });

  it('accepts attributes.type properties_and_ids as the full default, and no undocumented synonym', async () => {
    const filter = { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 };
    const omitted = await exportJson({ filter });
    const pai = await exportJson({ attributes: { type: 'properties_and_ids' }, filter });
    expect(pai.header).toEqual(DEFAULT_HEADER);
    expect(pai).toEqual(omitted);
    const all = await post({ format: 'table_json', attributes: { type: 'all' }, filter });
    expect(all.status).toBe(400);
    expect(Object.keys(errorsOf(all))).toEqual(['attributes.type']);
  });

  it('exports exactly the customers of a segment, and -1 for customers in none', async () => {
    const segmentation = sb.segmentations[1];
    if (!segmentation) throw new Error('no segmentation');
    const cookieOnly = { type: 'some', list: [{ type: 'id', id: 'cookie' }] };
    let total = 0;
    for (let index = -1; index < segmentation.segments.length; index++) {
      const expected = sb.customers.filter((_c, i) => sb.segmentIndexOf(segmentation.id, i) === index).map((c) => c.ids.cookie);
      const table = await exportJson({
        attributes: cookieOnly,
        filter: { type: 'segment', segmentation_id: segmentation.id, segment_index: index },
      });
      expect(table.rows.map((row) => row[0])).toEqual(expected);
      expect(expected.length).toBeGreaterThan(1_000);
      total += expected.length;
    }
    expect(total).toBe(sb.customers.length);
  });

  it('has segmentations whose membership follows the data', async () => {
    expect(sb.segmentations.length).toBeGreaterThanOrEqual(3);
    for (const s of sb.segmentations) {
      expect(s.id).toMatch(/^[0-9a-f]{24}$/);
      expect(s.segments.length).toBeGreaterThan(0);
    }
    const [cohort, , loyalty] = sb.segmentations;
    // Loyalty tiers only hold registered customers.
    const gold = await exportJson({
      attributes: { type: 'some', list: [{ type: 'id', id: 'registered' }] },
      filter: { segmentation_id: loyalty?.id, segment_index: 0 },
    });
    expect(gold.rows.length).toBeGreaterThan(100);
    expect(gold.rows.every((row) => typeof row[0] === 'string' && row[0].startsWith('CUST-'))).toBe(true);
    // Signup cohort 0 is everyone created in 2023.
    const joined2023 = await exportJson({
      attributes: { type: 'some', list: [{ type: 'property', property: 'created_ts' }] },
      filter: { segmentation_id: cohort?.id, segment_index: 0 },
    });
    const end2023 = Date.UTC(2024, 0, 1) / 1000;
    expect(joined2023.rows.every((row) => Number(row[0]) < end2023)).toBe(true);
    expect(joined2023.rows).toHaveLength(people(50_000).filter((p) => p.createdAt < end2023).length);
  });
});

describe('csv export', () => {
  it('matches the table_json export row for row, with a header and CRLF records', async () => {
    const filter = { segmentation_id: sb.segmentations[1]?.id, segment_index: 0 };
    const reply = await post({ format: 'csv', filter });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/csv');
    const csv = parseCsv(reply.text);
    const table = await exportJson({ filter });
    expect(csv[0]).toEqual(DEFAULT_HEADER);
    expect(csv).toHaveLength(table.rows.length + 1);
    expect(csv.slice(1)).toEqual(table.rows.map((row) => row.map((v) => (v === null ? '' : String(v)))));
  });

  it('exports all 50,000 customers as csv', async () => {
    const reply = await post({ format: 'csv' });
    const csv = parseCsv(reply.text);
    expect(csv).toHaveLength(50_001);
    expect(csv[1]?.[0]).toBe('CUST-000000');
    expect(csv[2]?.[0]).toBe('');
    expect(reply.chunks).toBeGreaterThan(10);
  });

  it('quotes fields holding commas, quotes and line breaks', async () => {
    const odd = 'size, "EU"\nnew';
    const reply = await post({
      format: 'csv',
      attributes: {
        type: 'some',
        list: [
          { type: 'property', property: odd },
          { type: 'property', property: 'first_name' },
        ],
      },
      filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 },
    });
    expect(reply.text.startsWith('"Property: size, ""EU""\nnew",Property: first_name\r\n')).toBe(true);
    expect(parseCsv(reply.text)[0]).toEqual([`Property: ${odd}`, 'Property: first_name']);
  });
});

describe('timing and faults', () => {
  it('takes time proportional to the export size with the default timing', async () => {
    const timed = createBloomreachSandbox();
    expect([timed.exportDelayMs, timed.msPer1000Rows]).toEqual([50, 5]);
    await timed.start();
    try {
      const started = performance.now();
      const res = await request(`${timed.url}/data/v2/projects/${timed.projectToken}/customers/export`, {
        method: 'POST',
        headers: { authorization: timed.basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'csv' }),
      });
      const text = await res.body.text();
      expect(text.split('\r\n')).toHaveLength(50_002);
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    } finally {
      await timed.stop();
    }
  });

  it('waits exportDelayMs before the first byte', async () => {
    sb.exportDelayMs = 150;
    try {
      const reply = await post({ format: 'csv', filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 } });
      expect(reply.status).toBe(200);
      expect(reply.ttfbMs).toBeGreaterThanOrEqual(148);
    } finally {
      sb.exportDelayMs = 0;
    }
  });

  it('honours injected faults on the export route', async () => {
    sb.injectFault({ route: EXPORT_ROUTE, status: 429, body: { success: false, errors: { _global: ['Too many requests.'] } }, times: 1 });
    const limited = await post({ format: 'csv' });
    expect(limited.status).toBe(429);
    expect(errorsOf(limited)._global).toEqual(['Too many requests.']);
    const after = await post({ format: 'csv', filter: { segmentation_id: sb.segmentations[2]?.id, segment_index: 0 } });
    expect(after.status).toBe(200);
  });

  it('seeds a smaller project consistently with the full one, under custom credentials', async () => {
    const small = createBloomreachSandbox({
      customerCount: 120,
      projectToken: 'p-small',
      apiKeyId: 'k',
      apiSecret: 's',
      exportDelayMs: 0,
      msPer1000Rows: 0,
    });
    await small.start();
    try {
      const res = await request(`${small.url}/data/v2/projects/p-small/customers/export`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('k:s').toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'table_json' }),
      });
      const table = (await res.body.json()) as TableJson;
      expect(table.rows).toHaveLength(120);
      expect(table.rows[119]?.[1]).toBe(sb.customers[119]?.ids.cookie);
      expect(small.segmentIndexOf(small.segmentations[1]!.id, 50)).toBe(sb.segmentIndexOf(sb.segmentations[1]!.id, 50));
      const wrong = await request(`${small.url}/data/v2/projects/p-small/customers/export`, {
        method: 'POST',
        headers: { authorization: sb.basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'table_json' }),
      });
      expect(wrong.statusCode).toBe(401);
      await wrong.body.dump();
    } finally {
      await small.stop();
    }
  });
});
