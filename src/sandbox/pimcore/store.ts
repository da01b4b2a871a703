// In-memory state of one Pimcore CMF sandbox instance. Mutations follow what the CMF services
// do on save/delete (modification dates, deletion tombstones, relation clean-up); the HTTP layer
// only validates and shapes responses.
import { activityMd5, buildSeed, type PimcoreSeed } from './seed.js';
import type { ActivityRecord, CustomerRecord, DeletionEntityType, DeletionRecord, SegmentGroupRecord, SegmentRecord } from './types.js';

/** What tests and demos may look at; the sandbox hands out this view, not the mutable store. */
export interface PimcoreStoreView {
  readonly customers: ReadonlyMap<number, Readonly<CustomerRecord>>;
  readonly activities: ReadonlyMap<number, Readonly<ActivityRecord>>;
  readonly segments: ReadonlyMap<number, Readonly<SegmentRecord>>;
  readonly segmentGroups: ReadonlyMap<number, Readonly<SegmentGroupRecord>>;
  readonly deletions: readonly Readonly<DeletionRecord>[];
  activitiesOfCustomer(customerId: number): readonly Readonly<ActivityRecord>[];
}

export type CustomerFields = Partial<Omit<CustomerRecord, 'id' | 'creationDate' | 'modificationDate' | 'segments'>>;
export type ActivityFields = Pick<ActivityRecord, 'customerId' | 'type' | 'activityDate' | 'attributes' | 'a_id'>;
export type SegmentFields = Partial<Omit<SegmentRecord, 'id' | 'creationDate' | 'modificationDate'>>;
export type SegmentGroupFields = Partial<Omit<SegmentGroupRecord, 'id' | 'creationDate' | 'modificationDate'>>;

let cachedSeed: PimcoreSeed | undefined;

/** Seeding hashes ~16k activities; do it once per process and give every instance its own copy. */
function freshSeed(): PimcoreSeed {
  cachedSeed ??= buildSeed();
  const s = cachedSeed;
  return {
    customers: s.customers.map((c) => ({ ...c, segments: [...c.segments] })),
    activities: s.activities.map((a) => ({ ...a, attributes: { ...a.attributes } })),
    segmentGroups: s.segmentGroups.map((g) => ({ ...g })),
    segments: s.segments.map((x) => ({ ...x })),
    deletions: s.deletions.map((d) => ({ ...d })),
    nextObjectId: s.nextObjectId,
    nextActivityId: s.nextActivityId,
  };
}

function byDateThenId(a: ActivityRecord, b: ActivityRecord): number {
  return a.activityDate - b.activityDate || a.id - b.id;
}

export class PimcoreStore implements PimcoreStoreView {
  readonly customers = new Map<number, CustomerRecord>();
  readonly activities = new Map<number, ActivityRecord>();
  readonly segments = new Map<number, SegmentRecord>();
  readonly segmentGroups = new Map<number, SegmentGroupRecord>();
  readonly deletions: DeletionRecord[];
  private readonly activityIdsByCustomer = new Map<number, Set<number>>();
  private sortedActivities: ActivityRecord[] | undefined;
  private nextObjectId: number;
  private nextActivityId: number;

