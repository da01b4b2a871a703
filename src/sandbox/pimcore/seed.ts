// Deterministic seed data for the Pimcore CMF sandbox: one customer per person in
// HOLDINGS.pimcore, an uneven activity history, three segment groups and a deletions backlog.
// Everything derives from `people()` and fixed-seed PRNGs, so every construction is identical.
import { createHash } from 'node:crypto';
import { asTyped, HOLDINGS, mulberry32, type Person, people } from '../people.js';
import {
  type ActivityRecord,
  type CustomerRecord,
  type DeletionRecord,
  GENERIC_ACTIVITY_CLASS,
  type SegmentGroupRecord,
  type SegmentRecord,
} from './types.js';

/** Ids worth knowing in tests and demos. */
export const PIMCORE_SEED_IDS = {
  /** Customer id = person index + 1 (Pimcore object ids start at 1). */
  customerIdOfPerson: (index: number): number => index + 1,
  firstCustomerId: 1,
  lastCustomerId: HOLDINGS.pimcore.end - HOLDINGS.pimcore.start,
  /** Customers that existed once; they only appear in the deletions feed. */
  deletedCustomerIds: { first: 1_201, last: 1_224 },
  segmentGroups: { lifecycle: 2_001, interests: 2_002, loyalty: 2_003 },
  segments: {
    lifecycleNew: 2_101,
    lifecycleActive: 2_102,
    lifecycleLapsed: 2_103,
    lifecycleVip: 2_104,
    interestRunning: 2_105,
    interestCycling: 2_106,
    interestOutdoor: 2_107,
    interestFashion: 2_108,
    interestElectronics: 2_109,
    loyaltyBronze: 2_110,
    loyaltySilver: 2_111,
    loyaltyGold: 2_112,
    loyaltyPlatinum: 2_113,
  },
  /**
   * Customers, segments and segment groups are all Pimcore data objects and share one id
   * sequence; objects created through the API continue from here.
   */
  firstNewObjectId: 3_001,
} as const;

/** Seeded history ends here; anything written through the API happens later (real clock). */
export const SEED_END = Date.UTC(2026, 5, 30) / 1000;
const LAPSED_BEFORE = Date.UTC(2025, 5, 1) / 1000;
const GROUPS_CREATED = Date.UTC(2022, 11, 1) / 1000;

export interface PimcoreSeed {
  customers: CustomerRecord[];
  activities: ActivityRecord[];
  segmentGroups: SegmentGroupRecord[];
  segments: SegmentRecord[];
  deletions: DeletionRecord[];
  nextObjectId: number;
  nextActivityId: number;
}

/** md5 over the same parts the CMF activity store hashes (it uses PHP serialize; JSON here). */
export function activityMd5(
  a: Pick<ActivityRecord, 'customerId' | 'type' | 'implementationClass' | 'o_id' | 'a_id' | 'activityDate' | 'attributes'>,
): string {
  const parts = [a.customerId, a.type, a.implementationClass, a.o_id, a.a_id, a.activityDate, a.attributes];
  return createHash('md5').update(JSON.stringify(parts)).digest('hex');
}

