import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { inlinedFieldCount } from '../../src/perf/jit.js';

describe('inlinedFieldCount (which documents graphql-jit is given)', () => {
  it('counts fields with fragments inlined, each spread as often as it appears', () => {
    const doc = parse('{ a { b ...F ...F } } fragment F on T { c d }');
    expect(inlinedFieldCount(doc)).toBe(2 + 2 * 2);
  });

  it('stops counting a fragment fan just past the cap instead of expanding 2^24 spreads', () => {
    const fragments = Array.from({ length: 24 }, (_, i) => `fragment F${i} on Customer { id ...F${i + 1} ...F${i + 1} }`);
    fragments.push('fragment F24 on Customer { email }');
    const doc = parse(`{ customers { ...F0 } } ${fragments.join('\n')}`);
    const n = inlinedFieldCount(doc);
    expect(n).toBeGreaterThan(5_000);
    // 12 levels: 2^13 fields with the customers field, over the 5,000 cap.
    const smaller = parse(
      `{ customers { ...F0 } } ${Array.from({ length: 12 }, (_, i) => `fragment F${i} on Customer { id ...F${i + 1} ...F${i + 1} }`).join('\n')} fragment F12 on Customer { email }`,
    );
    expect(inlinedFieldCount(smaller)).toBeGreaterThan(5_000);
    const small = parse(
      `{ customers { ...F0 } } ${Array.from({ length: 10 }, (_, i) => `fragment F${i} on Customer { id ...F${i + 1} ...F${i + 1} }`).join('\n')} fragment F10 on Customer { email }`,
    );
    // 10 levels: 2^10 - 1 ids, 2^10 emails and the customers field: 2,048.
    expect(inlinedFieldCount(small)).toBe(2_048);
  });
});
