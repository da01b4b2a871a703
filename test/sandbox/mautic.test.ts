import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMauticSandbox, HEAVY_PRODUCTS_INDEXES, type MauticSandbox } from '../../src/sandbox/mautic/index.js';
import { asTyped, HOLDINGS, people } from '../../src/sandbox/people.js';

let sb: MauticSandbox;
let auth: string;

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

async function call(method: string, path: string, body?: unknown, authorization: string | null = auth): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const res = await request(`${sb.url}${path}`, {
    method: method as 'GET',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const population = people(HOLDINGS.mautic.end);
// Person 21: typed with mixed case (21 % 7 === 0) and holds a customId (21 % 3 === 0).
const p21 = population[21]!;

beforeAll(async () => {
  sb = createMauticSandbox();
  await sb.start();
  auth = basic(sb.username, sb.password);
});

afterAll(async () => {
  await sb.stop();
});

describe('authentication', () => {
  it('rejects a missing or wrong Basic header with the Mautic error body', async () => {
    const missing = await call('GET', '/api/contacts', undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ errors: [{ code: 401, message: 'API authorization denied.', details: [] }] });
    expect(missing.headers['www-authenticate']).toContain('Basic');
    const wrong = await call('GET', '/api/contacts', undefined, basic(sb.username, 'nope'));
    expect(wrong.status).toBe(401);
    const ok = await call('GET', '/api/contacts?limit=1');
    expect(ok.status).toBe(200);
  });

  it('takes credentials from options and exposes them', async () => {
    const other = createMauticSandbox({ username: 'u1', password: 'p1' });
    expect(other.username).toBe('u1');
    expect(other.password).toBe('p1');
    await other.start();
    try {
      const res = await request(`${other.url}/api/contacts/1`, { headers: { authorization: basic('u1', 'p1') } });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      const bad = await request(`${other.url}/api/contacts/1`, { headers: { authorization: auth } });
      expect(bad.statusCode).toBe(401);
      await bad.body.dump();
    } finally {
      await other.stop();
    }
  });
});

describe('GET /api/contacts', () => {
  it('answers total as a string and contacts keyed by id, 30 by default', async () => {
    const res = await call('GET', '/api/contacts');
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(String(HOLDINGS.mautic.end - HOLDINGS.mautic.start));
    const ids = Object.keys(res.json.contacts);
    expect(ids).toHaveLength(30);
    const first = res.json.contacts[ids[0]!];
    expect(String(first.id)).toBe(ids[0]);
    expect(first.fields.all).toHaveProperty('email');
    expect(first).not.toHaveProperty('customObjects');
  });

  it('pages with start/limit and keeps the requested order in the JSON text', async () => {
    const res = await call('GET', '/api/contacts?orderBy=id&orderByDir=desc&start=2&limit=3');
    expect(res.json.total).toBe('400');
    const keysInText = [...res.text.matchAll(/"(\d+)":\{"isPublished"/g)].map((m) => m[1]);
    expect(keysInText).toEqual(['398', '397', '396']);
    const beyond = await call('GET', '/api/contacts?start=400');
    expect(beyond.json).toEqual({ total: '400', contacts: [] });
  });

  it('rejects an unknown orderBy column', async () => {
    const res = await call('GET', '/api/contacts?orderBy=shoeSize');
    expect(res.status).toBe(400);
    expect(res.json.errors[0].code).toBe(400);
  });

  it('searches email: case-insensitively and supports ids: and where[] in', async () => {
    expect(asTyped(p21)).not.toBe(p21.email);
    const byEmail = await call('GET', `/api/contacts?search=${encodeURIComponent(`email:${p21.email}`)}`);
    expect(byEmail.json.total).toBe('1');
    const contact = byEmail.json.contacts['22'];
    expect(contact.fields.all.email).toBe(asTyped(p21));
    expect(contact.fields.all.customer_id).toBe(p21.customId);
    expect(contact.fields.all.firstname).toBe(p21.firstName);

    const byIds = await call('GET', '/api/contacts?search=ids:3,5,9');
    expect(Object.keys(byIds.json.contacts).sort()).toEqual(['3', '5', '9']);

    const emails = [population[1]!.email, population[2]!.email.toUpperCase()].join(',');
    const byWhere = await call('GET', `/api/contacts?where[0][col]=email&where[0][expr]=in&where[0][val]=${encodeURIComponent(emails)}`);
    expect(Object.keys(byWhere.json.contacts).sort()).toEqual(['2', '3']);

    const negated = await call('GET', `/api/contacts?search=${encodeURIComponent(`!email:${p21.email}`)}&limit=1`);
    expect(negated.json.total).toBe('399');
  });
});

describe('GET /api/contacts accepts only what core Mautic does', () => {
  it('takes `leads` column names in where and orderBy, not ORM property names', async () => {
    const since = encodeURIComponent('2025-06-01 00:00:00');
    const column = await call('GET', `/api/contacts?where[0][col]=date_modified&where[0][expr]=gte&where[0][val]=${since}&limit=1`);
    expect(column.status).toBe(200);
    expect(Number(column.json.total)).toBeGreaterThan(0);
    expect(Number(column.json.total)).toBeLessThan(400);
    const property = await call('GET', `/api/contacts?where[0][col]=dateModified&where[0][expr]=gte&where[0][val]=${since}`);
    expect(property.status).toBe(400);
    expect((await call('GET', '/api/contacts?orderBy=date_modified&limit=1')).status).toBe(200);
    expect((await call('GET', '/api/contacts?orderBy=dateModified&limit=1')).status).toBe(400);
  });

  it('reads an `in` list as one CSV string (quotes keep commas) and refuses an array val', async () => {
    const [a, b] = [population[1]!.email, population[2]!.email];
    const quoted = encodeURIComponent(`"${a}","no,such@example.org",${b}`);
    const csv = await call('GET', `/api/contacts?where[0][col]=email&where[0][expr]=in&where[0][val]=${quoted}`);
    expect(Object.keys(csv.json.contacts).sort()).toEqual(['2', '3']);
    const array = await call(
      'GET',
      `/api/contacts?where[0][col]=email&where[0][expr]=in&where[0][val][0]=${encodeURIComponent(a)}&where[0][val][1]=${encodeURIComponent(b)}`,
    );
    expect(array.status).toBe(400);
    expect(array.json.errors[0].message).toContain('must be a string');
  });

  it('answers 404 on paths neither the plugin doc nor core Mautic’s contact API has', async () => {
    for (const path of [
      '/api/customobjects',
      '/api/custom-objects/products/items',
      '/api/contacts/1/customobjects',
      '/api/contacts/1/items',
    ]) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.json.errors[0].code).toBe(404);
    }
  });
});