const STREETS = [
  'Main Street',
  'Oak Avenue',
  'Maple Road',
  'Station Road',
  'Park Lane',
  'High Street',
  'Church Street',
  'Mill Lane',
  'River Road',
  'Elm Street',
];
const PAGES = [
  '/',
  '/sale',
  '/products/running-shoes',
  '/products/rain-jacket',
  '/products/road-bike',
  '/products/headphones',
  '/blog/trail-tips',
  '/account',
  '/cart',
];
const SEGMENT_TABLE: { id: number; group: number; name: string; reference: string }[] = [
  { id: 2_101, group: 2_001, name: 'New', reference: 'new' },
  { id: 2_102, group: 2_001, name: 'Active', reference: 'active' },
  { id: 2_103, group: 2_001, name: 'Lapsed', reference: 'lapsed' },
  { id: 2_104, group: 2_001, name: 'VIP', reference: 'vip' },
  { id: 2_105, group: 2_002, name: 'Running', reference: 'running' },
  { id: 2_106, group: 2_002, name: 'Cycling', reference: 'cycling' },
  { id: 2_107, group: 2_002, name: 'Outdoor', reference: 'outdoor' },
  { id: 2_108, group: 2_002, name: 'Fashion', reference: 'fashion' },
  { id: 2_109, group: 2_002, name: 'Electronics', reference: 'electronics' },
  { id: 2_110, group: 2_003, name: 'Bronze', reference: 'bronze' },
  { id: 2_111, group: 2_003, name: 'Silver', reference: 'silver' },
  { id: 2_112, group: 2_003, name: 'Gold', reference: 'gold' },
  { id: 2_113, group: 2_003, name: 'Platinum', reference: 'platinum' },
];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function pickType(r: number): string {
  if (r < 0.5) return 'page_view';
  if (r < 0.75) return 'login';
  if (r < 0.93) return 'order';
  return 'newsletter_signup';
}

function attributesFor(type: string, id: number, rng: () => number): { attributes: Record<string, unknown>; a_id: string | null } {
  switch (type) {
    case 'order': {
      const orderId = `ORD-${String(100_000 + id)}`;
      const total = Math.round((5 + rng() * 400) * 100) / 100;
      return { attributes: { orderId, total, currency: 'EUR', items: 1 + Math.floor(rng() * 5) }, a_id: orderId };
    }
    case 'page_view':
      return { attributes: { url: pick(rng, PAGES), durationSeconds: 3 + Math.floor(rng() * 300) }, a_id: null };
    case 'login':
      return { attributes: { channel: rng() < 0.6 ? 'web' : 'app' }, a_id: null };
    default:
      return { attributes: { list: rng() < 0.7 ? 'weekly' : 'offers', source: rng() < 0.5 ? 'footer' : 'checkout' }, a_id: null };
  }
}

/**
 * One customer's own fields as the seed draws them from `rng` (segments left for the caller): also
 * what bench/pimcore-index-memory.ts measures the index with, for any number of people.
 */
export function seedCustomer(person: Person, id: number, rng: () => number): CustomerRecord {
  const g = rng();
  return {
    id,
    email: asTyped(person),
    firstname: person.firstName,
    lastname: person.lastName,
    phone: person.phone,
    gender: g < 0.46 ? 'female' : g < 0.92 ? 'male' : 'unknown',
    street: `${1 + Math.floor(rng() * 240)} ${pick(rng, STREETS)}`,
    zip: String(10_000 + Math.floor(rng() * 89_999)),
    city: person.city,
    countryCode: person.country,
    customerNumber: person.customId,
    active: rng() >= 0.05,
    published: true,
    creationDate: person.createdAt,
    modificationDate: person.createdAt + Math.floor(rng() * (SEED_END - person.createdAt)),
    segments: [],
  };
}

