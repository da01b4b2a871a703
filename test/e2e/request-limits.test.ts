// Input sizes, the request body cap and per-client rate limits, each at its boundary, with the
// vendor calls counted (none for a refused request).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/limits/settings.js';
import {
  errorCodes,
  type GraphQLBody,
  TEST_API_KEY_ENTRY,
  TEST_AUTH_HEADERS,
  type TestGateway,
  withTestGateway,
} from '../support/gateway.js';

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename ... on CustomerPayload { status } } }`;

async function send(t: TestGateway, body: string, headers: Record<string, string> = {}) {
  const res = await t.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    // The fixture's key unless the test sends another credential.
    headers: { 'content-type': 'application/json', ...(headers['x-api-key'] ? {} : TEST_AUTH_HEADERS), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as GraphQLBody };
}

/** An email of exactly `length` characters, valid in form. */
function emailOf(length: number): string {
  const domain = '@example.com';
  const labels: string[] = [];
  let remaining = length - domain.length - 1 - 10; // 10-character local part plus '.'
  while (remaining > 0) {
    const label = Math.min(remaining, 60);
    labels.push('d'.repeat(label));
    remaining -= label + 1;
  }
  const local = 'abcdefghij';
  const email = `${local}@${labels.join('.')}.${domain.slice(1)}`;
  return email.length === length ? email : `${'x'.repeat(length - email.length)}${email}`;
}

describe('input limits', () => {
  it(`looks up an email of ${DEFAULT_LIMITS.maxEmailLength} characters and refuses one of ${DEFAULT_LIMITS.maxEmailLength + 1} without a vendor call`, async () => {
    await withTestGateway({ only: ['pimcore'] }, async (t) => {
      const query = 'query($email: String!) { customersByEmail(email: $email) { id } }';
      const at = await t.post(query, { email: emailOf(254) });
      expect(emailOf(254)).toHaveLength(254);
      expect(at.body.errors).toBeUndefined();
      t.pimcore.resetCalls();
      const over = await t.post(query, { email: emailOf(255) });
      expect(errorCodes(over.body)).toEqual(['BAD_USER_INPUT']);
      expect(over.body.errors?.[0]?.message).toMatch(/^email: must be at most 254 characters/);
      expect(t.pimcore.calls()).toBe(0);
    });
  });

  it('refuses a 100,000-character email in a mutation without writing it anywhere', async () => {
    await withTestGateway({ only: ['pimcore'] }, async (t) => {
      t.pimcore.resetCalls();
      const res = await t.post(CREATE, { input: { vendor: 'PIMCORE', email: `${'a'.repeat(100_000)}@example.com` } });
      expect(errorCodes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors?.[0]?.extensions?.field).toBe('input.email');
      expect(t.pimcore.calls()).toBe(0);
    });
  });

  it('caps every string at GATEWAY_MAX_STRING_LENGTH, literal or variable', async () => {
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_STRING_LENGTH: '20' } }, async (t) => {
      t.pimcore.resetCalls();
      const over = await t.post(CREATE, { input: { vendor: 'PIMCORE', email: 'a@example.com', firstName: 'x'.repeat(21) } });
      expect(errorCodes(over.body)).toEqual(['BAD_USER_INPUT']);
      expect(over.body.errors?.[0]?.extensions?.field).toBe('input.firstName');
      const literal = await t.post(`{ customer(id: "${'y'.repeat(21)}") { id } }`);
      expect(errorCodes(literal.body)).toEqual(['BAD_USER_INPUT']);
      expect(t.pimcore.calls()).toBe(0);
      const at = await t.post(CREATE, { input: { vendor: 'PIMCORE', email: 'b@example.com', firstName: 'x'.repeat(20) } });
      expect(at.body.errors).toBeUndefined();
      expect(t.pimcore.calls('POST /customers')).toBe(1);
    });
  });

  it('caps JSON attributes at GATEWAY_MAX_JSON_BYTES serialized', async () => {
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_JSON_BYTES: '50' } }, async (t) => {
      const attributes = (bytes: number) => ({ note: 'n'.repeat(bytes - JSON.stringify({ note: '' }).length) });
      expect(JSON.stringify(attributes(50))).toHaveLength(50);
      t.pimcore.resetCalls();
      const over = await t.post(CREATE, { input: { vendor: 'PIMCORE', email: 'c@example.com', attributes: attributes(51) } });
      expect(errorCodes(over.body)).toEqual(['BAD_USER_INPUT']);
      expect(over.body.errors?.[0]?.extensions?.field).toBe('input.attributes');
      expect(t.pimcore.calls()).toBe(0);
      const at = await t.post(CREATE, { input: { vendor: 'PIMCORE', email: 'd@example.com', attributes: attributes(50) } });
      expect(at.body.errors).toBeUndefined();
    });
  });
});

describe('request body cap', () => {
  it('admits a 5000-item batch under the default cap', () => {
    const item = (i: number) => ({
      vendor: 'PIMCORE',
      email: `firstname.lastname.${i}@example-company.com`,
      firstName: 'Firstname',
      lastName: 'Lastname-Lastname',
      phone: '+48 123 456 789',
      customId: `crm-${100000 + i}`,
      attributes: { city: 'Warszawa', consent: true, source: 'import-2026-11' },
    });
    const body = JSON.stringify({
      query: 'mutation($input: CreateCustomersInput!) { createCustomers(input: $input) { __typename } }',
      variables: { input: { customers: Array.from({ length: 5000 }, (_, i) => item(i)) } },
    });
    // About 1.2 MB; the cap leaves room for longer values.
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_LIMITS.maxBodyBytes * 0.75);
  });

  it('answers 413 one byte over GATEWAY_MAX_BODY_BYTES, with or without Content-Length, and runs a body at it', async () => {
    const body = JSON.stringify({ query: '{ vendors { vendor } }' });
    const max = Buffer.byteLength(body);
    await withTestGateway({ only: ['pimcore'], env: { GATEWAY_MAX_BODY_BYTES: String(max) } }, async (t) => {
      const at = await send(t, body, { 'content-length': String(max) });
      expect(at.status).toBe(200);
      const over = await send(t, `${body} `, { 'content-length': String(max + 1) });
      expect(over.status).toBe(413);
      expect(errorCodes(over.body)).toEqual(['PAYLOAD_TOO_LARGE']);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.enqueue(new TextEncoder().encode(' '));
          controller.close();
        },
      });
      const chunked = await t.gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
    });
  });
});

// Two clients with keys of their own (and the fixture's key, which the other tests use).
const CLIENT_A = 'client-a-key-0123456789abcdef';
const CLIENT_B = 'client-b-key-0123456789abcdef';
const CLIENT_KEYS = JSON.stringify([
  TEST_API_KEY_ENTRY,
  { name: 'a', key: CLIENT_A, scopes: ['*:read'] },
  { name: 'b', key: CLIENT_B, scopes: ['*:read'] },
]);

describe('per-client rate limits', () => {
  it('answers 429 with Retry-After on the request after GATEWAY_RATE_LIMIT_REQUESTS, per client', async () => {
    const env = { GATEWAY_RATE_LIMIT_REQUESTS: '3', GATEWAY_RATE_LIMIT_WINDOW_MS: '600000', GATEWAY_API_KEYS: CLIENT_KEYS };
    await withTestGateway({ only: ['pimcore'], env }, async (t) => {
      const query = JSON.stringify({ query: '{ customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }' });
      const client = { 'x-api-key': CLIENT_A };
      for (let i = 0; i < 3; i++) expect((await send(t, query, client)).status).toBe(200);
      t.pimcore.resetCalls();
      const over = await send(t, query, client);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(600);
      expect(errorCodes(over.body)).toEqual(['RATE_LIMITED']);
      expect(t.pimcore.calls()).toBe(0);
      // Another client has its own budget.
      expect((await send(t, query, { 'x-api-key': CLIENT_B })).status).toBe(200);
    });
  });

  it('without authentication counts by address: a made-up credential header per request does not reset the limit', async () => {
    const env = { GATEWAY_AUTH: 'none', GATEWAY_RATE_LIMIT_REQUESTS: '2', GATEWAY_RATE_LIMIT_WINDOW_MS: '600000' };
    await withTestGateway({ only: ['pimcore'], env }, async (t) => {
      const query = JSON.stringify({ query: '{ __typename }' });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(t, query, { authorization: `Bearer made-up-${i}` })).status);
      expect(statuses).toEqual([200, 200, 429]);
    });
  });

  it('answers 429 once a client spends more than GATEWAY_RATE_LIMIT_COST estimated vendor calls', async () => {
    const env = { GATEWAY_RATE_LIMIT_COST: '5', GATEWAY_RATE_LIMIT_WINDOW_MS: '600000', GATEWAY_API_KEYS: CLIENT_KEYS };
    await withTestGateway({ only: ['pimcore'], env }, async (t) => {
      // 1 + 2 × 1 = 3 estimated calls.
      const query = JSON.stringify({
        query: '{ customers(vendor: PIMCORE, first: 2) { edges { node { id activities(first: 1) { edges { node { id } } } } } } }',
      });
      const client = { authorization: `Bearer ${CLIENT_A}` };
      expect((await send(t, query, client)).status).toBe(200); // 3 of 5
      t.pimcore.resetCalls();
      const over = await send(t, query, client); // 6 of 5
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(errorCodes(over.body)).toEqual(['RATE_LIMITED']);
      expect(t.pimcore.calls()).toBe(0);
      const cheap = JSON.stringify({ query: '{ customers(vendor: PIMCORE, first: 2) { edges { node { id } } } }' });
      expect((await send(t, cheap, { authorization: `Bearer ${CLIENT_B}` })).status).toBe(200);
    });
  });
});
