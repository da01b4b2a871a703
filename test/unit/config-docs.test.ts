import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_FILE, withConfigTable } from '../../scripts/config-table.js';
import { VENDORS } from '../../src/domain/vendor.js';
import { SANDBOX_DEMOS } from '../../src/sandbox/demo-list.js';
import { VENDOR_DESCRIPTORS } from '../../src/vendors/vendor-list.js';

describe('vendor descriptors', () => {
  it('README.md configuration table matches the descriptors (run `npm run docs:config` after changing a variable)', () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(readme).toBe(withConfigTable(readme));
  });

  it('describe every vendor of the Vendor enum once, and so do the demo sandboxes', () => {
    expect(VENDOR_DESCRIPTORS.map((d) => d.vendor)).toEqual([...VENDORS]);
    expect(SANDBOX_DEMOS.map((d) => d.vendor)).toEqual([...VENDORS]);
    expect(new Set(VENDOR_DESCRIPTORS.map((d) => d.configKey)).size).toBe(VENDORS.length);
  });
});
