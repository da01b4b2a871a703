// /activities: the CMF activity store export and CRUD (ActivitiesHandler + GenericActivity).
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { hydrateActivity } from './hydrate.js';
import {
  errorsResponse,
  isPaging,
  isRecord,
  listResponse,
  msgResponse,
  noContent,
  type PimcoreContext,
  phpInt,
  readBody,
  readPaging,
  singleResponse,
} from './responses.js';
import type { ActivityFields, PimcoreStore } from './store.js';
import { type ActivityRecord, GENERIC_ACTIVITY_CLASS } from './types.js';
import { bodyId } from './validate.js';

/** The activity store hands `cmfToArray()` (the attributes) to MariaDB dynamic columns, which need a map. */
const ATTRIBUTES_MESSAGE = 'cmfToArray() needs to return an associative array';

/** GenericActivity takes an int timestamp; anything else silently becomes "now" (upstream behaviour). */
function activityDateOf(value: unknown, now: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : now;
}

function externalIdOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function isType(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function activityRoutes(ctx: PimcoreContext, store: PimcoreStore): SandboxRoute[] {
  const load = (req: SandboxRequest): ActivityRecord | SandboxResponse => {
    const id = phpInt(req.params.id);
    return store.activities.get(id) ?? msgResponse(`Activity with ID ${id} was not found`, 404);
  };

  return [
    {
      method: 'GET',
      pattern: '/activities',
      handler: (req) => {
        const paging = readPaging(req.query);
        if (!isPaging(paging)) return paging;
        const type = req.query.get('type');
        const since = phpInt(req.query.get('modifiedSinceTimestamp'));
        const items = store.listActivities({
          ...(type ? { type } : {}),
          // `modificationDate >= ?`, only when the timestamp is truthy.
          ...(since > 0 ? { modifiedSince: since } : {}),
        });
        return listResponse(ctx, items, paging, (a) => hydrateActivity(ctx, a));
      },
    },
    {
      method: 'GET',
      pattern: '/activities/{id}',
      handler: (req) => {
        const activity = load(req);
        return 'status' in activity ? activity : singleResponse(ctx, hydrateActivity(ctx, activity));
      },
    },
    {
      method: 'POST',
      pattern: '/activities',
      handler: (req) => {
        const body = readBody(req);
        if (!body.ok) return body.response;
        const data = body.value;
        const implementationClass =
          typeof data.implementationClass === 'string' && data.implementationClass !== ''
            ? data.implementationClass
            : GENERIC_ACTIVITY_CLASS;
        // Only GenericActivity exists in the sandbox; other classes fail the ActivityInterface check.
        if (implementationClass !== GENERIC_ACTIVITY_CLASS)
          return errorsResponse(`${implementationClass} is not a valid activity implementation class`);
        if (data.customerId === undefined || data.customerId === null) return errorsResponse('customerId required');
        const customerId = bodyId(data.customerId);
        if (customerId === undefined || !store.customers.has(customerId))
          return errorsResponse(`customer ${String(data.customerId)} not found`);
        if (!isRecord(data.attributes)) return errorsResponse(ATTRIBUTES_MESSAGE);
        // The store's `type` column is NOT NULL; upstream the failed insert surfaces as a generic error (assumed message).
        if (!isType(data.type)) return errorsResponse('type required');
        const now = ctx.now();
        const activity = store.createActivity(
          {
            customerId,
            type: data.type,
            activityDate: activityDateOf(data.activityDate, now),
            attributes: data.attributes,
            a_id: externalIdOf(data.a_id),
            implementationClass,
          },
          now,
        );
        return singleResponse(ctx, hydrateActivity(ctx, activity), 201);
      },
    },
    {
      method: 'PATCH',
      pattern: '/activities/{id}',
      handler: (req) => {
        const activity = load(req);
        if ('status' in activity) return activity;
        const body = readBody(req);
        if (!body.ok) return body.response;
        const data = body.value;
        if (data.implementationClass !== undefined && data.implementationClass !== activity.implementationClass) {
          return errorsResponse('changing of the implementationClass not allowed via REST webservice');
        }
        const now = ctx.now();
        // GenericActivity::cmfUpdateData is a shallow array_merge: `attributes` is replaced as a whole.
        const fields: Partial<ActivityFields> = {};
        if ('customerId' in data) {
          const customerId = bodyId(data.customerId);
          // Upstream dereferences the missing customer and fails with a 500; a 400 is kinder (assumed).
          if (customerId === undefined || !store.customers.has(customerId))
            return errorsResponse(`customer ${String(data.customerId)} not found`);
          fields.customerId = customerId;
        }
        if ('type' in data) {
          if (!isType(data.type)) return errorsResponse('type required');
          fields.type = data.type;
        }
        if ('attributes' in data) {
          if (!isRecord(data.attributes)) return errorsResponse(ATTRIBUTES_MESSAGE);
          fields.attributes = data.attributes;
        }
        if ('activityDate' in data) fields.activityDate = activityDateOf(data.activityDate, now);
        if ('a_id' in data) fields.a_id = externalIdOf(data.a_id);
        store.updateActivity(activity, fields, now);
        return singleResponse(ctx, hydrateActivity(ctx, activity));
      },
    },
    {
      method: 'DELETE',
      pattern: '/activities/{id}',
      handler: (req) => {
        const activity = load(req);
        if ('status' in activity) return activity;
        store.deleteActivity(activity, ctx.now());
        return noContent();
      },
    },
  ];
}
