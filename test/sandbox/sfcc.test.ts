import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asTyped, people } from '../../src/sandbox/people.js';
import { createSfccSandbox, type SfccSandbox } from '../../src/sandbox/sfcc/index.js';

let sb: SfccSandbox;
let token: string;

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function fetchToken(
  target: SfccSandbox,
  authorization = basic(target.clientId, target.clientSecret),
  body = 'grant_type=client_credentials',
  contentType = 'application/x-www-form-urlencoded',
): Promise<Res> {
  const res = await request(target.authUrl, { method: 'POST', headers: { authorization, 'content-type': contentType }, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  target: SfccSandbox = sb,
  bearer: string | null = token,
): Promise<Res> {
  const h: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', ...headers };
  if (bearer !== null) h.authorization = `Bearer ${bearer}`;
  const res = await request(`${target.dataUrl}${path}`, {
    method: method as 'GET',
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

function expectFault(res: Res, status: number, type: string): void {
  expect(res.status).toBe(status);
  expect(res.json._v).toBe('19.10');
  expect(res.json.fault.type).toBe(type);
  expect(typeof res.json.fault.message).toBe('string');
}

beforeAll(async () => {
  sb = createSfccSandbox();
  await sb.start();
  const res = await fetchToken(sb);
  token = res.json.access_token;
});

afterAll(async () => {
  await sb.stop();
});

describe('client-credentials token endpoint', () => {
  it('issues a Bearer token with the configured lifetime and exposes the URLs', async () => {
    const res = await fetchToken(sb);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(typeof res.json.access_token).toBe('string');
    expect(sb.dataUrl).toBe(`${sb.url}/dw/data/v19_10`);
    expect(sb.authUrl).toBe(`${sb.url}/dw/oauth2/access_token`);
  });

  it('rejects bad client credentials, grant types and content types', async () => {
    const badClient = await fetchToken(sb, basic(sb.clientId, 'wrong'));
    expect(badClient.status).toBe(401);
    expect(badClient.json.error).toBe('invalid_client');
    const badGrant = await fetchToken(sb, undefined, 'grant_type=password');
    expect(badGrant.status).toBe(400);
    expect(badGrant.json.error).toBe('unsupported_grant_type');
    const json = await fetchToken(sb, undefined, '{"grant_type":"client_credentials"}', 'application/json');
    expect(json.status).toBe(400);
    expect(json.json.error).toBe('invalid_request');
  });
});

describe('Bearer authentication on the Data API', () => {
  it('answers 401 fault documents without, with an unknown, or with a bare token', async () => {
    expectFault(await call('GET', '/sites', undefined, {}, sb, null), 401, 'InvalidAccessTokenException');
    expectFault(await call('GET', '/sites', undefined, {}, sb, 'not-a-token'), 401, 'InvalidAccessTokenException');
    const bare = await request(`${sb.dataUrl}/sites`, { headers: { authorization: token } });
    expect(bare.statusCode).toBe(401);
    await bare.body.dump();
    expect((await call('GET', '/sites')).status).toBe(200);
  });

  it('expires tokens after tokenTtlSeconds and on expireTokens()', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const other = createSfccSandbox({ clientId: 'cid', clientSecret: 'sec', tokenTtlSeconds: 60, now: () => clock });
    await other.start();
    try {
      expect(other.tokenTtlSeconds).toBe(60);
      const t = (await fetchToken(other)).json;
      expect(t.expires_in).toBe(60);
      expect((await call('GET', '/sites', undefined, {}, other, t.access_token)).status).toBe(200);
      clock += 61_000;
      const expired = await call('GET', '/sites', undefined, {}, other, t.access_token);
      expectFault(expired, 401, 'InvalidAccessTokenException');
      expect(expired.json.fault.message).toContain('expired');
      const fresh = (await fetchToken(other)).json.access_token;
      expect((await call('GET', '/sites', undefined, {}, other, fresh)).status).toBe(200);
      other.expireTokens();
      expect((await call('GET', '/sites', undefined, {}, other, fresh)).status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});

describe('sites and property selection', () => {
  it('lists the three sites with count/start/total', async () => {
    const res = await call('GET', '/sites?select=(**)');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.json).toMatchObject({ _v: '19.10', count: 3, start: 0, total: 3, select: '**' });
    expect(res.json.data.map((s: { id: string }) => s.id)).toEqual(['RefArch', 'SiteGenesis', 'RefArchGlobal']);
    expect(res.json.data[1]).toMatchObject({
      _type: 'site',
      display_name: { default: 'Site Genesis' },
      in_deletion: false,
      storefront_status: 'online',
    });
    expect(res.json.data[1].customer_list_link).toMatchObject({ _type: 'customer_list_link', customer_list_id: 'SiteGenesis' });
  });

  it('applies (*), include and exclude selectors', async () => {
    const top = await call('GET', '/sites?select=(*)');
    expect(top.json).not.toHaveProperty('data');
    expect(top.json).toMatchObject({ _v: '19.10', count: 3, total: 3 });
    const include = await call('GET', '/sites?select=(total,data.(id,storefront_status))');
    expect(Object.keys(include.json).sort()).toEqual(['_v', 'data', 'total']);
    expect(include.json.data[2]).toEqual({ _v: '19.10', _type: 'site', id: 'RefArchGlobal', storefront_status: 'offline' });
    const exclude = await call('GET', '/sites/RefArch?select=(-customer_list_link,-description)');
    expect(exclude.json).not.toHaveProperty('customer_list_link');
    expect(exclude.json).not.toHaveProperty('description');
    expect(exclude.json.display_name).toEqual({ default: 'Reference Architecture' });
    const filtered = await call('GET', "/sites?select=(data[?(@.id=='SiteGenesis')].(id))");
    expect(filtered.json.data).toEqual([{ _v: '19.10', _type: 'site', id: 'SiteGenesis' }]);
    expectFault(await call('GET', '/sites?select=(data.(id)'), 400, 'MalformedSelectorException');
  });

  it('reads one site with a resource state and 404s unknown ones', async () => {
    const res = await call('GET', '/sites/SiteGenesis');
    expect(res.json._resource_state).toMatch(/^[0-9a-f]{64}$/);
    expect(res.json.id).toBe('SiteGenesis');
    const missing = await call('GET', '/sites/foobar');
    expectFault(missing, 404, 'SiteNotFoundException');
    expect(missing.json.fault.arguments).toEqual({ siteId: 'foobar' });
    expect(missing.json.fault.message).toBe("No site with ID 'foobar' was found.");
  });
});

describe('paging on A/B tests and slot configurations', () => {
  it('defaults to start 0 / count 25 and pages on', async () => {
    const first = await call('GET', '/sites/RefArch/ab_tests');
    expect(first.json).toMatchObject({ _type: 'ab_test_search_result', count: 25, start: 0, total: 32 });
    expect(first.json.data).toHaveLength(25);
    expect(first.json.data[0]._type).toBe('ab_test');
    const second = await call('GET', '/sites/RefArch/ab_tests?start=25&count=25');
    expect(second.json).toMatchObject({ count: 7, start: 25, total: 32 });
    const ids = new Set([...first.json.data, ...second.json.data].map((t: { id: string }) => t.id));
    expect(ids.size).toBe(32);
    const none = await call('GET', '/sites/RefArch/ab_tests?count=0');
    expect(none.json).toMatchObject({ count: 0, total: 32 });
    expect(none.json).not.toHaveProperty('data');
  });

  it('enforces the bounds of start and count', async () => {
    expectFault(await call('GET', '/sites/RefArch/ab_tests?count=201'), 400, 'MalformedParameterException');
    expectFault(await call('GET', '/sites/RefArch/ab_tests?start=-1'), 400, 'MalformedParameterException');
    const bad = await call('GET', '/sites/RefArch/slot_configurations?count=many');
    expectFault(bad, 400, 'MalformedParameterException');
    expect(bad.json.fault.arguments).toEqual({ parameter: 'count', value: 'many' });
    const max = await call('GET', '/sites/RefArch/slot_configurations?count=200');
    expect(max.json).toMatchObject({ count: 60, total: 60 });
  });

  it('returns the doc sample slot configuration for SiteGenesis', async () => {
    const res = await call('GET', '/sites/SiteGenesis/slot_configurations?select=(**)');
    expect(res.json.total).toBe(1);
    expect(res.json.data[0]).toMatchObject({ _type: 'slot_configuration', slot_id: 'header-banner', rank: 2, context: 'global' });
    expect(res.json.data[0].schedule.recurrence.day_of_week).toEqual(['monday', 'sunday']);
  });
});

describe('AI recommender names', () => {
  it('lists recommenders, and relays Einstein refusals as CQuotientException', async () => {
    const res = await call('GET', '/sites/SiteGenesis/ai/recommender_names');
    expect(res.json._type).toBe('recommenders_result');
    expect(res.json.recommenders.map((r: { name: string }) => r.name)).toEqual([
      'Alternate-Product-to-Product',
      'topsellers',
      'recently-viewed',
      'demo',
    ]);
    const einstein = await call('GET', '/sites/RefArchGlobal/ai/recommender_names');
    expectFault(einstein, 400, 'CQuotientException');
    expect(einstein.json.fault.arguments.originalStatusCode).toBe('400');
    expectFault(await call('GET', '/sites/UnknownSite/ai/recommender_names'), 404, 'SiteNotFoundException');
  });
});

describe('locales', () => {
  it('returns only ids by default and the site locales only', async () => {
    const res = await call('GET', '/sites/RefArch/locale_info/locales');
    expect(res.json).toMatchObject({ _type: 'locale_result', count: 8, start: 0, total: 8 });
    expect(res.json.hits[1]).toEqual({ _type: 'locale', id: 'en-US' });
  });

  it('includes all system locales with include_all and looks one up by id', async () => {
    const all = await call('GET', '/sites/SiteGenesis/locale_info/locales?include_all=true&select=(**)&start=3&count=8');
    expect(all.json).toMatchObject({ include_all: true, select: '(**)', start: 3, count: 8, total: 30 });
    const nl = await call('GET', '/sites/SiteGenesis/locale_info/locales?include_all=true&id=nl&select=(**)');
    expect(nl.json.hits[0]).toMatchObject({ id: 'nl', active: false, iso3_language: 'nld', language: 'nl' });
    const us = await call('GET', '/sites/RefArch/locale_info/locales?id=en-US&select=(**)');
    expect(us.json).toMatchObject({ id: 'en-US', count: 1, total: 1 });
    expect(us.json.hits[0]).toMatchObject({
      active: true,
      default: true,
      country: 'US',
      iso3_country: 'USA',
      name: 'English (United States)',
    });
    expectFault(await call('GET', '/sites/RefArch/locale_info/locales?include_all=yes'), 400, 'MalformedParameterException');
  });
});

describe('custom objects', () => {
  const person = people(200)[7]!; // typed with mixed case (7 % 7 === 0)
  const loyaltyPath = (key: string) => `/sites/RefArch/custom_objects/loyalty_profile/${encodeURIComponent(key)}`;

  it('reads a loyalty profile keyed by the normalised email; keys are case-sensitive', async () => {
    const res = await call('GET', loyaltyPath(person.email));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      _type: 'custom_object',
      object_type: 'loyalty_profile',
      key_property: 'email',
      key_value_string: person.email,
    });
    expect(res.json.c_email).toBe(asTyped(person));
    expect(res.json.c_firstName).toBe(person.firstName);
    expect(res.json._resource_state).toMatch(/^[0-9a-f]{64}$/);
    const typed = await call('GET', loyaltyPath(asTyped(person)));
    expectFault(typed, 404, 'CustomObjectNotFoundException');
    expect(typed.json.fault.arguments).toEqual({ key: asTyped(person), objectType: 'loyalty_profile' });
    expect((await call('GET', `/sites/RefArch/custom_objects/loyalty_profile/${encodeURIComponent(people(250)[220]!.email)}`)).status).toBe(
      404,
    );
    expect(
      (await call('GET', `/sites/RefArchGlobal/custom_objects/loyalty_profile/${encodeURIComponent(people(250)[220]!.email)}`)).status,
    ).toBe(200);
  });

  it('faults on unknown object types and non-integer keys of integer-keyed types', async () => {
    expectFault(await call('GET', '/sites/RefArch/custom_objects/my_object_type/key_0815'), 404, 'ObjectTypeNotFoundException');
    const malformed = await call('GET', '/sites/RefArch/custom_objects/store_config/key_0815');
    expectFault(malformed, 400, 'MalformedKeyParameterException');
    expect(malformed.json.fault.arguments).toEqual({ value: 'key_0815', parameter: 'key' });
    const store = await call('GET', '/sites/RefArch/custom_objects/store_config/1001');
    expect(store.json).toMatchObject({ key_property: 'storeNo', key_value_int: 1001 });
  });

  it('PUT creates or overwrites (201 + Location), PATCH merges and ignores the key', async () => {
    const path = loyaltyPath('new.member@example.com');
    const put = await call('PUT', path, { c_email: 'New.Member@example.com', c_tier: 'gold', c_points: 10, c_optIn: true });
    expect(put.status).toBe(201);
    expect(put.headers.location).toBe(`${sb.dataUrl}/sites/RefArch/custom_objects/loyalty_profile/new.member%40example.com`);
    expect(put.json).toMatchObject({ key_value_string: 'new.member@example.com', c_tier: 'gold', c_points: 10 });
    const patch = await call('PATCH', path, { c_points: 25, key_value_string: 'someone.else@example.com' });
    expect(patch.status).toBe(200);
    expect(patch.json).toMatchObject({ key_value_string: 'new.member@example.com', c_tier: 'gold', c_points: 25, c_optIn: true });
    const overwrite = await call('PUT', path, { c_tier: 'bronze' });
    expect(overwrite.status).toBe(201);
    expect(overwrite.json).not.toHaveProperty('c_points');
    expect((await call('GET', loyaltyPath('someone.else@example.com'))).status).toBe(404);
    expectFault(await call('PATCH', loyaltyPath('nobody@example.com'), { c_points: 1 }), 404, 'CustomObjectNotFoundException');
  });

  it('validates custom attributes', async () => {
    const path = loyaltyPath(person.email);
    const before = (await call('GET', path)).json;
    expectFault(await call('PATCH', path, { c_shoeSize: 44 }), 400, 'InvalidCustomPropertyException');
    expectFault(await call('PATCH', path, { c_points: 'many' }), 400, 'InvalidCustomPropertyException');
    expectFault(await call('PUT', path, { c_tier: 'diamond' }), 400, 'InvalidCustomPropertyException');
    const raw = await request(`${sb.dataUrl}${path}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(raw.statusCode).toBe(400);
    expect(((await raw.body.json()) as { fault: { type: string } }).fault.type).toBe('BodyDecodingException');
    expect((await call('GET', path)).json).toEqual(before);
  });

  it('answers 409 on a stale _resource_state or x-dw-resource-state', async () => {
    const path = '/sites/SiteGenesis/custom_objects/store_config/2001';
    const current = (await call('GET', path)).json;
    expectFault(await call('PATCH', path, { _resource_state: 'stale', c_capacity: 1 }), 409, 'ResourceStateConflictException');
    const patched = await call('PATCH', path, { _resource_state: current._resource_state, c_capacity: 1 });
    expect(patched.status).toBe(200);
    expect(patched.json._resource_state).not.toBe(current._resource_state);
    expectFault(
      await call('DELETE', path, undefined, { 'x-dw-resource-state': current._resource_state }),
      409,
      'ResourceStateConflictException',
    );
    expectFault(
      await call('PUT', '/sites/SiteGenesis/custom_objects/store_config/2002', { c_name: 'x' }, { 'x-dw-resource-state': 'not_exists' }),
      409,
      'ResourceAlreadyExistsException',
    );
    const del = await call('DELETE', path, undefined, { 'x-dw-resource-state': patched.json._resource_state });
    expect(del.status).toBe(204);
    expect(del.json).toBeUndefined();
    expect((await call('GET', path)).status).toBe(404);
  });

  it('DELETE of a missing object answers 204, of an unknown type 404', async () => {
    expect((await call('DELETE', '/sites/RefArch/custom_objects/store_config/999999')).status).toBe(204);
    expectFault(await call('DELETE', '/sites/RefArch/custom_objects/nope/1'), 404, 'ObjectTypeNotFoundException');
  });
});

describe('site preferences', () => {
  const base = '/sites/RefArch/site_preferences/preference_groups';

  it('reads a group per instance, masking passwords on request', async () => {
    const plain = await call('GET', `${base}/checkout/staging`);
    expect(plain.json).toMatchObject({
      _type: 'preferences',
      site: { _type: 'site', id: 'RefArch' },
      c_enableGuestCheckout: true,
      c_paymentProviderSecret: 'sk_staging_refarch_secret',
    });
    const masked = await call('GET', `${base}/checkout/current?mask_passwords=true`);
    expect(masked.json.c_paymentProviderSecret).toBe('************');
    expect(masked.json.c_maxCartItems).toBe(99);
    const missing = await call('GET', `${base}/my-preferencegroup/staging`);
    expectFault(missing, 404, 'CustomPreferenceGroupNotFoundException');
    expect(missing.json.fault.arguments).toEqual({ preferenceGroupId: 'my-preferencegroup' });
    expectFault(await call('GET', `${base}/checkout/qa`), 400, 'MalformedParameterException');
  });

  it('patches preferences, but not on current nor with the reserved password value', async () => {
    expectFault(await call('PATCH', `${base}/loyalty/current`, { c_programName: 'x' }), 400, 'MalformedParameterException');
    expectFault(
      await call('PATCH', `${base}/loyalty/production`, { c_loyaltyApiKey: '************' }),
      400,
      'InvalidCustomPropertyException',
    );
    expectFault(await call('PATCH', `${base}/loyalty/production`, { c_unknown: 1 }), 400, 'InvalidCustomPropertyException');
    const res = await call('PATCH', `${base}/loyalty/production`, {
      c_programName: 'Club',
      c_pointsPerCurrencyUnit: 3,
      c_loyaltyApiKey: 'new-key',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ c_programName: 'Club', c_pointsPerCurrencyUnit: 3, c_loyaltyApiKey: 'new-key' });
    expect((await call('GET', `${base}/loyalty/production`)).json.c_programName).toBe('Club');
    expect((await call('GET', `${base}/loyalty/staging`)).json.c_programName).toBe('RefArch Rewards');
  });
});

describe('cartridge path', () => {
  const base = '/sites/SiteGenesis/cartridges';

  it('overwrites the path, keeping the system cartridge last', async () => {
    const res = await call('PUT', base, { cartridges: 'new_cartridges1:new_cartridges2' });
    expect(res.json).toEqual({
      _v: '19.10',
      _type: 'cartridge_path_api_response',
      cartridge_path: 'new_cartridges1:new_cartridges2:core',
      site_id: 'SiteGenesis',
    });
    const bad = await call('PUT', base, { cartridges: '1BadCartidgeName:2BadCartidgeName' });
    expectFault(bad, 400, 'InvalidCartridgePathException');
    expect(bad.json.fault.arguments).toEqual({ cartridge: '1BadCartidgeName:2BadCartidgeName' });
  });

  it('adds first, last, before and after, with the documented faults', async () => {
    await call('PUT', base, { cartridges: 'custom_cartridge_1:custom_cartridge_2' });
    expect((await call('POST', base, { name: 'new_cartridge', position: 'first' })).json.cartridges).toBe(
      'new_cartridge:custom_cartridge_1:custom_cartridge_2:core',
    );
    expect((await call('POST', base, { name: 'tail', position: 'last' })).json.cartridges).toBe(
      'new_cartridge:custom_cartridge_1:custom_cartridge_2:tail:core',
    );
    expect((await call('POST', base, { name: 'mid', position: 'after', target: 'custom_cartridge_1' })).json.cartridges).toBe(
      'new_cartridge:custom_cartridge_1:mid:custom_cartridge_2:tail:core',
    );
    expectFault(await call('POST', base, { name: 'new_cartridge', position: 'first' }), 400, 'CartridgeAlreadyExistException');
    expectFault(await call('POST', base, { name: '123test', position: 'first' }), 400, 'InvalidCartridgeException');
    const core = await call('POST', base, { name: 'x1', position: 'before', target: 'core' });
    expectFault(core, 400, 'InvalidOperationException');
    expect(core.json.fault.arguments).toEqual({ target_cartridge: 'core' });
    expectFault(await call('POST', '/sites/SiteGenesis1/cartridges', { name: 'x', position: 'first' }), 404, 'SiteNotFoundException');
  });

  it('removes custom cartridges only', async () => {
    expect((await call('DELETE', `${base}/mid`)).json.cartridges).toBe('new_cartridge:custom_cartridge_1:custom_cartridge_2:tail:core');
    expectFault(await call('DELETE', `${base}/core`), 400, 'InvalidOperationException');
    expectFault(await call('DELETE', `${base}/not_there`), 400, 'InvalidOperationException');
  });
});

describe('harness integration', () => {
  it('counts calls under short and full route keys and injects faults by short key', async () => {
    sb.resetCalls();
    await call('GET', '/sites/RefArch/custom_objects/store_config/1002');
    await call('GET', '/sites/RefArch/custom_objects/store_config/1003');
    await fetchToken(sb);
    expect(sb.calls('GET /sites/{site_id}/custom_objects/{object_type}/{key}')).toBe(2);
    expect(sb.calls('GET /dw/data/v19_10/sites/{site_id}/custom_objects/{object_type}/{key}')).toBe(2);
    expect(sb.calls('POST /dw/oauth2/access_token')).toBe(1);
    expect(sb.calls('GET /sites')).toBe(0);
    expect(sb.lastQuery('GET /sites/{site_id}/custom_objects/{object_type}/{key}')).toBeDefined();
    sb.injectFault({ route: 'GET /sites', status: 503, times: 1 });
    expect((await call('GET', '/sites')).status).toBe(503);
    expect((await call('GET', '/sites')).status).toBe(200);
  });

  it('answers unknown paths and methods with fault documents', async () => {
    expectFault(await call('GET', '/customer_lists/RefArch'), 404, 'ResourcePathNotFoundException');
    expectFault(await call('POST', '/sites/RefArch'), 405, 'MethodNotAllowedException');
  });
});
