// Bloomreach Engagement customers export: the request body and what the gateway expects back.
// The doc's copy truncates the `format` values (L21–22); the vendor's public reference says `csv` is
// "CSV table with header explaining which column corresponds to which attribute, in case of some
// attributes, the order is the same as specified in the list array". The gateway reads `csv` because
// it can be consumed record by record as it arrives, and maps columns by position (attributes.ts).
import { z } from 'zod';

/** One entry of `attributes.list` (doc L30–42; the doc's note at L50–55 names `id`, `property` and `type`). */
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

/**
 * The `attributes` object as the doc writes it (L30–42), read leniently: extra keys on an item are
 * ignored. Used to read the doc's own example and to check what the gateway sends is that shape.
 */
export const AttributeItemWire = z.union([
  z.looseObject({ type: z.literal('id'), id: z.string().min(1) }),
  z.looseObject({ type: z.literal('property'), property: z.string().min(1) }),
]);
export const ExportAttributesWire = z.looseObject({
  type: z.literal('some'),
  list: z.array(AttributeItemWire).min(1),
});

export function exportBody(attributes: ExportAttributes, filter: ExportFilter | undefined): ExportBody {
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
