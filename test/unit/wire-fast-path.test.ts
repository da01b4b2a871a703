// The vendors' list and single envelopes are parsed on every page a client reads. A `.transform` (or
// a pipe) anywhere in a zod schema takes the whole parse off zod's compiled path (a 50-customer
// Pimcore page: 240 µs with per-field transforms, 51 µs without; bench/RESULTS.md), so these schemas
// only validate and the mappers normalise. This guards that: it walks each schema's definition.
// (A `.refine`, as on Synerise's activity, is a check, not a pipe: it keeps the fast path.)
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRecord, recordCheckOf } from '../../src/vendors/checked-record.js';
import * as mautic from '../../src/vendors/mautic/wire.js';
import { listEnvelope, singleEnvelope, WireActivity, WireCustomer, WireSegment, WireSegmentGroup } from '../../src/vendors/pimcore/wire.js';
import * as sfcc from '../../src/vendors/sfcc/wire.js';
import * as synerise from '../../src/vendors/synerise/wire.js';

interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (value: unknown): Def | undefined => (value as { _zod?: { def?: Def } } | null)?._zod?.def;

/**
 * Every schema type reachable from `schema`'s definition (shapes, elements, options, inner types,
 * the object a checkedRecord validates with); `coerce` where a schema coerces, and `checked:<type>`
 * for each type inside a checkedRecord.
 */
function typesIn(schema: z.ZodType, seen = new Set<unknown>(), prefix = ''): Set<string> {
  const types = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const check = recordCheckOf(value);
    if (check) for (const t of typesIn(check, new Set(), 'checked:')) types.add(t);
    const def = defOf(value);
    if (def) {
      types.add(prefix + def.type);
      if (def.coerce === true) types.add(`${prefix}coerce`);
      for (const child of Object.values(def)) visit(child);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(schema);
  return types;
}

describe('wire schemas on the read path', () => {
  const schemas: Record<string, z.ZodType> = {
    'Pimcore customer list': listEnvelope(WireCustomer),
    'Pimcore customer by id': singleEnvelope(WireCustomer),
    'Pimcore activity list': listEnvelope(WireActivity),
    'Pimcore segment list': listEnvelope(WireSegment),
    'Pimcore segment group list': listEnvelope(WireSegmentGroup),
    // Contacts (with their custom items) are read through the list call, by ids or by filter.
    'Mautic contact list': mautic.ContactList,
    'Mautic contact': mautic.WireContact,
    'Synerise profile list': synerise.ProfileList,
    'Synerise profile': synerise.WireProfile,
    'Synerise activity page': synerise.ActivityPage,
    'Synerise segmentation members': synerise.CrmCustomers,
    'Synerise catalog list': synerise.catalogEnvelope(z.array(synerise.WireCatalog)),
    'Synerise catalog': synerise.catalogEnvelope(synerise.WireCatalog),
    'Synerise catalog item list': synerise.catalogEnvelope(z.array(synerise.WireCatalogItem)),
    'Synerise catalog item': synerise.catalogEnvelope(synerise.WireCatalogItem),
    'SFCC site list': sfcc.listOf(sfcc.WireSite),
    'SFCC site': sfcc.WireSite,
    'SFCC A/B test list': sfcc.listOf(sfcc.WireAbTest),
    'SFCC slot configuration list': sfcc.listOf(sfcc.WireSlotConfiguration),
    'SFCC locale list': sfcc.listOf(sfcc.WireLocale),
    'SFCC custom object': sfcc.WireCustomObject,
    'SFCC cartridge path': sfcc.CartridgePathResponse,
  };

  it.each(Object.entries(schemas))('%s carries no transform or pipe', (_name, schema) => {
    const types = [...typesIn(schema)].map((t) => t.replace('checked:', ''));
    expect(types.includes('object')).toBe(true); // the walk reached the definitions
    expect(types.filter((t) => t === 'transform' || t === 'pipe')).toEqual([]);
  });

  // A checkedRecord answers the record as it came, so nothing inside may change a value.
  it.each(Object.entries(schemas))('%s changes no value inside a checked record', (_name, schema) => {
    expect([...typesIn(schema)].filter((t) => ['checked:coerce', 'checked:default', 'checked:prefault'].includes(t))).toEqual([]);
  });

  it('finds a transform where there is one, inside checked records too (the walk can fail)', () => {
    expect(typesIn(WireCustomer.transform((c) => c)).has('transform')).toBe(true);
    const withTransform = checkedRecord(z.looseObject({ id: z.number().transform(String) }));
    expect(typesIn(listEnvelope(withTransform)).has('checked:transform')).toBe(true);
    const withCoercion = checkedRecord(z.looseObject({ id: z.coerce.number(), at: z.number().default(0) }));
    expect([...typesIn(listEnvelope(withCoercion))]).toEqual(expect.arrayContaining(['checked:coerce', 'checked:default']));
  });
});
