// The malformed-request battery: every request answers a 4xx or a GraphQL error (never a 5xx, a
// masked "Unexpected error." or a crash), makes no vendor call, and the gateway answers a normal
// query afterwards.
import { describe, expect, it } from 'vitest';
import { TEST_AUTH_HEADERS, useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });

const JSON_TYPE = { 'content-type': 'application/json' };
const activityId = Buffer.from('Activity:PIMCORE:1').toString('base64url');
const page = (args: string) => `{ customers(vendor: PIMCORE, ${args}) { edges { node { id } } } }`;
const json = (body: unknown) => ({ method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
const raw = (body: string, headers: Record<string, string> = JSON_TYPE) => ({ method: 'POST', headers, body });

interface Case {
  name: string;
  path?: string;
  init: RequestInit;
}

const CASES: Case[] = [
  { name: 'truncated JSON', init: raw('{"query":') },
  { name: 'JSON null', init: raw('null') },
  { name: 'JSON number', init: raw('42') },
  { name: 'JSON string', init: raw('"{ vendors { vendor } }"') },
  { name: 'empty JSON array', init: raw('[]') },
  { name: 'array of operations (batching is off)', init: json([{ query: '{ vendors { vendor } }' }, { query: '{ vendors { vendor } }' }]) },
  { name: 'empty body', init: raw('') },
  { name: 'empty object', init: json({}) },
  { name: 'query null', init: json({ query: null }) },
  { name: 'query a number', init: json({ query: 123 }) },
  { name: 'query an object', init: json({ query: { customers: true } }) },
  { name: 'variables a string', init: json({ query: '{ vendors { vendor } }', variables: 'first=1' }) },
  { name: 'variables an array', init: json({ query: '{ vendors { vendor } }', variables: [1, 2] }) },
  { name: 'extensions a string', init: json({ query: '{ vendors { vendor } }', extensions: 'cost' }) },
  { name: 'operationName a number', init: json({ query: '{ vendors { vendor } }', operationName: 5 }) },
  { name: 'text/plain body', init: raw('{ vendors { vendor } }', { 'content-type': 'text/plain' }) },
  { name: 'XML body', init: raw('<query>vendors</query>', { 'content-type': 'application/xml' }) },
  { name: 'no content type', init: { method: 'POST', body: 'garbage' } },
  { name: 'form with a broken query', init: raw('query=%7B%20customers(', { 'content-type': 'application/x-www-form-urlencoded' }) },
  {
    name: 'multipart without operations',
    init: raw('--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--x--', {
      'content-type': 'multipart/form-data; boundary=x',
    }),
  },
  { name: 'invalid UTF-8 bytes', init: { method: 'POST', headers: JSON_TYPE, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) } },
  {
    name: 'GET with a mutation',
    path: `/graphql?query=${encodeURIComponent('mutation { deleteCustomer(input: {id: "x"}) { __typename } }')}`,
    init: { method: 'GET' },
  },
  { name: 'GET without a query', path: '/graphql', init: { method: 'GET', headers: { accept: 'application/json' } } },
  {
    name: 'GET with broken variables',
    path: `/graphql?query=${encodeURIComponent('{ vendors { vendor } }')}&variables=%7Bnope`,
    init: { method: 'GET' },
  },
  { name: 'PUT', init: { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify({ query: '{ vendors { vendor } }' }) } },
  { name: 'DELETE', init: { method: 'DELETE' } },
  { name: 'syntax error', init: json({ query: '{ customers(' }) },
  { name: 'unknown field', init: json({ query: '{ nope }' }) },
  { name: 'unknown operation name', init: json({ query: 'query A { vendors { vendor } }', operationName: 'B' }) },
  { name: 'two operations, no name', init: json({ query: 'query A { vendors { vendor } } query B { vendors { vendor } }' }) },
  {
    name: 'variable of the wrong type',
    init: json({ query: 'query($f: Int) { customers(vendor: PIMCORE, first: $f) { edges { cursor } } }', variables: { f: 'ten' } }),
  },
  { name: 'missing required variable', init: json({ query: 'query($id: ID!) { customer(id: $id) { id } }' }) },
  { name: 'variable of an unknown type', init: json({ query: 'query($x: Nope) { vendors { vendor } }', variables: { x: 1 } }) },
  { name: 'enum value that does not exist', init: json({ query: page('first: 1').replace('PIMCORE', 'ACME') }) },
  { name: 'id that is not a global id', init: json({ query: '{ customer(id: "!!!not-an-id") { id } }' }) },
  { name: 'id of another type', init: json({ query: `{ customer(id: "${activityId}") { id } }` }) },
  { name: 'nodes(ids: null)', init: json({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: null } }) },
  { name: 'garbage cursor', init: json({ query: page('first: 1, after: "garbage"') }) },
  // A well-formed cursor ({"f":"x","o":1}) minted for another list.
  { name: 'cursor of another connection', init: json({ query: page('first: 1, after: "eyJmIjoieCIsIm8iOjF9"') }) },
  { name: 'negative first', init: json({ query: page('first: -1') }) },
  { name: 'first beyond Int', init: json({ query: page('first: 99999999999') }) },
  { name: 'backward paging', init: json({ query: page('last: 1') }) },
  { name: 'deeply nested list literal', init: json({ query: `{ customer(id: ${'['.repeat(2400)}"x"${']'.repeat(2400)}) { id } }` }) },
  { name: 'deeply nested selection', init: json({ query: `{ ${'vendors { '.repeat(3000)}vendor${' }'.repeat(3000)} }` }) },
  { name: 'huge document', init: json({ query: `{ ${'vendors { vendor } '.repeat(50_000)} }` }) },
  { name: 'oversized string literal', init: json({ query: `{ customer(id: "${'x'.repeat(500_000)}") { id } }` }) },
  { name: 'body over the cap', init: raw(JSON.stringify({ query: '{ vendors { vendor } }', pad: 'x'.repeat(3_000_000) })) },
  {
    name: '__proto__ in variables',
    init: raw(
      '{"query":"mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { __typename } }","variables":{"i":{"__proto__":{"vendor":"PIMCORE"}}}}',
    ),
  },
  { name: 'mutation with an input of the wrong shape', init: json({ query: 'mutation { createCustomer(input: "x") { __typename } }' }) },
];

describe('malformed requests', () => {
  it(`answers each of ${CASES.length} malformed requests with a 4xx or a GraphQL error and no vendor call`, async () => {
    t.pimcore.resetCalls();
    const outcomes: string[] = [];
    for (const c of CASES) {
      // Authenticated, so each case reaches the parsing and limits it is about.
      const headers = { ...TEST_AUTH_HEADERS, ...(c.init.headers as Record<string, string> | undefined) };
      const res = await t.gateway.fetch(`http://gateway.test${c.path ?? '/graphql'}`, { ...c.init, headers });
      const text = await res.text();
      let errors: { message?: string }[] = [];
      try {
        errors = (JSON.parse(text) as { errors?: { message?: string }[] }).errors ?? [];
      } catch {
        // a non-JSON answer is fine when its status is a 4xx
      }
      const clientError = res.status >= 400 && res.status < 500;
      const graphqlError = res.status === 200 && errors.length > 0;
      const masked = errors.some((e) => e.message === 'Unexpected error.');
      if (!(clientError || graphqlError) || masked) outcomes.push(`${c.name}: ${res.status} ${text.slice(0, 200)}`);
    }
    expect(outcomes).toEqual([]);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('answers a normal query after the battery', async () => {
    const res = await t.post(page('first: 2'));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.customers).toBeDefined();
  });
});
