// Pimcore's list and single envelopes are parsed on every page a client reads. A `.transform` (or a
// pipe) anywhere in a zod schema takes the whole parse off zod's compiled path (a 50-customer page:
// 240 µs with per-field transforms, 51 µs without; bench/RESULTS.md), so these schemas only
// validate and the mappers normalise. This guards that: it walks each schema's definition.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { listEnvelope, singleEnvelope, WireActivity, WireCustomer, WireSegment, WireSegmentGroup } from '../../src/vendors/pimcore/wire.js';

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

describe('Pimcore wire schemas on the read path', () => {
  const schemas = {
    'customer list': listEnvelope(WireCustomer),
    'customer by id': singleEnvelope(WireCustomer),
    'activity list': listEnvelope(WireActivity),
    'segment list': listEnvelope(WireSegment),
    'segment group list': listEnvelope(WireSegmentGroup),
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
