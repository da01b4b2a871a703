// Site-level configuration seed: sites, locales, A/B tests, slot configurations, Einstein
// recommenders, cartridge paths and site preferences. The SiteGenesis entries reuse the doc's samples.
import { mulberry32 } from '../people.js';

export interface SiteRecord {
  id: string;
  displayName: string;
  description: string;
  customerListId: string;
  storefrontStatus: 'online' | 'offline';
  inDeletion: boolean;
  defaultLocale: string;
  locales: readonly string[];
  /** Einstein recommenders, or 'cquotient-error' when Einstein rejects the site (CQuotientException). */
  recommenders: readonly { name: string; description: string }[] | 'cquotient-error';
  cartridges: readonly string[];
}

export const SITES: readonly SiteRecord[] = [
  {
    id: 'RefArch',
    displayName: 'Reference Architecture',
    description: 'Storefront Reference Architecture (SFRA) site',
    customerListId: 'RefArch',
    storefrontStatus: 'online',
    inDeletion: false,
    defaultLocale: 'en-US',
    locales: ['default', 'en-US', 'en-GB', 'fr-FR', 'de-DE', 'it-IT', 'ja-JP', 'zh-CN'],
    recommenders: [
      { name: 'Alternate-Product-to-Product', description: 'Recommender for Alternate Products on a PDP' },
      { name: 'topsellers', description: '** for shared demo **' },
      { name: 'recently-viewed', description: 'Shopper, Recently-Viewed' },
      { name: 'demo', description: 'demo' },
      { name: 'complete-the-set', description: 'Complete the look on PDP' },
      { name: 'cart-cross-sell', description: 'Cross-sell in the cart' },
    ],
    cartridges: ['app_custom_refarch', 'int_loyalty', 'plugin_wishlists', 'plugin_giftregistry', 'app_storefront_base', 'modules'],
  },
  {
    id: 'SiteGenesis',
    displayName: 'Site Genesis',
    description: 'Prototypical site used for starting point',
    customerListId: 'SiteGenesis',
    storefrontStatus: 'online',
    inDeletion: false,
    defaultLocale: 'default',
    locales: ['default', 'en', 'en-US', 'es', 'fr', 'it', 'ja', 'zh'],
    recommenders: [
      { name: 'Alternate-Product-to-Product', description: 'Recommender for Alternate Products on a PDP' },
      { name: 'topsellers', description: '** for shared demo **' },
      { name: 'recently-viewed', description: 'Shopper, Recently-Viewed' },
      { name: 'demo', description: 'demo' },
    ],
    cartridges: ['custom_cartridge_1', 'custom_cartridge_2', 'custom_cartridge_3', 'app_storefront_controllers', 'app_storefront_core'],
  },
  {
    id: 'RefArchGlobal',
    displayName: 'Reference Architecture Global',
    description: 'Multi-country SFRA site (EU storefronts)',
    customerListId: 'RefArchGlobal',
    storefrontStatus: 'offline',
    inDeletion: false,
    defaultLocale: 'en-GB',
    locales: ['default', 'en-GB', 'fr-FR', 'fr-BE', 'de-DE', 'de-AT', 'de-CH', 'nl-NL', 'nl-BE', 'it-IT', 'es-ES', 'sv-SE', 'pl-PL'],
    recommenders: 'cquotient-error',
    cartridges: ['app_custom_global', 'int_mautic', 'int_bloomreach', 'app_storefront_base', 'modules'],
  },
];

/** Every locale the instance knows (`include_all=true`); sites activate a subset. */
export const SYSTEM_LOCALES: readonly string[] = [
  'default',
  'en',
  'en-US',
  'en-GB',
  'en-CA',
  'en-AU',
  'de',
  'de-DE',
  'de-AT',
  'de-CH',
  'fr',
  'fr-FR',
  'fr-CA',
  'fr-BE',
  'es',
  'es-ES',
  'es-MX',
  'it',
  'it-IT',
  'nl',
  'nl-NL',
  'nl-BE',
  'ja',
  'ja-JP',
  'zh',
  'zh-CN',
  'zh-TW',
  'pt-BR',
  'sv-SE',
  'pl-PL',
];

