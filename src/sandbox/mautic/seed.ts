// Deterministic seed: one contact per person in HOLDINGS.mautic (ids 1..400 = person index + 1),
// emails as people typed them, and Custom Object items linked to many contacts. A few contacts
// hold more than 50 items of one object so the plugin's fixed 50-item window truncates.
import { asTyped, HOLDINGS, mulberry32, people } from '../people.js';
import { CATEGORY_OPTIONS, COLOR_OPTIONS, CUSTOM_OBJECTS, ORDER_STATUS_OPTIONS } from './custom-objects.js';
import { CONTACT_FIELDS } from './fields.js';
import type { ContactRecord, CustomItemRecord, FieldValue } from './types.js';

/** Person indexes with 51..80 `products` items (contact id = index + 1). */
export const HEAVY_PRODUCTS_INDEXES: readonly number[] = range(HOLDINGS.mautic.start, HOLDINGS.mautic.end).filter((i) => i % 37 === 5);
/** Person indexes with 55..70 `orders` items (contact id = index + 1). */
export const HEAVY_ORDERS_INDEXES: readonly number[] = range(HOLDINGS.mautic.start, HOLDINGS.mautic.end).filter((i) => i % 53 === 7);

export interface MauticSeed {
  contacts: ContactRecord[];
  items: CustomItemRecord[];
  /** contact id → linked item ids */
  links: Map<number, number[]>;
}

const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Vandelay Industries'];
const POSITIONS = ['Buyer', 'Marketing Manager', 'CTO', 'Student', 'Designer', 'Engineer', 'Founder'];
const TAGS = ['newsletter', 'vip', 'b2b', 'webinar', 'churn-risk'];
const ADJECTIVES = ['Classic', 'Ultra', 'Eco', 'Smart', 'Vintage', 'Compact', 'Deluxe', 'Rugged', 'Silk', 'Urban'];
const NOUNS = ['Backpack', 'Headphones', 'Sneaker', 'Lamp', 'Novel', 'Kettle', 'Jacket', 'Drone', 'Yoga Mat', 'Serum'];
const SEED_END = Date.UTC(2025, 11, 31);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, k) => start + k);
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export function seedMautic(): MauticSeed {
  const rand = mulberry32(0x6d617574); // "maut"
  const population = people(HOLDINGS.mautic.end).slice(HOLDINGS.mautic.start);
  const contacts: ContactRecord[] = [];
  for (const person of population) {
    const added = person.createdAt * 1000;
    const fields: Record<string, FieldValue> = Object.fromEntries(CONTACT_FIELDS.map((d) => [d.alias, null]));
    fields.firstname = person.firstName;
    fields.lastname = person.lastName;
    fields.email = asTyped(person);
    fields.phone = person.phone;
    fields.city = person.city;
    fields.country = regionNames.of(person.country) ?? person.country;
    fields.customer_id = person.customId;
    if (rand() < 0.4) fields.company = pick(rand, COMPANIES);
    if (rand() < 0.3) fields.position = pick(rand, POSITIONS);
    if (rand() < 0.5) fields.preferred_locale = pick(rand, ['en_US', 'en_GB', 'de_DE', 'fr_FR', 'es_ES']);
    const modified = Math.min(SEED_END, added + Math.floor(rand() * 90 * 86_400_000));
    const lastActive = rand() < 0.85 ? Math.min(SEED_END, modified + Math.floor(rand() * 120 * 86_400_000)) : null;
    contacts.push({
      id: person.index + 1,
      fields,
      points: Math.floor(rand() * 500),
      tags: TAGS.filter(() => rand() < 0.2),
      dateAdded: added,
      dateModified: modified,
      dateIdentified: added,
      lastActive,
    });
  }

  const items: CustomItemRecord[] = [];
  const links = new Map<number, number[]>();
  let nextItemId = 1;
  const link = (contactId: number, itemId: number) => {
    const list = links.get(contactId) ?? [];
    list.push(itemId);
    links.set(contactId, list);
  };
  const [products, orders] = CUSTOM_OBJECTS;
  if (!products || !orders) throw new Error('custom object definitions missing');
  // Products first, so low item ids (the doc's example updates item 23) are products.
  for (const contact of contacts) {
    const index = contact.id - 1;
    const count = HEAVY_PRODUCTS_INDEXES.includes(index) ? 51 + Math.floor(rand() * 30) : Math.floor(rand() * 7);
    for (let k = 0; k < count; k++) {
      const added = contact.dateAdded + Math.floor(rand() * Math.max(1, SEED_END - contact.dateAdded));
      const id = nextItemId++;
      items.push({
        id,
        objectId: products.id,
        name: `${pick(rand, ADJECTIVES)} ${pick(rand, NOUNS)}`,
        language: null,
        isPublished: true,
        dateAdded: added,
        dateModified: added,
        createdBy: 1,
        modifiedBy: 1,
        attributes: {
          sku: `SKU-${String(100_000 + id)}`,
          price: 5 + Math.floor(rand() * 495),
          category: pick(rand, CATEGORY_OPTIONS),
          website: null,
          'in-stock': Math.floor(rand() * 200),
          multi: COLOR_OPTIONS.filter(() => rand() < 0.25),
          color: rand() < 0.5 ? pick(rand, COLOR_OPTIONS) : null,
        },
      });
      link(contact.id, id);
    }
  }
  for (const contact of contacts) {
    const index = contact.id - 1;
    const count = HEAVY_ORDERS_INDEXES.includes(index) ? 55 + Math.floor(rand() * 16) : Math.floor(rand() * 5);
    for (let k = 0; k < count; k++) {
      const added = contact.dateAdded + Math.floor(rand() * Math.max(1, SEED_END - contact.dateAdded));
      const id = nextItemId++;
      items.push({
        id,
        objectId: orders.id,
        name: `Order ${String(500_000 + id)}`,
        language: null,
        isPublished: true,
        dateAdded: added,
        dateModified: added,
        createdBy: 1,
        modifiedBy: 1,
        attributes: {
          order_number: `ORD-${String(500_000 + id)}`,
          total: 10 + Math.floor(rand() * 990),
          status: pick(rand, ORDER_STATUS_OPTIONS),
          placed_at: new Date(added).toISOString().slice(0, 10),
        },
      });
      link(contact.id, id);
    }
  }
  return { contacts, items, links };
}
