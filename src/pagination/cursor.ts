// Opaque cursors. Each carries the vendor paging state plus a fingerprint of the query it was issued
// for, so a cursor replayed against another filter is rejected instead of returning wrong rows.
import { hash } from 'node:crypto';
import { badUserInput } from '../errors.js';

export interface CursorState {
  /** Fingerprint of (connection kind, vendor, filter). */
  f: string;
  /** Number of items before the next one: the absolute position to continue from. */
  o: number;
  /** Vendor cursor token (cursor-paged vendors). */
  c?: string;
  /** Snapshot id (vendors paged over a materialised export). */
  s?: string;
}

export function fingerprint(...parts: unknown[]): string {
  // One-shot: runs for every paginated field of every request.
  return hash('sha256', stableJson(parts), 'base64url').slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedFingerprint: string, field = 'after'): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(field, 'malformed cursor');
  }
  if (!isCursorState(state)) throw badUserInput(field, 'malformed cursor');
  if (state.f !== expectedFingerprint) {
    throw badUserInput(field, 'this cursor was issued for a different query or filter');
  }
  return state;
}

function isCursorState(value: unknown): value is CursorState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.f === 'string' &&
    typeof v.o === 'number' &&
    Number.isInteger(v.o) &&
    v.o >= 0 &&
    (v.c === undefined || typeof v.c === 'string') &&
    (v.s === undefined || typeof v.s === 'string')
  );
}

function stableJson(value: unknown): string {
  // Dates have no own keys: without this, every modifiedSince would fingerprint as `{}`.
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