const ISO3_LANGUAGE: Record<string, string> = {
  en: 'eng',
  de: 'deu',
  fr: 'fra',
  es: 'spa',
  it: 'ita',
  nl: 'nld',
  ja: 'jpn',
  zh: 'zho',
  pt: 'por',
  sv: 'swe',
  pl: 'pol',
};
const ISO3_COUNTRY: Record<string, string> = {
  US: 'USA',
  GB: 'GBR',
  CA: 'CAN',
  AU: 'AUS',
  DE: 'DEU',
  AT: 'AUT',
  CH: 'CHE',
  FR: 'FRA',
  BE: 'BEL',
  ES: 'ESP',
  MX: 'MEX',
  IT: 'ITA',
  NL: 'NLD',
  JP: 'JPN',
  CN: 'CHN',
  TW: 'TWN',
  BR: 'BRA',
  SE: 'SWE',
  PL: 'POL',
};

export interface LocaleInfo {
  id: string;
  language: string;
  country: string;
  display_country: string;
  display_language: string;
  display_name: string;
  iso3_country: string;
  iso3_language: string;
  name: string;
}

export function localeInfo(id: string): LocaleInfo {
  if (id === 'default') {
    return {
      id,
      language: '',
      country: '',
      display_country: '',
      display_language: '',
      display_name: 'default',
      iso3_country: '',
      iso3_language: '',
      name: 'default',
    };
  }
  const [language = '', country = ''] = id.split('-');
  // display_* are in the locale's own language and `name` is English, as in the doc's samples.
  const native = new Intl.DisplayNames([id], { type: 'language', languageDisplay: 'standard' });
  const english = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard' });
  return {
    id,
    language,
    country,
    display_country: country ? (new Intl.DisplayNames([id], { type: 'region' }).of(country) ?? country) : '',
    display_language: native.of(language) ?? language,
    display_name: native.of(id) ?? id,
    iso3_country: country ? (ISO3_COUNTRY[country] ?? '') : '',
    iso3_language: ISO3_LANGUAGE[language] ?? '',
    name: english.of(id) ?? id,
  };
}

export interface AbTestRecord {
  id: string;
  description: string;
  customerGroups: string[];
  emailAddresses: string[];
  enabled: boolean;
  paused: boolean;
  startDate: string;
  endDate: string;
  keyMetricId: string;
  tags: string[];
  testGroups: { allocation: number; customExperience: boolean; description?: string; id: string }[];
  trigger: { isPipelineBased: boolean; triggerType: 'immediately' | 'pipeline_call'; pipelineCalls?: string[] };
}

export interface SlotConfigurationRecord {
  slotId: string;
  uuid: string;
  configurationId: string;
  html: string;
  customerGroups: string[];
  context: 'global' | 'category' | 'folder';
  enabled: boolean;
  isDefault: boolean;
  rank: number;
  description: string;
  calloutMsg: string;
  schedule: { startDate: string; endDate: string; days: string[]; timeFrom: string; timeTo: string };
}

const GROUPS = ['Everyone', 'Registered', 'Unregistered', 'VIP', 'Administrators', 'abtest_customer_group'];
const METRICS = ['revenue', 'conversion_rate', 'average_order_value', 'units_per_order'];
const SLOTS = [
  'header-banner',
  'home-main',
  'home-categories',
  'footer-copy',
  'cart-upsell',
  'pdp-recommendations',
  'search-no-hits',
  'checkout-promo',
];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function isoDate(rand: () => number, fromYear: number, spanDays: number): string {
  return new Date(Date.UTC(fromYear, 0, 1) + Math.floor(rand() * spanDays) * 86_400_000 + Math.floor(rand() * 86_400) * 1000).toISOString();
}

function hex(rand: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(rand() * 16).toString(16);
  return out;
}

