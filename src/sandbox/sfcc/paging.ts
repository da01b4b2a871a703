// `start`/`count` paging of the Data API list resources (defaults 0 and 25, both at least 0).
// The 200 ceiling on `count` is OCAPI's general paging limit; the Sites doc itself only says `minIntegerValue=0`.
import type { SandboxResponse } from '../harness.js';
import { malformedParameter } from './faults.js';

export const DEFAULT_COUNT = 25;
export const MAX_COUNT = 200;

export interface Paging {
  start: number;
  count: number;
}

function intParam(query: URLSearchParams, name: string, fallback: number, max?: number): number | SandboxResponse {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) return malformedParameter(name, raw, 'an integer is expected.');
  const n = Number(raw.trim());
  if (n < 0) return malformedParameter(name, raw, 'the value must be at least 0.');
  if (max !== undefined && n > max) return malformedParameter(name, raw, `the value must be at most ${max}.`);
  return n;
}

export function parsePaging(query: URLSearchParams): Paging | SandboxResponse {
  const start = intParam(query, 'start', 0);
  if (typeof start !== 'number') return start;
  const count = intParam(query, 'count', DEFAULT_COUNT, MAX_COUNT);
  if (typeof count !== 'number') return count;
  return { start, count };
}

/**
 * A page of a list document: `count` is the number returned (the doc's samples disagree with
 * themselves here), and the items array is left out when the page is empty, as OCAPI omits empty lists.
 */
export function pageOf<T>(all: readonly T[], paging: Paging, itemsKey: 'data' | 'hits'): Record<string, unknown> {
  const items = all.slice(paging.start, paging.start + paging.count);
  const doc: Record<string, unknown> = { count: items.length };
  if (items.length > 0) doc[itemsKey] = items;
  doc.start = paging.start;
  doc.total = all.length;
  return doc;
}
