// The operation vocabulary and the registry calls that use it: one name per operation, and one
// wording for "this vendor cannot do that".
import { describe, expect, it } from 'vitest';
import { GatewayError, UnsupportedOperationError } from '../../src/errors.js';
import type { VendorAdapter } from '../../src/sources/adapter.js';
import { OPERATION_NAMES, OPERATIONS } from '../../src/sources/operations.js';
import { SourceRegistry } from '../../src/sources/registry.js';

const page = { items: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: () => Promise.resolve(0) };

// Hand-made adapters: only the routing by operation name is under test, no vendor is called.
const reader: VendorAdapter = {
  vendor: 'PIMCORE',
  probe: async () => undefined,
  close: async () => undefined,
  customers: { list: async () => page as never, load: async () => [], create: async () => ({ status: 'APPLIED', record: null }) },
};
const other: VendorAdapter = {
  vendor: 'MAUTIC',
  probe: async () => undefined,
  close: async () => undefined,
  customers: { list: async () => page as never, load: async () => [] },
};

describe('OPERATIONS', () => {
  it('names every operation <port>.<method> once, with a label and read or write', () => {
    expect(new Set(OPERATION_NAMES).size).toBe(OPERATION_NAMES.length);
    for (const name of OPERATION_NAMES) {
      expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
      expect(OPERATIONS[name].label.length).toBeGreaterThan(0);
      expect(['read', 'write']).toContain(OPERATIONS[name].access);
    }
  });

  it('marks writes as writes and reads as reads', () => {
    expect(OPERATIONS['customers.create'].access).toBe('write');
    expect(OPERATIONS['customItems.upsertMany'].access).toBe('write');
    expect(OPERATIONS['customers.list'].access).toBe('read');
    expect(OPERATIONS['deletions.since'].access).toBe('read');
  });
});

describe('SourceRegistry by operation', () => {
  const registry = new SourceRegistry([reader, other]);

  it('hands back the method an operation names', () => {
    expect(registry.op('PIMCORE', 'customers.create')).toBe(reader.customers?.create);
  });

  it('refuses an operation the vendor lacks with one wording and the operation name', () => {
    let caught: unknown;
    try {
      registry.op('MAUTIC', 'customers.create');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsupportedOperationError);
    expect(caught).toMatchObject({
      code: 'UNSUPPORTED_OPERATION',
      operation: 'customers.create',
      vendor: 'MAUTIC',
      message: 'MAUTIC does not support creating a customer (customers.create)',
    });
    // A missing port is the same refusal as a missing method.
    expect(() => registry.op('PIMCORE', 'segments.all')).toThrow('PIMCORE does not support listing segments (segments.all)');
  });

  it('says a vendor is not configured, which is not the same as unsupported', () => {
    expect(() => registry.op('SFCC', 'sites.list')).toThrow(GatewayError);
    expect(() => registry.op('SFCC', 'sites.list')).toThrow('SFCC is not configured on this gateway');
    expect(registry.supports('SFCC', 'sites.list')).toBe(false);
  });

  it('reports capabilities, optional methods and vendorsWith in the same names', () => {
    expect(registry.capabilities('PIMCORE')).toEqual(['customers.create', 'customers.list', 'customers.load']);
    expect(registry.capabilities('MAUTIC')).toEqual(['customers.list', 'customers.load']);
    expect(registry.vendorsWith('customers.create')).toEqual(['PIMCORE']);
    expect(registry.vendorsWith('customers.list')).toEqual(['PIMCORE', 'MAUTIC']);
    expect(registry.optional('MAUTIC', 'customers.createMany')).toBeUndefined();
    expect(registry.supports('PIMCORE', 'customers.create')).toBe(true);
  });

  it('words a refused variant of a supported operation the same way', () => {
    const error = new UnsupportedOperationError('SYNERISE', 'customers.list', 'filtering customers by modifiedSince');
    expect(error.message).toBe('SYNERISE does not support filtering customers by modifiedSince (customers.list)');
  });
});