const DOC_AB_TESTS: AbTestRecord[] = [
  {
    id: 'my-abtest1',
    description: 'my abtest1 description',
    customerGroups: ['abtest_customer_group'],
    emailAddresses: ['abtest-owner@example.com'],
    enabled: true,
    paused: true,
    startDate: '2015-04-01T11:30:15.000Z',
    endDate: '2015-07-31T23:09:08.000Z',
    keyMetricId: 'abtest_key_metric_id',
    tags: ['abtest_tag'],
    testGroups: [
      { allocation: 20, customExperience: false, id: 'Control' },
      { allocation: 40, customExperience: false, description: 'A description', id: 'Test Segment A' },
      { allocation: 40, customExperience: false, id: 'Test Segment B' },
    ],
    trigger: { isPipelineBased: false, triggerType: 'immediately' },
  },
  {
    id: 'my-abtest2',
    description: 'my abtest2 description',
    customerGroups: ['abtest_customer_group'],
    emailAddresses: ['abtest-owner@example.com'],
    enabled: true,
    paused: true,
    startDate: '2015-04-01T11:30:15.000Z',
    endDate: '2015-07-31T23:09:08.000Z',
    keyMetricId: 'abtest_key_metric_id',
    tags: ['abtest_tag'],
    testGroups: [
      { allocation: 20, customExperience: false, id: 'Control' },
      { allocation: 80, customExperience: false, id: 'Test Segment B' },
    ],
    trigger: { isPipelineBased: true, triggerType: 'pipeline_call', pipelineCalls: ['My-Pipeline'] },
  },
];

const DOC_SLOT: SlotConfigurationRecord = {
  slotId: 'header-banner',
  uuid: 'fsdoi43ofijwdf',
  configurationId: '2015-06-24_16:33:18',
  html: '<html>HTML content</html>',
  customerGroups: ['Administrators', 'Registered'],
  context: 'global',
  enabled: true,
  isDefault: true,
  rank: 2,
  description: 'slot configuration description',
  calloutMsg: 'some message',
  schedule: {
    startDate: '2013-03-28T23:21:00.000Z',
    endDate: '2022-03-28T23:21:00.000Z',
    days: ['monday', 'sunday'],
    timeFrom: '00:00:00',
    timeTo: '23:59:00',
  },
};

/** Counts per site: RefArch 32 / SiteGenesis 2 (the doc's) / RefArchGlobal 5. */
export function seedAbTests(siteId: string): AbTestRecord[] {
  if (siteId === 'SiteGenesis') return DOC_AB_TESTS.map((t) => structuredClone(t));
  const count = siteId === 'RefArch' ? 32 : 5;
  const rand = mulberry32(siteId.length * 7_777 + count);
  return Array.from({ length: count }, (_, i) => {
    const control = 10 + Math.floor(rand() * 40);
    const pipeline = rand() < 0.3;
    const startDate = isoDate(rand, 2024, 500);
    return {
      id: `${siteId.toLowerCase()}-abtest-${String(i + 1).padStart(2, '0')}`,
      description: `${pick(rand, ['Hero banner', 'Checkout button', 'Free shipping threshold', 'Search ranking', 'PDP layout'])} experiment ${i + 1}`,
      customerGroups: [pick(rand, GROUPS)],
      emailAddresses: ['merchandising@example.com'],
      enabled: rand() < 0.7,
      paused: rand() < 0.2,
      startDate,
      endDate: new Date(Date.parse(startDate) + (14 + Math.floor(rand() * 60)) * 86_400_000).toISOString(),
      keyMetricId: pick(rand, METRICS),
      tags: rand() < 0.5 ? ['q' + String(1 + Math.floor(rand() * 4))] : [],
      testGroups: [
        { allocation: control, customExperience: false, id: 'Control' },
        { allocation: 100 - control, customExperience: true, description: 'Variant', id: 'Test Segment A' },
      ],
      trigger: pipeline
        ? { isPipelineBased: true, triggerType: 'pipeline_call', pipelineCalls: ['Cart-Show'] }
        : { isPipelineBased: false, triggerType: 'immediately' },
    };
  });
}

