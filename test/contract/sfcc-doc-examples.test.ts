// Every example request and response of the SFCC Data API 19.10 Sites doc, copied into
// test/fixtures/vendor-docs/sfcc/ (index.json names the doc lines and any repair), read with the
// adapter's wire schemas and mapped: each must give the domain values the doc implies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError, NotFoundError, ValidationError } from '../../src/errors.js';
import { errorFromStatus } from '../../src/http/upstream-error.js';
import type { CustomItemRef } from '../../src/sources/custom-items.js';
import { cartridgePathOf, pageOf } from '../../src/vendors/sfcc/client.js';
import { DOCUMENTED_FAULTS, type FaultContext, fromFault } from '../../src/vendors/sfcc/errors.js';
import {
  cartridgeAddBody,
  cartridgePathBody,
  customObjectBody,
  toAbTest,
  toCustomItem,
  toLocale,
  toPreferences,
  toRecommender,
  toSite,
  toSlotConfiguration,
  withSite,
} from '../../src/vendors/sfcc/map.js';
import {
  CartridgePathResponse,
  describeSfccError,
  faultOf,
  listOf,
  RecommendersResult,
  WireAbTest,
  WireCustomObject,
  WireLocale,
  WirePreferences,
  WireSite,
  WireSlotConfiguration,
} from '../../src/vendors/sfcc/wire.js';

interface Example {
  file: string;
  docLines: string;
  requestText: string;
  kind: 'request' | 'response';
  method: string;
  operation: string;
  status?: number;
  repaired?: string;
}

