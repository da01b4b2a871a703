import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTyped, people } from '../../src/sandbox/people.js';
import {
  createPimcoreSandbox,
  PIMCORE_DEFAULT_PREFIX,
  PIMCORE_DEMO_API_KEY,
  PIMCORE_GENERIC_ACTIVITY_CLASS,
  PIMCORE_SEED_IDS,
  type PimcoreSandbox,
} from '../../src/sandbox/pimcore/index.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON; `any` keeps the assertions on wire shapes readable (local to this test). */
  body: any;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  key?: string | null;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
}

function client(sandbox: PimcoreSandbox) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<Reply> => {
    const url = new URL(`${sandbox.url}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? sandbox.apiKey : options.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await request(url, { method: method as 'GET', headers, body });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
}

/** A fixed clock keeps `timestamp`, creation and modification dates assertable. */
function clock(start: number) {
  let t = start;
  return { now: () => t, set: (value: number) => (t = value) };
}

describe('pimcore sandbox: reads', () => {
  const time = clock(1_800_000_000);
  let sb: PimcoreSandbox;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sb = createPimcoreSandbox({ now: time.now });
    await sb.start(0);
    api = client(sb);
  });
  afterAll(async () => {
    await sb.stop();
  });

  it('seeds deterministic data of the documented size', () => {
    expect(sb.store.customers.size).toBe(1_200);
    expect(sb.store.activities.size).toBeGreaterThanOrEqual(10_000);
    expect(sb.store.segmentGroups.size).toBe(3);
    expect(sb.store.segments.size).toBe(13);
    const perCustomer = [...sb.store.customers.keys()].map((id) => sb.store.activitiesOfCustomer(id).length);
    expect(perCustomer.filter((n) => n === 0).length).toBeGreaterThan(50);
    expect(perCustomer.filter((n) => n >= 30).length).toBeGreaterThan(50);
    const other = createPimcoreSandbox();
    expect(other.store.customers.get(17)).toEqual(sb.store.customers.get(17));
    expect(other.store.activities.get(4_321)).toEqual(sb.store.activities.get(4_321));
    expect(sb.url.endsWith(PIMCORE_DEFAULT_PREFIX)).toBe(true);
    expect(sb.apiKey).toBe(PIMCORE_DEMO_API_KEY);
  });

  it('authenticates with X-API-Key or apikey and answers 401 with the Pimcore body otherwise', async () => {
    const before = sb.calls('GET /segments');
    const none = await api('GET', '/segments', { key: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ success: false, msg: 'API request needs either a valid API key or a valid session.' });
    expect((await api('GET', '/segments', { key: 'wrong' })).status).toBe(401);
    expect((await api('GET', '/segments')).status).toBe(200);
    expect((await api('GET', '/segments', { key: null, query: { apikey: sb.apiKey } })).status).toBe(200);
    // The header wins over the query parameter.
    expect((await api('GET', '/segments', { key: 'wrong', query: { apikey: sb.apiKey } })).status).toBe(401);
    expect(sb.calls('GET /segments')).toBe(before + 5);
  });

  it('pages customers 1-based with pageSize 100 by default, ordered by id', async () => {
    const first = await api('GET', '/customers');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['data', 'page', 'timestamp', 'totalPages']);
    expect(first.body).toMatchObject({ page: 1, totalPages: 12, timestamp: 1_800_000_000 });
    expect(first.body.data.map((c: { id: number }) => c.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const last = await api('GET', '/customers', { query: { page: 12 } });
    expect(last.body.data).toHaveLength(100);
    expect(last.body.data.at(-1).id).toBe(1_200);
    const beyond = await api('GET', '/customers', { query: { page: 13 } });
    expect(beyond.body).toMatchObject({ page: 13, totalPages: 12, data: [] });
    const big = await api('GET', '/customers', { query: { pageSize: 500, page: 3 } });
    expect(big.body.totalPages).toBe(3);
    expect(big.body.data).toHaveLength(200);
    expect(big.body.data[0].id).toBe(1_001);
    const bad = await api('GET', '/customers', { query: { pageSize: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.success).toBe(false);
    expect(bad.body.errors).toHaveLength(1);
  });

  it('serves customers seeded from the shared population', async () => {
    const [p0, , , , , , , p7] = people(8);
    const one = await api('GET', '/customers/1');
    expect(one.status).toBe(200);
    expect(Object.keys(one.body).sort()).toEqual(['data', 'timestamp']);
    const c = one.body.data;
    expect(c).toMatchObject({
      id: 1,
      email: asTyped(p0!),
      firstname: p0!.firstName,
      lastname: p0!.lastName,
      phone: p0!.phone,
      city: p0!.city,
      countryCode: p0!.country,
      customerNumber: 'CUST-000000',
      published: true,
      creationDate: p0!.createdAt,
    });
    expect(Object.keys(c).sort()).toEqual(
      [
        '_links',
        'active',
        'city',
        'countryCode',
        'creationDate',
        'customerNumber',
        'email',
        'firstname',
        'gender',
        'id',
        'lastname',
        'modificationDate',
        'phone',
        'published',
        'segments',
        'street',
        'zip',
      ].sort(),
    );
    expect(c._links).toEqual([{ rel: 'self', href: '/webservice/cmf/customers/1', method: 'GET' }]);
    expect(c.segments.every((s: unknown) => Number.isInteger(s))).toBe(true);
    const eight = await api('GET', '/customers/8');
    expect(eight.body.data.email).toBe(asTyped(p7!));
    expect(eight.body.data.email).not.toBe(p7!.email);
    expect(eight.body.data.customerNumber).toBeNull();
  });

  it('answers 404 with the msg body for unknown customers', async () => {
    const missing = await api('GET', '/customers/5000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ success: false, msg: 'Customer with ID 5000 was not found' });
    const garbage = await api('GET', '/customers/abc');
    expect(garbage.body.msg).toBe('Customer with ID 0 was not found');
  });

  it('embeds activities with includeActivities, on lists and single reads', async () => {
    const plain = await api('GET', '/customers', { query: { pageSize: 3 } });
    expect(plain.body.data[0]).not.toHaveProperty('activities');
    const list = await api('GET', '/customers', { query: { pageSize: 20, includeActivities: 'true' } });
    for (const customer of list.body.data) {
      const expected = sb.store.activitiesOfCustomer(customer.id);
      expect(customer.activities.map((a: { id: number }) => a.id)).toEqual(expected.map((a) => a.id));
    }
    const withSome = list.body.data.find((c: { activities: unknown[] }) => c.activities.length > 1);
    const dates = withSome.activities.map((a: { activityDate: number }) => a.activityDate);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(Object.keys(withSome.activities[0]).sort()).toEqual([
      'a_id',
      'activityDate',
      'attributes',
      'creationDate',
      'id',
      'md5',
      'modificationDate',
      'o_id',
      'type',
    ]);
    const single = await api('GET', `/customers/${withSome.id}`, { query: { includeActivities: true } });
    expect(single.body.data.activities).toHaveLength(withSome.activities.length);
    const off = await api('GET', `/customers/${withSome.id}`, { query: { includeActivities: false } });
    expect(off.body.data).not.toHaveProperty('activities');
  });

  it('filters customers by ANY of the given segments', async () => {
    const { loyaltyPlatinum, loyaltyGold } = PIMCORE_SEED_IDS.segments;
    const inSegment = (ids: number[]) =>
      [...sb.store.customers.values()].filter((c) => c.segments.some((s) => ids.includes(s))).map((c) => c.id);
    const platinum = await api('GET', '/customers', { query: { segments: String(loyaltyPlatinum), pageSize: 1000 } });
    expect(platinum.body.data.length).toBeGreaterThan(0);
    expect(platinum.body.data.map((c: { id: number }) => c.id)).toEqual(inSegment([loyaltyPlatinum]));
    const both = await api('GET', '/customers', { query: { segments: `${loyaltyPlatinum},${loyaltyGold}`, pageSize: 1000 } });
    expect(both.body.data.length).toBeGreaterThan(platinum.body.data.length);
    expect(both.body.data.map((c: { id: number }) => c.id)).toEqual(inSegment([loyaltyPlatinum, loyaltyGold]));
    const none = await api('GET', '/customers', { query: { segments: '999999' } });
    expect(none.body).toMatchObject({ totalPages: 0, data: [] });
  });

  it('filters customers by modificationTimestamp, inclusive', async () => {
    const dates = [...sb.store.customers.values()].map((c) => c.modificationDate).sort((a, b) => a - b);
    const ts = dates[900]!;
    const res = await api('GET', '/customers', { query: { modificationTimestamp: ts, pageSize: 1000 } });
    const expected = [...sb.store.customers.values()].filter((c) => c.modificationDate >= ts).length;
    expect(res.body.data).toHaveLength(expected);
    expect(expected).toBeLessThan(400);
    expect(res.body.data.every((c: { modificationDate: number }) => c.modificationDate >= ts)).toBe(true);
    expect(res.body.data.some((c: { modificationDate: number }) => c.modificationDate === ts)).toBe(true);
  });

  it('pages activities ordered by activityDate, then id', async () => {
    const total = sb.store.activities.size;
    const page = await api('GET', '/activities', { query: { pageSize: 1000, page: 2 } });
    expect(page.body).toMatchObject({ page: 2, totalPages: Math.ceil(total / 1000), timestamp: 1_800_000_000 });
    const rows: { id: number; activityDate: number }[] = page.body.data;
    expect(rows).toHaveLength(1000);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.activityDate < b.activityDate || (a.activityDate === b.activityDate && a.id < b.id)).toBe(true);
    }
    const defaults = await api('GET', '/activities');
    expect(defaults.body.data).toHaveLength(100);
    expect(defaults.body.totalPages).toBe(Math.ceil(total / 100));
    const a = defaults.body.data[0];
    expect(Object.keys(a).sort()).toEqual(
      [
        '_links',
        'a_id',
        'activityDate',
        'attributes',
        'creationDate',
        'customerId',
        'id',
        'implementationClass',
        'md5',
        'modificationDate',
        'o_id',
        'type',
      ].sort(),
    );
    expect(a.implementationClass).toBe(PIMCORE_GENERIC_ACTIVITY_CLASS);
    expect(a._links[0].href).toBe(`/webservice/cmf/activities/${a.id}`);
    const beyond = await api('GET', '/activities', { query: { page: 10_000 } });
    expect(beyond.body.data).toEqual([]);
  });

  it('filters activities by type and modifiedSinceTimestamp (inclusive)', async () => {
    const orders = [...sb.store.activities.values()].filter((a) => a.type === 'order');
    const res = await api('GET', '/activities', { query: { type: 'order', pageSize: 100_000 } });
    expect(res.body.data).toHaveLength(orders.length);
    expect(res.body.data.every((a: { type: string }) => a.type === 'order')).toBe(true);
    const newsletter = await api('GET', '/activities', { query: { type: 'newsletter_signup', pageSize: 10 } });
    expect(newsletter.body.data.every((a: { type: string }) => a.type === 'newsletter_signup')).toBe(true);
    const mods = [...sb.store.activities.values()].map((a) => a.modificationDate).sort((a, b) => a - b);
    const ts = mods[mods.length - 50]!;
    const since = await api('GET', '/activities', { query: { modifiedSinceTimestamp: ts, pageSize: 1000 } });
    expect(since.body.data).toHaveLength(mods.filter((m) => m >= ts).length);
    expect(since.body.data.some((a: { modificationDate: number }) => a.modificationDate === ts)).toBe(true);
  });

  it('reads single activities and 404s unknown ones', async () => {
    const res = await api('GET', '/activities/25');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: 25, customerId: sb.store.activities.get(25)!.customerId });
    const missing = await api('GET', '/activities/99999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ success: false, msg: 'Activity with ID 99999999 was not found' });
  });

  it('serves the deletions feed with the documented validation, unpaginated', async () => {
    const missing = await api('GET', '/deletions');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ success: false, msg: 'parameter entityType is required' });
    const wrong = await api('GET', '/deletions', { query: { entityType: 'segments' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ success: false, msg: 'entityType must be activities or customers' });
    const customers = await api('GET', '/deletions', { query: { entityType: 'customers' } });
    expect(customers.status).toBe(200);
    expect(Object.keys(customers.body).sort()).toEqual(['data', 'success', 'timestamp']);
    expect(customers.body.success).toBe(true);
    expect(customers.body.data).toHaveLength(24);
    expect(customers.body.data[0]).toEqual({
      id: expect.any(Number),
      creationDate: expect.any(Number),
      entityType: 'customers',
      type: null,
    });
    const activities = await api('GET', '/deletions', { query: { entityType: 'activities' } });
    expect(activities.body.data.length).toBeGreaterThan(50);
    expect(activities.body.data.every((d: { id: number }) => !sb.store.activities.has(d.id))).toBe(true);
    const cut = customers.body.data[10].creationDate;
    const since = await api('GET', '/deletions', { query: { entityType: 'customers', deletionsSinceTimestamp: cut } });
    expect(since.body.data).toHaveLength(14);
    expect(since.body.data[0].creationDate).toBe(cut);
  });

  it('lists segments and segment groups by id and 404s unknown ones', async () => {
    const segments = await api('GET', '/segments');
    expect(segments.body).toMatchObject({ page: 1, totalPages: 1 });
    expect(segments.body.data.map((s: { id: number }) => s.id)).toEqual(Array.from({ length: 13 }, (_, i) => 2_101 + i));
    expect(segments.body.data[0]).toMatchObject({ id: 2_101, name: 'New', reference: 'new', group: 2_001, calculated: true });
    const paged = await api('GET', '/segments', { query: { pageSize: 5, page: 3 } });
    expect(paged.body).toMatchObject({ page: 3, totalPages: 3 });
    expect(paged.body.data).toHaveLength(3);
    const groups = await api('GET', '/segment-groups');
    expect(groups.body.data.map((g: { id: number; name: string }) => [g.id, g.name])).toEqual([
      [2_001, 'Lifecycle'],
      [2_002, 'Interests'],
      [2_003, 'Loyalty Tier'],
    ]);
    expect(groups.body.data[1]._links[0].href).toBe('/webservice/cmf/segment-groups/2002');
    expect((await api('GET', '/segments/2105')).body.data.name).toBe('Running');
    expect((await api('GET', '/segment-groups/2003')).body.data.reference).toBe('loyalty');
    expect((await api('GET', '/segments/1')).body).toEqual({ success: false, msg: 'Segment with ID 1 was not found' });
    const group = await api('GET', '/segment-groups/7');
    expect(group.status).toBe(404);
    expect(group.body.msg).toBe('Segment group with ID 7 was not found');
  });

  it('routes only the documented methods', async () => {
    const put = await api('PUT', '/customers/1', { body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, PATCH, DELETE');
    expect((await api('GET', '/nowhere')).status).toBe(404);
  });
});

describe('pimcore sandbox: writes', () => {
  const time = clock(1_800_000_000);
  let sb: PimcoreSandbox;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    sb = createPimcoreSandbox({ now: time.now });
    await sb.start(0);
    api = client(sb);
  });
  afterAll(async () => {
    await sb.stop();
  });

  it('creates customers (201) and validates the body', async () => {
    time.set(1_800_000_100);
    const created = await api('POST', '/customers', {
      body: { email: 'New.Person@Example.com', firstname: 'New', lastname: 'Person', unknownField: 1 },
    });
    expect(created.status).toBe(201);
    expect(created.body.timestamp).toBe(1_800_000_100);
    expect(created.body.data).toMatchObject({
      id: PIMCORE_SEED_IDS.firstNewObjectId,
      email: 'New.Person@Example.com',
      creationDate: 1_800_000_100,
      modificationDate: 1_800_000_100,
      segments: [],
      active: true,
      published: true,
    });
    expect(created.body.data).not.toHaveProperty('unknownField');
    expect(sb.store.customers.size).toBe(1_201);

    const invalid = await api('POST', '/customers', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ success: false, msg: 'Request body is no valid JSON' });
    const empty = await api('POST', '/customers', { rawBody: '' });
    expect(empty.body.msg).toBe('Request body is no valid JSON');
    const incomplete = await api('POST', '/customers', { body: { firstname: 'Only' } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.success).toBe(false);
    expect(incomplete.body.errors[0]).toMatch(/required fields/);
    const badType = await api('POST', '/customers', { body: { email: 42 } });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0]).toMatch(/email/);
    expect(sb.store.customers.size).toBe(1_201);
  });

  it('patches customers, bumping modificationDate so the incremental filter sees them', async () => {
    time.set(1_800_001_000);
    const res = await api('PATCH', '/customers/42', { body: { city: 'Linz', id: 7, segments: [1] } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: 42, city: 'Linz', modificationDate: 1_800_001_000 });
    expect(res.body.data.segments).toEqual(sb.store.customers.get(42)!.segments);
    expect(sb.store.customers.get(42)!.segments).not.toContain(1);
    const since = await api('GET', '/customers', { query: { modificationTimestamp: 1_800_001_000 } });
    expect(since.body.data.map((c: { id: number }) => c.id)).toEqual([42]);
    expect((await api('PATCH', '/customers/99999', { body: { city: 'x' } })).body).toEqual({
      success: false,
      msg: 'Customer with ID 99999 was not found',
    });
    const invalid = await api('PATCH', '/customers/42', { rawBody: 'not json' });
    expect(invalid.body).toEqual({ success: false, msg: 'Request body is no valid JSON' });
    const cleared = await api('PATCH', '/customers/42', { body: { email: null, firstname: null } });
    expect(cleared.status).toBe(400);
    expect(sb.store.customers.get(42)!.email).not.toBeNull();
  });

  it('hides unpublished customers from the list but still serves them by id', async () => {
    await api('PATCH', '/customers/3', { body: { published: false } });
    const list = await api('GET', '/customers', { query: { pageSize: 5 } });
    expect(list.body.data.map((c: { id: number }) => c.id)).toEqual([1, 2, 4, 5, 6]);
    expect((await api('GET', '/customers/3')).status).toBe(200);
  });

  it('deletes a customer with its activities and records tombstones for both', async () => {
    const id = [...sb.store.customers.keys()].find((cid) => sb.store.activitiesOfCustomer(cid).length >= 5)!;
    const activityIds = sb.store.activitiesOfCustomer(id).map((a) => a.id);
    time.set(1_800_002_000);
    const res = await api('DELETE', `/customers/${id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await api('GET', `/customers/${id}`)).status).toBe(404);
    expect(activityIds.every((a) => !sb.store.activities.has(a))).toBe(true);
    const customers = await api('GET', '/deletions', { query: { entityType: 'customers', deletionsSinceTimestamp: 1_800_002_000 } });
    expect(customers.body.data).toEqual([{ id, creationDate: 1_800_002_000, entityType: 'customers', type: null }]);
    const activities = await api('GET', '/deletions', { query: { entityType: 'activities', deletionsSinceTimestamp: 1_800_002_000 } });
    expect(activities.body.data.map((d: { id: number }) => d.id).sort((a: number, b: number) => a - b)).toEqual(
      [...activityIds].sort((a, b) => a - b),
    );
    expect((await api('DELETE', `/customers/${id}`)).status).toBe(404);
  });

  it('creates activities (201) and enforces customerId, class and attributes', async () => {
    time.set(1_800_003_000);
    const ok = await api('POST', '/activities', {
      body: { customerId: 7, type: 'order', activityDate: 1_799_999_000, attributes: { orderId: 'X-1', total: 9.5 } },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({
      customerId: 7,
      type: 'order',
      activityDate: 1_799_999_000,
      implementationClass: PIMCORE_GENERIC_ACTIVITY_CLASS,
      attributes: { orderId: 'X-1', total: 9.5 },
      creationDate: 1_800_003_000,
      modificationDate: 1_800_003_000,
      o_id: null,
    });
    expect(ok.body.data.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(sb.store.activitiesOfCustomer(7).map((a) => a.id)).toContain(ok.body.data.id);
    const noCustomer = await api('POST', '/activities', { body: { type: 'login', attributes: {} } });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body).toEqual({ success: false, errors: ['customerId required'] });
    const unknown = await api('POST', '/activities', { body: { customerId: 99999, type: 'login', attributes: {} } });
    expect(unknown.body).toEqual({ success: false, errors: ['customer 99999 not found'] });
    const badClass = await api('POST', '/activities', {
      body: { customerId: 7, type: 'login', attributes: {}, implementationClass: 'Foo\\Bar' },
    });
    expect(badClass.body.errors).toEqual(['Foo\\Bar is not a valid activity implementation class']);
    const noAttributes = await api('POST', '/activities', { body: { customerId: 7, type: 'login' } });
    expect(noAttributes.status).toBe(400);
    expect(noAttributes.body.errors).toHaveLength(1);
    const invalid = await api('POST', '/activities', { rawBody: '[' });
    expect(invalid.body).toEqual({ success: false, msg: 'Request body is no valid JSON' });
  });

  it('patches activities but refuses to change implementationClass', async () => {
    const id = [...sb.store.activities.keys()][50]!;
    const before = { ...sb.store.activities.get(id)! };
    time.set(1_800_004_000);
    const res = await api('PATCH', `/activities/${id}`, {
      body: { attributes: { note: 'edited' }, implementationClass: PIMCORE_GENERIC_ACTIVITY_CLASS },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id,
      attributes: { note: 'edited' },
      modificationDate: 1_800_004_000,
      creationDate: before.creationDate,
    });
    expect(res.body.data.md5).not.toBe(before.md5);
    const refused = await api('PATCH', `/activities/${id}`, { body: { implementationClass: 'Other\\Activity' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ success: false, errors: ['changing of the implementationClass not allowed via REST webservice'] });
    const since = await api('GET', '/activities', { query: { modifiedSinceTimestamp: 1_800_004_000 } });
    expect(since.body.data.map((a: { id: number }) => a.id)).toEqual([id]);
    expect((await api('PATCH', '/activities/99999999', { body: {} })).status).toBe(404);
  });

  it('deletes activities with a typed tombstone', async () => {
    const target = [...sb.store.activities.values()].find((a) => a.type === 'newsletter_signup')!;
    const { id, type } = target;
    const owner = target.customerId;
    time.set(1_800_005_000);
    expect((await api('DELETE', `/activities/${id}`)).status).toBe(204);
    expect((await api('GET', `/activities/${id}`)).status).toBe(404);
    expect(sb.store.activitiesOfCustomer(owner).map((a) => a.id)).not.toContain(id);
    const feed = await api('GET', '/deletions', { query: { entityType: 'activities', deletionsSinceTimestamp: 1_800_005_000 } });
    expect(feed.body.data).toEqual([{ id, creationDate: 1_800_005_000, entityType: 'activities', type: 'newsletter_signup' }]);
    expect(type).toBe('newsletter_signup');
  });

  it('creates segments with the handler validation and msg bodies', async () => {
    const noGroup = await api('POST', '/segments', { body: { name: 'X' } });
    expect(noGroup.status).toBe(400);
    expect(noGroup.body).toEqual({ success: false, msg: 'group required' });
    expect((await api('POST', '/segments', { body: { name: 'X', group: 9999 } })).body).toEqual({ success: false, msg: 'group not found' });
    expect((await api('POST', '/segments', { body: { group: 2_003 } })).body).toEqual({ success: false, msg: 'name required' });
    const dup = await api('POST', '/segments', { body: { name: 'Gold 2', group: 2_003, reference: 'gold' } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ success: false, msg: "duplicate segment - segment with reference 'gold' already exists in this group" });
    time.set(1_800_006_000);
    const created = await api('POST', '/segments', { body: { name: 'Gold (interest)', group: 2_002, reference: 'gold' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      success: true,
      name: 'Gold (interest)',
      group: 2_002,
      reference: 'gold',
      calculated: false,
      creationDate: 1_800_006_000,
    });
    expect(created.body).not.toHaveProperty('data');
    expect(created.body._links[0].href).toBe(`/webservice/cmf/segments/${created.body.id}`);
    const calculated = await api('POST', '/segments', { body: { name: 'Diamond', group: '2003' } });
    expect(calculated.body).toMatchObject({ success: true, group: 2_003, calculated: true, reference: null });
    expect(sb.store.segments.size).toBe(15);
  });

  it('patches segments and answers the handler 404', async () => {
    const res = await api('PATCH', '/segments/2105', { body: { name: 'Trail running' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, id: 2_105, name: 'Trail running' });
    const missing = await api('PATCH', '/segments/9999', { body: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ success: false, msg: 'segment with id 9999 not found' });
  });

  it('deletes a segment and drops it from customers', async () => {
    const member = [...sb.store.customers.values()].find((c) => c.segments.includes(2_106))!;
    expect((await api('DELETE', '/segments/2106')).status).toBe(204);
    expect(sb.store.customers.get(member.id)!.segments).not.toContain(2_106);
    expect((await api('DELETE', '/segments/2106')).body).toEqual({ success: false, msg: 'Segment with ID 2106 was not found' });
  });

  it('creates, patches and deletes segment groups (delete cascades to its segments)', async () => {
    expect((await api('POST', '/segment-groups', { body: {} })).body).toEqual({ success: false, msg: 'name required' });
    const dup = await api('POST', '/segment-groups', { body: { name: 'Again', reference: 'loyalty', calculated: true } });
    expect(dup.body).toEqual({ success: false, msg: "duplicate segment group - group with reference 'loyalty' already exists" });
    const created = await api('POST', '/segment-groups', { body: { name: 'Channels', reference: 'channels' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ success: true, name: 'Channels', reference: 'channels', calculated: false });
    expect(created.body).not.toHaveProperty('_links');
    const groupId: number = created.body.id;
    const patched = await api('PATCH', `/segment-groups/${groupId}`, { body: { name: 'Sales channels' } });
    expect(patched.body).toMatchObject({ success: true, name: 'Sales channels' });
    expect(patched.body._links[0].href).toBe(`/webservice/cmf/segment-groups/${groupId}`);
    expect((await api('PATCH', '/segment-groups/9999', { body: {} })).body).toEqual({
      success: false,
      msg: 'segment with id 9999 not found',
    });

    const lifecycleMembers = [...sb.store.customers.values()].filter((c) => c.segments.some((s) => s >= 2_101 && s <= 2_104)).length;
    expect(lifecycleMembers).toBeGreaterThan(1_000);
    expect((await api('DELETE', '/segment-groups/2001')).status).toBe(204);
    expect([2_101, 2_102, 2_103, 2_104].some((s) => sb.store.segments.has(s))).toBe(false);
    expect([...sb.store.customers.values()].some((c) => c.segments.some((s) => s >= 2_101 && s <= 2_104))).toBe(false);
    expect((await api('GET', '/segment-groups/2001')).status).toBe(404);
  });

  it('adds and removes segments of a customer, ignoring unknown segment ids', async () => {
    expect((await api('POST', '/segments-of-customers', { body: { addSegments: [2_113] } })).body).toEqual({
      success: false,
      msg: 'customerId required',
    });
    const unknown = await api('POST', '/segments-of-customers', { body: { customerId: 99999, addSegments: [2_113] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ success: false, msg: 'customer with id 99999 not found' });
    const target = [...sb.store.customers.values()].find((c) => c.segments.includes(2_107) && !c.segments.includes(2_113))!;
    time.set(1_800_007_000);
    const res = await api('POST', '/segments-of-customers', {
      body: { customerId: target.id, addSegments: [2_113, 424_242], removeSegments: [2_107, 515_151] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const after = (await api('GET', `/customers/${target.id}`)).body.data;
    expect(after.segments).toContain(2_113);
    expect(after.segments).not.toContain(2_107);
    expect(after.segments).not.toContain(424_242);
    expect(after.modificationDate).toBe(1_800_007_000);
    expect((await api('POST', '/segments-of-customers', { rawBody: 'x' })).body).toEqual({
      success: false,
      msg: 'Request body is no valid JSON',
    });
  });

  it('counts requests per route and supports harness faults', async () => {
    sb.resetCalls();
    await api('GET', '/customers/1');
    await api('GET', '/customers/2');
    await api('PATCH', '/customers/2', { body: { zip: '1010' } });
    expect(sb.calls('GET /customers/{id}')).toBe(2);
    expect(sb.calls('PATCH /customers/{id}')).toBe(1);
    expect(sb.calls('GET /customers')).toBe(0);
    sb.injectFault({ route: 'GET /segments', status: 503, times: 1 });
    expect((await api('GET', '/segments')).status).toBe(503);
    expect((await api('GET', '/segments')).status).toBe(200);
    expect(sb.calls('GET /segments')).toBe(2);
  });
});

describe('pimcore sandbox: options', () => {
  it('mounts under a configurable prefix with a configurable key and latency', async () => {
    const prefix = '/__customermanagementframework/webservice';
    const sb = createPimcoreSandbox({ prefix, apiKey: 'secret-key', latencyMs: 40 });
    await sb.start(0);
    try {
      expect(sb.url.endsWith(prefix)).toBe(true);
      expect(sb.apiKey).toBe('secret-key');
      const api = client(sb);
      const started = performance.now();
      const res = await api('GET', '/customers/1');
      expect(performance.now() - started).toBeGreaterThanOrEqual(35);
      expect(res.status).toBe(200);
      expect(res.body.data._links[0].href).toBe(`${prefix}/customers/1`);
      const old = await request(`${sb.baseOrigin}/webservice/cmf/customers/1`, { headers: { 'x-api-key': 'secret-key' } });
      expect(old.statusCode).toBe(404);
      await old.body.dump();
      expect((await api('GET', '/customers/1', { key: PIMCORE_DEMO_API_KEY })).status).toBe(401);
    } finally {
      await sb.stop();
    }
  });
});
