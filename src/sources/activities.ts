import type { ActivityRecord, Attributes, CustomerRecord, DeleteOutcome, WriteOutcome } from '../domain/model.js';
import type { Page, PageWindow } from '../pagination/connection.js';
import type { BatchOutcome } from './batch.js';
import type { RequestScope } from './scope.js';

export interface ActivityFilter {
  type?: string | undefined;
  modifiedSince?: Date | undefined;
}

export interface ActivityInput {
  customerVendorId?: string | null | undefined;
  type?: string | null | undefined;
  occurredAt?: Date | null | undefined;
  attributes?: Attributes | null | undefined;
}

export interface ActivityPort {
  list?(scope: RequestScope, filter: ActivityFilter, window: PageWindow): Promise<Page<ActivityRecord>>;
  /** A customer's activities; adapters serve them from the customer's embed where they can. */
  forCustomer(scope: RequestScope, customer: CustomerRecord, window: PageWindow): Promise<Page<ActivityRecord>>;
  load?(scope: RequestScope, vendorIds: readonly string[]): Promise<(ActivityRecord | Error)[]>;
  create?(scope: RequestScope, input: ActivityInput): Promise<WriteOutcome<ActivityRecord>>;
  /** Many creates through the vendor's batch endpoint, split to its limits; one outcome per input. */
  createMany?(scope: RequestScope, inputs: readonly ActivityInput[]): Promise<BatchOutcome<ActivityRecord>>;
  update?(scope: RequestScope, vendorId: string, input: ActivityInput): Promise<WriteOutcome<ActivityRecord>>;
  delete?(scope: RequestScope, vendorId: string): Promise<DeleteOutcome>;
}