const dir = new URL('../fixtures/vendor-docs/sfcc/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { examples: Example[] };
const body = (file: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
const example = (file: string): Example => {
  const found = index.examples.find((e) => e.file === file);
  if (!found) throw new Error(`${file} is not in index.json`);
  return found;
};

const SITE = 'SiteGenesis';
const OBJECT: CustomItemRef = { owner: SITE, objectType: 'my_object_type', key: 'key_0815' };
const STATE = '860cde3040519cce439cd99e209f8a87c3ad0b7e2813edbf6f5501f763b73bd5';
const OBJECT_ATTRIBUTES = {
  c_boolean: true,
  c_date: '2015-02-03T00:00:00.000Z',
  c_email: '[email\u00a0protected]',
  c_integer: 42,
  c_number: 42,
  c_string: 'some text',
};

/** The error the adapter raises for a fault example, given the context the adapter calls with. */
function mapped(file: string, context: FaultContext = {}): GatewayError {
  const ex = example(file);
  const error = errorFromStatus('SFCC', `${ex.method} ${ex.operation}`, ex.status ?? 0, body(file), describeSfccError);
  try {
    fromFault(error, context);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error('fromFault returned');
}

const sites = (file: string) => pageOf(listOf(WireSite).parse(body(file)));
const locales = (file: string) => {
  const list = pageOf(listOf(WireLocale).parse(body(file)), 'hits');
  return { total: list.total, items: list.items.map((w) => toLocale(SITE, w)) };
};
const cartridges = (file: string) => cartridgePathOf(CartridgePathResponse.parse(body(file)));
const customObject = (file: string) => toCustomItem(SITE, OBJECT.objectType, OBJECT.key, WireCustomObject.parse(body(file)));
const preferences = (file: string) => toPreferences(SITE, 'my-preferencegroup', 'STAGING', WirePreferences.parse(body(file)));

const checks: Record<string, () => void> = {
  'L0064-get-sites.response.json': () => {
    const list = sites('L0064-get-sites.response.json');
    expect(list.total).toBe(2);
    expect(list.items.map(toSite)).toEqual([
      {
        vendor: 'SFCC',
        vendorId: 'SiteGenesis',
        displayName: 'Site Genesis',
        description: 'Prototypical site used for starting point',
        storefrontStatus: 'online',
        inDeletion: false,
        customerListId: 'SiteGenesis',
        attributes: { customer_list_link: { _type: 'customer_list_link', customer_list_id: 'SiteGenesis' } },
      },
      expect.objectContaining({
        vendorId: 'MySite',
        displayName: 'My Site',
        description: 'A site that sells products',
        customerListId: 'MyCustomerList',
      }),
    ]);
  },
  'L0151-get-site.response.json': () => {
    const site = toSite(WireSite.parse(body('L0151-get-site.response.json')));
    expect(site).toMatchObject({
      vendorId: SITE,
      displayName: null,
      description: "Site's site used for WAPI integration test.",
      customerListId: SITE,
      storefrontStatus: null,
    });
    expect(site.attributes._resource_state).toBe(STATE);
  },
  'L0172-get-site-secure-communication.response.json': () => {
    const e = mapped('L0172-get-site-secure-communication.response.json');
    expect(e.code).toBe('UPSTREAM_REJECTED');
    expect(e.message).toMatch(/requires HTTPS/);
  },
  'L0188-get-site-not-found.response.json': () => {
    const e = mapped('L0188-get-site-not-found.response.json');
    expect(e).toBeInstanceOf(NotFoundError);
    expect((e as NotFoundError).id).toBe('foobar');
  },
  'L0243-get-ab-tests.response.json': () => {
    const list = pageOf(listOf(WireAbTest).parse(body('L0243-get-ab-tests.response.json')));
    expect(list.total).toBe(2);
    const [first, second] = list.items.map((w) => toAbTest(SITE, w));
    expect(first).toMatchObject({
      id: 'my-abtest1',
      description: 'my abtest1 description',
      enabled: true,
      paused: true,
      startDate: new Date('2015-04-01T11:30:15.000Z'),
      endDate: new Date('2015-07-31T23:09:08.000Z'),
      keyMetricId: 'abtest_key_metric_id',
      customerGroups: ['abtest_customer_group'],
      tags: ['abtest_tag'],
      trigger: { type: 'immediately', pipelineBased: false, pipelineCalls: [] },
      version: 'c2309jd239jdrifj3ui4fn',
    });
    expect(first?.groups.map((g) => [g.id, g.allocation, g.description])).toEqual([
      ['Control', 20, null],
      ['Test Segment A', 40, 'A description'],
      ['Test Segment B', 40, null],
    ]);
    expect(first?.attributes).toMatchObject({ expiration_type: 'session', email_addresses: ['[email\u00a0protected]'] });
    expect(first?.attributes).not.toHaveProperty('link');
    expect(second).toMatchObject({
      id: 'my-abtest2',
      trigger: { type: 'pipeline_call', pipelineBased: true, pipelineCalls: ['My-Pipeline'] },
    });
  },
  'L0418-get-recommenders.response.json': () => {
    const res = RecommendersResult.parse(body('L0418-get-recommenders.response.json'));
    expect((res.recommenders ?? []).map((r) => toRecommender(SITE, r))).toEqual(
      [
        ['Alternate-Product-to-Product', 'Recommender for Alternate Products on a PDP'],
        ['topsellers', '** for shared demo **'],
        ['recently-viewed', 'Shopper, Recently-Viewed'],
        ['demo', 'demo'],
      ].map(([name, description]) => ({ vendor: 'SFCC', siteVendorId: SITE, name, description })),
    );
  },
  'L0452-get-recommenders-site-not-found.response.json': () => {
    const e = mapped('L0452-get-recommenders-site-not-found.response.json');
    expect((e as NotFoundError).id).toBe('UnknownSite');
    expect(e.code).toBe('NOT_FOUND');
  },
  'L0468-get-recommenders-cquotient.response.json': () => {
    const e = mapped('L0468-get-recommenders-cquotient.response.json');
    expect(e.code).toBe('UPSTREAM_REJECTED');
    expect(e.message).toMatch(/Einstein recommenders answered 400: .*The given site id is not valid/);
  },
  'L0534-put-cartridges.request.json': () => {
    expect(cartridgePathBody(['new_cartridges1', 'new_cartridges2'])).toEqual(body('L0534-put-cartridges.request.json'));
  },
  'L0543-put-cartridges.response.json': () => {
    const res = cartridges('L0543-put-cartridges.response.json');
    expect(res).toEqual({ siteId: SITE, path: 'new_cartridges1:new_cartridges2:core' });
    expect(withSite(undefined, SITE, res.path).cartridges).toEqual(['new_cartridges1', 'new_cartridges2', 'core']);
  },
  'L0555-put-cartridges-site-not-found.response.json': () => {
    expect((mapped('L0555-put-cartridges-site-not-found.response.json', { write: true }) as NotFoundError).id).toBe('unknownSite');
  },
  'L0571-put-cartridges-invalid-path.response.json': () => {
    const e = mapped('L0571-put-cartridges-invalid-path.response.json', {
      write: true,
      fields: { InvalidCartridgePathException: 'names' },
    });
    expect((e as ValidationError).issues).toEqual([
      { field: 'names', message: expect.stringMatching(/^Invalid cartridge path '1BadCartidgeName/) },
    ]);
  },
  'L0650-post-cartridges-first.request.json': () => {
    expect(cartridgeAddBody({ name: 'new_cartridge', position: 'FIRST' })).toEqual(body('L0650-post-cartridges-first.request.json'));
  },
  'L0662-post-cartridges-last.request.json': () => {
    expect(cartridgeAddBody({ name: 'new_cartridge', position: 'LAST' })).toEqual(body('L0662-post-cartridges-last.request.json'));
  },
  'L0674-post-cartridges-before.request.json': () => {
    expect(cartridgeAddBody({ name: 'new_cartridge', position: 'BEFORE', target: 'custom_cartridge_1' })).toEqual(
      body('L0674-post-cartridges-before.request.json'),
    );
  },
  'L0688-post-cartridges-after.request.json': () => {
    expect(cartridgeAddBody({ name: 'new_cartridge', position: 'AFTER', target: 'custom_cartridge_1' })).toEqual(
      body('L0688-post-cartridges-after.request.json'),
    );
  },
  'L0700-post-cartridges.response.json': () => {
    expect(cartridges('L0700-post-cartridges.response.json')).toEqual({
      siteId: SITE,
      path: 'new_cartridge:custom_cartridge_1:custom_cartridge_2:core',
    });
  },
  'L0712-post-cartridges-site-not-found.response.json': () => {
    expect((mapped('L0712-post-cartridges-site-not-found.response.json', { write: true }) as NotFoundError).id).toBe('unknownSite');
  },
  'L0729-post-cartridges-already-exists.response.json': () => {
    const e = mapped('L0729-post-cartridges-already-exists.response.json', { write: true });
    expect((e as ValidationError).issues).toEqual([{ field: 'name', message: "Cartridge 'new_cartridge' already exists." }]);
  },
  'L0745-post-cartridges-invalid-cartridge.response.json': () => {
    const e = mapped('L0745-post-cartridges-invalid-cartridge.response.json', { write: true });
    expect((e as ValidationError).issues[0]?.field).toBe('name');
  },
  'L0763-post-cartridges-invalid-operation.response.json': () => {
    const e = mapped('L0763-post-cartridges-invalid-operation.response.json', {
      write: true,
      fields: { InvalidOperationException: 'target' },
    });
    expect((e as ValidationError).issues[0]).toEqual({
      field: 'target',
      message: expect.stringMatching(/^Invalid operation on cartridge 'core'/),
    });
  },
  'L0831-delete-cartridge.response.json': () => {
    expect(cartridges('L0831-delete-cartridge.response.json').path).toBe('custom_cartridge_1:custom_cartridge_3:core');
  },
  'L0843-delete-cartridge-invalid-operation.response.json': () => {
    const e = mapped('L0843-delete-cartridge-invalid-operation.response.json', { write: true });
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.code).toBe('BAD_USER_INPUT');
  },
  'L0920-get-custom-object.response.json': () => {
    expect(customObject('L0920-get-custom-object.response.json')).toMatchObject({
      vendor: 'SFCC',
      vendorId: 'SiteGenesis:my_object_type:key_0815',
      objectType: 'my_object_type',
      key: 'key_0815',
      attributes: OBJECT_ATTRIBUTES,
      version: STATE,
      scope: SITE,
    });
  },
  'L0941-get-custom-object-not-found.response.json': () => {
    const e = mapped('L0941-get-custom-object-not-found.response.json', { item: OBJECT });
    expect(e).toBeInstanceOf(NotFoundError);
    expect((e as NotFoundError).id).toBe('SiteGenesis:my_object_type:key_0815');
  },
  'L1041-put-custom-object.request.json': () => {
    expect(customObjectBody(OBJECT_ATTRIBUTES, undefined)).toEqual(body('L1041-put-custom-object.request.json'));
  },
  'L1056-put-custom-object.response.json': () => {
    expect(customObject('L1056-put-custom-object.response.json')).toMatchObject({
      key: 'key_0815',
      attributes: OBJECT_ATTRIBUTES,
      version: STATE,
    });
  },
  'L1078-put-custom-object-type-not-found.response.json': () => {
    const e = mapped('L1078-put-custom-object-type-not-found.response.json', { item: OBJECT, write: true });
    expect((e as ValidationError).issues).toEqual([{ field: 'objectType', message: "No object type with ID 'my_object_type' was found." }]);
  },
  'L1174-delete-custom-object-type-not-found.response.json': () => {
    const e = mapped('L1174-delete-custom-object-type-not-found.response.json', { item: OBJECT, write: true });
    expect((e as ValidationError).issues[0]?.field).toBe('objectType');
  },
  'L1274-patch-custom-object.request.json': () => {
    expect(customObjectBody(OBJECT_ATTRIBUTES, '847f9c3c5867f641470b3046aeec31f07757991b792d722e10079926f7a289fb')).toEqual(
      body('L1274-patch-custom-object.request.json'),
    );
  },
  'L1289-patch-custom-object.response.json': () => {
    expect(customObject('L1289-patch-custom-object.response.json')).toMatchObject({
      key: 'key_0815',
      attributes: OBJECT_ATTRIBUTES,
      version: STATE,
    });
  },
  'L1310-patch-custom-object-not-found.response.json': () => {
    expect(mapped('L1310-patch-custom-object-not-found.response.json', { item: OBJECT, write: true })).toBeInstanceOf(NotFoundError);
  },
  'L1365-get-locales.response.json': () => {
    const list = locales('L1365-get-locales.response.json');
    expect(list.total).toBe(4);
    expect(list.items).toEqual([
      expect.objectContaining({ id: 'default', name: 'default', isDefault: true, active: true, language: null, country: null }),
      expect.objectContaining({
        id: 'es',
        name: 'Spanish',
        displayLanguage: 'español',
        iso3Language: 'spa',
        language: 'es',
        isDefault: false,
      }),
    ]);
  },
  'L1414-get-locales-include-all.response.json': () => {
    const list = locales('L1414-get-locales-include-all.response.json');
    expect(list.total).toBe(8);
    expect(list.items.map((l) => [l.id, l.active])).toEqual([
      ['default', true],
      ['nl', false],
      ['en', true],
      ['en-CA', false],
      ['en-US', true],
    ]);
    expect(list.items[3]).toMatchObject({ country: 'CA', displayCountry: 'Canada', iso3Country: 'CAN' });
  },
  'L1505-get-locales-by-id.response.json': () => {
    expect(locales('L1505-get-locales-by-id.response.json').items).toEqual([
      {
        vendor: 'SFCC',
        siteVendorId: SITE,
        id: 'en-US',
        name: 'English (United States)',
        displayName: 'English (United States)',
        language: 'en',
        country: 'US',
        displayLanguage: 'English',
        displayCountry: 'United States',
        iso3Language: 'eng',
        iso3Country: 'USA',
        active: true,
        isDefault: false,
      },
    ]);
  },
  'L1589-get-preferences.response.json': () => {
    expect(preferences('L1589-get-preferences.response.json').values).toEqual({
      c_preference1: 'Teal',
      c_preference2: ['Small', 'Large'],
      c_preference3: false,
      c_preference4: 20,
    });
  },
  'L1617-get-preferences-group-not-found.response.json': () => {
    expect((mapped('L1617-get-preferences-group-not-found.response.json') as NotFoundError).id).toBe('my-preferencegroup');
  },
  'L1685-patch-preferences.request.json': () => {
    // The doc's PATCH writes exactly the values its answer then holds.
    expect(body('L1685-patch-preferences.request.json')).toEqual(preferences('L1703-patch-preferences.response.json').values);
  },
  'L1703-patch-preferences.response.json': () => {
    expect(preferences('L1703-patch-preferences.response.json')).toMatchObject({
      siteVendorId: SITE,
      groupId: 'my-preferencegroup',
      instanceType: 'STAGING',
    });
  },
  'L1731-patch-preferences-group-not-found.response.json': () => {
    const e = mapped('L1731-patch-preferences-group-not-found.response.json', { write: true, attributesField: 'values' });
    expect((e as NotFoundError).id).toBe('my-preferencegroup');
  },
  'L1786-get-slot-configurations.response.json': () => {
    const list = pageOf(listOf(WireSlotConfiguration).parse(body('L1786-get-slot-configurations.response.json')));
    expect(list.total).toBe(1);
    expect(list.items.map((w) => toSlotConfiguration(SITE, w))).toEqual([
      {
        vendor: 'SFCC',
        siteVendorId: SITE,
        slotId: 'header-banner',
        configurationId: '2015-06-24_16:33:18',
        uuid: 'fsdoi43ofijwdf',
        context: 'global',
        enabled: true,
        isDefault: true,
        rank: 2,
        description: 'slot configuration description',
        customerGroups: ['Administrators', 'Registered'],
        calloutMessage: 'some message',
        contentType: 'html',
        content: '<html>HTML content</html>',
        schedule: {
          startDate: new Date('2013-03-28T23:21:00.000Z'),
          endDate: new Date('2022-03-28T23:21:00.000Z'),
          daysOfWeek: ['monday', 'sunday'],
          timeFrom: '00:00:00',
          timeTo: '23:59:00',
        },
        attributes: { assigned_to_site: true },
      },
    ]);
  },
};

describe('SFCC doc examples', () => {
  it('has a check for every copied example, and an example file for every check', () => {
    expect(Object.keys(checks).sort()).toEqual(index.examples.map((e) => e.file).sort());
  });

  it.each(index.examples.map((e) => [`${e.file} (doc lines ${e.docLines})`, e] as const))('%s', (_name, ex) => {
    const check = checks[ex.file];
    if (!check) throw new Error(`no check for ${ex.file}`);
    check();
  });

  it('every fault example carries a documented type at its documented status, and none falls through', () => {
    const faults = index.examples.filter((e) => e.kind === 'response' && (e.status ?? 200) >= 400);
    expect(faults.length).toBe(17);
    for (const ex of faults) {
      const type = faultOf(body(ex.file))?.type as keyof typeof DOCUMENTED_FAULTS;
      expect(DOCUMENTED_FAULTS[type], ex.file).toBe(ex.status);
    }
  });
});
