// /deletions: tombstones for customers and activities (DeletionsHandler). Not paginated.
import type { SandboxRoute } from '../harness.js';
import { msgResponse, type PimcoreContext, phpInt } from './responses.js';
import type { PimcoreStore } from './store.js';

export function deletionRoutes(ctx: PimcoreContext, store: PimcoreStore): SandboxRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/deletions',
      handler: (req) => {
        const entityType = req.query.get('entityType');
        if (!entityType) return msgResponse('parameter entityType is required');
        if (entityType !== 'activities' && entityType !== 'customers') return msgResponse('entityType must be activities or customers');
        // `creationDate >= since`; a missing or non-numeric value reads as 0, i.e. everything.
        // Upstream has no ORDER BY; oldest first is what a sync client would expect (assumed).
        const data = store.listDeletions(entityType, phpInt(req.query.get('deletionsSinceTimestamp'))).map((d) => ({ ...d }));
        return { status: 200, body: { data, success: true, timestamp: ctx.now() } };
      },
    },
  ];
}
