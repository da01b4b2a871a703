// Synerise segmentations as Segments: which ones and their names from SYNERISE_SEGMENTATIONS (the
// reference has no call that lists or names them), members from the documented
// `GET /crm/v1/segmentations/{UUID}/clients` with their counts as totalCount. No segment groups.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { SEGMENTATION_IDS } from '../../src/sandbox/synerise/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';
import { LOGIN_ROUTE } from '../support/synerise.js';

const MEMBERS_ROUTE = 'GET /crm/v1/segmentations/{UUID}/clients';

/** The Segment branch of a `node` answer (SegmentMembers selects no __typename). */
function asSegment<N extends object>(node: N | null | undefined): Extract<N, { customers?: unknown }> | undefined {
  return node && 'customers' in node ? (node as Extract<N, { customers?: unknown }>) : undefined;
}

describe('Synerise segments', () => {
  const t = useTestGateway({ only: ['synerise'] });
  beforeEach(() => t.synerise.resetCalls());

  it('lists the configured segmentations with their names, without calling Synerise', async () => {
    const res = await t.sdk.SegmentList({ vendor: 'SYNERISE' });
    // Demo and tests configure the sandbox's seeded segmentations, as a deployment copies its own.
    expect(res.data.segments?.map((s) => [s.vendorId, s.name])).toEqual(t.synerise.segmentations.map((s) => [s.id, s.name]));
    expect(res.data.segments?.[0]).toMatchObject({
      vendor: 'SYNERISE',
      vendorId: SEGMENTATION_IDS.newsletter,
      name: 'Newsletter subscribers',
      reference: null,
      calculated: null,
      attributes: {},
    });
    expect(t.synerise.calls()).toBe(0);
  });

  it('reads a configured segment by id, and an unconfigured one is null plus NOT_FOUND, without calling Synerise', async () => {
    const res = await t.sdk.NodeById({ id: globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.vip) });
    expect(res.data.node).toMatchObject({ __typename: 'Segment', name: 'VIP customers', vendorId: SEGMENTATION_IDS.vip });
    const missing = await t.sdk.NodeById({ id: globalId('Segment', 'SYNERISE', '00000000-0000-4000-8000-000000000000') });
    expect(missing.data.node).toBeNull();
    expect(errorCodes({ errors: missing.errors as never })).toEqual(['NOT_FOUND']);
    expect(t.synerise.calls()).toBe(0);
  });

  it('asks the documented members path with limit and offset only', async () => {
    const id = globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.vip);
    const first = asSegment((await t.sdk.SegmentMembers({ id, first: 20 })).data.node)?.customers;
    await t.sdk.SegmentMembers({ id, first: 30, after: first?.pageInfo.endCursor });
    expect(t.synerise.calls(MEMBERS_ROUTE)).toBe(2);
    expect(Object.fromEntries(t.synerise.lastQuery(MEMBERS_ROUTE) ?? [])).toEqual({ limit: '30', offset: '20' });
    expect(t.synerise.calls()).toBe(2 + t.synerise.calls(LOGIN_ROUTE));
  });

  it('pages members by offset with the member count as totalCount', async () => {
    const vip = t.synerise.store.segmentations.get(SEGMENTATION_IDS.vip);
    const members = vip ? t.synerise.store.membersOf(vip).map((p) => String(p.clientId)) : [];
    expect(members.length).toBeGreaterThan(25);
    const id = globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.vip);
    const first = await t.sdk.SegmentMembers({ id, first: 20 });
    const seg = asSegment(first.data.node);
    expect(seg?.customers?.totalCount).toBe(members.length);
    expect(seg?.customers?.pageInfo.hasNextPage).toBe(true);
    const all = (seg?.customers?.edges ?? []).map((e) => e.node.vendorId);
    let after = seg?.customers?.pageInfo.endCursor;
    let calls = 1;
    for (let more = true; more && calls < 10; calls++) {
      const next = asSegment((await t.sdk.SegmentMembers({ id, first: 50, after })).data.node)?.customers;
      all.push(...(next?.edges ?? []).map((e) => e.node.vendorId));
      after = next?.pageInfo.endCursor;
      more = next?.pageInfo.hasNextPage ?? false;
    }
    expect(all).toEqual(members);
    expect(t.synerise.calls(MEMBERS_ROUTE)).toBe(calls);
    expect(calls).toBe(1 + Math.ceil((members.length - 20) / 50));
  });

  it('has an empty segment with totalCount 0', async () => {
    const res = await t.sdk.SegmentMembers({ id: globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.winback), first: 10 });
    const seg = asSegment(res.data.node);
    expect(seg?.customers).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
  });

  it('says segment groups are not something Synerise has', async () => {
    const res = await t.post('{ segmentGroups(vendor: SYNERISE) { id } }');
    expect(res.body.data?.segmentGroups).toBeNull();
    expect(errorCodes(res.body)).toEqual(['UNSUPPORTED_OPERATION']);
  });
});
