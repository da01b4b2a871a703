// The Pimcore CMF webservice doc has one example payload (segments-of-customers) and no example
// responses; it is copied into test/fixtures/vendor-docs/pimcore/ with its doc lines and repair.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segmentsOfCustomerBody } from '../../src/vendors/pimcore/map.js';

interface Example {
  file: string;
  docLines: string;
  kind: 'request' | 'response';
  repaired?: string;
}

const dir = new URL('../fixtures/vendor-docs/pimcore/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { examples: Example[] };
const body = (file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));

const checks: Record<string, () => void> = {
  'L0062-segments-of-customers.request.json': () => {
    // Adding segments 123 and 456 to customer 12345 and removing 567 and 789 sends exactly the doc's body.
    expect(segmentsOfCustomerBody({ customerVendorId: '12345', add: ['123', '456'], remove: ['567', '789'] })).toEqual(
      body('L0062-segments-of-customers.request.json'),
    );
  },
};

describe('Pimcore doc examples', () => {
  it('has a check for every copied example, and an example file for every check', () => {
    expect(Object.keys(checks).sort()).toEqual(index.examples.map((e) => e.file).sort());
  });

  it.each(index.examples.map((e) => [`${e.file} (doc lines ${e.docLines})`, e] as const))('%s', (_name, ex) => {
    const check = checks[ex.file];
    if (!check) throw new Error(`no check for ${ex.file}`);
    check();
  });
});
