import { beforeEach, describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });
beforeEach(() => t.pimcore.resetCalls());

const gid = (type: string, id: string | number) => Buffer.from(`${type}:PIMCORE:${id}`).toString('base64url');
const writes = () =>
  ['POST', 'PATCH', 'DELETE'].reduce(
    (n, m) =>
      n +
      Object.entries(t.pimcore.callCounts())
        .filter(([k]) => k.startsWith(`${m} `))
        .reduce((a, [, v]) => a + v, 0),
    0,
  );

describe('customer mutations', () => {
  it('creates, updates and deletes a customer', async () => {
    const created = await t.sdk.CreateCustomer({
      input: {
        vendor: 'PIMCORE',
        email: 'new.person@example.com',
        firstName: 'New',
        lastName: 'Person',
        customId: 'CUST-900001',
        attributes: { city: 'Oslo' },
      },
    });
    const c = created.data.createCustomer;
    if (c.__typename !== 'CustomerPayload') throw new Error(`unexpected ${c.__typename}`);
    expect(c.status).toBe('APPLIED');
    expect(c.customer?.email).toBe('new.person@example.com');
    expect(c.customer?.customId).toBe('CUST-900001');
    const stored = t.pimcore.store.customers.get(Number(c.customer?.vendorId));
    expect(stored?.email).toBe('new.person@example.com');
    expect(stored?.city).toBe('Oslo');

    const updated = await t.sdk.UpdateCustomer({ input: { id: c.customer?.id ?? '', lastName: 'Renamed' } });
    expect(updated.data.updateCustomer.__typename).toBe('CustomerPayload');
    expect(t.pimcore.store.customers.get(Number(c.customer?.vendorId))?.lastname).toBe('Renamed');
    expect(t.pimcore.store.customers.get(Number(c.customer?.vendorId))?.firstname).toBe('New');

    const deleted = await t.sdk.DeleteCustomer({ input: { id: c.customer?.id ?? '' } });
    expect(deleted.data.deleteCustomer).toMatchObject({ __typename: 'DeletePayload', deletedId: c.customer?.id, status: 'APPLIED' });
    expect(t.pimcore.store.customers.has(Number(c.customer?.vendorId))).toBe(false);
  });

  it('rejects a bad email and a customer without identity, writing nothing', async () => {
    const res = await t.sdk.CreateCustomer({ input: { vendor: 'PIMCORE', email: 'not-an-email', firstName: 'X' } });
    expect(res.data.createCustomer).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'email' }] });
    const none = await t.sdk.CreateCustomer({ input: { vendor: 'PIMCORE', firstName: 'X' } });
    expect(none.data.createCustomer).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'email' }] });
    expect(writes()).toBe(0);
  });

  it('reports a missing customer on update and delete as NotFoundError', async () => {
    const upd = await t.sdk.UpdateCustomer({ input: { id: gid('Customer', 987654), firstName: 'Nobody' } });
    expect(upd.data.updateCustomer.__typename).toBe('NotFoundError');
    const del = await t.sdk.DeleteCustomer({ input: { id: gid('Customer', 987654) } });
    expect(del.data.deleteCustomer.__typename).toBe('NotFoundError');
  });

  it('rejects an ID of the wrong type as a ValidationError on the field', async () => {
    const res = await t.sdk.UpdateCustomer({ input: { id: gid('Segment', 2101), firstName: 'X' } });
    expect(res.data.updateCustomer).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'id' }] });
    expect(writes()).toBe(0);
  });
});

