// Site-specific custom objects. `loyalty_profile` is keyed by the person's normalised email
// (keys are case-sensitive strings in SFCC), while `c_email` keeps the address as the person typed
// it. RefArch holds people 0..199 and RefArchGlobal people 100..249 (both inside HOLDINGS.mautic,
// so 100..199 have a profile on two sites); `store_config` uses integer keys per site.
import { asTyped, mulberry32, people } from '../people.js';
import { LOYALTY_TIERS, STORE_SERVICES } from './object-types.js';

export interface CustomObjectRecord {
  objectType: string;
  key: string;
  attributes: Record<string, unknown>;
}

export const LOYALTY_RANGES: Readonly<Record<string, { start: number; end: number }>> = {
  RefArch: { start: 0, end: 200 },
  RefArchGlobal: { start: 100, end: 250 },
};

export const STORE_RANGES: Readonly<Record<string, { first: number; count: number }>> = {
  RefArch: { first: 1001, count: 40 },
  SiteGenesis: { first: 2001, count: 25 },
  RefArchGlobal: { first: 3001, count: 30 },
};

const CITIES = [
  ['Boston', 'US', 'America/New_York', 42.36, -71.06],
  ['Seattle', 'US', 'America/Los_Angeles', 47.61, -122.33],
  ['London', 'GB', 'Europe/London', 51.51, -0.13],
  ['Paris', 'FR', 'Europe/Paris', 48.86, 2.35],
  ['Berlin', 'DE', 'Europe/Berlin', 52.52, 13.4],
  ['Amsterdam', 'NL', 'Europe/Amsterdam', 52.37, 4.9],
  ['Milan', 'IT', 'Europe/Rome', 45.46, 9.19],
  ['Tokyo', 'JP', 'Asia/Tokyo', 35.68, 139.69],
] as const;

export function seedCustomObjects(siteId: string): CustomObjectRecord[] {
  const rand = mulberry32(0x5fcc + siteId.length * 101);
  const out: CustomObjectRecord[] = [];
  const loyalty = LOYALTY_RANGES[siteId];
  const stores = STORE_RANGES[siteId];
  if (loyalty) {
    for (const person of people(loyalty.end).slice(loyalty.start)) {
      const attributes: Record<string, unknown> = {
        c_email: asTyped(person),
        c_firstName: person.firstName,
        c_lastName: person.lastName,
        c_tier: LOYALTY_TIERS[Math.floor(rand() * LOYALTY_TIERS.length)],
        c_points: Math.floor(rand() * 20_000),
        c_lifetimeValue: Math.round(rand() * 500_000) / 100,
        c_optIn: rand() < 0.6,
        c_enrolledDate: new Date(person.createdAt * 1000).toISOString(),
      };
      if (person.customId) attributes.c_customerNo = person.customId;
      if (stores && rand() < 0.5) attributes.c_preferredStore = stores.first + Math.floor(rand() * stores.count);
      out.push({ objectType: 'loyalty_profile', key: person.email, attributes });
    }
  }
  if (stores) {
    for (let k = 0; k < stores.count; k++) {
      const [city, country, timezone, lat, lon] = CITIES[Math.floor(rand() * CITIES.length)] ?? CITIES[0];
      out.push({
        objectType: 'store_config',
        key: String(stores.first + k),
        attributes: {
          c_name: `${city} ${['Central', 'Mall', 'Outlet', 'Station'][k % 4]}`,
          c_city: city,
          c_countryCode: country,
          c_timezone: timezone,
          c_active: rand() < 0.9,
          c_capacity: 20 + Math.floor(rand() * 200),
          c_latitude: Math.round((lat + (rand() - 0.5) / 10) * 10_000) / 10_000,
          c_longitude: Math.round((lon + (rand() - 0.5) / 10) * 10_000) / 10_000,
          c_openingHours: 'Mo-Sa 09:00-20:00',
          c_services: STORE_SERVICES.filter(() => rand() < 0.5),
          c_lastAudit: new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 300) * 86_400_000).toISOString(),
        },
      });
    }
  }
  return out;
}