describe('customObjects windows', () => {
  it('cuts the object list and each item list at the configured window and says so in meta.page', async () => {
    const heavyId = HEAVY_PRODUCTS_INDEXES[0]! + 1;
    sb.store.customObjectsWindow = 1;
    try {
      const res = await call('GET', `/api/contacts/${heavyId}?includeCustomObjects=true`);
      const block = res.json.contact.customObjects;
      expect(block.meta).toEqual({ page: { number: 1, size: 1 }, sort: '-dateAdded' });
      expect(block.data).toHaveLength(1);
      expect(block.data[0].data).toHaveLength(1);
    } finally {
      sb.store.customObjectsWindow = 50;
    }
  });

  it('adds no customObjects block for a contact without items, as the plugin does', async () => {
    const bare = await call('POST', '/api/contacts/new?includeCustomObjects=true', { email: 'no.items@example.org' });
    expect(bare.status).toBe(201);
    expect(bare.json.contact).not.toHaveProperty('customObjects');
  });
});

describe('GET /api/contacts/{id} and includeCustomObjects', () => {
  it('wraps the contact and 404s unknown ids with the Mautic error body', async () => {
    const res = await call('GET', '/api/contacts/22');
    expect(res.status).toBe(200);
    expect(res.json.contact.id).toBe(22);
    expect(res.json.contact.dateAdded).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(res.json.contact.fields.core.email.value).toBe(asTyped(p21));
    const missing = await call('GET', '/api/contacts/99999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ errors: [{ code: 404, message: 'Item was not found.', details: [] }] });
  });

  it('returns at most 50 items per object, newest first, with the fixed meta', async () => {
    const heavyId = HEAVY_PRODUCTS_INDEXES[0]! + 1;
    const linked = sb.store.itemsOf(heavyId, 1);
    expect(linked.length).toBeGreaterThan(50);
    const res = await call('GET', `/api/contacts/${heavyId}?includeCustomObjects=true`);
    const block = res.json.contact.customObjects;
    expect(block.meta).toEqual({ page: { number: 1, size: 50 }, sort: '-dateAdded' });
    const products = block.data.find((o: { alias: string }) => o.alias === 'products');
    expect(products.id).toBe(1);
    expect(products.meta).toEqual({ page: { number: 1, size: 50 }, sort: '-dateAdded' });
    expect(products.data).toHaveLength(50);
    const dates = products.data.map((i: { dateAdded: string }) => Date.parse(i.dateAdded));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect(products.data[0].id).toBe(linked[0]!.id);
    expect(Object.keys(products.data[0])).toEqual([
      'id',
      'name',
      'language',
      'category',
      'isPublished',
      'dateAdded',
      'dateModified',
      'createdBy',
      'modifiedBy',
      'attributes',
    ]);
    expect(products.data[0].attributes).toHaveProperty('sku');
  });
});

describe('POST /api/contacts/new', () => {
  it('creates (201) and then upserts by email case-insensitively (200)', async () => {
    const created = await call('POST', '/api/contacts/new', { email: 'Upsert.Me@Example.org', firstname: 'Up' });
    expect(created.status).toBe(201);
    const id = created.json.contact.id;
    const again = await call('POST', '/api/contacts/new', { email: 'upsert.me@example.ORG', lastname: 'Sert' });
    expect(again.status).toBe(200);
    expect(again.json.contact.id).toBe(id);
    expect(again.json.contact.fields.all.firstname).toBe('Up');
    expect(again.json.contact.fields.all.lastname).toBe('Sert');
  });

  it('matches the customer_id unique identifier too', async () => {
    const res = await call('POST', '/api/contacts/new', { customer_id: p21.customId, position: 'Buyer' });
    expect(res.status).toBe(200);
    expect(res.json.contact.id).toBe(22);
  });

  it('inserts items without id and updates items with id, as the plugin doc describes', async () => {
    const res = await call('POST', '/api/contacts/new?includeCustomObjects=true', {
      email: 'john.doc@example.org',
      firstname: 'John',
      customObjects: {
        data: [
          {
            id: 1,
            alias: 'products',
            data: [
              {
                id: 23,
                name: 'Hello From API2',
                attributes: { website: 'https://mautic.org', 'in-stock': 45, multi: ['yellow', 'blue'], sku: '2348720', color: 'brown' },
              },
              { name: 'Brand new', attributes: { sku: 'NEW-1', price: 12 } },
            ],
          },
          { alias: 'orders', data: [{ name: 'Order X', attributes: { order_number: 'X-1', status: 'paid', total: 99 } }] },
        ],
      },
    });
    expect(res.status).toBe(201);
    const block = res.json.contact.customObjects;
    const products = block.data.find((o: { alias: string }) => o.alias === 'products');
    const updated = products.data.find((i: { id: number }) => i.id === 23);
    expect(updated.name).toBe('Hello From API2');
    expect(updated.attributes).toMatchObject({ 'in-stock': 45, multi: ['yellow', 'blue'], sku: '2348720' });
    const inserted = products.data.find((i: { name: string }) => i.name === 'Brand new');
    expect(inserted.id).toBeGreaterThan(23);
    expect(inserted.createdBy).toBe(1);
    expect(products.data[0].id).toBe(inserted.id); // newest first
    const orders = block.data.find((o: { alias: string }) => o.alias === 'orders');
    expect(orders.data[0].attributes).toMatchObject({ order_number: 'X-1', status: 'paid', total: 99 });

    const plain = await call('POST', '/api/contacts/new', { email: 'john.doc@example.org' });
    expect(plain.json.contact).not.toHaveProperty('customObjects');
  });

  it('answers 400 with the documented errors array and saves nothing for an unknown alias', async () => {
    const res = await call('POST', '/api/contacts/new', {
      email: 'never.saved@example.org',
      customObjects: {
        data: [
          { alias: 'products', data: [{ name: 'ok', attributes: { sku: 'S' } }] },
          { alias: 'invoice', data: [] },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ errors: [{ code: 400, message: 'Custom Object with alias = invoice was not found', details: [] }] });
    const search = await call('GET', `/api/contacts?search=${encodeURIComponent('email:never.saved@example.org')}`);
    expect(search.json.total).toBe('0');
  });

  it('rejects unknown item ids and field aliases without touching the existing contact', async () => {
    const before = await call('GET', '/api/contacts/5?includeCustomObjects=true');
    const unknownItem = await call('POST', '/api/contacts/new', {
      email: population[4]!.email,
      firstname: 'Changed',
      customObjects: { data: [{ alias: 'products', data: [{ id: 9_999_999, attributes: { sku: 'x' } }] }] },
    });
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.json.errors[0].message).toBe('Custom Item with ID = 9999999 was not found');
    const unknownField = await call('POST', '/api/contacts/new', {
      email: population[4]!.email,
      firstname: 'Changed',
      customObjects: { data: [{ alias: 'products', data: [{ name: 'n', attributes: { sku: 'S', shoe_size: 44 } }] }] },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.errors.map((e: { message: string }) => e.message)).toContain(
      'Custom Field with alias = shoe_size was not found',
    );
    const badValue = await call('POST', '/api/contacts/new', {
      email: population[4]!.email,
      customObjects: { data: [{ alias: 'orders', data: [{ name: 'n', attributes: { order_number: 'A', status: 'lost' } }] }] },
    });
    expect(badValue.status).toBe(400);
    const after = await call('GET', '/api/contacts/5?includeCustomObjects=true');
    expect(after.json.contact.fields.all.firstname).toBe(population[4]!.firstName);
    expect(after.json.contact.customObjects).toEqual(before.json.contact.customObjects);
    expect(after.json.contact.dateModified).toBe(before.json.contact.dateModified);
  });

  it('rejects an invalid email with a form error', async () => {
    const res = await call('POST', '/api/contacts/new', { email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toEqual({
      code: 400,
      message: 'email: A valid email is required.',
      details: { email: ['A valid email is required.'] },
    });
  });
});

describe('PATCH /api/contacts/{id}/edit', () => {
  it('edits an existing contact and 404s a missing one; customObjects are dropped there with a 200, as the plugin does', async () => {
    const itemsBefore = sb.store.items.size;
    const res = await call('PATCH', '/api/contacts/10/edit?includeCustomObjects=true', {
      lastname: 'Patched',
      customObjects: { data: [{ alias: 'orders', data: [{ name: 'Patched order', attributes: { order_number: 'P-10' } }] }] },
    });
    expect(res.status).toBe(200);
    expect(res.json.contact.fields.all.lastname).toBe('Patched');
    expect(res.json.contact.fields.all.firstname).toBe(population[9]!.firstName);
    expect(sb.store.items.size).toBe(itemsBefore);
    const names = (res.json.contact.customObjects?.data ?? []).flatMap((o: { data: { name: string }[] }) => o.data.map((i) => i.name));
    expect(names).not.toContain('Patched order');
    // Not even validated: an unknown alias is not a 400 on a path the plugin does not listen on.
    const unknown = await call('PATCH', '/api/contacts/10/edit', { customObjects: { data: [{ alias: 'nope', data: [{ name: 'x' }] }] } });
    expect(unknown.status).toBe(200);
    const batch = await call('PATCH', '/api/contacts/batch/edit', [
      {
        id: 10,
        customObjects: { data: [{ alias: 'orders', data: [{ name: 'Batch-edited order', attributes: { order_number: 'P-11' } }] }] },
      },
    ]);
    expect(batch.json.statusCodes).toEqual([200]);
    expect(sb.store.items.size).toBe(itemsBefore);
    const missing = await call('PATCH', '/api/contacts/77777/edit', { lastname: 'x' });
    expect(missing.status).toBe(404);
  });

  it('keeps a field when a blank is sent unless overwriteWithBlank is set', async () => {
    await call('PATCH', '/api/contacts/11/edit', { city: '' });
    expect((await call('GET', '/api/contacts/11')).json.contact.fields.all.city).toBe(population[10]!.city);
    await call('PATCH', '/api/contacts/11/edit', { city: '', overwriteWithBlank: true });
    expect((await call('GET', '/api/contacts/11')).json.contact.fields.all.city).toBeNull();
  });
});

describe('batch endpoints', () => {
  it('POST /batch/new reports a status per element and saves the valid ones', async () => {
    const res = await call('POST', '/api/contacts/batch/new', [
      { email: 'batch.one@example.org', firstname: 'One' },
      { email: 'batch.two@example.org', customObjects: { data: [{ alias: 'nope', data: [] }] } },
      { email: population[30]!.email.toUpperCase(), position: 'CTO' },
    ]);
    expect(res.status).toBe(201);
    expect(res.json.statusCodes).toEqual([201, 400, 200]);
    expect(res.json.contacts).toHaveLength(3);
    expect(res.json.contacts[0].fields.all.email).toBe('batch.one@example.org');
    expect(res.json.contacts[1]).toEqual({ email: 'batch.two@example.org', customObjects: { data: [{ alias: 'nope', data: [] }] } });
    expect(res.json.contacts[2].id).toBe(31);
    // PHP encodes the sparse errors map (only index 1) as an object
    expect(res.json.errors['1'].code).toBe(400);
    expect(res.json.errors['1'].message).toContain('Custom Object with alias = nope was not found');
    const two = await call('GET', `/api/contacts?search=${encodeURIComponent('email:batch.two@example.org')}`);
    expect(two.json.total).toBe('0');
  });

  it('PATCH /batch/edit edits by id and 404s unknown ids per element', async () => {
    const res = await call('PATCH', '/api/contacts/batch/edit', [
      { id: 40, lastname: 'Batched' },
      { id: 123456, lastname: 'Ghost' },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.statusCodes).toEqual([200, 404]);
    expect(res.json.contacts[0].fields.all.lastname).toBe('Batched');
    expect(res.json.errors['1'].code).toBe(404);
  });

  it('refuses more than 200 elements', async () => {
    const body = Array.from({ length: 201 }, (_, i) => ({ email: `too.many.${i}@example.org` }));
    const res = await call('POST', '/api/contacts/batch/new', body);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toContain('200');
  });
});

describe('DELETE /api/contacts/{id}/delete', () => {
  it('deletes and then 404s', async () => {
    const res = await call('DELETE', '/api/contacts/50/delete');
    expect(res.status).toBe(200);
    expect(res.json.contact.id).toBe(50);
    expect((await call('GET', '/api/contacts/50')).status).toBe(404);
    expect((await call('DELETE', '/api/contacts/50/delete')).status).toBe(404);
  });
});

describe('harness integration', () => {
  it('counts requests per route and injects faults', async () => {
    sb.resetCalls();
    await call('GET', '/api/contacts/1');
    await call('GET', '/api/contacts/2');
    await call('POST', '/api/contacts/batch/new', []);
    expect(sb.calls('GET /api/contacts/{id}')).toBe(2);
    expect(sb.calls('POST /api/contacts/batch/new')).toBe(1);
    expect(sb.calls('PATCH /api/contacts/{id}/edit')).toBe(0);
    sb.injectFault({ route: 'GET /api/contacts', status: 503, times: 1 });
    expect((await call('GET', '/api/contacts')).status).toBe(503);
    expect((await call('GET', '/api/contacts?limit=1')).status).toBe(200);
  });

  it('answers unknown paths 404 and wrong methods 405 in the Mautic envelope', async () => {
    const unknown = await call('GET', '/api/segments');
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0].code).toBe(404);
    const wrong = await call('DELETE', '/api/contacts/new');
    expect(wrong.status).toBe(405);
  });
});
