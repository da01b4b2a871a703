// The population every sandbox seeds from. Person `i` is the same human in every sandbox that
// holds index `i`, so cross-vendor joins (by normalised email, then by customId) have real matches.
// Which sandbox holds which indices is fixed in `HOLDINGS` so tests can pick people known to several.
import { base, en, Faker } from '@faker-js/faker';

export interface Person {
  index: number;
  /** Canonical, normalised email (lower case, trimmed). Sandboxes may store it with other casing. */
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  /** The organisation-wide customer number; only some people have one. */
  customId: string | null;
  city: string;
  country: string;
  /** Seconds since epoch; spread over 2023–2025. */
  createdAt: number;
}

/** Index ranges each sandbox seeds (inclusive start, exclusive end). */
export const HOLDINGS = {
  pimcore: { start: 0, end: 1_200 },
  synerise: { start: 0, end: 600 },
  mautic: { start: 0, end: 400 },
  bloomreach: { start: 0, end: 50_000 },
} as const;

const BASE_TIME = Date.UTC(2023, 0, 1) / 1000;
const SPAN = 3 * 365 * 24 * 3600;

const cache: Person[] = [];

/** Deterministic: the same `count` always yields the same people, whatever was asked before. */
export function people(count: number): readonly Person[] {
  if (cache.length >= count) return cache.slice(0, count);
  const faker = new Faker({ locale: [en, base] });
  // Generating from one seeded stream keeps 50,000 people fast (about a second); reseeding per
  // chunk keeps a person's data independent of how many were asked for.
  for (let chunkStart = Math.floor(cache.length / 1000) * 1000; chunkStart < count; chunkStart += 1000) {
    faker.seed(7_919 + chunkStart);
    for (let i = chunkStart; i < chunkStart + 1000; i++) {
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      const person: Person = {
        index: i,
        email: `${firstName}.${lastName}.${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
        firstName,
        lastName,
        phone: faker.phone.number({ style: 'international' }),
        customId: i % 3 === 0 ? `CUST-${String(i).padStart(6, '0')}` : null,
        city: faker.location.city(),
        country: faker.location.countryCode(),
        createdAt: BASE_TIME + Math.floor(faker.number.float({ min: 0, max: 1 }) * SPAN),
      };
      if (i >= cache.length) cache.push(person);
    }
  }
  return cache.slice(0, count);
}

/** Small deterministic PRNG for sandbox seed choices that do not need faker's vocabulary. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Some sandboxes store emails as people typed them; the gateway must normalise before joining. */
export function asTyped(person: Person): string {
  if (person.index % 7 !== 0) return person.email;
  return person.email.replace(/^./, (c) => c.toUpperCase()).replace(/@.*$/, (domain) => domain.toUpperCase());
}
