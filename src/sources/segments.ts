import type { Attributes, CustomerRecord, DeleteOutcome, SegmentGroupRecord, SegmentRecord, WriteOutcome } from '../domain/model.js';
import type { Page, PageWindow } from '../pagination/connection.js';
import type { CustomerInclude } from './customers.js';
import type { RequestScope } from './scope.js';

export interface SegmentInput {
  name?: string | null | undefined;
  groupVendorId?: string | null | undefined;
  reference?: string | null | undefined;
  calculated?: boolean | null | undefined;
  attributes?: Attributes | null | undefined;
}

export interface SegmentGroupInput {
  name?: string | null | undefined;
  calculated?: boolean | null | undefined;
  attributes?: Attributes | null | undefined;
}

export interface SegmentMembershipChange {
  customerVendorId: string;
  add: string[];
  remove: string[];
}

export interface SegmentPort {
  /** Every segment of the vendor; callers memoise it per request. */
  all(scope: RequestScope): Promise<SegmentRecord[]>;
  load(scope: RequestScope, vendorIds: readonly string[]): Promise<(SegmentRecord | Error)[]>;
  members(scope: RequestScope, segment: SegmentRecord, window: PageWindow, include: CustomerInclude): Promise<Page<CustomerRecord>>;
  /** Segment ids of a customer not embedded in the customer record. */
  segmentIdsOf?(scope: RequestScope, customer: CustomerRecord): Promise<string[]>;
  allGroups?(scope: RequestScope): Promise<SegmentGroupRecord[]>;
  loadGroups?(scope: RequestScope, vendorIds: readonly string[]): Promise<(SegmentGroupRecord | Error)[]>;
  create?(scope: RequestScope, input: SegmentInput): Promise<WriteOutcome<SegmentRecord>>;
  update?(scope: RequestScope, vendorId: string, input: SegmentInput): Promise<WriteOutcome<SegmentRecord>>;
  delete?(scope: RequestScope, vendorId: string): Promise<DeleteOutcome>;
  createGroup?(scope: RequestScope, input: SegmentGroupInput): Promise<WriteOutcome<SegmentGroupRecord>>;
  updateGroup?(scope: RequestScope, vendorId: string, input: SegmentGroupInput): Promise<WriteOutcome<SegmentGroupRecord>>;
  deleteGroup?(scope: RequestScope, vendorId: string): Promise<DeleteOutcome>;
  changeMembership?(scope: RequestScope, change: SegmentMembershipChange): Promise<WriteOutcome<CustomerRecord>>;
}
