// Mautic's error envelope `{errors: [{code, message, details}]}` and the JSON helpers every route uses.
import type { SandboxResponse } from '../harness.js';
import type { MauticError } from './types.js';

export function mauticError(code: number, message: string, details: MauticError['details'] = []): MauticError {
  return { code, message, details };
}

export function errorResponse(status: number, errors: MauticError[]): SandboxResponse {
  return { status, body: { errors } };
}

export function singleError(status: number, message: string, details: MauticError['details'] = []): SandboxResponse {
  return errorResponse(status, [mauticError(status, message, details)]);
}

/** Mautic's text for a missing entity (translation of `mautic.core.error.notfound`). */
export const ITEM_NOT_FOUND = 'Item was not found.';

export function notFoundResponse(): SandboxResponse {
  return singleError(404, ITEM_NOT_FOUND);
}

/**
 * PHP's json_encode writes an array with keys 0..n-1 as a JSON list and any other array as an
 * object; Mautic's `errors` map in batch answers follows that, so clients meet both shapes.
 */
export function phpArray<T>(entries: ReadonlyMap<number, T>): T[] | Record<string, T> {
  const keys = [...entries.keys()].sort((a, b) => a - b);
  if (keys.every((k, i) => k === i)) return keys.map((k) => entries.get(k) as T);
  return Object.fromEntries(keys.map((k) => [String(k), entries.get(k) as T]));
}
