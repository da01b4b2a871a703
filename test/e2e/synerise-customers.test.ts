// Synerise profiles as Customers: the page-index list without totals, single reads deduplicated and
// bounded, lookups by email and custom id, and writes that Synerise takes asynchronously.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { people } from '../../src/sandbox/people.js';
import { SEED_FIRST_CLIENT_ID, SEGMENTATION_IDS } from '../../src/sandbox/synerise/index.js';
import { RequestScope } from '../../src/sources/scope.js';
import { errorCodes, useTestGateway, withTestGateway } from '../support/gateway.js';
import { PROFILE_LOOKUP_ROUTE, PROFILE_ROUTE, syneriseCustomerId } from '../support/synerise.js';

const LIST_ROUTE = 'GET /v4/clients';
const SEEDED = 600;

describe('Synerise customers', () => {
  const t = useTestGateway({ only: ['synerise'] });
  beforeEach(() => {
    t.synerise.resetCalls();
    t.synerise.clearFaults();
  });

  describe('customers(vendor: SYNERISE)', () => {
    it('serves a first page in one call, with an exact hasNextPage and no total (the list has none)', async () => {
      const res = await t.sdk.CustomersPage({ vendor: 'SYNERISE', first: 10 });
      const page = res.data.customers;
      expect(res.errors).toBeUndefined();
      expect(page?.edges.map((e) => e.node.vendorId)).toEqual(Array.from({ length: 10 }, (_, i) => String(SEED_FIRST_CLIENT_ID + i)));
      expect(page?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(page?.totalCount).toBeNull();
      expect(t.synerise.calls(LIST_ROUTE)).toBe(1);
      const first = page?.edges[0]?.node;
      const person = people(1)[0];
      expect(first).toMatchObject({
        vendor: 'SYNERISE',
        email: t.synerise.store.find('id', SEED_FIRST_CLIENT_ID)?.email,
        firstName: person?.firstName,
        customId: person?.customId ?? null,
      });
    });

    it('walks every profile with a constant page size at one call per page, ending exactly', async () => {
      const seen: string[] = [];
      let after: string | null | undefined;
      let pages = 0;
      let last: { hasNextPage: boolean; totalCount: number | null | undefined } | undefined;
      do {
        const res = await t.sdk.CustomersPage({ vendor: 'SYNERISE', first: 100, after });
        const page = res.data.customers;
        if (!page) throw new Error(JSON.stringify(res.errors));
        seen.push(...page.edges.map((e) => e.node.vendorId));
        after = page.pageInfo.endCursor;
        last = { hasNextPage: page.pageInfo.hasNextPage, totalCount: page.totalCount };
        pages += 1;
        if (!page.pageInfo.hasNextPage) break;
      } while (pages < 20);
      // 600 profiles in pages of 100: the sixth page is full and still knows it is the last one.
      expect(pages).toBe(SEEDED / 100);
      expect(seen).toHaveLength(SEEDED);
      expect(new Set(seen).size).toBe(SEEDED);
      expect(last).toEqual({ hasNextPage: false, totalCount: SEEDED });
      expect(t.synerise.calls(LIST_ROUTE)).toBe(pages);
    });

    it('answers a window that no single page holds with at most two calls', async () => {
      const first = await t.sdk.CustomersPage({ vendor: 'SYNERISE', first: 7 });
      const res = await t.sdk.CustomersPage({ vendor: 'SYNERISE', first: 3, after: first.data.customers?.pageInfo.endCursor });
      expect(res.data.customers?.edges.map((e) => e.node.vendorId)).toEqual(
        ['7', '8', '9'].map((n) => String(SEED_FIRST_CLIENT_ID + Number(n))),
      );
      expect(t.synerise.calls(LIST_ROUTE)).toBeLessThanOrEqual(3);
    });

    it('lists the members of one segment when filtered by it, and refuses filters Synerise cannot apply', async () => {
      const segment = globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.vip);
      const res = await t.sdk.CustomersPage({ vendor: 'SYNERISE', first: 5, filter: { segmentIds: [segment] } });
      const vip = t.synerise.store.segmentations.get(SEGMENTATION_IDS.vip);
      const members = vip ? t.synerise.store.membersOf(vip) : [];
      expect(res.data.customers?.totalCount).toBe(members.length);
      expect(res.data.customers?.edges.map((e) => e.node.vendorId)).toEqual(members.slice(0, 5).map((p) => String(p.clientId)));

      const since = await t.sdk.CustomersPage({ vendor: 'SYNERISE', first: 5, filter: { modifiedSince: '2024-01-01T00:00:00Z' } });
      expect(since.data.customers).toBeNull();
      expect(errorCodes({ errors: since.errors as never })).toEqual(['UNSUPPORTED_OPERATION']);
    });
  });

  describe('customer(id) and node(id)', () => {
    it('maps a v4 profile: common fields, and every other field untouched in attributes', async () => {
      const res = await t.sdk.CustomerById({ id: syneriseCustomerId(3) });
      const stored = t.synerise.store.find('id', SEED_FIRST_CLIENT_ID + 3);
      const customer = res.data.customer;
      expect(customer).toMatchObject({
        vendor: 'SYNERISE',
        vendorId: String(SEED_FIRST_CLIENT_ID + 3),
        email: stored?.email,
        firstName: stored?.firstName,
        lastName: stored?.lastName,
        phone: stored?.phone,
        customId: stored?.customId,
        createdAt: null,
      });
      expect(customer?.attributes).toMatchObject({
        uuid: stored?.uuid,
        city: stored?.city,
        attributes: stored?.attributes,
        tags: stored?.tags,
      });
    });

    it('gives null plus NOT_FOUND for a missing profile, and spends no call on an id Synerise cannot have', async () => {
      const missing = await t.post('query($id: ID!) { customer(id: $id) { id } }', { id: syneriseCustomerId('999') });
      expect(missing.body.data?.customer).toBeNull();
      expect(errorCodes(missing.body)).toEqual(['NOT_FOUND']);
      expect(missing.body.errors?.[0]).toMatchObject({ path: ['customer'], extensions: { vendor: 'SYNERISE' } });
      expect(t.synerise.calls(PROFILE_ROUTE)).toBe(1);

      const bogus = await t.sdk.NodeById({ id: syneriseCustomerId('not-a-number') });
      expect(bogus.data.node).toBeNull();
      expect(errorCodes({ errors: bogus.errors as never })).toEqual(['NOT_FOUND']);
      expect(t.synerise.calls(PROFILE_ROUTE)).toBe(1);
    });

    it('reads the same profile once however often one query asks for it', async () => {
      const id = syneriseCustomerId(5);
      const res = await t.post(
        `query($id: ID!) {
          a: customer(id: $id) { email }
          b: customer(id: $id) { firstName }
          c: node(id: $id) { id ... on Customer { lastName } }
        }`,
        { id },
      );
      expect(res.body.errors).toBeUndefined();
      expect(t.synerise.calls(PROFILE_ROUTE)).toBe(1);
    });

    it('makes one call per distinct profile in nodes(ids)', async () => {
      const ids = [1, 2, 3, 2, 1, 4].map((i) => syneriseCustomerId(i));
      const res = await t.sdk.NodesByIds({ ids });
      expect(res.data.nodes.map((n) => n?.id)).toEqual(ids);
      expect(t.synerise.calls(PROFILE_ROUTE)).toBe(4);
    });
  });

  describe('findByEmails / findByCustomIds (the ports under customersByEmail and linkedProfiles)', () => {
    it('looks each distinct key up once, in key order, with an empty list for nobody', async () => {
      const port = t.sources.adapter('SYNERISE').customers!;
      const scope = new RequestScope(undefined, (s, vendor, ids, include) => t.sources.op(vendor, 'customers.load')(s, ids, include));
      const [p0, p7] = [t.synerise.store.find('id', SEED_FIRST_CLIENT_ID), t.synerise.store.find('id', SEED_FIRST_CLIENT_ID + 7)];
      if (!p0?.email || !p7?.email) throw new Error('seed changed');
      // Person 7 is stored with upper-cased letters; the lookup key is the normalised email.
      const emails = [p0.email, ` ${p7.email.toLowerCase()} `, 'nobody@example.com', p0.email.toUpperCase(), p7.email];
      const found = await port.findByEmails?.(scope, emails);
      expect(found?.map((list) => list.map((c) => c.vendorId))).toEqual([
        [String(p0.clientId)],
        [String(p7.clientId)],
        [],
        [String(p0.clientId)],
        [String(p7.clientId)],
      ]);
      expect(t.synerise.calls(PROFILE_LOOKUP_ROUTE)).toBe(3);

      // A profile found by email is known to the request: reading it by id costs nothing more.
      await scope.customers('SYNERISE', { activities: false, customItems: false }).load(String(p0.clientId));
      expect(t.synerise.calls(PROFILE_ROUTE)).toBe(0);
    });

    it('finds by custom id, with missing ids as empty lists', async () => {
      const port = t.sources.adapter('SYNERISE').customers!;
      const scope = new RequestScope();
      const withCustomId = [...t.synerise.store.profiles.values()].filter((p) => p.customId).slice(0, 2);
      const keys = [...withCustomId.map((p) => p.customId ?? ''), 'NO-SUCH-ID', withCustomId[0]?.customId ?? ''];
      const found = await port.findByCustomIds?.(scope, keys);
      expect(found?.map((list) => list.map((c) => c.customId))).toEqual([[keys[0]], [keys[1]], [], [keys[0]]]);
      expect(t.synerise.calls(PROFILE_LOOKUP_ROUTE)).toBe(3);
    });

    it('bounds the lookups to SYNERISE_MAX_CONCURRENCY at a time', async () => {
      await withTestGateway({ only: ['synerise'], env: { SYNERISE_MAX_CONCURRENCY: '2' } }, async (bounded) => {
        const port = bounded.sources.adapter('SYNERISE').customers!;
        await port.load(new RequestScope(), ['1'], { activities: false, customItems: false }); // log in first
        bounded.synerise.latencyMs = 40;
        const emails = [...bounded.synerise.store.profiles.values()].slice(0, 8).map((p) => p.email ?? '');
        const started = performance.now();
        const found = await port.findByEmails?.(new RequestScope(), emails);
        const elapsed = performance.now() - started;
        expect(found?.every((list) => list.length === 1)).toBe(true);
        expect(bounded.synerise.calls(PROFILE_LOOKUP_ROUTE)).toBe(8);
        // Eight 40 ms lookups two at a time cannot finish in under four rounds.
        expect(elapsed).toBeGreaterThanOrEqual(4 * 40 - 5);
      });
    });
  });

  describe('writes', () => {
    it('queues a create: QUEUED and no customer, because Synerise has not made the profile yet', async () => {
      t.synerise.asyncDelayMs = 60_000;
      const email = 'queued.create@example.com';
      const res = await t.sdk.CreateCustomer({
        input: { vendor: 'SYNERISE', email, firstName: 'Queued', attributes: { city: 'Gdansk', favouriteColour: 'teal' } },
      });
      expect(res.data.createCustomer).toEqual({ __typename: 'CustomerPayload', status: 'QUEUED', customer: null });
      expect(t.synerise.calls('POST /v4/clients')).toBe(1);
      expect(t.synerise.store.find('email', email)).toBeUndefined();
      t.synerise.flushPending();
      t.synerise.asyncDelayMs = 0;
      const created = t.synerise.store.find('email', email);
      expect(created).toMatchObject({ firstName: 'Queued', city: 'Gdansk', attributes: { favouriteColour: 'teal' } });
    });

    it('refuses a create without an identifier before calling Synerise', async () => {
      const res = await t.sdk.CreateCustomer({ input: { vendor: 'SYNERISE', firstName: 'Nobody' } });
      expect(res.data.createCustomer).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'email' }] });
      expect(t.synerise.calls('POST /v4/clients')).toBe(0);
    });

    it('updates a profile and returns it as it now is', async () => {
      const id = syneriseCustomerId(20);
      const res = await t.sdk.UpdateCustomer({ input: { id, firstName: 'Renamed', attributes: { loyaltyPoints: null, note: 'gold' } } });
      expect(res.data.updateCustomer).toMatchObject({
        __typename: 'CustomerPayload',
        status: 'APPLIED',
        customer: { id, firstName: 'Renamed' },
      });
      const stored = t.synerise.store.find('id', SEED_FIRST_CLIENT_ID + 20);
      expect(stored?.firstName).toBe('Renamed');
      expect(stored?.attributes).toMatchObject({ note: 'gold' });
      expect(stored?.attributes).not.toHaveProperty('loyaltyPoints');
    });

    it('reports an email another profile owns as a ValidationError in Synerise words', async () => {
      const other = t.synerise.store.find('id', SEED_FIRST_CLIENT_ID + 21);
      const res = await t.sdk.UpdateCustomer({ input: { id: syneriseCustomerId(22), email: other?.email ?? '' } });
      expect(res.data.updateCustomer).toMatchObject({ __typename: 'ValidationError' });
      expect(JSON.stringify(res.data.updateCustomer)).toMatch(/already used/);
    });

    it('deletes a profile; reading or deleting it again is NOT_FOUND', async () => {
      const id = syneriseCustomerId(30);
      const res = await t.sdk.DeleteCustomer({ input: { id } });
      expect(res.data.deleteCustomer).toEqual({ __typename: 'DeletePayload', deletedId: id, status: 'APPLIED' });
      const again = await t.sdk.DeleteCustomer({ input: { id } });
      expect(again.data.deleteCustomer).toMatchObject({ __typename: 'NotFoundError' });
      const read = await t.post('query($id: ID!) { customer(id: $id) { id } }', { id });
      expect(read.body.data?.customer).toBeNull();
      expect(errorCodes(read.body)).toEqual(['NOT_FOUND']);
      const update = await t.sdk.UpdateCustomer({ input: { id, firstName: 'Ghost' } });
      expect(update.data.updateCustomer).toMatchObject({ __typename: 'NotFoundError' });
    });
  });

  describe('createCustomers (profile batch)', () => {
    it('splits at 1000 profiles per request and reports each item; a bad item fails alone', async () => {
      t.synerise.asyncDelayMs = 0;
      const customers = Array.from({ length: 2300 }, (_, i) => ({ email: `bulk.${i}@example.com`, firstName: `Bulk${i}` }));
      customers[5] = { email: 'not-an-email', firstName: 'Bad' }; // refused by the gateway, never sent
      customers[1500] = { ...customers[1500], attributes: { uuid: 'not-a-uuid' } } as (typeof customers)[number]; // refused by Synerise
      const res = await t.sdk.CreateCustomers({ input: { vendor: 'SYNERISE', customers } });
      const payload = res.data.createCustomers;
      if (payload.__typename !== 'CreateCustomersPayload') throw new Error(JSON.stringify(payload));
      expect(payload).toMatchObject({ failedCount: 2, queuedCount: 2298, appliedCount: 0 });
      expect(payload.results).toHaveLength(2300);
      expect(payload.results.map((r) => r.index)).toEqual(customers.map((_, i) => i));
      const failed = payload.results.filter((r) => r.error);
      expect(failed.map((r) => r.index)).toEqual([5, 1500]);
      expect(failed[0]?.error).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customers.5.email' }] });
      expect(failed[1]?.error).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customers.1500.uuid' }] });
      expect(payload.results[0]).toMatchObject({ status: 'QUEUED', customer: null, error: null });
      // 1000 + 1000 + 299, and the chunk with the refused item once more without it.
      expect(t.synerise.calls('POST /v4/clients/batch')).toBe(4);
      expect(t.synerise.store.find('email', 'bulk.0@example.com')).toBeDefined();
      expect(t.synerise.store.find('email', 'bulk.1499@example.com')).toBeDefined();
      expect(t.synerise.store.find('email', 'bulk.2299@example.com')).toBeDefined();
      expect(t.synerise.store.find('email', 'bulk.1500@example.com')).toBeUndefined();
    });

    it('keeps every request under 1 MB, splitting before 1000 items when items are large', async () => {
      const filler = 'x'.repeat(3000);
      const customers = Array.from({ length: 500 }, (_, i) => ({ email: `large.${i}@example.com`, attributes: { filler } }));
      const res = await t.sdk.CreateCustomers({ input: { vendor: 'SYNERISE', customers } });
      expect(res.data.createCustomers).toMatchObject({ __typename: 'CreateCustomersPayload', failedCount: 0, queuedCount: 500 });
      // ~1.5 MB in all: two requests, neither refused with 413.
      expect(t.synerise.calls('POST /v4/clients/batch')).toBe(2);
    });

    it('refuses an empty list as a whole', async () => {
      const res = await t.sdk.CreateCustomers({ input: { vendor: 'SYNERISE', customers: [] } });
      expect(res.data.createCustomers).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customers' }] });
    });
  });
});
