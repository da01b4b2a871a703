// Deterministic seed: one profile per person in HOLDINGS.synerise, events per profile (a few with
// several pages of them), segmentations derived from that data and three catalogs.
import { asTyped, HOLDINGS, mulberry32, type Person, people } from '../people.js';
import { SyneriseStore } from './store.js';
import { AGREEMENT_KEYS, type EventRecord, type ProfileRecord, type Sex } from './types.js';

/** clientId of person 0; person i has SEED_FIRST_CLIENT_ID + i (the doc's example id). */
export const SEED_FIRST_CLIENT_ID = 434_428_563;
/** Person indices that carry far more events than one page (250 for person 1). */
export const HEAVY_EVENT_PEOPLE = [1, 51, 101, 151, 201, 251, 301, 351, 401, 451, 501, 551] as const;

export const SEGMENTATION_IDS = {
  newsletter: '5a0e6b1c-2d3f-4a5b-8c6d-7e8f9a0b1c2d',
  vip: '6b1f7c2d-3e4a-4b6c-9d7e-8f9a0b1c2d3e',
  cartAbandoners: '7c2a8d3e-4f5b-4c7d-8e9f-9a0b1c2d3e4f',
  active2025: '8d3b9e4f-5a6c-4d8e-9f0a-0b1c2d3e4f5a',
  winback: '9e4c0f5a-6b7d-4e9f-8a1b-1c2d3e4f5a6b',
} as const;

export const CATALOG_IDS = { products: 1199, stores: 1200, loyaltyTiers: 1201 } as const;
export const PRODUCT_COUNT = 150;

