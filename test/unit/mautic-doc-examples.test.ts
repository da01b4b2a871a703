// Every example of the Mautic Custom Objects doc (copied into test/fixtures/vendor-docs/mautic/,
// file names carry the doc lines) read with the adapter's wire schemas and mappers: each must give
// the domain objects the doc implies, and the adapter's own requests must have the doc's shape.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESILIENCE } from '../../src/resilience/env.js';
import { createMauticSandbox, type MauticSandbox } from '../../src/sandbox/mautic/index.js';
import { MauticClient } from '../../src/vendors/mautic/client.js';
import { customObjectsBody, issuesFromMautic, toCustomer } from '../../src/vendors/mautic/map.js';
import { verifiedItem } from '../../src/vendors/mautic/verify.js';
import { ContactEnvelope, mauticErrors } from '../../src/vendors/mautic/wire.js';

const dir = new URL('../fixtures/vendor-docs/mautic/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const json = (name: string): Record<string, any> => JSON.parse(text(name));

const REQUEST = json('request-contact-with-items.L29-53.json');
const RESPONSE = json('response-contact-with-items.L59-104.json');
const ERROR = json('error-unknown-object.L106-114.json');
const DOC_EMAIL = '[email\u00a0protected]'.replace('\u00a0', ' ');

const DOC_ATTRIBUTES = { website: 'https://mautic.org', 'in-stock': 45, multi: ['yellow', 'blue'], sku: '2348720', color: 'brown' };
const DOC_ITEM = { objectType: 'products', key: '23', name: 'Hello From API2', attributes: DOC_ATTRIBUTES };

let sb: MauticSandbox;
beforeAll(async () => {
  sb = createMauticSandbox();
  await sb.start();
});
afterAll(() => sb.stop());

describe('request example (doc L29-53)', () => {
  it('is what the adapter sends for that write, the object named by alias (doc L22-24 allow id or alias)', () => {
    const { id: _objectId, ...object } = REQUEST.customObjects.data[0];
    expect(customObjectsBody([DOC_ITEM])).toEqual({ data: [object] });
    expect(REQUEST.customObjects.data[0]).toMatchObject({ id: 1, alias: 'products' });
  });

  it('is accepted by the sandbox at the documented call and updates item 23 as written', async () => {
    // The scraped address is not a valid email, so that one value is replaced.
    expect(REQUEST.email).toBe(DOC_EMAIL);
    const body = { ...REQUEST, email: 'john.doc@example.org' };
    const res = await fetch(`${sb.url}/api/contacts/new?includeCustomObjects=true`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sb.username}:${sb.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    const customer = toCustomer(ContactEnvelope.parse(await res.json()).contact, true);
    expect(customer).toMatchObject({ email: 'john.doc@example.org', firstName: 'John' });
    expect(customer.customItems?.items).toEqual([
      expect.objectContaining({ ...DOC_ITEM, vendor: 'MAUTIC', attributes: expect.objectContaining(DOC_ATTRIBUTES) }),
    ]);
    expect(sb.store.items.get(23)).toMatchObject({ name: 'Hello From API2', attributes: expect.objectContaining(DOC_ATTRIBUTES) });
  });
});

describe('response example (doc L59-104, two trailing commas repaired)', () => {
  const contact = ContactEnvelope.parse(RESPONSE).contact;
  const customer = toCustomer(contact, true);

  it('reads the bare, id-less contact of the doc with its fields at the top level', () => {
    expect(customer).toMatchObject({ vendor: 'MAUTIC', email: DOC_EMAIL, firstName: 'John', lastName: null, customId: null });
    expect(customer.attributes).toEqual({});
  });

  it('maps the item with every documented field', () => {
    expect(customer.customItems).toEqual({
      items: [
        {
          vendor: 'MAUTIC',
          vendorId: '23',
          objectType: 'products',
          key: '23',
          name: 'Hello From API2',
          attributes: DOC_ATTRIBUTES,
          createdAt: new Date('2019-06-07T11:52:01Z'),
          updatedAt: new Date('2019-06-07T11:52:01Z'),
          version: null,
          scope: null,
          customerVendorId: '',
        },
      ],
      // One item in a window of 50, one object in a window of 50: nothing hidden.
      truncatedTypes: [],
      typesPossiblyMissing: false,
    });
  });

  it('takes the windows from meta.page, for the item list and the object list alike', () => {
    const narrow = structuredClone(RESPONSE);
    narrow.customObjects.data[0].meta.page.size = 1;
    expect(toCustomer(ContactEnvelope.parse(narrow).contact, true).customItems).toMatchObject({
      truncatedTypes: ['products'],
      typesPossiblyMissing: false,
    });
    const fewObjects = structuredClone(RESPONSE);
    fewObjects.customObjects.meta.page.size = 1;
    expect(toCustomer(ContactEnvelope.parse(fewObjects).contact, true).customItems).toMatchObject({
      truncatedTypes: [],
      typesPossiblyMissing: true,
    });
    const noMeta = structuredClone(RESPONSE);
    delete noMeta.customObjects.data[0].meta;
    expect(toCustomer(ContactEnvelope.parse(noMeta).contact, true).customItems?.truncatedTypes).toEqual(['products']);
  });

  it('confirms the request example as stored: the answer holds item 23 as written', () => {
    const result = verifiedItem(customer, { id: '42', identifiers: { email: DOC_EMAIL } }, DOC_ITEM, undefined, new Set());
    expect(result).toMatchObject({ key: '23', attributes: DOC_ATTRIBUTES });
    const other = verifiedItem(customer, { id: '42', identifiers: { email: 'someone@else.org' } }, DOC_ITEM, undefined, new Set());
    expect(other).toBeInstanceOf(Error);
    const changed = verifiedItem(
      customer,
      { id: '42', identifiers: { email: DOC_EMAIL } },
      { ...DOC_ITEM, attributes: { color: 'red' } },
      undefined,
      new Set(),
    );
    expect(changed).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', retryable: false });
    expect((changed as Error).message).toContain('did not store');
  });

  it('reads the same contact wrapped as core Mautic sends it', () => {
    expect(toCustomer(ContactEnvelope.parse({ contact: { ...RESPONSE, id: 7 } }).contact, true)).toMatchObject({
      vendorId: '7',
      email: DOC_EMAIL,
      customItems: { items: [expect.objectContaining({ key: '23', customerVendorId: '7' })] },
    });
  });
});

describe('error example (doc L106-114)', () => {
  it('names the object type as the offending input field', () => {
    expect(mauticErrors(ERROR)).toEqual([{ code: 400, message: 'Custom Object with alias = invoice was not found', details: [] }]);
    expect(issuesFromMautic(mauticErrors(ERROR))).toEqual([
      { field: 'objectType', message: 'Custom Object with alias = invoice was not found' },
    ]);
  });

  it('is what the sandbox answers for that alias', async () => {
    const res = await fetch(`${sb.url}/api/contacts/new`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sb.username}:${sb.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ email: 'invoice.doc@example.org', customObjects: { data: [{ alias: 'invoice', data: [{ name: 'I' }] }] } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(ERROR);
  });
});

describe('example call (doc L56)', () => {
  it('is the call the adapter makes for a write with items', async () => {
    const [, method, target] = /^Example: (\w+) (\S+)$/.exec(text('request-url.L56.txt').trim()) ?? [];
    const url = new URL(`/${target}`, 'http://doc');
    const client = new MauticClient({
      url: sb.url,
      username: sb.username,
      password: sb.password,
      timeoutMs: 5000,
      maxConnections: 1,
      maxConcurrency: 1,
      resilience: DEFAULT_RESILIENCE,
    });
    try {
      sb.resetCalls();
      await client.upsertContact({ email: 'url.doc@example.org' }, true);
      expect(sb.callCounts()).toEqual({ [`${method} ${url.pathname}`]: 1 });
      expect([...(sb.lastQuery(`${method} ${url.pathname}`) ?? [])]).toEqual([...url.searchParams]);
    } finally {
      await client.close();
    }
  });
});
