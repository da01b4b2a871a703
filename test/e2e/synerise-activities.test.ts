// A profile's events as Customer.activities: the vendor's opaque cursor carried in the connection
// cursor, and events recorded one at a time or in batches (asynchronous at Synerise: QUEUED).
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { SEED_FIRST_CLIENT_ID } from '../../src/sandbox/synerise/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';
import { EVENTS_ROUTE, syneriseCustomerId } from '../support/synerise.js';

/** Person 1 carries 250 events, more than two pages of 100. */
const HEAVY = 1;
const HEAVY_CLIENT_ID = SEED_FIRST_CLIENT_ID + HEAVY;

describe('Synerise activities', () => {
  const t = useTestGateway({ only: ['synerise'] });
  beforeEach(() => {
    t.synerise.resetCalls();
    t.synerise.asyncDelayMs = 0;
  });

  describe('Customer.activities', () => {
    it('walks all events oldest first, one vendor call per page, following the vendor cursor', async () => {
      const expected = t.synerise.store.eventsOf(HEAVY_CLIENT_ID);
      expect(expected).toHaveLength(250);
      const seen: string[] = [];
      const flags: boolean[] = [];
      let after: string | null | undefined;
      for (let page = 0; page < 5; page++) {
        const res = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 100, after });
        const conn = res.data.customer?.activities;
        if (!conn) throw new Error(JSON.stringify(res.errors));
        expect(conn.totalCount).toBeNull();
        seen.push(...conn.edges.map((e) => e.node.type));
        flags.push(conn.pageInfo.hasNextPage);
        after = conn.pageInfo.endCursor;
        if (!conn.pageInfo.hasNextPage) break;
      }
      expect(flags).toEqual([true, true, false]);
      expect(seen).toEqual(expected.map((e) => e.action));
      // Three pages, three calls (plus one profile read per page for `customer(id)`).
      expect(t.synerise.calls(EVENTS_ROUTE)).toBe(3);
    });

    it('costs one events call per customer for a page of customers, and one segmentation list', async () => {
      const res = await t.sdk.CustomersWithRelations({ vendor: 'SYNERISE', first: 20 });
      const edges = res.data.customers?.edges ?? [];
      // Synerise cannot list a profile's segments: each `segments` is null with UNSUPPORTED_OPERATION.
      expect(new Set(res.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['UNSUPPORTED_OPERATION']));
      expect(res.errors?.every((e) => e.path?.at(-1) === 'segments')).toBe(true);
      expect(edges).toHaveLength(20);
      const counts = edges.map((e) => e.node.activities?.edges.length);
      expect(counts).toEqual(edges.map((_, i) => Math.min(5, t.synerise.store.eventsOf(SEED_FIRST_CLIENT_ID + i).length)));
      expect(t.synerise.calls(EVENTS_ROUTE)).toBe(20);
      expect(t.synerise.calls('GET /v4/clients')).toBe(1);
      // No read of a profile's segments exists at Synerise, so no segment call is made either.
      expect(t.synerise.calls()).toBe(
        t.synerise.calls(EVENTS_ROUTE) + t.synerise.calls('GET /v4/clients') + t.synerise.calls('POST /uauth/v2/auth/login/profile'),
      );
      expect(edges.every((e) => e.node.segments === null)).toBe(true);
    });

    it('refuses a forged cursor that would skip through the whole history', async () => {
      const page = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 2 });
      const cursor = page.data.customer?.activities?.edges[0]?.cursor ?? '';
      const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c: string };
      const forged = Buffer.from(JSON.stringify({ ...state, c: JSON.stringify({ t: null, k: 1_000_000_000 }) })).toString('base64url');
      t.synerise.resetCalls();
      const res = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 5, after: forged });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(t.synerise.calls(EVENTS_ROUTE)).toBe(0);
    });

    it('continues after any edge, not only the last one of a page', async () => {
      const full = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 40 });
      const edges = full.data.customer?.activities?.edges ?? [];
      const middle = edges[9]?.cursor;
      const res = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 5, after: middle });
      expect(res.data.customer?.activities?.edges.map((e) => e.node.id)).toEqual(edges.slice(10, 15).map((e) => e.node.id));
      expect(res.data.customer?.activities?.pageInfo.hasNextPage).toBe(true);
    });

    it('pages a profile with few events in one call and ends exactly', async () => {
      const quiet = [...t.synerise.store.profiles.values()].find((p) => t.synerise.store.eventsOf(p.clientId).length === 3);
      if (!quiet) throw new Error('seed changed');
      const res = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(String(quiet.clientId)), first: 3 });
      expect(res.data.customer?.activities?.edges).toHaveLength(3);
      expect(res.data.customer?.activities?.pageInfo.hasNextPage).toBe(false);
      expect(t.synerise.calls(EVENTS_ROUTE)).toBe(1);
    });

    it('refuses a cursor from another customer', async () => {
      const first = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 2 });
      const res = await t.sdk.CustomerActivitiesPage({
        id: syneriseCustomerId(51),
        first: 2,
        after: first.data.customer?.activities?.pageInfo.endCursor,
      });
      expect(res.data.customer?.activities).toBeNull();
      expect(errorCodes({ errors: res.errors as never })).toEqual(['BAD_USER_INPUT']);
    });

    it('finds an activity again by its id', async () => {
      const page = await t.sdk.CustomerActivitiesPage({ id: syneriseCustomerId(HEAVY), first: 3 });
      const edge = page.data.customer?.activities?.edges[2];
      const res = await t.sdk.NodeById({ id: edge?.node.id ?? '' });
      expect(res.data.node).toMatchObject({ __typename: 'Activity', id: edge?.node.id, type: edge?.node.type });
      const missing = await t.sdk.NodeById({ id: globalId('Activity', 'SYNERISE', `${HEAVY_CLIENT_ID}:1:1`) });
      expect(missing.data.node).toBeNull();
      expect(errorCodes({ errors: missing.errors as never })).toEqual(['NOT_FOUND']);
    });
  });

  describe('recordActivity', () => {
    it('queues the event: QUEUED with no activity, visible at Synerise once processed', async () => {
      t.synerise.asyncDelayMs = 60_000;
      const customer = 40;
      const clientId = SEED_FIRST_CLIENT_ID + customer;
      const before = t.synerise.store.eventsOf(clientId).length;
      const res = await t.sdk.RecordActivity({
        input: {
          customerId: syneriseCustomerId(customer),
          type: 'newsletter.signup',
          occurredAt: '2025-03-01T10:00:00.000Z',
          attributes: { listId: 'weekly', source: 'APP' },
        },
      });
      expect(res.data.recordActivity).toEqual({ __typename: 'ActivityPayload', status: 'QUEUED', activity: null });
      expect(t.synerise.calls('POST /v4/events/custom')).toBe(1);
      expect(t.synerise.store.eventsOf(clientId)).toHaveLength(before);
      t.synerise.flushPending();
      const events = t.synerise.store.eventsOf(clientId);
      expect(events).toHaveLength(before + 1);
      const recorded = events.find((e) => e.action === 'newsletter.signup' && e.time === Date.parse('2025-03-01T10:00:00.000Z'));
      expect(recorded?.params).toEqual({ listId: 'weekly', source: 'APP' });
    });

    it('says NOT_FOUND for a customer Synerise does not have, instead of letting its queue drop the event', async () => {
      const res = await t.sdk.RecordActivity({ input: { customerId: syneriseCustomerId('999'), type: 'newsletter.signup' } });
      expect(res.data.recordActivity).toMatchObject({ __typename: 'NotFoundError' });
      expect(t.synerise.calls('POST /v4/events/custom')).toBe(0);
    });

    it('validates the input field by field before anything is sent', async () => {
      const res = await t.sdk.RecordActivity({ input: { customerId: syneriseCustomerId(1), type: '  ', attributes: [1, 2] } });
      expect(res.data.recordActivity).toMatchObject({ __typename: 'ValidationError' });
      const fields =
        res.data.recordActivity.__typename === 'ValidationError' ? res.data.recordActivity.fields.map((f) => f.field).sort() : [];
      expect(fields).toEqual(['attributes', 'type']);
      const wrongType = await t.sdk.RecordActivity({ input: { customerId: globalId('Segment', 'SYNERISE', 'x'), type: 'a.b' } });
      expect(wrongType.data.recordActivity).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customerId' }] });
      expect(t.synerise.calls()).toBe(0);
    });
  });

  describe('recordActivities (event batch)', () => {
    it('splits at 1000 events per request and reports each item', async () => {
      const people = [60, 61, 62];
      const activities = Array.from({ length: 2300 }, (_, i) => ({
        customerId: syneriseCustomerId(people[i % 3] ?? 60),
        type: 'bulk.event',
        occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
        attributes: { n: i },
      }));
      activities[7] = { ...activities[7], customerId: 'not-an-id' } as (typeof activities)[number];
      activities[8] = { ...activities[8], customerId: globalId('Customer', 'PIMCORE', '1') } as (typeof activities)[number];
      const before = people.map((p) => t.synerise.store.eventsOf(SEED_FIRST_CLIENT_ID + p).length);
      const res = await t.sdk.RecordActivities({ input: { activities } });
      const payload = res.data.recordActivities;
      if (payload.__typename !== 'RecordActivitiesPayload') throw new Error(JSON.stringify(payload));
      expect(payload).toMatchObject({ queuedCount: 2298, failedCount: 2, appliedCount: 0 });
      expect(payload.results.filter((r) => r.error).map((r) => [r.index, r.error?.__typename])).toEqual([
        [7, 'ValidationError'],
        [8, 'ValidationError'],
      ]);
      expect(JSON.stringify(payload.results[8]?.error)).toMatch(/PIMCORE is not configured/);
      expect(payload.results[0]).toMatchObject({ index: 0, status: 'QUEUED', activity: null, error: null });
      // 2298 events in requests of at most 1000, all identified by clientId (one identifier type).
      expect(t.synerise.calls('POST /v4/events/batch')).toBe(3);
      const after = people.map((p) => t.synerise.store.eventsOf(SEED_FIRST_CLIENT_ID + p).length);
      expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBe(2298);
    });

    it('fails only the items of a chunk Synerise could not take, and says whether to retry', async () => {
      t.synerise.injectFault({ route: 'POST /v4/events/batch', status: 503, times: 1 });
      const activities = Array.from({ length: 1200 }, (_, i) => ({
        customerId: syneriseCustomerId(70),
        type: 'bulk.retry',
        attributes: { n: i },
      }));
      const res = await t.sdk.RecordActivities({ input: { activities } });
      t.synerise.clearFaults();
      const payload = res.data.recordActivities;
      if (payload.__typename !== 'RecordActivitiesPayload') throw new Error(JSON.stringify(payload));
      expect(payload).toMatchObject({ failedCount: 1000, queuedCount: 200 });
      expect(payload.results[0]?.error).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE', retryable: true });
      expect(payload.results[1000]).toMatchObject({ status: 'QUEUED', error: null });
    });
  });
});
