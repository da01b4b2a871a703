// Synerise segmentations as Segments: names from the definitions API, members from the CRM with
// their counts as totalCount. Synerise has no segment groups.
import { beforeEach, describe, expect, it } from 'vitest';
import { globalId } from '../../src/ids.js';
import { SEGMENTATION_IDS } from '../../src/sandbox/synerise/index.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const LIST_ROUTE = 'GET /analytics-backend/analytics/definitions-manager/segmentations';
const GET_ROUTE = 'GET /analytics-backend/analytics/definitions-manager/segmentations/{UUID}';
const MEMBERS_ROUTE = 'GET /crm/v1/segmentations/{UUID}/clients';

/** The Segment branch of a `node` answer (SegmentMembers selects no __typename). */
function asSegment<N extends object>(node: N | null | undefined): Extract<N, { customers?: unknown }> | undefined {
  return node && 'customers' in node ? (node as Extract<N, { customers?: unknown }>) : undefined;
}

describe('Synerise segments', () => {
  const t = useTestGateway({ only: ['synerise'] });
  beforeEach(() => t.synerise.resetCalls());

  it('lists every segmentation with its name in one call', async () => {
    const res = await t.sdk.SegmentList({ vendor: 'SYNERISE' });
    const names = [...t.synerise.store.segmentations.values()].map((s) => s.name);
    expect(res.data.segments?.map((s) => s.name)).toEqual(names);
    expect(res.data.segments?.[0]).toMatchObject({
      vendor: 'SYNERISE',
      vendorId: SEGMENTATION_IDS.newsletter,
      reference: null,
      calculated: null,
    });
    expect(res.data.segments?.[0]?.attributes).toMatchObject({ description: 'Profiles with the email marketing agreement' });
    expect(t.synerise.calls(LIST_ROUTE)).toBe(1);
  });

  it('reads a segment by id, and a missing one is null plus NOT_FOUND', async () => {
    const res = await t.sdk.NodeById({ id: globalId('Segment', 'SYNERISE', SEGMENTATION_IDS.vip) });
    expect(res.data.node).toMatchObject({ __typename: 'Segment', name: 'VIP customers', vendorId: SEGMENTATION_IDS.vip });
    const missing = await t.sdk.NodeById({ id: globalId('Segment', 'SYNERISE', '00000000-0000-4000-8000-000000000000') });
    expect(missing.data.node).toBeNull();
    expect(errorCodes({ errors: missing.errors as never })).toEqual(['NOT_FOUND']);
    expect(t.synerise.calls(GET_ROUTE)).toBe(2);
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
