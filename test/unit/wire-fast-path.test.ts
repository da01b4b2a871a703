// The vendors' list and single envelopes are parsed on every page a client reads. A `.transform` (or
// a pipe) anywhere in a zod schema takes the whole parse off zod's compiled path (a 50-customer
// Pimcore page: 240 µs with per-field transforms, 51 µs without; bench/RESULTS.md), so these schemas
// only validate and the mappers normalise. This guards that: it walks each schema's definition.
// (A `.refine`, as on Synerise's activity, is a check, not a pipe: it keeps the fast path.)
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as mautic from '../../src/vendors/mautic/wire.js';
import { listEnvelope, singleEnvelope, WireActivity, WireCustomer, WireSegment, WireSegmentGroup } from '../../src/vendors/pimcore/wire.js';
import * as sfcc from '../../src/vendors/sfcc/wire.js';
import * as synerise from '../../src/vendors/synerise/wire.js';

interface Def {
  type: string;
  [key: string]: unknown;
}

const defOf = (value: unknown): Def | undefined => (value as { _zod?: { def?: Def } } | null)?._zod?.def;

/** Every schema type reachable from `schema`'s definition (shapes, elements, options, inner types). */
function typesIn(schema: z.ZodType, seen = new Set<unknown>()): Set<string> {
  const types = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const def = defOf(value);
    if (def) {
      types.add(def.type);
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
    const types = typesIn(schema);
    expect(types.has('object')).toBe(true); // the walk reached the definitions
    expect([...types].filter((t) => t === 'transform' || t === 'pipe')).toEqual([]);
  });

  it('finds a transform where there is one (the walk can fail)', () => {
    expect(typesIn(WireCustomer.transform((c) => c)).has('transform')).toBe(true);
    expect(typesIn(listEnvelope(WireCustomer.extend({ id: WireCustomer.shape.id.transform(String) }))).has('transform')).toBe(true);
  });
});
