// OCAPI Data API documents (sites, A/B tests, slot configurations, locales, preferences, custom
// objects) to domain records.
import { describe, expect, it } from 'vitest';
import {
  instanceTypeWire,
  toAbTest,
  toCustomItem,
  toLocale,
  toPreferences,
  toRecommender,
  toSite,
  toSlotConfiguration,
  withSite,
} from '../../src/vendors/sfcc/map.js';
import { WireAbTest, WireCustomObject, WireLocale, WireSite, WireSlotConfiguration } from '../../src/vendors/sfcc/wire.js';

const LINK = 'https://dev01.example.demandware.net/s/-/dw/data/v24_5/sites/RefArch';

describe('toSite', () => {
  it('reads localized names, the customer list, and keeps the rest without links or envelope markers', () => {
    const site = toSite(
      WireSite.parse({
        _v: '24.5',
        _type: 'site',
        id: 'RefArch',
        display_name: { default: 'Reference Architecture', de: 'Referenzarchitektur' },
        description: 'The demo store',
        storefront_status: 'online',
        in_deletion: false,
        customer_list_link: { _type: 'customer_list_link', customer_list_id: 'RefArch', link: `${LINK}/customer_lists/RefArch` },
        link: LINK,
        allowed_currencies: ['USD', 'EUR'],
      }),
    );
    expect(site).toEqual({
      vendor: 'SFCC',
      vendorId: 'RefArch',
      displayName: 'Reference Architecture',
      description: 'The demo store',
      storefrontStatus: 'online',
      inDeletion: false,
      customerListId: 'RefArch',
      attributes: { customer_list_link: { _type: 'customer_list_link', customer_list_id: 'RefArch' }, allowed_currencies: ['USD', 'EUR'] },
    });
    expect(JSON.stringify(site)).not.toContain('demandware.net');
  });

  it('takes the first translation when there is no default, and nulls for what a bare site lacks', () => {
    expect(toSite(WireSite.parse({ id: 'S', display_name: { fr: 'Boutique' } }))).toEqual({
      vendor: 'SFCC',
      vendorId: 'S',
      displayName: 'Boutique',
      description: null,
      storefrontStatus: null,
      inDeletion: null,
      customerListId: null,
      attributes: {},
    });
  });
});

describe('withSite', () => {
  it('splits the cartridge path on colons onto the site read with it', () => {
    const site = toSite(WireSite.parse({ id: 'RefArch', display_name: 'RA' }));
    expect(withSite(site, 'RefArch', 'app_storefront_base:plugin_wishlists').cartridges).toEqual([
      'app_storefront_base',
      'plugin_wishlists',
    ]);
    expect(withSite(site, 'RefArch', 'app_storefront_base')).toMatchObject({ displayName: 'RA', cartridges: ['app_storefront_base'] });
  });

  it('answers an empty list for an empty path, and a bare site when none was read', () => {
    expect(withSite(undefined, 'X', '')).toEqual({
      vendor: 'SFCC',
      vendorId: 'X',
      displayName: null,
      description: null,
      storefrontStatus: null,
      inDeletion: null,
      customerListId: null,
      attributes: {},
      cartridges: [],
    });
  });
});

describe('toAbTest', () => {
  it('maps an A/B test with its groups, trigger, dates and version', () => {
    const test = toAbTest(
      'RefArch',
      WireAbTest.parse({
        _resource_state: 'etag-1',
        id: 'hero-banner',
        description: 'Hero banner test',
        enabled: true,
        paused: false,
        start_date: '2024-04-01T00:00:00.000Z',
        end_date: '2024-05-01T00:00:00.000Z',
        key_metric_id: 'revenue',
        customer_groups: ['Everyone'],
        tags: ['spring'],
        test_groups: [{ id: 'control', allocation: 50, custom_experience: false }, { id: 'variant' }],
        trigger: { trigger_type: 'pipeline', is_pipeline_based: true, pipeline_calls: ['Home-Show'] },
        creation_date: '2024-03-01T00:00:00.000Z',
        link: LINK,
      }),
    );
    expect(test).toEqual({
      vendor: 'SFCC',
      siteVendorId: 'RefArch',
      id: 'hero-banner',
      description: 'Hero banner test',
      enabled: true,
      paused: false,
      startDate: new Date('2024-04-01T00:00:00Z'),
      endDate: new Date('2024-05-01T00:00:00Z'),
      keyMetricId: 'revenue',
      customerGroups: ['Everyone'],
      tags: ['spring'],
      groups: [
        { id: 'control', allocation: 50, customExperience: false, description: null },
        { id: 'variant', allocation: null, customExperience: null, description: null },
      ],
      trigger: { type: 'pipeline', pipelineBased: true, pipelineCalls: ['Home-Show'] },
      version: 'etag-1',
      attributes: { creation_date: '2024-03-01T00:00:00.000Z' },
    });
  });

  it('answers empty lists and nulls for a test with only an id', () => {
    expect(toAbTest('S', WireAbTest.parse({ id: 't' }))).toMatchObject({
      customerGroups: [],
      tags: [],
      groups: [],
      trigger: null,
      startDate: null,
      version: null,
    });
  });
});

