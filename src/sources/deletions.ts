import type { DeletedEntityType, DeletionRecord } from '../domain/model.js';
import type { RequestScope } from './scope.js';

export interface DeletionPort {
  /** The vendor's tombstone feed since a point in time (not paginated by the vendor). */
  since(scope: RequestScope, entityType: DeletedEntityType, since: Date | undefined): Promise<DeletionRecord[]>;
}