  constructor(seed: PimcoreSeed = freshSeed()) {
    for (const c of seed.customers) this.customers.set(c.id, c);
    for (const a of seed.activities) this.indexActivity(a);
    for (const g of seed.segmentGroups) this.segmentGroups.set(g.id, g);
    for (const s of seed.segments) this.segments.set(s.id, s);
    this.deletions = seed.deletions;
    this.nextObjectId = seed.nextObjectId;
    this.nextActivityId = seed.nextActivityId;
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** Customers ordered by id; Pimcore lists only published objects. */
  listCustomers(filter: { segmentIds?: number[]; modifiedSince?: number }): CustomerRecord[] {
    const wanted = filter.segmentIds && filter.segmentIds.length > 0 ? new Set(filter.segmentIds) : undefined;
    const out: CustomerRecord[] = [];
    for (const c of this.customers.values()) {
      if (!c.published) continue;
      if (wanted && !c.segments.some((s) => wanted.has(s))) continue;
      if (filter.modifiedSince !== undefined && c.modificationDate < filter.modifiedSince) continue;
      out.push(c);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** All activities ordered by activityDate, then id (the order the CMF export uses). */
  listActivities(filter: { type?: string; modifiedSince?: number }): ActivityRecord[] {
    this.sortedActivities ??= [...this.activities.values()].sort(byDateThenId);
    if (filter.type === undefined && filter.modifiedSince === undefined) return this.sortedActivities;
    return this.sortedActivities.filter(
      (a) =>
        (filter.type === undefined || a.type === filter.type) &&
        (filter.modifiedSince === undefined || a.modificationDate >= filter.modifiedSince),
    );
  }

  activitiesOfCustomer(customerId: number): ActivityRecord[] {
    const ids = this.activityIdsByCustomer.get(customerId);
    if (!ids) return [];
    const out: ActivityRecord[] = [];
    for (const id of ids) {
      const a = this.activities.get(id);
      if (a) out.push(a);
    }
    return out.sort(byDateThenId);
  }

  listSegments(): SegmentRecord[] {
    return [...this.segments.values()].sort((a, b) => a.id - b.id);
  }

  listSegmentGroups(): SegmentGroupRecord[] {
    return [...this.segmentGroups.values()].sort((a, b) => a.id - b.id);
  }

  segmentByReference(reference: string, groupId: number): SegmentRecord | undefined {
    for (const s of this.segments.values()) if (s.group === groupId && s.reference === reference) return s;
    return undefined;
  }

  groupByReference(reference: string, calculated: boolean): SegmentGroupRecord | undefined {
    for (const g of this.segmentGroups.values()) if (g.reference === reference && g.calculated === calculated) return g;
    return undefined;
  }

  /** Deletions of one entity type with `creationDate >= since`, oldest first. */
  listDeletions(entityType: DeletionEntityType, since: number): DeletionRecord[] {
    return this.deletions
      .filter((d) => d.entityType === entityType && d.creationDate >= since)
      .sort((a, b) => a.creationDate - b.creationDate || a.id - b.id);
  }

  // ---- customers -----------------------------------------------------------------------------

  createCustomer(fields: CustomerFields, now: number): CustomerRecord {
    const customer: CustomerRecord = {
      id: this.nextObjectId++,
      email: null,
      firstname: null,
      lastname: null,
      phone: null,
      gender: null,
      street: null,
      zip: null,
      city: null,
      countryCode: null,
      customerNumber: null,
      active: true,
      published: true,
      ...fields,
      creationDate: now,
      modificationDate: now,
      segments: [],
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  updateCustomer(customer: CustomerRecord, fields: CustomerFields, now: number): void {
    Object.assign(customer, fields);
    customer.modificationDate = now;
  }

  /** Deleting a customer removes its activities as well; both leave tombstones. */
  deleteCustomer(customer: CustomerRecord, now: number): void {
    for (const activity of this.activitiesOfCustomer(customer.id)) this.deleteActivity(activity, now);
    this.customers.delete(customer.id);
    this.activityIdsByCustomer.delete(customer.id);
    this.recordDeletion({ id: customer.id, creationDate: now, entityType: 'customers', type: null });
  }

  /** segments-of-customers: unknown ids were already dropped by the caller. */
  mergeSegments(customer: CustomerRecord, add: number[], remove: number[], now: number): void {
    const set = new Set(customer.segments);
    for (const id of add) set.add(id);
    for (const id of remove) set.delete(id);
    customer.segments = [...set].sort((a, b) => a - b);
    customer.modificationDate = now;
  }

  // ---- activities ----------------------------------------------------------------------------

  createActivity(fields: ActivityFields & { implementationClass: string }, now: number): ActivityRecord {
    const base = { ...fields, o_id: null };
    const activity: ActivityRecord = {
      id: this.nextActivityId++,
      ...base,
      md5: activityMd5(base),
      creationDate: now,
      modificationDate: now,
    };
    this.indexActivity(activity);
    return activity;
  }

  updateActivity(activity: ActivityRecord, fields: Partial<ActivityFields>, now: number): void {
    if (fields.customerId !== undefined && fields.customerId !== activity.customerId) {
      this.activityIdsByCustomer.get(activity.customerId)?.delete(activity.id);
      this.customerActivityIds(fields.customerId).add(activity.id);
    }
    Object.assign(activity, fields);
    activity.md5 = activityMd5(activity);
    activity.modificationDate = now;
    this.sortedActivities = undefined;
  }

  deleteActivity(activity: ActivityRecord, now: number): void {
    this.activities.delete(activity.id);
    this.activityIdsByCustomer.get(activity.customerId)?.delete(activity.id);
    this.sortedActivities = undefined;
    this.recordDeletion({ id: activity.id, creationDate: now, entityType: 'activities', type: activity.type });
  }

  // ---- segments and groups -------------------------------------------------------------------

  createSegment(fields: Omit<SegmentRecord, 'id' | 'creationDate' | 'modificationDate'>, now: number): SegmentRecord {
    const segment: SegmentRecord = { id: this.nextObjectId++, ...fields, creationDate: now, modificationDate: now };
    this.segments.set(segment.id, segment);
    return segment;
  }

  updateSegment(segment: SegmentRecord, fields: SegmentFields, now: number): void {
    Object.assign(segment, fields);
    segment.modificationDate = now;
  }

  /** Pimcore removes relations to a deleted object, so customers lose the segment. */
  deleteSegment(segment: SegmentRecord): void {
    this.segments.delete(segment.id);
    for (const c of this.customers.values()) {
      if (c.segments.includes(segment.id)) c.segments = c.segments.filter((s) => s !== segment.id);
    }
  }

  createSegmentGroup(fields: Omit<SegmentGroupRecord, 'id' | 'creationDate' | 'modificationDate'>, now: number): SegmentGroupRecord {
    const group: SegmentGroupRecord = { id: this.nextObjectId++, ...fields, creationDate: now, modificationDate: now };
    this.segmentGroups.set(group.id, group);
    return group;
  }

  updateSegmentGroup(group: SegmentGroupRecord, fields: SegmentGroupFields, now: number): void {
    Object.assign(group, fields);
    group.modificationDate = now;
  }

  /** Segments live below their group in the Pimcore object tree, so they go with it. */
  deleteSegmentGroup(group: SegmentGroupRecord): void {
    for (const s of [...this.segments.values()]) if (s.group === group.id) this.deleteSegment(s);
    this.segmentGroups.delete(group.id);
  }

  // ---- internals -----------------------------------------------------------------------------

  private indexActivity(activity: ActivityRecord): void {
    this.activities.set(activity.id, activity);
    this.customerActivityIds(activity.customerId).add(activity.id);
    this.sortedActivities = undefined;
  }

  private customerActivityIds(customerId: number): Set<number> {
    let ids = this.activityIdsByCustomer.get(customerId);
    if (!ids) {
      ids = new Set();
      this.activityIdsByCustomer.set(customerId, ids);
    }
    return ids;
  }

  /** The CMF upserts tombstones keyed by (id, entityType). */
  private recordDeletion(entry: DeletionRecord): void {
    const existing = this.deletions.findIndex((d) => d.id === entry.id && d.entityType === entry.entityType);
    if (existing >= 0) this.deletions.splice(existing, 1);
    this.deletions.push(entry);
  }
}
