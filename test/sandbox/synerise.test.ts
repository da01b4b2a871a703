import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTyped, people } from '../../src/sandbox/people.js';
import {
  CATALOG_IDS,
  createSyneriseSandbox,
  SEED_FIRST_CLIENT_ID,
  SEGMENTATION_IDS,
  type SyneriseSandbox,
  WORKSPACE_LOGIN_PATH,
} from '../../src/sandbox/synerise/index.js';

let sb: SyneriseSandbox;
let token = '';

interface Res {
  status: number;
  text: string;
  body: unknown;
}

interface CallOpts {
  body?: unknown;
  auth?: string | false;
  version?: string | false;
  headers?: Record<string, string>;
}

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: CallOpts = {}): Promise<Res> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', ...opts.headers };
  const auth = opts.auth === undefined ? token : opts.auth;
  if (auth !== false) headers.authorization = `Bearer ${auth}`;
  if (opts.version !== false) headers['api-version'] = opts.version ?? '4.4';
  const res = await request(`${sb.url}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.body.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.statusCode, text, body };
}

async function login(apiKey = sb.apiKey): Promise<Res> {
  return call('POST', WORKSPACE_LOGIN_PATH, { body: { apiKey }, auth: false, version: false });
}

async function freshToken(): Promise<string> {
  const res = await login();
  return (res.body as { token: string }).token;
}

/** Polls until `check` stops throwing (asynchronous writes land after ~50 ms). */
async function eventually(check: () => Promise<void>, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => v as Obj;
const arr = (v: unknown): Obj[] => v as Obj[];

function decodePart(part: string | undefined): Obj {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Obj;
}

function expectSpringError(res: Res, status: number, path?: string): Obj {
  expect(res.status).toBe(status);
  const b = obj(res.body);
  expect(b).toMatchObject({ status, error: expect.any(String), message: expect.any(String), path: expect.any(String) });
  expect(typeof b.timestamp).toBe('string');
  if (path !== undefined) expect(b.path).toBe(path);
  return b;
}

const person = (i: number) => {
  const p = people(i + 1)[i];
  if (!p) throw new Error('no person');
  return p;
};

beforeAll(async () => {
  sb = createSyneriseSandbox({ asyncDelayMs: 50 });
  await sb.start(0);
  token = await freshToken();
});

afterAll(async () => {
  await sb.stop();
});

describe('workspace login and JWT', () => {
  it('exchanges the API key for a three-part HS256 JWT carrying exp', async () => {
    const res = await login();
    expect(res.status).toBe(200);
    const { token: jwt } = res.body as { token: string };
    expect(Object.keys(obj(res.body))).toEqual(['token']);
    const parts = jwt.split('.');
    expect(parts).toHaveLength(3);
    expect(decodePart(parts[0])).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodePart(parts[1]);
    const now = Date.now() / 1000;
    expect(claims.exp).toBeGreaterThan(now + 3500);
    expect(claims.exp).toBeLessThanOrEqual(now + 3601);
    expect(claims.rlm).toBe('business_profile');
  });

  it('rejects a wrong API key with 401 and a blank one with a validation body', async () => {
    expectSpringError(await login('not-the-key'), 401, WORKSPACE_LOGIN_PATH);
    const blank = await login('');
    expect(blank.status).toBe(400);
    expect(obj(blank.body).errors).toEqual([expect.objectContaining({ field: 'apiKey' })]);
  });

  it('requires a valid bearer token on every other route', async () => {
    const missing = expectSpringError(await call('GET', '/v4/clients', { auth: false }), 401, '/v4/clients');
    expect(missing.error).toBe('Unauthorized');
    expect(expectSpringError(await call('GET', '/v4/clients', { auth: 'garbage' }), 401).message).toBe('Invalid token');
    const [h, p] = token.split('.');
    expect(expectSpringError(await call('GET', '/catalogs/bags', { auth: `${h}.${p}.forged` }), 401).message).toBe('Invalid token');
    expect((await call('GET', '/catalogs/bags')).status).toBe(200);
  });

  it('treats force-expired and naturally expired tokens as expired', async () => {
    const old = await freshToken();
    sb.expireAllTokens();
    expect(expectSpringError(await call('GET', '/catalogs/bags', { auth: old }), 401).message).toBe('Token expired');
    token = await freshToken();
    expect((await call('GET', '/catalogs/bags')).status).toBe(200);

    // exp is whole seconds, so a 1 s token lives (0, 1] s: take one with enough life left.
    sb.tokenTtlSeconds = 1;
    const msLeft = (jwt: string): number => Number(decodePart(jwt.split('.')[1]).exp) * 1000 - Date.now();
    let short = await freshToken();
    if (msLeft(short) < 300) {
      await new Promise((r) => setTimeout(r, msLeft(short) + 10));
      short = await freshToken();
    }
    sb.tokenTtlSeconds = 3600;
    expect((await call('GET', '/catalogs/bags', { auth: short })).status).toBe(200);
    await new Promise((r) => setTimeout(r, msLeft(short) + 30));
    expect(expectSpringError(await call('GET', '/catalogs/bags', { auth: short }), 401).message).toBe('Token expired');
    expect((await call('GET', '/catalogs/bags')).status).toBe(200);
  });

  it('counts the login route like any other, so one login for many requests is provable', async () => {
    sb.resetCalls();
    const t = await freshToken();
    for (let i = 0; i < 5; i++) expect((await call('GET', `/v4/clients/${SEED_FIRST_CLIENT_ID + i}`, { auth: t })).status).toBe(200);
    expect(sb.calls(`POST ${WORKSPACE_LOGIN_PATH}`)).toBe(1);
    expect(sb.calls('GET /v4/clients/{clientId}')).toBe(5);
  });
});

describe('Api-Version header on /v4', () => {
  it('answers 400 in the Spring format when missing or invalid, and is not needed elsewhere', async () => {
    const missing = expectSpringError(await call('GET', '/v4/clients', { version: false }), 400, '/clients');
    expect(missing.message).toContain('Api-Version');
    const bad = expectSpringError(await call('GET', '/v4/clients', { version: 'banana' }), 400, '/clients');
    expect(bad.message).toBe('Version header content is invalid');
    expect((await call('GET', '/catalogs/bags', { version: false })).status).toBe(200);
    expect((await call('GET', '/v4/server/time', { auth: false })).status).toBe(200);
  });
});

describe('v4 profiles', () => {
  it('lists a bare array with pageIndex (from 1) and pageSize, default 20', async () => {
    const first = await call('GET', '/v4/clients');
    expect(first.status).toBe(200);
    expect(Array.isArray(first.body)).toBe(true);
    expect(arr(first.body)).toHaveLength(20);
    expect(arr(first.body)[0]?.clientId).toBe(SEED_FIRST_CLIENT_ID);
    const p2 = arr((await call('GET', '/v4/clients?pageIndex=2&pageSize=50')).body);
    expect(p2.map((p) => p.clientId)).toEqual(Array.from({ length: 50 }, (_, i) => SEED_FIRST_CLIENT_ID + 50 + i));
    expect(arr((await call('GET', '/v4/clients?pageIndex=12&pageSize=50')).body)).toHaveLength(50);
    expect(arr((await call('GET', '/v4/clients?pageIndex=13&pageSize=50')).body)).toHaveLength(0);
    for (const q of ['pageIndex=0', 'pageSize=0', 'pageSize=x']) {
      const bad = await call('GET', `/v4/clients?${q}`);
      expect(bad.status).toBe(400);
      expect(obj(bad.body)).toMatchObject({ message: 'Some fields did not pass validation', path: '/clients' });
      expect(arr(obj(bad.body).errors)[0]?.field).toBe(q.split('=')[0]);
    }
  });

  it('filters case-insensitively by email and sorts', async () => {
    const p7 = person(7);
    const res = arr((await call('GET', `/v4/clients?filters%5Bemail%5D=${encodeURIComponent(p7.email.toUpperCase())}`)).body);
    expect(res.map((p) => p.clientId)).toEqual([SEED_FIRST_CLIENT_ID + 7]);
    const sorted = arr((await call('GET', '/v4/clients?sortBy=email&sortOrder=DESC&pageSize=30')).body).map((p) =>
      String(p.email).toLowerCase(),
    );
    expect(sorted).toEqual([...sorted].sort().reverse());
    expect((await call('GET', '/v4/clients?sortBy=shoeSize')).status).toBe(400);
  });

  it('gets a profile by id, email, custom id and uuid, with the v4 field names', async () => {
    const p0 = person(0);
    const byId = obj((await call('GET', `/v4/clients/${SEED_FIRST_CLIENT_ID}`)).body);
    expect(byId).toMatchObject({
      clientId: SEED_FIRST_CLIENT_ID,
      email: asTyped(p0),
      firstName: p0.firstName,
      customId: p0.customId,
      anonymous: false,
    });
    expect(Object.keys(byId)).toEqual(
      expect.arrayContaining(['uuid', 'birthDate', 'lastActivityDate', 'agreements', 'attributes', 'tags', 'previousClients']),
    );

    const p7 = person(7);
    expect(asTyped(p7)).not.toBe(p7.email);
    const byEmail = await call('GET', `/v4/clients/by-email/${encodeURIComponent(p7.email)}`);
    expect(byEmail.status).toBe(200);
    expect(obj(byEmail.body)).toMatchObject({ clientId: SEED_FIRST_CLIENT_ID + 7, email: asTyped(p7) });

    const byCustom = obj((await call('GET', '/v4/clients/by-custom-id/CUST-000003')).body);
    expect(byCustom.clientId).toBe(SEED_FIRST_CLIENT_ID + 3);
    const byUuid = obj((await call('GET', `/v4/clients/by-uuid/${String(byCustom.uuid)}`)).body);
    expect(byUuid.clientId).toBe(SEED_FIRST_CLIENT_ID + 3);

    expectSpringError(await call('GET', '/v4/clients/by-email/nobody@example.com'), 404, '/clients/by-email/nobody@example.com');
    expectSpringError(await call('GET', '/v4/clients/999'), 404);
    expectSpringError(await call('GET', '/v4/clients/by-shoe/42'), 400);
  });

  it('accepts a create with 202 and no body; the profile appears shortly after', async () => {
    const email = 'new.person@example.com';
    // Held until flushed, so "not yet visible" does not depend on how fast this machine is.
    sb.asyncDelayMs = 60_000;
    const res = await call('POST', '/v4/clients', {
      body: { email, firstName: 'New', customId: 'CUST-NEW-1', attributes: { hasDog: true } },
    });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect((await call('GET', `/v4/clients/by-email/${email}`)).status).toBe(404);
    sb.flushPending();
    sb.asyncDelayMs = 50;
    await eventually(async () => {
      const got = await call('GET', `/v4/clients/by-custom-id/CUST-NEW-1`);
      expect(got.status).toBe(200);
      expect(obj(got.body)).toMatchObject({ email, firstName: 'New', attributes: { hasDog: true } });
      expect(obj(got.body).clientId).toBeGreaterThan(SEED_FIRST_CLIENT_ID + 599);
    });
  });

  it('rejects invalid creates with the documented validation body', async () => {
    const none = await call('POST', '/v4/clients', { body: { firstName: 'Nobody' } });
    expect(none.status).toBe(400);
    expect(obj(none.body)).toMatchObject({
      error: 'Bad Request',
      status: 400,
      path: '/clients',
      message: 'Some fields did not pass validation',
    });
    const bad = await call('POST', '/v4/clients', { body: { email: 'x@example.com', uuid: '4321', countryCode: 'POLAND' } });
    expect(bad.status).toBe(400);
    const errors = arr(obj(bad.body).errors);
    expect(errors).toEqual(
      expect.arrayContaining([
        { code: 12053, field: 'uuid', message: 'UUID must be well-formed value as per RFC 4122', rejectedValue: '4321' },
        expect.objectContaining({ code: 12082, field: 'countryCode' }),
      ]),
    );
    expectSpringError(await call('POST', '/v4/clients', { body: '{not json' }), 400);
  });

  it('batch-upserts asynchronously and reports item errors as a bare array', async () => {
    const items = [
      { email: 'batch.one@example.com', firstName: 'One' },
      { customId: 'CUST-BATCH-2', firstName: 'Two' },
      { clientId: SEED_FIRST_CLIENT_ID + 10, attributes: { batchTouched: 1 } },
    ];
    const res = await call('POST', '/v4/clients/batch', { body: items });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    await eventually(async () => {
      expect((await call('GET', '/v4/clients/by-email/batch.one@example.com')).status).toBe(200);
      expect((await call('GET', '/v4/clients/by-custom-id/CUST-BATCH-2')).status).toBe(200);
      expect(obj(obj((await call('GET', `/v4/clients/${SEED_FIRST_CLIENT_ID + 10}`)).body).attributes).batchTouched).toBe(1);
    });

    const bad = await call('POST', '/v4/clients/batch', {
      body: [{ email: 'ok@example.com' }, { email: 'b@example.com', uuid: 'de73b3490c4-bb8c0d8' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual([
      {
        rejectedValue: 'de73b3490c4-bb8c0d8',
        field: 'list[1].uuid',
        status: 400,
        message: 'UUID must be well-formed value as per RFC 4122',
      },
    ]);
    const tooMany = await call('POST', '/v4/clients/batch', { body: Array.from({ length: 1001 }, (_, i) => ({ customId: `X${i}` })) });
    expect(tooMany.status).toBe(400);
    expect(Array.isArray(tooMany.body)).toBe(true);
    expect(arr(tooMany.body)[0]).toMatchObject({ field: 'list', status: 400 });
  });

  it('updates by id, email and custom id, later like creates; null removes a custom attribute', async () => {
    const id = SEED_FIRST_CLIENT_ID + 20;
    sb.asyncDelayMs = 60_000;
    expect(
      (await call('POST', `/v4/clients/${id}`, { body: { firstName: 'Renamed', attributes: { loyaltyPoints: null, note: 'x' } } })).status,
    ).toBe(202);
    // The 202 only enqueues the change: a read right after still shows the old profile.
    expect(obj((await call('GET', `/v4/clients/${id}`)).body).firstName).toBe(person(20).firstName);
    sb.flushPending();
    sb.asyncDelayMs = 0;
    const after = obj((await call('GET', `/v4/clients/${id}`)).body);
    expect(after.firstName).toBe('Renamed');
    expect(obj(after.attributes)).toEqual({ preferredStore: expect.any(String), note: 'x' });

    const p21 = person(21);
    expect((await call('POST', `/v4/clients/by-email/${encodeURIComponent(p21.email)}`, { body: { city: 'Gdansk' } })).status).toBe(202);
    expect(obj((await call('GET', `/v4/clients/${SEED_FIRST_CLIENT_ID + 21}`)).body).city).toBe('Gdansk');
    expect((await call('POST', '/v4/clients/by-customid/CUST-000024', { body: { lastName: 'Custom' } })).status).toBe(202);
    expect(obj((await call('GET', '/v4/clients/by-custom-id/CUST-000024')).body).lastName).toBe('Custom');

    const clash = await call('POST', `/v4/clients/${id}`, { body: { customId: 'CUST-000027' } });
    expect(clash.status).toBe(400);
    expect(arr(obj(clash.body).errors)[0]?.field).toBe('customId');
    const bad = await call('POST', `/v4/clients/${id}`, { body: { uuid: '4321' } });
    expect(obj(bad.body)).toMatchObject({ path: `/clients/${id}`, errors: [expect.objectContaining({ code: 12053 })] });
    expectSpringError(await call('POST', '/v4/clients/12345', { body: { firstName: 'x' } }), 404);
    sb.asyncDelayMs = 50;
  });

  it('deletes by id and by custom id', async () => {
    const id = SEED_FIRST_CLIENT_ID + 30;
    expect((await call('DELETE', `/v4/clients/${id}`)).status).toBe(204);
    expectSpringError(await call('GET', `/v4/clients/${id}`), 404);
    expectSpringError(await call('DELETE', `/v4/clients/${id}`), 404);
    expect((await call('DELETE', '/v4/clients/by-custom-id/CUST-000033')).status).toBe(204);
    expectSpringError(await call('GET', '/v4/clients/by-custom-id/CUST-000033'), 404);
  });
});

describe('CRM list', () => {
  it('uses CRM field names and the customers envelope', async () => {
    const res = obj((await call('GET', '/crm/v1/list', { version: false })).body);
    expect(res).toMatchObject({ limit: 25, offset: 0 });
    expect(res.all).toBe(res.matching);
    const first = arr(res.customers)[0];
    expect(first).toMatchObject({ id: expect.any(Number), firstname: expect.any(String), custom_identify: expect.anything() });
    expect(first).not.toHaveProperty('clientId');
    const p40 = person(40);
    const found = obj((await call('GET', `/crm/v1/list?search=email:${encodeURIComponent(p40.email)}`)).body);
    expect(found.matching).toBe(1);
    expect(arr(found.customers)[0]?.id).toBe(SEED_FIRST_CLIENT_ID + 40);
    expectSpringError(await call('GET', '/crm/v1/list?offset=-1'), 400);
  });
});

describe('events and activities', () => {
  const actsOf = async (identifierType: string, identifierValue: string, additionalData: Obj = {}, query = ''): Promise<Res> =>
    call('POST', `/activities-api/events/by/${identifierType}${query}`, { body: { identifierValue, additionalData } });

  it('pages a profile with many events by opaque cursor, newest first', async () => {
    const id = String(SEED_FIRST_CLIENT_ID + 1);
    const seen: Obj[] = [];
    let cursor: string | null = null;
    const pages: Obj[] = [];
    do {
      const res = await actsOf('id', id, cursor ? { limit: '100', pageToken: cursor } : { limit: '100' });
      expect(res.status).toBe(200);
      const page = obj(res.body);
      pages.push(page);
      seen.push(...arr(page.data));
      cursor = (obj(obj(page.meta).cursors).after as string | null) ?? null;
    } while (cursor);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => obj(p.meta).count)).toEqual([100, 100, 50]);
    expect(obj(pages[0]?.meta)).toMatchObject({ limit: 100, cursors: { before: null } });
    expect(new Set(seen.map((e) => e.eventUUID)).size).toBe(250);
    const times = seen.map((e) => Number(e.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(arr(obj(pages[0]?.meta).links)[0]).toMatchObject({ rel: 'first' });

    // `before` of page 2 leads back to page 1; the token also works as a query parameter.
    const before = String(obj(obj(pages[1]?.meta).cursors).before);
    const back = obj((await actsOf('id', id, { limit: '100' }, `?pageToken=${before}`)).body);
    expect(arr(back.data).map((e) => e.eventUUID)).toEqual(arr(pages[0]?.data).map((e) => e.eventUUID));
  });

  it('honours limit bounds, sort, action filter and identifier types', async () => {
    const p7 = person(7);
    const def = obj((await actsOf('email', p7.email)).body);
    expect(obj(def.meta).limit).toBe(100);
    expect(obj(arr(def.data)[0]?.client).id).toBe(SEED_FIRST_CLIENT_ID + 7);
    expectSpringError(await actsOf('id', String(SEED_FIRST_CLIENT_ID + 1), { limit: '1001' }), 400);
    expectSpringError(await actsOf('id', String(SEED_FIRST_CLIENT_ID + 1), { limit: '0' }), 400);
    expectSpringError(await actsOf('phone', '123'), 400);
    expectSpringError(await actsOf('email', 'nobody@example.com'), 404);

    const asc = arr(obj((await actsOf('id', String(SEED_FIRST_CLIENT_ID + 1), { sortBy: 'time:asc', limit: '50' })).body).data).map((e) =>
      Number(e.time),
    );
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const views = obj((await actsOf('custom_identify', 'CUST-000051', { actions: 'product.view', raw: 'true' })).body);
    expect(arr(views.data).length).toBeGreaterThan(0);
    // Raw data in the reference's raw shape: `action` the name itself, `createDate`, `params`, no `time`.
    expect(
      arr(views.data).every(
        (e) => e.action === 'product.view' && typeof e.createDate === 'number' && !('time' in e) && obj(e.params).productId !== undefined,
      ),
    ).toBe(true);

    // A cursor is bound to its filter.
    const page = obj((await actsOf('id', String(SEED_FIRST_CLIENT_ID + 1), { limit: '10' })).body);
    const after = String(obj(obj(page.meta).cursors).after);
    expectSpringError(await actsOf('id', String(SEED_FIRST_CLIENT_ID + 1), { limit: '10', actions: 'page.visit', pageToken: after }), 400);
  });

  it('takes additionalData values only as the strings the reference writes', async () => {
    const id = String(SEED_FIRST_CLIENT_ID + 1);
    expect((await actsOf('id', id, { limit: '5', raw: 'false' })).status).toBe(200);
    expectSpringError(await actsOf('id', id, { limit: 5 }), 400);
    expectSpringError(await actsOf('id', id, { raw: true }), 400);
    expectSpringError(await actsOf('id', id, { raw: 'yes' }), 400);
  });

  it('accepts a custom event (202) and shows it in the activities shortly after', async () => {
    const p50 = person(50);
    const res = await call('POST', '/v4/events/custom', {
      body: { label: 'Quiz finished', action: 'quiz.finished', client: { email: p50.email }, params: { score: 7 } },
    });
    expect(res.status).toBe(202);
    await eventually(async () => {
      const acts = obj((await actsOf('email', p50.email, { actions: 'quiz.finished', raw: 'true' })).body);
      expect(arr(acts.data)).toHaveLength(1);
      expect(arr(acts.data)[0]).toMatchObject({ label: 'Quiz finished', action: 'quiz.finished', params: { score: 7 } });
    });
  });

  it('validates single events with the documented body', async () => {
    const noLabel = await call('POST', '/v4/events/added-to-cart', {
      body: { label: '', client: { customId: 'CUST-000000' }, params: { sku: '1' } },
    });
    expect(noLabel.status).toBe(400);
    expect(obj(noLabel.body)).toMatchObject({
      status: 400,
      path: '/events/added-to-cart',
      message: 'Some fields did not pass validation',
      errors: [
        { path: 'label', message: 'cannot be empty', rejectedValue: '' },
        { path: 'label', message: 'length must be between 1 and 64', rejectedValue: '' },
      ],
    });
    const noAction = await call('POST', '/v4/events/custom', { body: { label: 'x', client: { id: SEED_FIRST_CLIENT_ID } } });
    expect(arr(obj(noAction.body).errors).map((e) => e.path)).toEqual(['action']);
    const noClient = await call('POST', '/v4/events/logged-in', { body: { label: 'x', client: {} } });
    expect(arr(obj(noClient.body).errors).map((e) => e.path)).toEqual(['client']);
    expectSpringError(
      await call('POST', '/v4/events/custom', { body: { label: 'x', action: 'a.b', client: { id: 1 } }, version: 'nope' }),
      400,
      '/events/custom',
    );
  });

  it('limits batches to 1000 events of one identifier type', async () => {
    const ev = (client: Obj, i: number): Obj => ({ type: 'custom', action: 'batch.test', label: `b${i}`, client });
    const tooMany = await call('POST', '/v4/events/batch', {
      body: Array.from({ length: 1001 }, (_, i) => ev({ customId: 'CUST-000000' }, i)),
    });
    expect(tooMany.status).toBe(400);
    expect(arr(obj(tooMany.body).errors)[0]).toMatchObject({ message: 'size must be between 1 and 1000', rejectedValue: 1001 });
    const mixed = await call('POST', '/v4/events/batch', { body: [ev({ customId: 'CUST-000000' }, 0), ev({ email: person(1).email }, 1)] });
    expect(mixed.status).toBe(400);
    expect(obj(mixed.body)).toMatchObject({ path: '/events/batch', errors: [expect.objectContaining({ path: '[1].client' })] });
    const noType = await call('POST', '/v4/events/batch', { body: [{ label: 'x', client: { customId: 'CUST-000000' } }] });
    expect(arr(obj(noType.body).errors)[0]?.path).toBe('[0].type');

    const ok = await call('POST', '/v4/events/batch', {
      body: [
        ev({ customId: 'CUST-000003' }, 0),
        ev({ customId: 'CUST-000003' }, 1),
        { type: 'logged-in', label: 'login', client: { customId: 'CUST-000003' } },
      ],
    });
    expect(ok.status).toBe(202);
    await eventually(async () => {
      const acts = obj(
        (await actsOf('custom_identify', 'CUST-000003', { actions: 'batch.test,client.login', dateFrom: String(Date.now() - 60_000) }))
          .body,
      );
      expect(
        arr(acts.data)
          .map((e) => obj(e.action).name)
          .sort(),
      ).toEqual(['batch.test', 'batch.test', 'client.login']);
    });
  });
});

describe('segmentations', () => {
  it('has no segmentation list or read: the reference references segmentations only by UUID', async () => {
    // The gateway once read names from these invented analytics-backend paths.
    for (const path of [
      '/analytics-backend/analytics/definitions-manager/segmentations',
      `/analytics-backend/analytics/definitions-manager/segmentations/${SEGMENTATION_IDS.vip}`,
      '/crm/v1/segmentations',
      `/crm/v1/segmentations/${SEGMENTATION_IDS.vip}`,
    ]) {
      expectSpringError(await call('GET', path), 404);
    }
  });

  it('deletes by custom id only under the documented spelling', async () => {
    expectSpringError(await call('DELETE', '/v4/clients/by-customid/CUST-000051'), 404);
    expect(obj((await call('GET', '/v4/clients/by-custom-id/CUST-000051')).body).customId).toBe('CUST-000051');
  });

  it('pages members with limit/offset and reports all/matching counts', async () => {
    const path = `/crm/v1/segmentations/${SEGMENTATION_IDS.newsletter}/clients`;
    const p1 = obj((await call('GET', path)).body);
    expect(p1).toMatchObject({ limit: 25, offset: 0 });
    expect(arr(p1.customers)).toHaveLength(25);
    expect(Number(p1.all)).toBeGreaterThan(100);
    expect(p1.matching).toBe(p1.all);
    const p2 = obj((await call('GET', `${path}?limit=25&offset=25`)).body);
    const ids1 = arr(p1.customers).map((c) => c.id);
    const ids2 = arr(p2.customers).map((c) => c.id);
    expect(ids2.some((id) => ids1.includes(id))).toBe(false);
    const member = arr(p1.customers)[0];
    const searched = obj((await call('GET', `${path}?search=email:${encodeURIComponent(String(member?.email))}`)).body);
    expect(searched.matching).toBe(1);
    expect(searched.all).toBe(p1.all);
    const vip = arr(obj((await call('GET', `/crm/v1/segmentations/${SEGMENTATION_IDS.vip}/clients?limit=200`)).body).customers);
    expect(vip.every((c) => (c.tags as string[]).includes('vip'))).toBe(true);
    expect(obj((await call('GET', `/crm/v1/segmentations/${SEGMENTATION_IDS.winback}/clients`)).body)).toMatchObject({
      all: 0,
      matching: 0,
      customers: [],
    });
    expectSpringError(await call('GET', '/crm/v1/segmentations/00000000-0000-4000-8000-000000000000/clients'), 404);
  });
});

describe('catalogs', () => {
  const items = `/catalogs/bags/${CATALOG_IDS.products}/items`;

  it('lists catalogs and items with offset/limit and metaData.totalCount', async () => {
    const bags = obj((await call('GET', '/catalogs/bags')).body);
    expect(obj(bags.metaData)).toMatchObject({ totalCount: 3, requestTime: expect.stringMatching(/ \[s\]$/) });
    expect(arr(bags.data).map((b) => b.id)).toEqual([CATALOG_IDS.products, CATALOG_IDS.stores, CATALOG_IDS.loyaltyTiers]);
    expect(arr(obj((await call('GET', '/catalogs/bags?offset=1&limit=1')).body).data).map((b) => b.name)).toEqual(['stores']);
    const tail = obj((await call('GET', `${items}?offset=145&limit=10`)).body);
    expect(obj(tail.metaData).totalCount).toBe(150);
    expect(arr(tail.data)).toHaveLength(5);
    const first = arr(tail.data)[0];
    expect(typeof first?.value).toBe('string');
    expect(JSON.parse(String(first?.value))).toMatchObject({ sku: first?.itemKey, price: expect.any(Number) });
    expect(obj(first?.bag).id).toBe(CATALOG_IDS.products);
    const g = await call('GET', '/catalogs/bags/424242');
    expect(g.status).toBe(404);
    expect(Object.keys(obj(g.body)).sort()).toEqual(['error', 'message', 'status', 'timestamp']);
  });

  it('adds, reads, replaces and deletes items; value round-trips as a JSON string', async () => {
    const value = { itemCategory: 'smartphone', itemColor: 'blue', itemVersion: '4' };
    const add = await call('POST', items, { body: { itemKey: '1357', value } });
    expect(add.status).toBe(200);
    expect(add.text).toBe('true');
    const got = obj(obj((await call('GET', `${items}/itemKey/1357`)).body).data);
    expect(got.value).toBe(JSON.stringify(value));
    const byFilter = obj((await call('GET', `${items}?itemKey=1357`)).body);
    expect(obj(byFilter.metaData).totalCount).toBe(1);

    const put = await call('PUT', `${items}/${String(got.id)}`, { body: { itemCategory: 'tablet' } });
    expect(put.status).toBe(200);
    expect(JSON.parse(String(obj(obj(put.body).data).value))).toEqual({ itemCategory: 'tablet' });
    expect(obj(obj((await call('GET', `${items}/${String(got.id)}`)).body).data).value).toBe('{"itemCategory":"tablet"}');
    const detail = obj((await call('GET', '/catalogs/itemDetail?catalogName=products&key=1357')).body);
    expect(detail.data).toEqual({ itemId: '1357', itemCategory: 'tablet' });

    expect(
      (
        await call('POST', `${items}/batch`, {
          body: [
            { itemKey: 'B1', value: {} },
            { itemKey: 'B2', value: { a: 1 } },
          ],
        })
      ).text,
    ).toBe('true');
    expect(obj((await call('GET', items)).body).metaData).toMatchObject({ totalCount: 153 });
    const missingValue = await call('POST', items, { body: { itemKey: 'nope' } });
    expect(missingValue.status).toBe(400);
    expect(obj(missingValue.body)).toMatchObject({ status: 400, message: expect.stringContaining('value') });

    const del = obj((await call('DELETE', `${items}/itemKey/1357`)).body);
    expect(del.data).toBe(true);
    expect((await call('GET', `${items}/itemKey/1357`)).status).toBe(404);
  });
});

describe('harness integration', () => {
  it('injects faults per route key and answers unknown paths in the Spring format', async () => {
    sb.injectFault({ route: 'GET /catalogs/bags', status: 503, times: 1 });
    expect((await call('GET', '/catalogs/bags')).status).toBe(503);
    expect((await call('GET', '/catalogs/bags')).status).toBe(200);
    expectSpringError(await call('GET', '/no/such/route'), 404, '/no/such/route');
  });
});
