// Mautic contacts as Customers: start/limit paging with the string total, many-id reads in one
// search call, lookups by email and customer_id in one call per batch, contact writes, and custom
// items served from the `includeCustomObjects` embed at one call per page whatever its size.
import { beforeEach, describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../src/domain/email.js';
import { globalId } from '../../src/ids.js';
import { HEAVY_ORDERS_INDEXES, HEAVY_PRODUCTS_INDEXES } from '../../src/sandbox/mautic/index.js';
import { asTyped, people } from '../../src/sandbox/people.js';
import { RequestScope } from '../../src/sources/scope.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const LIST = 'GET /api/contacts';
const customerId = (contactId: number | string) => globalId('Customer', 'MAUTIC', String(contactId));

const t = useTestGateway({ only: ['mautic'] });
beforeEach(() => {
  t.mautic.resetCalls();
  t.mautic.clearFaults();
});

describe('customers(vendor: MAUTIC)', () => {
  it('pages with start/limit and the total Mautic sends as a string', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await t.sdk.CustomersPage({ vendor: 'MAUTIC', first: 100, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.customers;
      expect(conn?.totalCount).toBe(400);
      ids.push(...(conn?.edges.map((e) => e.node.vendorId) ?? []));
      pages += 1;
      if (!conn?.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor ?? undefined;
    }
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(400);
    expect(ids.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(t.mautic.calls(LIST)).toBe(4);
    const q = t.mautic.lastQuery(LIST);
    expect(q?.get('start')).toBe('300');
    expect(q?.get('limit')).toBe('100');
    // The custom-object embed costs the vendor time, so it is asked for only when selected.
    expect(q?.get('includeCustomObjects')).toBeNull();
  });

  it('maps contact fields, customer_id and the remaining fields untouched', async () => {
    const person = people(22)[21];
    if (!person) throw new Error('no person');
    const res = await t.sdk.MauticCustomer({ id: customerId(22) });
    expect(res.data.customer).toMatchObject({
      vendor: 'MAUTIC',
      vendorId: '22',
      email: asTyped(person),
      firstName: person.firstName,
      lastName: person.lastName,
      phone: person.phone,
      customId: person.customId,
    });
    expect(res.data.customer?.attributes).toMatchObject({ city: person.city });
    expect(res.data.customer?.createdAt).toBe(new Date(person.createdAt * 1000).toISOString());
  });

  it('filters by modification time with a where clause', async () => {
    const times = [...t.mautic.store.contacts.values()].map((c) => c.dateModified).sort((a, b) => a - b);
    const cut = Math.floor((times[Math.floor(times.length * 0.8)] ?? 0) / 1000) * 1000;
    const res = await t.sdk.CustomersPage({ vendor: 'MAUTIC', first: 100, filter: { modifiedSince: new Date(cut).toISOString() } });
    const expected = times.filter((m) => m >= cut).length;
    expect(res.data.customers?.totalCount).toBe(expected);
    expect(t.mautic.lastQuery(LIST)?.get('where[0][expr]')).toBe('gte');
  });

  it('refuses segment filters it cannot apply', async () => {
    const res = await t.post('{ customers(vendor: MAUTIC, filter: { segmentIds: ["U2VnbWVudDpNQVVUSUM6MQ"] }) { totalCount } }');
    expect(res.body.data?.customers).toBeNull();
    expect(errorCodes(res.body)).toEqual(['UNSUPPORTED_OPERATION']);
    expect(t.mautic.calls(LIST)).toBe(0);
  });
});

describe('customer lookups', () => {
  it('loads many customers by id with one search call, a missing one as null plus NOT_FOUND', async () => {
    const ids = [3, 5, 9, 120, 399].map(customerId);
    const res = await t.sdk.NodesByIds({ ids: [...ids, customerId(99_999)] });
    expect(res.data.nodes.map((n) => n?.id)).toEqual([...ids, undefined]);
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1 });
    expect(t.mautic.lastQuery(LIST)?.get('search')).toBe('ids:3,5,9,120,399,99999');
    expect(t.mautic.lastQuery(LIST)?.get('limit')).toBe('6');
  });

  it('finds customers by email (normalised) with one call for several emails', async () => {
    const population = people(30);
    const wanted = [0, 7, 14, 21].map((i) => population[i]);
    const fields = wanted.map(
      (p, i) => `e${i}: customersByEmail(email: ${JSON.stringify(`  ${p?.email.toUpperCase()} `)}) { vendorId email }`,
    );
    const res = await t.post(`{ ${fields.join(' ')} }`);
    expect(res.body.errors).toBeUndefined();
    wanted.forEach((p, i) => {
      const found = res.body.data?.[`e${i}`] as { vendorId: string; email: string }[];
      expect(found.map((c) => c.vendorId)).toEqual([String((p?.index ?? 0) + 1)]);
      expect(normaliseEmail(found[0]?.email ?? '')).toBe(p?.email);
    });
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1 });
    const q = t.mautic.lastQuery(LIST);
    expect(q?.get('where[0][col]')).toBe('email');
    expect(q?.get('where[0][expr]')).toBe('in');
    // One string, split by core Mautic with str_getcsv: an array `val` fails there.
    expect(q?.getAll('where[0][val]')).toHaveLength(1);
    expect(q?.get('where[0][val]')?.split(',')).toHaveLength(4);
  });

  it('finds customers by customer_id in one call per batch', async () => {
    const port = t.sources.adapter('MAUTIC').customers;
    const found = await port?.findByCustomIds?.(new RequestScope(), ['CUST-000003', 'CUST-000006', 'CUST-999999']);
    expect(found?.map((list) => list.map((c) => c.vendorId))).toEqual([['4'], ['7'], []]);
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1 });
    expect(t.mautic.lastQuery(LIST)?.get('where[0][col]')).toBe('customer_id');
  });
});

