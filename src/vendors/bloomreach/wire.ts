// Bloomreach Engagement customers export: the request body and what the gateway expects back.
// The doc leaves the response format undocumented; the gateway reads `csv` (a header row, then one
// CRLF-terminated record per customer) because it can be consumed record by record as it arrives.
import { z } from 'zod';

/**
 * Identifier names of the project. `registered` (hard ID, the organisation customer number) and
 * `cookie` (soft ID) are Bloomreach's defaults and what the doc's example uses; a tenant with other
 * identifier names would change them here.
 */
export const REGISTERED = 'registered';
export const COOKIE = 'cookie';

/**
 * Properties the gateway maps or passes through in `attributes`. An explicit list (`type: some`)
 * rather than `properties_and_ids`: a real project carries hundreds of properties, most irrelevant
 * here, and every column costs snapshot memory for every customer.
 */
export const EXPORT_PROPERTIES = ['email', 'first_name', 'last_name', 'phone', 'city', 'country', 'created_ts'] as const;

export type AttributeItem = { type: 'id'; id: string } | { type: 'property'; property: string };

export interface ExportAttributes {
  type: 'some';
  list: AttributeItem[];
}

export type ExportFilter = { type: 'segment'; segmentation_id: string; segment_index: number };

export interface ExportBody {
  format: 'csv';
  attributes: ExportAttributes;
  filter?: ExportFilter;
}

export const EXPORT_ATTRIBUTES: ExportAttributes = {
  type: 'some',
  list: [
    { type: 'id', id: REGISTERED },
    { type: 'id', id: COOKIE },
    ...EXPORT_PROPERTIES.map((property): AttributeItem => ({ type: 'property', property })),
  ],
};

/** Column names the header row must contain for the snapshot to be usable. */
export function expectedColumns(attributes: ExportAttributes): string[] {
  return attributes.list.map((item) => (item.type === 'id' ? item.id : item.property));
}

export function exportBody(filter: ExportFilter | undefined, attributes: ExportAttributes = EXPORT_ATTRIBUTES): ExportBody {
  return filter ? { format: 'csv', attributes, filter } : { format: 'csv', attributes };
}

/**
 * `{"success": false, "errors": {"<dotted field>": ["message", …]}}`, `_global` for errors of no
 * single field. Not in the doc; it is what the Bloomreach (Exponea) API answers publicly.
 */
const ErrorBody = z.looseObject({
  success: z.boolean().optional(),
  errors: z.union([z.record(z.string(), z.union([z.array(z.unknown()), z.string()])), z.array(z.unknown())]).optional(),
  error: z.string().optional(),
});

/** Field → messages of an error body, or undefined when it is not a Bloomreach error body. */
export function errorFields(body: unknown): Record<string, string[]> | undefined {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success || parsed.data.errors === undefined) return undefined;
  const errors = parsed.data.errors;
  if (Array.isArray(errors)) return { _global: errors.map(String) };
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [field, Array.isArray(messages) ? messages.map(String) : [messages]]),
  );
}

export function describeBloomreachError(body: unknown): string | undefined {
  const fields = errorFields(body);
  if (fields) {
    return Object.entries(fields)
      .map(([field, messages]) => (field === '_global' ? messages.join(' ') : `${field}: ${messages.join(' ')}`))
      .join('; ');
  }
  const parsed = ErrorBody.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}
