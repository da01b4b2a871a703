// The Bloomreach project's customers and segmentations. The export is read-only, so the seed is
// built once per process and shared by every sandbox instance (50,000 customers cost about a second
// of faker time in people(); rebuilding them per instance would make every test file pay it again).
import { asTyped, HOLDINGS, mulberry32, type Person, people } from '../people.js';

/** Identifier names configured in the sandbox project (Bloomreach calls them hard/soft IDs). */
export const ID_NAMES = ['registered', 'cookie'] as const;
export type IdName = (typeof ID_NAMES)[number];

/** Customer properties every seeded customer has, in the order the default export lists them. */
export const PROPERTY_NAMES = ['email', 'first_name', 'last_name', 'phone', 'city', 'country', 'created_ts'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

export type CellValue = string | number | null;

export interface BloomreachCustomer {
  /** Index into people(): the same human as index `i` in the other sandboxes. */
  index: number;
  ids: {
    /** The hard ID. Only people with an organisation customer number have one. */
    registered: string | null;
    /** A soft ID, as a web SDK would have created it. */
    cookie: string;
  };
  properties: Record<PropertyName, string | number>;
}

export interface Segmentation {
  /** 24-hex id, the shape Bloomreach uses for its object ids. */
  id: string;
  name: string;
  /** Segment names; a customer's `segment_index` points into this list (-1: no segment). */
  segments: readonly string[];
}

interface SegmentationRule extends Segmentation {
  assign(customer: BloomreachCustomer): number;
}

/** Deterministic per customer, independent of how many customers were seeded. */
function draw(index: number, salt: number): number {
  return mulberry32((index * 2_654_435_761) ^ salt)();
}

function cookieFor(index: number): string {
  const next = mulberry32(0xb100_0000 ^ index);
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length)
      out += Math.floor(next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  };
  // Shaped like a v4 uuid, which is what the Bloomreach web SDK stores as the cookie soft ID.
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)] ?? '8'}${hex(3)}-${hex(12)}`;
}

function toCustomer(person: Person): BloomreachCustomer {
  return {
    index: person.index,
    ids: { registered: person.customId, cookie: cookieFor(person.index) },
    properties: {
      email: asTyped(person),
      first_name: person.firstName,
      last_name: person.lastName,
      phone: person.phone,
      city: person.city,
      country: person.country,
      created_ts: person.createdAt,
    },
  };
}

const YEAR_2024 = Date.UTC(2024, 0, 1) / 1000;
const YEAR_2025 = Date.UTC(2025, 0, 1) / 1000;

const RULES: readonly SegmentationRule[] = [
  {
    id: '65f0c0de0000000000000001',
    name: 'Signup cohort',
    segments: ['Joined 2023', 'Joined 2024'],
    assign: (c) => {
      const created = Number(c.properties.created_ts);
      if (created < YEAR_2024) return 0;
      if (created < YEAR_2025) return 1;
      return -1;
    },
  },
  {
    id: '65f0c0de0000000000000002',
    name: 'Email engagement',
    segments: ['Highly engaged', 'Occasional', 'Dormant'],
    assign: (c) => {
      const roll = Math.floor(draw(c.index, 0x2e2e) * 10);
      if (roll < 2) return 0;
      if (roll < 5) return 1;
      if (roll < 8) return 2;
      return -1;
    },
  },
  {
    id: '65f0c0de0000000000000003',
    name: 'Loyalty tier',
    segments: ['Gold', 'Silver', 'Bronze'],
    // Only registered customers are enrolled in the loyalty programme.
    assign: (c) => {
      if (c.ids.registered === null) return -1;
      const roll = draw(c.index, 0x10ad);
      if (roll < 0.1) return 0;
      if (roll < 0.35) return 1;
      return 2;
    },
  },
];

export interface ProjectSeed {
  customers: readonly BloomreachCustomer[];
  segmentations: readonly Segmentation[];
  /** segmentation id → segment index of each customer (same order as `customers`). */
  assignments: ReadonlyMap<string, Int8Array>;
}

const SEGMENTATIONS: readonly Segmentation[] = Object.freeze(
  RULES.map(({ id, name, segments }) => Object.freeze({ id, name, segments: Object.freeze([...segments]) })),
);

// Grows on demand: a sandbox seeded with 1,000 customers does not pay for 50,000.
const built: BloomreachCustomer[] = [];
const builtAssignments = new Map<string, Int8Array>(RULES.map((rule) => [rule.id, new Int8Array(0)]));

function ensureBuilt(count: number): void {
  if (built.length >= count) return;
  const { start } = HOLDINGS.bloomreach;
  const from = built.length;
  for (const person of people(start + count).slice(start + from)) built.push(toCustomer(person));
  for (const rule of RULES) {
    const column = new Int8Array(count);
    column.set(builtAssignments.get(rule.id) ?? new Int8Array(0));
    for (let i = from; i < count; i++) {
      const customer = built[i];
      if (customer) column[i] = rule.assign(customer);
    }
    builtAssignments.set(rule.id, column);
  }
}

/** Seeded customer count when no size is given: everyone in the bloomreach holding. */
export const DEFAULT_CUSTOMER_COUNT = HOLDINGS.bloomreach.end - HOLDINGS.bloomreach.start;

/** The project's data: the first `count` customers of the bloomreach holding (capped at it). */
export function projectSeed(count: number = DEFAULT_CUSTOMER_COUNT): ProjectSeed {
  const n = Math.min(DEFAULT_CUSTOMER_COUNT, Math.max(0, Math.floor(count)));
  ensureBuilt(n);
  const assignments = new Map<string, Int8Array>();
  for (const [id, column] of builtAssignments) assignments.set(id, column.subarray(0, n));
  return { customers: built.slice(0, n), segmentations: SEGMENTATIONS, assignments };
}