describe('customer writes', () => {
  it('creates, upserts by email, updates and deletes a contact', async () => {
    const email = `new.person.${Date.now()}@example.com`;
    const created = await t.sdk.CreateCustomer({
      input: { vendor: 'MAUTIC', email, firstName: 'Nova', customId: 'CUST-NEW-1', attributes: { city: 'Oslo' } },
    });
    if (created.data.createCustomer.__typename !== 'CustomerPayload') throw new Error(JSON.stringify(created.data));
    const customer = created.data.createCustomer.customer;
    expect(customer).toMatchObject({ email, firstName: 'Nova', customId: 'CUST-NEW-1' });
    expect(customer?.attributes).toMatchObject({ city: 'Oslo' });
    // Mautic matches unique identifiers: the same email updates the contact instead of duplicating it.
    const again = await t.sdk.CreateCustomer({ input: { vendor: 'MAUTIC', email: email.toUpperCase(), lastName: 'Stern' } });
    expect(again.data.createCustomer.__typename === 'CustomerPayload' && again.data.createCustomer.customer?.id).toBe(customer?.id);

    const updated = await t.sdk.UpdateCustomer({ input: { id: customer?.id ?? '', firstName: 'Nora' } });
    expect(updated.data.updateCustomer).toMatchObject({
      __typename: 'CustomerPayload',
      customer: { firstName: 'Nora', lastName: 'Stern' },
    });

    const bad = await t.sdk.UpdateCustomer({ input: { id: customer?.id ?? '', email: 'not-an-email' } });
    expect(bad.data.updateCustomer).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'email' }] });

    const removed = await t.sdk.DeleteCustomer({ input: { id: customer?.id ?? '' } });
    expect(removed.data.deleteCustomer).toMatchObject({ __typename: 'DeletePayload', status: 'APPLIED' });
    const gone = await t.sdk.DeleteCustomer({ input: { id: customer?.id ?? '' } });
    expect(gone.data.deleteCustomer.__typename).toBe('NotFoundError');
  });

  it('creates many contacts in one batch call and reports each', async () => {
    const stamp = Date.now();
    const res = await t.sdk.CreateCustomers({
      input: {
        vendor: 'MAUTIC',
        customers: [
          { email: `batch.a.${stamp}@example.com` },
          { email: `batch.b.${stamp}@example.com`, attributes: { website: 'x' } },
          { firstName: 'No identity' },
        ],
      },
    });
    if (res.data.createCustomers.__typename !== 'CreateCustomersPayload') throw new Error(JSON.stringify(res.data));
    expect(res.data.createCustomers.results.map((r) => r.status)).toEqual(['APPLIED', 'APPLIED', null]);
    expect(res.data.createCustomers.results[2]?.error?.__typename).toBe('ValidationError');
    expect(t.mautic.calls('POST /api/contacts/batch/new')).toBe(1);
  });
});

