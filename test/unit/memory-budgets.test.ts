// What one process keeps without Redis is bounded in bytes: the idempotency/state store and the APQ
// documents, each at its budget exactly, one byte under and one over.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { MemoryPersistedQueryStore } from '../../src/persisted/store.js';
import { entryBytes, MemoryStore, SHORT_LIVED_MS } from '../../src/state/memory-store.js';
import { StateUnavailableError, StateValueTooLargeError } from '../../src/state/store.js';

const TTL = 86_400_000;
/** A value that makes `key`'s entry charge exactly `bytes`. */
const valueCharging = (key: string, bytes: number) => 'v'.repeat((bytes - 100) / 2 - key.length);

describe('MemoryStore byte budget', () => {
  it('charges two bytes per character of key and value plus 100', async () => {
    const store = new MemoryStore({ maxBytes: 65_536 });
    await store.set('abc', 'hello', TTL);
    await store.set('d', 'x'.repeat(1000), TTL);
    expect(store.bytes).toBe(entryBytes('abc', 'hello') + entryBytes('d', 'x'.repeat(1000)));
    expect(entryBytes('abc', 'hello')).toBe(2 * 8 + 100);
  });

  it('keeps a record of a sixteenth of the budget, and refuses one byte more without touching what the key held', async () => {
    const store = new MemoryStore({ maxBytes: 160_000 });
    await store.set('k', valueCharging('k', 10_000), TTL);
    expect(store.bytes).toBe(10_000);
    expect(await store.get('k')).toHaveLength(valueCharging('k', 10_000).length);

    await store.set('k', 'small', TTL);
    const tooBig = `${valueCharging('k', 10_000)}v`;
    expect(entryBytes('k', tooBig)).toBe(10_002);
    await expect(store.set('k', tooBig, TTL)).rejects.toBeInstanceOf(StateValueTooLargeError);
    await expect(store.replaceIf('k', 'small', tooBig, TTL)).rejects.toBeInstanceOf(StateValueTooLargeError);
    await expect(store.setIfAbsent('other', tooBig, TTL)).rejects.toThrow(/MEMORY_STATE_MAX_BYTES/);
    expect(await store.get('k')).toBe('small');
    expect(await store.get('other')).toBeUndefined();
  });

  it('drops the least recently used records once the budget is spent, never holding more', async () => {
    const store = new MemoryStore({ maxBytes: 16 * 4_000 });
    for (let i = 0; i < 16; i++) await store.set(`r${i.toString().padStart(2, '0')}`, valueCharging('r00', 4_000), TTL);
    expect(store.size).toBe(16);
    expect(store.bytes).toBe(64_000);
    await store.get('r00'); // r01 is now the least recently used
    await store.set('new', 'x', TTL);
    expect(await store.get('r01')).toBeUndefined();
    expect(await store.get('r00')).toBeDefined();
    expect(store.bytes).toBeLessThanOrEqual(64_000);
  });

  it('never drops a short-lived claim for space: records pushed through the whole budget leave it in place', async () => {
    const store = new MemoryStore({ maxBytes: 16 * 4_000 });
    expect(await store.setIfAbsent('claim', '{"f":"x","o":"owner"}', SHORT_LIVED_MS)).toBe(true);
    for (let i = 0; i < 40; i++) await store.set(`r${i}`, valueCharging(`r${i}`, 4_000), TTL);
    expect(await store.get('claim')).toBe('{"f":"x","o":"owner"}');
    expect(await store.setIfAbsent('claim', 'someone else', SHORT_LIVED_MS)).toBe(false);
    // Completing the claim moves it to the records, its lease bytes released.
    const before = store.bytes;
    expect(await store.replaceIf('claim', '{"f":"x","o":"owner"}', 'done', TTL)).toBe(true);
    expect(await store.get('claim')).toBe('done');
    expect(store.bytes).toBeLessThanOrEqual(before);
  });

  it('refuses a short-lived entry past a quarter of the budget as unavailable, and takes one that fills it exactly', async () => {
    const store = new MemoryStore({ maxBytes: 40_000 });
    await store.set('a', valueCharging('a', 6_000), 10_000);
    await store.set('b', valueCharging('b', 4_000), 10_000);
    expect(store.bytes).toBe(10_000);
    await expect(store.setIfAbsent('c', 'x', 10_000)).rejects.toBeInstanceOf(StateUnavailableError);
    await store.delete('b');
    expect(await store.setIfAbsent('c', valueCharging('c', 4_000), 10_000)).toBe(true);
    expect(store.bytes).toBe(10_000);
  });

  it('lets a lease that ran out go, and its bytes with it', async () => {
    let now = 0;
    const store = new MemoryStore({ maxBytes: 40_000, now: () => now });
    await store.set('a', valueCharging('a', 10_000), 1_000);
    now = 1_000;
    expect(await store.get('a')).toBeUndefined();
    expect(store.bytes).toBe(0);
    await store.set('b', valueCharging('b', 10_000), 1_000);
    now = 5_000;
    await store.set('c', 'x', 1_000); // sweeps b, which nobody read again
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(entryBytes('c', 'x'));
  });
});

describe('MemoryPersistedQueryStore byte budget', () => {
  const hash = (i: number) => i.toString(16).padStart(64, '0');
  /** A document whose entry charges exactly `bytes` under a 64-character hash. */
  const documentCharging = (bytes: number) => `{ __typename }${' '.repeat((bytes - 100) / 2 - 64 - 14)}`;

  it('keeps a document that fills the budget and not one a byte over (its client resends it)', async () => {
    const store = new MemoryPersistedQueryStore({ maxBytes: 10_000 });
    await store.set(hash(1), documentCharging(10_000));
    expect(store.bytes).toBe(10_000);
    expect(await store.get(hash(1))).toBeDefined();
    await store.set(hash(2), `${documentCharging(10_000)} `);
    expect(await store.get(hash(2))).toBeUndefined();
    expect(store.bytes).toBe(10_000);
  });

  it('drops the least recently used documents to stay within the budget', async () => {
    const store = new MemoryPersistedQueryStore({ maxBytes: 10_000 });
    for (let i = 0; i < 10; i++) await store.set(hash(i), documentCharging(2_000));
    expect(store.size).toBe(5);
    expect(store.bytes).toBe(10_000);
    expect(await store.get(hash(4))).toBeUndefined();
    expect(await store.get(hash(5))).toBeDefined();
  });
});

describe('MEMORY_STATE_MAX_BYTES and MEMORY_APQ_MAX_BYTES', () => {
  const base = { GATEWAY_AUTH: 'none' };

  it('default to 64 MiB and 16 MiB', () => {
    expect(parseConfig(base).state.memory).toEqual({ maxBytes: 64 * 2 ** 20, apqMaxBytes: 16 * 2 ** 20 });
  });

  it.each(['MEMORY_STATE_MAX_BYTES', 'MEMORY_APQ_MAX_BYTES'])('%s takes 65536 and up, and refuses 65535, fractions and words', (name) => {
    const field = name === 'MEMORY_STATE_MAX_BYTES' ? 'maxBytes' : 'apqMaxBytes';
    expect(parseConfig({ ...base, [name]: '65536' }).state.memory[field]).toBe(65_536);
    expect(parseConfig({ ...base, [name]: '1073741824' }).state.memory[field]).toBe(2 ** 30);
    for (const bad of ['65535', '70000.5', 'lots']) {
      expect(() => parseConfig({ ...base, [name]: bad })).toThrow(ConfigError);
      expect(() => parseConfig({ ...base, [name]: bad })).toThrow(name);
    }
  });
});
