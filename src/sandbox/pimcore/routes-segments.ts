// /segments, /segment-groups and /segments-of-customers (SegmentsHandler, SegmentGroupsHandler,
// SegmentsOfCustomerHandler). These handlers answer validation errors with `{success:false, msg}`
// and successful writes with the hydrated object plus `success: true` (200, no envelope).
import type { SandboxRequest, SandboxResponse, SandboxRoute } from '../harness.js';
import { hydrateSegment, hydrateSegmentGroup } from './hydrate.js';
import {
  isPaging,
  listResponse,
  msgResponse,
  noContent,
  type PimcoreContext,
  phpInt,
  readBody,
  readPaging,
  singleResponse,
} from './responses.js';
import type { PimcoreStore, SegmentFields, SegmentGroupFields } from './store.js';
import type { SegmentGroupRecord, SegmentRecord } from './types.js';
import { bodyId } from './validate.js';

/** PHP `empty()` / `!$x` on a decoded JSON value. */
function phpEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    value === '0' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function referenceOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function ok(data: Record<string, unknown>): SandboxResponse {
  return { status: 200, body: { ...data, success: true } };
}

export function segmentRoutes(ctx: PimcoreContext, store: PimcoreStore): SandboxRoute[] {
  const loadSegment = (req: SandboxRequest): SegmentRecord | SandboxResponse => {
    const id = phpInt(req.params.id);
    return store.segments.get(id) ?? msgResponse(`Segment with ID ${id} was not found`, 404);
  };
  const loadGroup = (req: SandboxRequest): SegmentGroupRecord | SandboxResponse => {
    const id = phpInt(req.params.id);
    return store.segmentGroups.get(id) ?? msgResponse(`Segment group with ID ${id} was not found`, 404);
  };

  return [
    // ---- segments ----------------------------------------------------------------------------
    {
      method: 'GET',
      pattern: '/segments',
      handler: (req) => {
        const paging = readPaging(req.query);
        return isPaging(paging) ? listResponse(ctx, store.listSegments(), paging, (s) => hydrateSegment(ctx, s)) : paging;
      },
    },
    {
      method: 'GET',
      pattern: '/segments/{id}',
      handler: (req) => {
        const segment = loadSegment(req);
        return 'status' in segment ? segment : singleResponse(ctx, hydrateSegment(ctx, segment));
      },
    },
    {
      method: 'POST',
      pattern: '/segments',
      handler: (req) => {
        const body = readBody(req);
        if (!body.ok) return body.response;
        const data = body.value;
        if (phpEmpty(data.group)) return msgResponse('group required');
        const groupId = bodyId(data.group);
        const group = groupId === undefined ? undefined : store.segmentGroups.get(groupId);
        if (!group) return msgResponse('group not found');
        if (!nonEmptyString(data.name)) return msgResponse('name required');
        const reference = referenceOf(data.reference);
        if (reference !== null && store.segmentByReference(reference, group.id)) {
          return msgResponse(`duplicate segment - segment with reference '${reference}' already exists in this group`);
        }
        // `subFolder` only places the object in the Pimcore tree; it is not part of the export.
        const segment = store.createSegment(
          {
            name: data.name,
            reference,
            group: group.id,
            calculated: data.calculated === undefined || data.calculated === null ? group.calculated : Boolean(data.calculated),
            useAsTargetGroup: data.useAsTargetGroup === true,
            targetGroup: optionalString(data.targetGroup),
          },
          ctx.now(),
        );
        return ok(hydrateSegment(ctx, segment));
      },
    },
    {
      method: 'PATCH',
      pattern: '/segments/{id}',
      handler: (req) => {
        // updateRecord parses the body before it looks the segment up, and words its 404 itself.
        const body = readBody(req);
        if (!body.ok) return body.response;
        const segment = store.segments.get(phpInt(req.params.id));
        if (!segment) return msgResponse(`segment with id ${req.params.id ?? ''} not found`, 404);
        const data = body.value;
        const fields: SegmentFields = {};
        if ('name' in data) {
          if (!nonEmptyString(data.name)) return msgResponse('name required');
          fields.name = data.name;
        }
        if ('group' in data) {
          const groupId = bodyId(data.group);
          if (groupId === undefined || !store.segmentGroups.has(groupId)) return msgResponse('group not found');
          fields.group = groupId;
        }
        // Upstream's updateSegment() does not re-check reference uniqueness, so neither does the sandbox.
        if ('reference' in data) fields.reference = referenceOf(data.reference);
        if ('calculated' in data) fields.calculated = Boolean(data.calculated);
        if ('useAsTargetGroup' in data) fields.useAsTargetGroup = Boolean(data.useAsTargetGroup);
        if ('targetGroup' in data) fields.targetGroup = optionalString(data.targetGroup);
        store.updateSegment(segment, fields, ctx.now());
        return ok(hydrateSegment(ctx, segment));
      },
    },
    {
      method: 'DELETE',
      pattern: '/segments/{id}',
      handler: (req) => {
        const segment = loadSegment(req);
        if ('status' in segment) return segment;
        store.deleteSegment(segment);
        return noContent();
      },
    },

    // ---- segment groups ----------------------------------------------------------------------
    {
      method: 'GET',
      pattern: '/segment-groups',
      handler: (req) => {
        const paging = readPaging(req.query);
        return isPaging(paging) ? listResponse(ctx, store.listSegmentGroups(), paging, (g) => hydrateSegmentGroup(ctx, g)) : paging;
      },
    },
    {
      method: 'GET',
      pattern: '/segment-groups/{id}',
      handler: (req) => {
        const group = loadGroup(req);
        return 'status' in group ? group : singleResponse(ctx, hydrateSegmentGroup(ctx, group));
      },
    },
    {
      method: 'POST',
      pattern: '/segment-groups',
      handler: (req) => {
        const body = readBody(req);
        if (!body.ok) return body.response;
        const data = body.value;
        if (!nonEmptyString(data.name)) return msgResponse('name required');
        const reference = referenceOf(data.reference);
        const calculated = Boolean(data.calculated);
        // Upstream only treats a reference as taken by a group with the same `calculated` flag.
        if (reference !== null && store.groupByReference(reference, calculated)) {
          return msgResponse(`duplicate segment group - group with reference '${reference}' already exists`);
        }
        const group = store.createSegmentGroup(
          {
            name: data.name,
            reference,
            calculated,
            showAsFilter: data.showAsFilter === true,
            exportNewsletterProvider: data.exportNewsletterProvider === true,
          },
          ctx.now(),
        );
        // The create answer is built with ObjectToArray only, so unlike every other answer it has no `_links`.
        return ok(hydrateSegmentGroup(ctx, group, false));
      },
    },
    {
      method: 'PATCH',
      pattern: '/segment-groups/{id}',
      handler: (req) => {
        const body = readBody(req);
        if (!body.ok) return body.response;
        const group = store.segmentGroups.get(phpInt(req.params.id));
        // Upstream's wording, copied from the segments handler: "segment", not "segment group".
        if (!group) return msgResponse(`segment with id ${req.params.id ?? ''} not found`, 404);
        const data = body.value;
        const fields: SegmentGroupFields = {};
        if ('name' in data) {
          if (!nonEmptyString(data.name)) return msgResponse('name required');
          fields.name = data.name;
        }
        if ('reference' in data) fields.reference = referenceOf(data.reference);
        if ('calculated' in data) fields.calculated = Boolean(data.calculated);
        if ('showAsFilter' in data) fields.showAsFilter = Boolean(data.showAsFilter);
        if ('exportNewsletterProvider' in data) fields.exportNewsletterProvider = Boolean(data.exportNewsletterProvider);
        store.updateSegmentGroup(group, fields, ctx.now());
        return ok(hydrateSegmentGroup(ctx, group));
      },
    },
    {
      method: 'DELETE',
      pattern: '/segment-groups/{id}',
      handler: (req) => {
        const group = loadGroup(req);
        if ('status' in group) return group;
        store.deleteSegmentGroup(group);
        return noContent();
      },
    },

    // ---- segments of customers ---------------------------------------------------------------
    {
      method: 'POST',
      pattern: '/segments-of-customers',
      handler: (req) => {
        const body = readBody(req);
        if (!body.ok) return body.response;
        const data = body.value;
        if (phpEmpty(data.customerId)) return msgResponse('customerId required');
        const customerId = bodyId(data.customerId);
        const customer = customerId === undefined ? undefined : store.customers.get(customerId);
        if (!customer) return msgResponse(`customer with id ${String(data.customerId)} not found`);
        // Ids that resolve to no segment are dropped without a word, exactly like upstream.
        const known = (list: unknown): number[] =>
          Array.isArray(list) ? list.map(bodyId).filter((id): id is number => id !== undefined && store.segments.has(id)) : [];
        store.mergeSegments(customer, known(data.addSegments), known(data.removeSegments), ctx.now());
        return { status: 200, body: { success: true } };
      },
    },
  ];
}