describe('toSlotConfiguration', () => {
  it('maps the content, the schedule with its recurrence, and localized callout', () => {
    const slot = toSlotConfiguration(
      'RefArch',
      WireSlotConfiguration.parse({
        slot_id: 'home-main',
        configuration_id: 'summer',
        uuid: 'u-1',
        context: 'global',
        enabled: true,
        default: false,
        rank: 2,
        customer_groups: ['Registered'],
        callout_msg: { default: 'Summer sale' },
        slot_content: { type: 'html', body: { default: '<p>Sale</p>' } },
        schedule: {
          start_date: '2024-06-01T00:00:00.000Z',
          recurrence: { day_of_week: ['saturday', 'sunday'], time_of_day: { time_from: '08:00', time_to: '20:00' } },
        },
        template: 'slots/html.isml',
      }),
    );
    expect(slot).toEqual({
      vendor: 'SFCC',
      siteVendorId: 'RefArch',
      slotId: 'home-main',
      configurationId: 'summer',
      uuid: 'u-1',
      context: 'global',
      enabled: true,
      isDefault: false,
      rank: 2,
      description: null,
      customerGroups: ['Registered'],
      calloutMessage: 'Summer sale',
      contentType: 'html',
      content: '<p>Sale</p>',
      schedule: {
        startDate: new Date('2024-06-01T00:00:00Z'),
        endDate: null,
        daysOfWeek: ['saturday', 'sunday'],
        timeFrom: '08:00',
        timeTo: '20:00',
      },
      attributes: { template: 'slots/html.isml' },
    });
  });

  it('answers no schedule and no content when the configuration has none', () => {
    expect(toSlotConfiguration('S', WireSlotConfiguration.parse({ slot_id: 'x' }))).toMatchObject({
      schedule: null,
      contentType: null,
      content: null,
      calloutMessage: null,
    });
    expect(toSlotConfiguration('S', WireSlotConfiguration.parse({ slot_id: 'x', schedule: {} })).schedule).toEqual({
      startDate: null,
      endDate: null,
      daysOfWeek: [],
      timeFrom: null,
      timeTo: null,
    });
  });
});

describe('toLocale, toRecommender and toPreferences', () => {
  it('maps a locale, reading the empty strings of the default locale as null', () => {
    expect(
      toLocale(
        'RefArch',
        WireLocale.parse({
          id: 'default',
          name: 'Default',
          display_name: 'Default',
          language: '',
          country: '',
          active: true,
          default: true,
        }),
      ),
    ).toEqual({
      vendor: 'SFCC',
      siteVendorId: 'RefArch',
      id: 'default',
      name: 'Default',
      displayName: 'Default',
      language: null,
      country: null,
      displayLanguage: null,
      displayCountry: null,
      iso3Language: null,
      iso3Country: null,
      active: true,
      isDefault: true,
    });
    expect(toLocale('RefArch', WireLocale.parse({ id: 'de_DE', language: 'de', country: 'DE', iso3_country: 'DEU' }))).toMatchObject({
      language: 'de',
      country: 'DE',
      iso3Country: 'DEU',
      active: null,
    });
  });

  it('maps a recommender', () => {
    expect(toRecommender('RefArch', { name: 'product-to-product' })).toEqual({
      vendor: 'SFCC',
      siteVendorId: 'RefArch',
      name: 'product-to-product',
      description: null,
    });
  });

  it('keeps only the c_ preferences of a group', () => {
    expect(
      toPreferences('RefArch', 'Checkout', 'STAGING', { _v: '24.5', link: LINK, site: 'RefArch', c_freeShipping: true, c_minOrder: 25 }),
    ).toEqual({
      vendor: 'SFCC',
      siteVendorId: 'RefArch',
      groupId: 'Checkout',
      instanceType: 'STAGING',
      values: { c_freeShipping: true, c_minOrder: 25 },
    });
  });

  it('spells every instance type as the path segment OCAPI wants', () => {
    expect((['STAGING', 'DEVELOPMENT', 'SANDBOX', 'PRODUCTION', 'CURRENT'] as const).map(instanceTypeWire)).toEqual([
      'staging',
      'development',
      'sandbox',
      'production',
      'current',
    ]);
  });
});

describe('toCustomItem', () => {
  it('keeps the c_ attributes under their own names, with dates and the version for optimistic locking', () => {
    const item = toCustomItem(
      'RefArch',
      'store_config',
      '1001',
      WireCustomObject.parse({
        _v: '24.5',
        _resource_state: 'rs-7',
        object_type: 'store_config',
        key_property: 'c_storeId',
        key_value_string: '1001',
        creation_date: '2024-02-01T10:00:00.000Z',
        last_modified: '2024-02-03T10:00:00.000Z',
        c_name: 'Berlin',
        c_open: true,
        link: LINK,
      }),
    );
    expect(item).toEqual({
      vendor: 'SFCC',
      vendorId: 'RefArch:store_config:1001',
      objectType: 'store_config',
      key: '1001',
      name: null,
      attributes: { c_name: 'Berlin', c_open: true },
      createdAt: new Date('2024-02-01T10:00:00Z'),
      updatedAt: new Date('2024-02-03T10:00:00Z'),
      version: 'rs-7',
      scope: 'RefArch',
      customerVendorId: null,
    });
  });

  it("takes the instance's spelling of an integer key, and the requested key when the document has none", () => {
    expect(toCustomItem('S', 'counter', '0042', WireCustomObject.parse({ key_value_int: 42 }))).toMatchObject({
      key: '42',
      vendorId: 'S:counter:42',
    });
    expect(toCustomItem('S', 'counter', 'k', WireCustomObject.parse({}))).toMatchObject({
      key: 'k',
      objectType: 'counter',
      version: null,
      createdAt: null,
      attributes: {},
    });
  });
});
