// Mutation input checks the schema can know before any vendor call, so a bad input is reported
// field by field and nothing is half-written.
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { ParsedId } from '../ids.js';
import { expectId } from '../ids.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'input', message: i.message })));
  }
  return result.data;
}

/** A JSON object (not an array or scalar) for `attributes`. */
export const attributesSchema = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).nullish();

export const optionalText = z.string().trim().min(1, 'must not be empty').nullish();

/** A required global ID of one type; errors name the field. */
export function idOf(typename: string, value: unknown, field: string): ParsedId {
  if (value === null || value === undefined || value === '') throw new ValidationError([{ field, message: 'is required' }]);
  try {
    return expectId(String(value), typename, field);
  } catch (error) {
    throw new ValidationError([{ field, message: error instanceof Error ? error.message.replace(/^[\w.]+: /, '') : 'is not a valid ID' }]);
  }
}