describe('activity mutations', () => {
  it('creates, updates and deletes an activity', async () => {
    const created = await t.sdk.CreateActivity({
      input: { customerId: gid('Customer', 2), type: 'order', occurredAt: '2026-01-02T03:04:05Z', attributes: { total: 42 } },
    });
    const a = created.data.createActivity;
    if (a.__typename !== 'ActivityPayload') throw new Error(`unexpected ${a.__typename}: ${JSON.stringify(a)}`);
    expect(a.activity).toMatchObject({
      type: 'order',
      occurredAt: '2026-01-02T03:04:05.000Z',
      attributes: { total: 42 },
      customer: { id: gid('Customer', 2) },
    });
    const updated = await t.sdk.UpdateActivity({ input: { id: a.activity?.id ?? '', attributes: { total: 43 } } });
    expect(updated.data.updateActivity).toMatchObject({ __typename: 'ActivityPayload', activity: { attributes: { total: 43 } } });
    const deleted = await t.sdk.DeleteActivity({ input: { id: a.activity?.id ?? '' } });
    expect(deleted.data.deleteActivity.__typename).toBe('DeletePayload');
    expect(t.pimcore.store.activities.has(Number(a.activity?.vendorId))).toBe(false);
  });

  it('rejects an activity without a customer or type, writing nothing', async () => {
    const noCustomer = await t.sdk.CreateActivity({ input: { type: 'order' } });
    expect(noCustomer.data.createActivity).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'customerId' }] });
    const noType = await t.sdk.CreateActivity({ input: { customerId: gid('Customer', 2) } });
    expect(noType.data.createActivity).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'type' }] });
    expect(writes()).toBe(0);
  });

  it('rejects an activity for a customer that does not exist', async () => {
    const res = await t.sdk.CreateActivity({ input: { customerId: gid('Customer', 987654), type: 'order' } });
    expect(res.data.createActivity.__typename).toBe('ValidationError');
    expect(t.pimcore.calls('POST /activities')).toBe(1);
  });
});

describe('segment and group mutations', () => {
  it('creates, updates and deletes a group and a segment in it', async () => {
    const g = await t.sdk.CreateSegmentGroup({ input: { vendor: 'PIMCORE', name: 'Campaigns', calculated: false } });
    const group = g.data.createSegmentGroup;
    if (group.__typename !== 'SegmentGroupPayload') throw new Error(`unexpected ${group.__typename}`);
    expect(group.segmentGroup?.name).toBe('Campaigns');
    const s = await t.sdk.CreateSegment({
      input: { vendor: 'PIMCORE', name: 'Spring sale', groupId: group.segmentGroup?.id ?? '', reference: 'spring' },
    });
    const segment = s.data.createSegment;
    if (segment.__typename !== 'SegmentPayload') throw new Error(`unexpected ${segment.__typename}: ${JSON.stringify(segment)}`);
    expect(segment.segment).toMatchObject({ name: 'Spring sale', reference: 'spring', group: { id: group.segmentGroup?.id } });
    const renamed = await t.sdk.UpdateSegment({ input: { id: segment.segment?.id ?? '', name: 'Spring sale 2026' } });
    expect(renamed.data.updateSegment).toMatchObject({ __typename: 'SegmentPayload', segment: { name: 'Spring sale 2026' } });
    const regrouped = await t.sdk.UpdateSegmentGroup({ input: { id: group.segmentGroup?.id ?? '', name: 'Campaigns 2026' } });
    expect(regrouped.data.updateSegmentGroup).toMatchObject({
      __typename: 'SegmentGroupPayload',
      segmentGroup: { name: 'Campaigns 2026' },
    });
    expect((await t.sdk.DeleteSegment({ input: { id: segment.segment?.id ?? '' } })).data.deleteSegment.__typename).toBe('DeletePayload');
    expect((await t.sdk.DeleteSegmentGroup({ input: { id: group.segmentGroup?.id ?? '' } })).data.deleteSegmentGroup.__typename).toBe(
      'DeletePayload',
    );
    expect(t.pimcore.store.segmentGroups.has(Number(group.segmentGroup?.vendorId))).toBe(false);
  });

  it('rejects a segment without a group or with an unknown group, writing nothing', async () => {
    const noGroup = await t.sdk.CreateSegment({ input: { vendor: 'PIMCORE', name: 'Orphan' } });
    expect(noGroup.data.createSegment).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'groupId' }] });
    const unknown = await t.sdk.CreateSegment({ input: { vendor: 'PIMCORE', name: 'Orphan', groupId: gid('SegmentGroup', 424242) } });
    expect(unknown.data.createSegment).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'groupId', message: 'no such segment group' }],
    });
    const noName = await t.sdk.CreateSegmentGroup({ input: { vendor: 'PIMCORE' } });
    expect(noName.data.createSegmentGroup).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'name' }] });
    expect(t.pimcore.calls('POST /segments')).toBe(0);
    expect(t.pimcore.calls('POST /segment-groups')).toBe(0);
  });

  it('rejects an update of a segment that does not exist', async () => {
    const res = await t.sdk.UpdateSegment({ input: { id: gid('Segment', 777777), name: 'x' } });
    expect(res.data.updateSegment.__typename).toBe('NotFoundError');
    const grp = await t.sdk.UpdateSegmentGroup({ input: { id: gid('SegmentGroup', 777777), name: 'x' } });
    expect(grp.data.updateSegmentGroup.__typename).toBe('NotFoundError');
  });
});