const Y2025_07 = Date.UTC(2025, 6, 1);
const SEED_END = Date.UTC(2025, 11, 31);

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(rand() * 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  const v = list[Math.floor(rand() * list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}

const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries'] as const;
const STREETS = ['Main St', 'Oak Ave', 'Market St', 'Park Lane', 'River Rd', 'Hill St'] as const;
const SEXES: readonly Sex[] = ['FEMALE', 'MALE', 'NOT_SPECIFIED', 'FEMALE', 'MALE'];
const CATEGORIES = ['Shoes', 'Jackets', 'Bags', 'Watches', 'Beverages', 'Electronics'] as const;
const BRANDS = ['Nordik', 'Vela', 'Orbit', 'Kestrel', 'Lumo'] as const;
const COLORS = ['black', 'white', 'blue', 'red', 'green', 'grey'] as const;
const PAGES = ['/', '/sale', '/new-in', '/account', '/stores', '/help'] as const;

export function productSku(n: number): string {
  return `SKU-${String(n).padStart(6, '0')}`;
}

function productValue(n: number): Record<string, unknown> {
  const rand = mulberry32(90_000 + n);
  const category = pick(rand, CATEGORIES);
  return {
    sku: productSku(n),
    name: `${pick(rand, BRANDS)} ${category.replace(/s$/, '')} ${n}`,
    category,
    brand: pick(rand, BRANDS),
    color: pick(rand, COLORS),
    price: Math.round((5 + rand() * 495) * 100) / 100,
    currency: 'EUR',
    inStock: rand() > 0.2,
    tags: [category.toLowerCase(), rand() > 0.5 ? 'bestseller' : 'new'],
  };
}

function seedProfile(store: SyneriseStore, person: Person): ProfileRecord {
  const index = person.index;
  const rand = mulberry32(31_337 + index);
  const created = person.createdAt * 1000;
  const agreements = Object.fromEntries(AGREEMENT_KEYS.map((k) => [k, false])) as ProfileRecord['agreements'];
  agreements.email = rand() < 0.55;
  agreements.sms = rand() < 0.3;
  agreements.push = rand() < 0.4;
  const loyaltyPoints = Math.floor(rand() * 5000);
  const hasCompany = rand() < 0.2;
  const birthYear = 1960 + Math.floor(rand() * 45);
  const profile: ProfileRecord = {
    clientId: SEED_FIRST_CLIENT_ID + index,
    email: asTyped(person),
    phone: person.phone,
    customId: person.customId,
    uuid: uuidFrom(rand),
    firstName: person.firstName,
    lastName: person.lastName,
    displayName: null,
    company: hasCompany ? pick(rand, COMPANIES) : null,
    address: `${1 + Math.floor(rand() * 200)} ${pick(rand, STREETS)}`,
    city: person.city,
    province: null,
    zipCode: String(10_000 + Math.floor(rand() * 89_999)),
    countryCode: person.country,
    birthDate: `${birthYear}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
    sex: pick(rand, SEXES),
    avatarUrl: null,
    agreements,
    attributes: { loyaltyPoints, preferredStore: `STORE-${String(1 + Math.floor(rand() * 25)).padStart(3, '0')}` },
    tags: loyaltyPoints >= 4000 ? ['vip'] : [],
    previousClients: [],
    created,
    updated: created + Math.floor(rand() * 30) * 86_400_000,
    lastActivity: null,
  };
  store.insertProfile(profile);
  return profile;
}

const ACTIONS: readonly { action: string; label: string; weight: number }[] = [
  { action: 'page.visit', label: 'Page visit', weight: 40 },
  { action: 'product.view', label: 'Product view', weight: 25 },
  { action: 'product.addToCart', label: 'Added to cart', weight: 12 },
  { action: 'client.login', label: 'Logged in', weight: 10 },
  { action: 'newsletter.signup', label: 'Newsletter signup', weight: 7 },
  { action: 'transaction.charge', label: 'Transaction', weight: 6 },
];
const WEIGHT_SUM = ACTIONS.reduce((a, b) => a + b.weight, 0);

function pickAction(rand: () => number): { action: string; label: string } {
  let r = rand() * WEIGHT_SUM;
  for (const a of ACTIONS) {
    r -= a.weight;
    if (r < 0) return a;
  }
  return ACTIONS[0] ?? { action: 'page.visit', label: 'Page visit' };
}

function eventParams(action: string, rand: () => number): Record<string, unknown> {
  const n = 1 + Math.floor(rand() * PRODUCT_COUNT);
  const product = productValue(n);
  switch (action) {
    case 'page.visit':
      return { url: `https://shop.example.com${pick(rand, PAGES)}`, title: 'Example Shop' };
    case 'product.view':
      return { productId: product.sku, name: product.name, category: product.category, source: 'WEB_DESKTOP' };
    case 'product.addToCart':
      return {
        sku: product.sku,
        name: product.name,
        category: product.category,
        quantity: 1 + Math.floor(rand() * 3),
        finalUnitPrice: { amount: product.price, currency: 'EUR' },
        source: 'WEB_DESKTOP',
      };
    case 'transaction.charge':
      return { orderId: uuidFrom(rand), totalAmount: Math.round(rand() * 50_000) / 100, currency: 'EUR', source: 'WEB_DESKTOP' };
    case 'client.login':
      return { source: pick(rand, ['WEB_DESKTOP', 'MOBILE_APP'] as const) };
    default:
      return { source: 'WEB_DESKTOP', listId: 'weekly' };
  }
}

function seedEvents(store: SyneriseStore, profile: ProfileRecord, index: number): void {
  const rand = mulberry32(77_001 + index);
  const heavy = (HEAVY_EVENT_PEOPLE as readonly number[]).includes(index);
  const count = index === 1 ? 250 : heavy ? 120 + (index % 7) * 10 : Math.floor(rand() * 6);
  const from = Math.max(profile.created, Date.UTC(2023, 0, 1));
  const span = Math.max(SEED_END - from, 86_400_000);
  for (let k = 0; k < count; k++) {
    const { action, label } = pickAction(rand);
    const time = from + Math.floor(rand() * span);
    const event: EventRecord = {
      eventUUID: uuidFrom(rand),
      unique: 1_000_000_000 + Math.floor(rand() * 1_000_000_000),
      action,
      label,
      time,
      clientId: profile.clientId,
      params: eventParams(action, rand),
      eventSalt: null,
      originalTime: new Date(time).toISOString(),
    };
    store.addEvent(event);
  }
}

function seedSegmentations(store: SyneriseStore): void {
  const profiles = [...store.profiles.values()];
  const has = (p: ProfileRecord, action: string): boolean => store.eventsOf(p.clientId).some((e) => e.action === action);
  const defs: { uuid: string; name: string; description: string; test: (p: ProfileRecord) => boolean }[] = [
    {
      uuid: SEGMENTATION_IDS.newsletter,
      name: 'Newsletter subscribers',
      description: 'Profiles with the email marketing agreement',
      test: (p) => p.agreements.email,
    },
    {
      uuid: SEGMENTATION_IDS.vip,
      name: 'VIP customers',
      description: 'loyaltyPoints >= 4000',
      test: (p) => Number(p.attributes.loyaltyPoints) >= 4000,
    },
    {
      uuid: SEGMENTATION_IDS.cartAbandoners,
      name: 'Cart abandoners',
      description: 'Added to cart but never paid',
      test: (p) => has(p, 'product.addToCart') && !has(p, 'transaction.charge'),
    },
    {
      uuid: SEGMENTATION_IDS.active2025,
      name: 'Active since July 2025',
      description: 'Any event since 2025-07-01',
      test: (p) => (p.lastActivity ?? 0) >= Y2025_07,
    },
    { uuid: SEGMENTATION_IDS.winback, name: 'Winback 2026 (draft)', description: 'Not computed yet; no members', test: () => false },
  ];
  defs.forEach((d, i) => {
    const created = Date.UTC(2024, i, 10, 9, 30);
    store.segmentations.set(d.uuid, {
      uuid: d.uuid,
      name: d.name,
      description: d.description,
      created,
      modified: created + 86_400_000 * (i + 1),
      members: new Set(profiles.filter(d.test).map((p) => p.clientId)),
    });
  });
}

function seedCatalogs(store: SyneriseStore): void {
  store.nextItemId = 50_001;
  const t0 = Date.UTC(2024, 2, 1, 8);
  store.addCatalog({ id: CATALOG_IDS.products, name: 'products', author: 'Anna Nowak', creationDate: t0, lastModified: t0 + 86_400_000 });
  store.addCatalog({
    id: CATALOG_IDS.stores,
    name: 'stores',
    author: 'Jan Kowalski',
    creationDate: t0 + 3_600_000,
    lastModified: t0 + 3_600_000,
  });
  store.addCatalog({
    id: CATALOG_IDS.loyaltyTiers,
    name: 'loyalty-tiers',
    author: 'Anna Nowak',
    creationDate: t0 + 7_200_000,
    lastModified: t0 + 7_200_000,
  });
  for (let n = 1; n <= PRODUCT_COUNT; n++) store.upsertItem(CATALOG_IDS.products, productSku(n), productValue(n), t0 + n * 60_000);
  const rand = mulberry32(4242);
  for (let n = 1; n <= 25; n++) {
    const key = `STORE-${String(n).padStart(3, '0')}`;
    store.upsertItem(
      CATALOG_IDS.stores,
      key,
      {
        storeId: key,
        name: `Example Shop #${n}`,
        city: pick(rand, ['Warsaw', 'Krakow', 'Berlin', 'Paris', 'Madrid']),
        openingHours: '09:00-21:00',
      },
      t0 + n * 60_000,
    );
  }
  const tiers: [string, number, string[]][] = [
    ['BRONZE', 0, ['birthday voucher']],
    ['SILVER', 1000, ['birthday voucher', 'free shipping']],
    ['GOLD', 2500, ['birthday voucher', 'free shipping', 'early access']],
    ['PLATINUM', 4000, ['birthday voucher', 'free shipping', 'early access', 'personal stylist']],
  ];
  for (const [key, minPoints, perks] of tiers) store.upsertItem(CATALOG_IDS.loyaltyTiers, key, { tier: key, minPoints, perks }, t0);
  // Seeding bumps lastModified; put the seeded values back so they stay deterministic.
  for (const c of store.catalogs.values()) c.lastModified = c.creationDate + 86_400_000;
}

export function seedStore(profileCount?: number): SyneriseStore {
  const store = new SyneriseStore();
  const { start, end } = HOLDINGS.synerise;
  const last = profileCount === undefined ? end : Math.min(end, start + profileCount);
  for (const person of people(last).slice(start)) {
    const profile = seedProfile(store, person);
    seedEvents(store, profile, person.index);
  }
  seedSegmentations(store);
  seedCatalogs(store);
  return store;
}
