// Wire shapes: what the CMF handlers' hydrate*() methods put into `data`.
import { type PimcoreContext, selfLinks } from './responses.js';
import type { PimcoreStore } from './store.js';
import type { ActivityRecord, CustomerRecord, SegmentGroupRecord, SegmentRecord } from './types.js';

/** `getActivityDataForCustomer()` selects fewer columns than the activities export: no customerId, implementationClass or links. */
function embeddedActivity(a: ActivityRecord): Record<string, unknown> {
  return {
    id: a.id,
    activityDate: a.activityDate,
    type: a.type,
    o_id: a.o_id,
    a_id: a.a_id,
    md5: a.md5,
    creationDate: a.creationDate,
    modificationDate: a.modificationDate,
    attributes: { ...a.attributes },
  };
}

export function hydrateCustomer(
  ctx: PimcoreContext,
  store: PimcoreStore,
  c: CustomerRecord,
  includeActivities: boolean,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: c.id,
    email: c.email,
    firstname: c.firstname,
    lastname: c.lastname,
    phone: c.phone,
    gender: c.gender,
    street: c.street,
    zip: c.zip,
    city: c.city,
    countryCode: c.countryCode,
    [ctx.customerIdField]: c.customerNumber,
    active: c.active,
    published: c.published,
    creationDate: c.creationDate,
    modificationDate: c.modificationDate,
    segments: [...c.segments],
  };
  if (includeActivities) data.activities = store.activitiesOfCustomer(c.id).map(embeddedActivity);
  data._links = selfLinks(ctx, 'customers', c.id);
  return data;
}

export function hydrateActivity(ctx: PimcoreContext, a: ActivityRecord): Record<string, unknown> {
  return {
    id: a.id,
    customerId: a.customerId,
    activityDate: a.activityDate,
    type: a.type,
    implementationClass: a.implementationClass,
    attributes: { ...a.attributes },
    md5: a.md5,
    creationDate: a.creationDate,
    modificationDate: a.modificationDate,
    o_id: a.o_id,
    a_id: a.a_id,
    _links: selfLinks(ctx, 'activities', a.id),
  };
}

export function hydrateSegment(ctx: PimcoreContext, s: SegmentRecord): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    reference: s.reference,
    group: s.group,
    calculated: s.calculated,
    useAsTargetGroup: s.useAsTargetGroup,
    targetGroup: s.targetGroup,
    creationDate: s.creationDate,
    modificationDate: s.modificationDate,
    _links: selfLinks(ctx, 'segments', s.id),
  };
}

/** `withLinks: false` is the create answer, which upstream builds with ObjectToArray only. */
export function hydrateSegmentGroup(ctx: PimcoreContext, g: SegmentGroupRecord, withLinks = true): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: g.id,
    name: g.name,
    reference: g.reference,
    calculated: g.calculated,
    showAsFilter: g.showAsFilter,
    exportNewsletterProvider: g.exportNewsletterProvider,
    creationDate: g.creationDate,
    modificationDate: g.modificationDate,
  };
  if (withLinks) data._links = selfLinks(ctx, 'segment-groups', g.id);
  return data;
}