describe('updateCustomerSegments', () => {
  it('adds and removes memberships', async () => {
    const before = [...(t.pimcore.store.customers.get(5)?.segments ?? [])].map(String);
    const toAdd = [...t.pimcore.store.segments.keys()].map(String).find((s) => !before.includes(s)) ?? '';
    const toRemove = before[0] ?? '';
    const res = await t.sdk.UpdateCustomerSegments({
      input: { customerId: gid('Customer', 5), add: [gid('Segment', toAdd)], remove: [gid('Segment', toRemove)] },
    });
    const payload = res.data.updateCustomerSegments;
    if (payload.__typename !== 'CustomerSegmentsPayload') throw new Error(`unexpected ${payload.__typename}`);
    const after = payload.customer?.segments?.map((s) => s.vendorId) ?? [];
    expect(after).toContain(toAdd);
    expect(after).not.toContain(toRemove);
  });

  it('reports unknown segment ids instead of dropping them, and changes nothing', async () => {
    const before = [...(t.pimcore.store.customers.get(6)?.segments ?? [])];
    const known = [...t.pimcore.store.segments.keys()][0] ?? 0;
    const res = await t.sdk.UpdateCustomerSegments({
      input: { customerId: gid('Customer', 6), add: [gid('Segment', known), gid('Segment', 999001)], remove: [gid('Segment', 999002)] },
    });
    expect(res.data.updateCustomerSegments).toMatchObject({
      __typename: 'ValidationError',
      fields: [
        { field: 'add.1', message: 'segment 999001 does not exist' },
        { field: 'remove.0', message: 'segment 999002 does not exist' },
      ],
    });
    expect(t.pimcore.calls('POST /segments-of-customers')).toBe(0);
    expect(t.pimcore.store.customers.get(6)?.segments).toEqual(before);
  });

  it('reports a missing customer as NotFoundError', async () => {
    const known = [...t.pimcore.store.segments.keys()][0] ?? 0;
    const res = await t.sdk.UpdateCustomerSegments({ input: { customerId: gid('Customer', 987654), add: [gid('Segment', known)] } });
    expect(res.data.updateCustomerSegments.__typename).toBe('NotFoundError');
  });
});

describe('every mutation refuses bad input with a ValidationError and writes nothing', () => {
  const wrongType = gid('Deletion', 'CUSTOMER:1:1');
  const cases: [string, () => Promise<{ __typename: string; fields?: { field: string }[] }>, string][] = [
    [
      'updateCustomer',
      async () => (await t.sdk.UpdateCustomer({ input: { id: gid('Customer', 3), email: 'nope' } })).data.updateCustomer,
      'email',
    ],
    ['deleteCustomer', async () => (await t.sdk.DeleteCustomer({ input: { id: wrongType } })).data.deleteCustomer, 'id'],
    [
      'updateActivity',
      async () => (await t.sdk.UpdateActivity({ input: { id: gid('Activity', 1), type: '   ' } })).data.updateActivity,
      'type',
    ],
    ['deleteActivity', async () => (await t.sdk.DeleteActivity({ input: { id: 'not-an-id' } })).data.deleteActivity, 'id'],
    [
      'updateSegment',
      async () => (await t.sdk.UpdateSegment({ input: { id: gid('Segment', 2101), name: '' } })).data.updateSegment,
      'name',
    ],
    ['deleteSegment', async () => (await t.sdk.DeleteSegment({ input: { id: gid('Customer', 1) } })).data.deleteSegment, 'id'],
    [
      'updateSegmentGroup',
      async () => (await t.sdk.UpdateSegmentGroup({ input: { id: gid('SegmentGroup', 2001), name: '' } })).data.updateSegmentGroup,
      'name',
    ],
    [
      'deleteSegmentGroup',
      async () => (await t.sdk.DeleteSegmentGroup({ input: { id: gid('Segment', 2101) } })).data.deleteSegmentGroup,
      'id',
    ],
  ];
  it.each(cases)('%s', async (_name, run, field) => {
    t.pimcore.resetCalls();
    const result = await run();
    expect(result.__typename).toBe('ValidationError');
    expect(result.fields?.map((f) => f.field)).toContain(field);
    expect(writes()).toBe(0);
  });
});
