// Validation of the export request body into a plan. Every problem is reported at once, keyed by
// the dotted path of the offending field, so a client sees all mistakes in one 400.
import { ID_NAMES, type IdName, type Segmentation } from './seed.js';

export const FORMATS = ['csv', 'table_json'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export type Column = { kind: 'id'; name: IdName } | { kind: 'property'; name: string };

export interface SegmentFilter {
  segmentationId: string;
  segmentIndex: number;
}

export interface ExportPlan {
  format: ExportFormat;
  /** Explicit column list for `type: some`; undefined exports every identifier and property. */
  columns: Column[] | undefined;
  filter: SegmentFilter | undefined;
  /** Unix seconds the filter and attributes are evaluated at (default: now). */
  executionTime: number;
  timezone: string;
}

export type PlanResult = { ok: true; plan: ExportPlan } | { ok: false; errors: Record<string, string[]> };

const BODY_FIELDS = new Set(['attributes', 'filter', 'execution_time', 'timezone', 'format']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isValidTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function planExport(body: unknown, segmentations: readonly Segmentation[], now: () => number): PlanResult {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string): void => {
    const list = errors[field] ?? [];
    list.push(message);
    errors[field] = list;
  };
  if (!isObject(body)) return { ok: false, errors: { _global: ['Request body must be a JSON object.'] } };

  // Unknown fields are rejected rather than ignored so a misspelt `filter` cannot silently export everyone.
  for (const key of Object.keys(body)) if (!BODY_FIELDS.has(key)) fail(key, 'Unknown field.');

  let format: ExportFormat = 'csv';
  if (body.format === undefined || body.format === null) fail('format', 'Missing data for required field.');
  else if (typeof body.format === 'string' && (FORMATS as readonly string[]).includes(body.format)) format = body.format as ExportFormat;
  else fail('format', `Must be one of: ${FORMATS.join(', ')}; got ${describe(body.format)}.`);

  const columns = planAttributes(body.attributes, fail);
  const filter = planFilter(body.filter, segmentations, fail);

  let executionTime = now();
  if (body.execution_time !== undefined && body.execution_time !== null) {
    if (typeof body.execution_time !== 'number' || !Number.isFinite(body.execution_time) || body.execution_time < 0) {
      fail('execution_time', 'Must be a unix timestamp in seconds (non-negative number).');
    } else executionTime = body.execution_time;
  }

  let timezone = 'UTC';
  if (body.timezone !== undefined && body.timezone !== null) {
    if (typeof body.timezone !== 'string' || !isValidTimezone(body.timezone)) {
      fail('timezone', `Unknown timezone ${describe(body.timezone)}; use a tz database name such as 'Africa/Lagos' or 'UTC'.`);
    } else timezone = body.timezone;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, plan: { format, columns, filter, executionTime, timezone } };
}

function planAttributes(attributes: unknown, fail: (field: string, message: string) => void): Column[] | undefined {
  if (attributes === undefined || attributes === null) return undefined;
  if (!isObject(attributes)) {
    fail('attributes', 'Must be an object.');
    return undefined;
  }
  // `some` and `properties_and_ids` (the default) are the two values the vendor documents; no synonyms.
  const type = attributes.type ?? 'properties_and_ids';
  if (type !== 'some' && type !== 'properties_and_ids') {
    fail('attributes.type', `Must be one of: some, properties_and_ids; got ${describe(type)}.`);
    return undefined;
  }
  if (type !== 'some') {
    if (attributes.list !== undefined) fail('attributes.list', 'Only available when attributes.type is "some".');
    return undefined;
  }
  const list = attributes.list;
  if (!Array.isArray(list)) {
    fail('attributes.list', 'Required when attributes.type is "some"; must be an array.');
    return undefined;
  }
  if (list.length === 0) {
    fail('attributes.list', 'Must contain at least one attribute.');
    return undefined;
  }
  const columns: Column[] = [];
  for (const [i, item] of (list as unknown[]).entries()) {
    const at = `attributes.list.${i}`;
    if (!isObject(item)) {
      fail(at, 'Must be an object with type "id" or "property".');
      continue;
    }
    if (item.type === 'id') {
      if (typeof item.id !== 'string' || item.id === '') {
        fail(`${at}.id`, 'Missing identifier name.');
        continue;
      }
      // Identifier names are configured per project, so an unknown one is a request error.
      if (!(ID_NAMES as readonly string[]).includes(item.id)) {
        fail(`${at}.id`, `Unknown identifier ${describe(item.id)}; this project has: ${ID_NAMES.join(', ')}.`);
        continue;
      }
      columns.push({ kind: 'id', name: item.id as IdName });
    } else if (item.type === 'property') {
      if (typeof item.property !== 'string' || item.property === '') {
        fail(`${at}.property`, 'Missing property name.');
        continue;
      }
      // Properties are schemaless in Bloomreach: a name no customer has exports as an empty column.
      columns.push({ kind: 'property', name: item.property });
    } else {
      fail(`${at}.type`, `Must be "id" or "property"; got ${describe(item.type)}.`);
    }
  }
  return columns;
}

function planFilter(
  filter: unknown,
  segmentations: readonly Segmentation[],
  fail: (field: string, message: string) => void,
): SegmentFilter | undefined {
  if (filter === undefined || filter === null) return undefined;
  if (!isObject(filter)) {
    fail('filter', 'Must be an object.');
    return undefined;
  }
  // `type` is truncated in the doc; upstream it is `segment` or `all` (default). A body that names a
  // segmentation without a type clearly means a segment filter, so that is how it is read.
  const type = filter.type ?? (filter.segmentation_id !== undefined ? 'segment' : 'all');
  if (type === 'all') return undefined;
  if (type !== 'segment') {
    fail('filter.type', `Must be one of: all, segment; got ${describe(type)}.`);
    return undefined;
  }
  let segmentation: Segmentation | undefined;
  if (typeof filter.segmentation_id !== 'string' || filter.segmentation_id === '') {
    fail('filter.segmentation_id', 'Missing data for required field.');
  } else {
    segmentation = segmentations.find((s) => s.id === filter.segmentation_id);
    if (!segmentation) fail('filter.segmentation_id', `Segmentation ${describe(filter.segmentation_id)} does not exist in this project.`);
  }
  const index = filter.segment_index;
  if (index === undefined || index === null) {
    fail('filter.segment_index', 'Missing data for required field.');
    return undefined;
  }
  if (typeof index !== 'number' || !Number.isInteger(index)) {
    fail('filter.segment_index', `Must be an integer; got ${describe(index)}.`);
    return undefined;
  }
  if (!segmentation) return undefined;
  const last = segmentation.segments.length - 1;
  if (index < -1 || index > last) {
    fail('filter.segment_index', `Out of range for segmentation ${segmentation.id}: must be between -1 and ${last}.`);
    return undefined;
  }
  return { segmentationId: segmentation.id, segmentIndex: index };
}