/** Counts per site: RefArch 60 / SiteGenesis 1 (the doc's) / RefArchGlobal 12. */
export function seedSlotConfigurations(siteId: string): SlotConfigurationRecord[] {
  if (siteId === 'SiteGenesis') return [structuredClone(DOC_SLOT)];
  const count = siteId === 'RefArch' ? 60 : 12;
  const rand = mulberry32(siteId.length * 31_337 + count);
  return Array.from({ length: count }, (_, i) => {
    const slotId = SLOTS[i % SLOTS.length] ?? 'header-banner';
    const startDate = isoDate(rand, 2024, 400);
    return {
      slotId,
      uuid: hex(rand, 26),
      configurationId: `${slotId}-${String(i + 1).padStart(3, '0')}`,
      html: `<div class="${slotId}">${pick(rand, ['Spring sale', 'New arrivals', 'Free returns', 'Members save 10%'])}</div>`,
      customerGroups: GROUPS.filter(() => rand() < 0.3),
      context: pick(rand, ['global', 'category', 'folder'] as const),
      enabled: rand() < 0.8,
      isDefault: i < SLOTS.length,
      rank: 1 + Math.floor(rand() * 10),
      description: `${slotId} configuration ${i + 1}`,
      calloutMsg: pick(rand, ['Limited time', 'Only online', 'While stocks last']),
      schedule: {
        startDate,
        endDate: new Date(Date.parse(startDate) + (30 + Math.floor(rand() * 300)) * 86_400_000).toISOString(),
        days: DAYS.filter(() => rand() < 0.6),
        timeFrom: '00:00:00',
        timeTo: '23:59:00',
      },
    };
  });
}

export type PreferenceType = 'string' | 'int' | 'boolean' | 'set_of_string' | 'password';

/** Preference groups of the SitePreferences system object (definitions are org-wide). */
export const PREFERENCE_GROUPS: Readonly<Record<string, Readonly<Record<string, PreferenceType>>>> = {
  loyalty: {
    c_loyaltyEnabled: 'boolean',
    c_programName: 'string',
    c_pointsPerCurrencyUnit: 'int',
    c_tierNames: 'set_of_string',
    c_loyaltyApiKey: 'password',
  },
  checkout: {
    c_enableGuestCheckout: 'boolean',
    c_maxCartItems: 'int',
    c_shippingMethods: 'set_of_string',
    c_paymentProviderSecret: 'password',
    c_defaultCountry: 'string',
  },
  integrations: {
    c_mauticBaseUrl: 'string',
    c_mauticPassword: 'password',
    c_bloomreachProjectToken: 'string',
    c_syncEnabled: 'boolean',
    c_syncBatchSize: 'int',
  },
};

export const INSTANCE_TYPES = ['staging', 'development', 'sandbox', 'production'] as const;
export type InstanceType = (typeof INSTANCE_TYPES)[number];

export function seedPreferences(siteId: string, instance: InstanceType, group: string): Record<string, unknown> {
  const env = instance === 'production' ? 'prod' : instance;
  switch (group) {
    case 'loyalty':
      return {
        c_loyaltyEnabled: siteId !== 'SiteGenesis',
        c_programName: `${siteId} Rewards`,
        c_pointsPerCurrencyUnit: instance === 'production' ? 1 : 10,
        c_tierNames: ['bronze', 'silver', 'gold', 'platinum'],
        c_loyaltyApiKey: `lk-${siteId.toLowerCase()}-${env}-7f3a`,
      };
    case 'checkout':
      return {
        c_enableGuestCheckout: true,
        c_maxCartItems: siteId === 'RefArchGlobal' ? 50 : 99,
        c_shippingMethods: siteId === 'RefArchGlobal' ? ['dhl-express', 'dpd-standard'] : ['ground', 'next-day', 'store-pickup'],
        c_paymentProviderSecret: `sk_${env}_${siteId.toLowerCase()}_secret`,
        c_defaultCountry: siteId === 'RefArchGlobal' ? 'GB' : 'US',
      };
    case 'integrations':
      return {
        c_mauticBaseUrl: `https://mautic-${env}.example.com`,
        c_mauticPassword: `mautic-${env}-pass`,
        c_bloomreachProjectToken: `br-${siteId.toLowerCase()}-${env}`,
        c_syncEnabled: instance !== 'development',
        c_syncBatchSize: 200,
      };
    default:
      return {};
  }
}
