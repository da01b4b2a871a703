// Automatic persisted queries (hash first, document on a miss) and trusted-documents mode (only the
// operations of the manifest `npm run codegen` writes run).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/persisted/apq.js';
import { errorCodes, type GraphQLBody, TEST_AUTH_HEADERS, type TestGateway, useTestGateway, withTestGateway } from '../support/gateway.js';

const MANIFEST = 'test/generated/trusted-documents.json';

async function postJson(t: TestGateway, body: unknown) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as GraphQLBody };
}

const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('automatic persisted queries', () => {
  const t = useTestGateway({ only: ['pimcore'] });
  const query = '{ customers(vendor: PIMCORE, first: 2) { edges { node { id email } } } }';
  const hash = sha256Hex(query);

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, stores the document resent with it, and runs the hash alone after', async () => {
    t.pimcore.resetCalls();
    const miss = await postJson(t, { extensions: persisted(hash) });
    expect(errorCodes(miss.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(t.pimcore.calls()).toBe(0);

    const register = await postJson(t, { query, extensions: persisted(hash) });
    expect(register.body.errors).toBeUndefined();
    expect(t.pimcore.calls('GET /customers')).toBe(1);

    const hit = await postJson(t, { extensions: persisted(hash) });
    expect(hit.body.errors).toBeUndefined();
    expect(hit.body.data).toEqual(register.body.data);
    expect(t.pimcore.calls('GET /customers')).toBe(2);
  });

  it('refuses a document whose hash does not match, and stores nothing', async () => {
    const other = '{ vendors { vendor } }';
    const wrong = sha256Hex('something else');
    const res = await postJson(t, { query: other, extensions: persisted(wrong) });
    expect(errorCodes(res.body)).toEqual(['PERSISTED_QUERY_HASH_MISMATCH']);
    const after = await postJson(t, { extensions: persisted(wrong) });
    expect(errorCodes(after.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('still runs plain documents', async () => {
    const res = await postJson(t, { query: '{ vendors { vendor } }' });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('trusted documents', () => {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
  const entry = Object.entries(manifest).find(([, text]) => text.startsWith('query CustomersPage('));

  it('runs an operation of the manifest by its hash and refuses any other document with no vendor call', async () => {
    expect(entry).toBeDefined();
    const [hash] = entry as [string, string];
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_TRUSTED_DOCUMENTS: MANIFEST } }, async (t) => {
      const listed = await postJson(t, { extensions: persisted(hash), variables: { vendor: 'PIMCORE', first: 2 } });
      expect(listed.body.errors).toBeUndefined();
      t.pimcore.resetCalls();

      const arbitrary = await postJson(t, { query: '{ customers(vendor: PIMCORE, first: 2) { edges { node { id } } } }' });
      expect(arbitrary.status).toBe(400);
      expect(errorCodes(arbitrary.body)).toEqual(['PERSISTED_QUERY_ONLY']);
      expect(arbitrary.body.errors?.[0]?.message).toMatch(/only trusted documents/);

      const unknown = await postJson(t, { extensions: persisted(sha256Hex('{ vendors { vendor } }')) });
      expect(unknown.status).toBe(400);
      expect(errorCodes(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);

      const bare = await postJson(t, {});
      expect(errorCodes(bare.body)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
      expect(t.pimcore.calls()).toBe(0);
    });
  });
});