export function buildSeed(): PimcoreSeed {
  const { start, end } = HOLDINGS.pimcore;
  const population = people(end).slice(start);
  const rng = mulberry32(0x9143_c0de);

  const segmentGroups: SegmentGroupRecord[] = [
    {
      id: 2_001,
      name: 'Lifecycle',
      reference: 'lifecycle',
      calculated: true,
      showAsFilter: true,
      exportNewsletterProvider: false,
      creationDate: GROUPS_CREATED,
      modificationDate: GROUPS_CREATED,
    },
    {
      id: 2_002,
      name: 'Interests',
      reference: 'interests',
      calculated: false,
      showAsFilter: true,
      exportNewsletterProvider: true,
      creationDate: GROUPS_CREATED,
      modificationDate: GROUPS_CREATED,
    },
    {
      id: 2_003,
      name: 'Loyalty Tier',
      reference: 'loyalty',
      calculated: true,
      showAsFilter: true,
      exportNewsletterProvider: true,
      creationDate: GROUPS_CREATED,
      modificationDate: GROUPS_CREATED,
    },
  ];
  const segments: SegmentRecord[] = SEGMENT_TABLE.map((s) => {
    const group = segmentGroups.find((g) => g.id === s.group);
    return {
      id: s.id,
      name: s.name,
      reference: s.reference,
      group: s.group,
      calculated: group?.calculated ?? false,
      useAsTargetGroup: s.group === 2_002,
      targetGroup: null,
      creationDate: GROUPS_CREATED,
      modificationDate: GROUPS_CREATED,
    };
  });

  const customers: CustomerRecord[] = [];
  const activities: ActivityRecord[] = [];
  const deletions: DeletionRecord[] = [];
  let activityId = 1;

  for (const person of population) {
    const id = PIMCORE_SEED_IDS.customerIdOfPerson(person.index);
    const customer = seedCustomer(person, id, rng);

    // Skewed on purpose: about a sixth of the customers have no activity at all, another sixth 30+.
    const count = Math.floor(rng() ** 2.2 * 46);
    let orders = 0;
    let lastActivity = 0;
    for (let n = 0; n < count; n++) {
      // About 1% of the id sequence was deleted before the snapshot: gaps plus tombstones.
      if (rng() < 0.01) {
        const deletedAt = person.createdAt + Math.floor(rng() * (SEED_END - person.createdAt));
        deletions.push({ id: activityId, creationDate: deletedAt, entityType: 'activities', type: pickType(rng()) });
        activityId++;
      }
      const type = pickType(rng());
      const activityDate = person.createdAt + Math.floor(rng() * (SEED_END - person.createdAt));
      const creationDate = Math.min(SEED_END, activityDate + Math.floor(rng() * 3_600));
      const modificationDate = rng() < 0.1 ? Math.min(SEED_END, creationDate + Math.floor(rng() * 90 * 86_400)) : creationDate;
      const { attributes, a_id } = attributesFor(type, activityId, rng);
      const base = { customerId: id, type, implementationClass: GENERIC_ACTIVITY_CLASS, o_id: null, a_id, activityDate, attributes };
      activities.push({ id: activityId, ...base, md5: activityMd5(base), creationDate, modificationDate });
      activityId++;
      if (type === 'order') orders++;
      lastActivity = Math.max(lastActivity, activityDate);
    }

    const segs: number[] = [];
    if (count === 0) segs.push(PIMCORE_SEED_IDS.segments.lifecycleNew);
    else if (count >= 30) segs.push(PIMCORE_SEED_IDS.segments.lifecycleVip);
    else if (lastActivity < LAPSED_BEFORE) segs.push(PIMCORE_SEED_IDS.segments.lifecycleLapsed);
    else segs.push(PIMCORE_SEED_IDS.segments.lifecycleActive);
    for (let interest = 2_105; interest <= 2_109; interest++) if (rng() < 0.2) segs.push(interest);
    if (orders >= 10) segs.push(PIMCORE_SEED_IDS.segments.loyaltyPlatinum);
    else if (orders >= 6) segs.push(PIMCORE_SEED_IDS.segments.loyaltyGold);
    else if (orders >= 3) segs.push(PIMCORE_SEED_IDS.segments.loyaltySilver);
    else if (orders >= 1) segs.push(PIMCORE_SEED_IDS.segments.loyaltyBronze);
    customer.segments = segs.sort((a, b) => a - b);
    customers.push(customer);
  }

  const { first, last } = PIMCORE_SEED_IDS.deletedCustomerIds;
  const since = Date.UTC(2024, 0, 1) / 1000;
  for (let id = first; id <= last; id++) {
    deletions.push({ id, creationDate: since + Math.floor(rng() * (SEED_END - since)), entityType: 'customers', type: null });
  }

  return {
    customers,
    activities,
    segmentGroups,
    segments,
    deletions,
    nextObjectId: PIMCORE_SEED_IDS.firstNewObjectId,
    nextActivityId: activityId,
  };
}