describe('Customer.customItems', () => {
  async function callsFor(first: number) {
    t.mautic.resetCalls();
    const res = await t.sdk.CustomersWithCustomItems({ vendor: 'MAUTIC', first, itemsFirst: 3 });
    expect(res.errors).toBeUndefined();
    expect(res.data.customers?.edges).toHaveLength(first);
    expect(res.data.customers?.edges.some((e) => (e.node.customItems?.edges.length ?? 0) > 0)).toBe(true);
    return { counts: t.mautic.callCounts(), query: t.mautic.lastQuery(LIST) };
  }

  it('costs the same Mautic calls for a page of 5 and of 50 customers', async () => {
    const five = await callsFor(5);
    const fifty = await callsFor(50);
    expect(fifty.counts).toEqual(five.counts);
    expect(five.counts).toEqual({ [LIST]: 1 });
    expect(fifty.query?.get('includeCustomObjects')).toBe('true');
  });

  it('serves one customer’s items from one contact read and pages them', async () => {
    const id = customerId(3);
    const all = [...t.mautic.store.itemsOf(3, 2), ...t.mautic.store.itemsOf(3, 1)];
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      pages += 1;
      const res = await t.sdk.CustomerCustomItems({ id, first: 2, after });
      const conn = res.data.customer?.customItems;
      expect(conn?.totalCount).toBe(all.length);
      expect(conn?.possiblyTruncated).toBe(false);
      seen.push(...(conn?.edges.map((e) => e.node.key) ?? []));
      expect(conn?.edges.every((e) => e.node.customer?.vendorId === '3')).toBe(true);
      if (!conn?.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor ?? undefined;
    }
    expect(seen).toEqual(all.map((i) => String(i.id)));
    // One read per page: the contact with its embed, which also serves each item's `customer`.
    expect(pages).toBeGreaterThan(1);
    expect(t.mautic.callCounts()).toEqual({ [LIST]: pages });
    expect(t.mautic.calls('GET /api/contacts/{id}')).toBe(0);
    expect(t.mautic.lastQuery(LIST)?.get('search')).toBe('ids:3');
    expect(t.mautic.lastQuery(LIST)?.get('includeCustomObjects')).toBe('true');
  });

  it('flags possible truncation for a contact with more than 50 items of a type', async () => {
    const index = HEAVY_PRODUCTS_INDEXES.find((i) => !HEAVY_ORDERS_INDEXES.includes(i)) ?? 0;
    const contact = index + 1;
    expect(t.mautic.store.itemsOf(contact, 1).length).toBeGreaterThan(50);
    const products = await t.sdk.CustomerCustomItems({ id: customerId(contact), objectType: 'products', first: 100 });
    const conn = products.data.customer?.customItems;
    expect(conn?.possiblyTruncated).toBe(true);
    expect(conn?.edges).toHaveLength(50);
    expect(conn?.totalCount).toBeNull();
    expect(conn?.edges[0]?.node.key).toBe(String(t.mautic.store.itemsOf(contact, 1)[0]?.id));

    const orders = await t.sdk.CustomerCustomItems({ id: customerId(contact), objectType: 'orders', first: 100 });
    expect(orders.data.customer?.customItems?.possiblyTruncated).toBe(false);
    expect(orders.data.customer?.customItems?.totalCount).toBe(t.mautic.store.itemsOf(contact, 2).length);

    const any = await t.sdk.CustomerCustomItems({ id: customerId(contact), first: 1 });
    expect(any.data.customer?.customItems?.possiblyTruncated).toBe(true);
  });

  it('resolves a custom item by its global ID through its contact', async () => {
    const item = t.mautic.store.itemsOf(1, 1)[0];
    if (!item) throw new Error('contact 1 has no products');
    const id = globalId('CustomItem', 'MAUTIC', `1:products:${item.id}`);
    const res = await t.sdk.CustomItemNode({ id });
    expect(res.data.node).toMatchObject({
      __typename: 'CustomItem',
      id,
      vendorId: String(item.id),
      objectType: 'products',
      name: item.name,
      customer: { vendorId: '1' },
      site: null,
    });
    // The item and its customer come from the same contact read.
    expect(t.mautic.callCounts()).toEqual({ [LIST]: 1 });
    const missing = await t.sdk.CustomItemNode({ id: globalId('CustomItem', 'MAUTIC', '1:products:999999') });
    expect(missing.data.node).toBeNull();
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('keeps the customers when the embed read fails, nulling only the items', async () => {
    // Every attempt fails (RETRY_MAX_ATTEMPTS defaults to 3): the read is retried before it gives up.
    t.mautic.injectFault({ route: LIST, status: 503, times: 3 });
    const res = await t.sdk.CustomerCustomItems({ id: customerId(8), first: 5 });
    expect(res.data.customer).toBeNull();
    expect(errorCodes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });
});
