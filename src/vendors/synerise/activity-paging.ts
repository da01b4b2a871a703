// A profile's events come in pages chained by an opaque `meta.cursors.after` token, which only
// marks the end of a page. A Relay cursor may point at any edge, so each edge's cursor carries the
// vendor token the page was read from plus how many items after it to skip; the last edge of a
// page carries the vendor's own `after` token and no skip, so a forward walk never re-reads.
import { badUserInput } from '../../errors.js';
import type { Page, PageWindow } from '../../pagination/connection.js';

/** The activities API caps `limit` at 1000. */
export const MAX_EVENTS_PER_CALL = 1000;

interface Resume {
  /** Vendor page token to read from; null for the start of the list. */
  t: string | null;
  /** Items to skip after that token. */
  k: number;
}

function encodeResume(resume: Resume): string {
  return JSON.stringify(resume);
}

function decodeResume(c: string | undefined): Resume | undefined {
  if (!c) return undefined;
  try {
    const v = JSON.parse(c) as Partial<Resume>;
    // A genuine skip is always within one vendor page; a larger one is a forged cursor that would
    // walk the whole event history, a thousand events per call.
    if (
      (v.t === null || typeof v.t === 'string') &&
      typeof v.k === 'number' &&
      Number.isInteger(v.k) &&
      v.k >= 0 &&
      v.k <= MAX_EVENTS_PER_CALL
    ) {
      return { t: v.t, k: v.k };
    }
  } catch {
    // fall through: an unreadable token is treated like a cursor without one
  }
  return undefined;
}

export interface EventsPage<T> {
  items: T[];
  after: string | null;
}

export async function pageByEventCursor<T>(
  window: PageWindow,
  fetch: (pageToken: string | null, limit: number) => Promise<EventsPage<T>>,
): Promise<Page<T>> {
  // Every issued cursor carries vendor state; one without it (or with a forged skip) is refused.
  const start = window.after ? decodeResume(window.after.c) : { t: null, k: 0 };
  if (!start) throw badUserInput('after', 'malformed cursor');
  let token = start.t;
  let skip = start.k;
  const items: T[] = [];
  const resumes: Resume[] = [];
  let hasNextPage = false;
  for (;;) {
    const wanted = window.limit - items.length;
    const page = await fetch(token, Math.min(skip + Math.max(wanted, 1), MAX_EVENTS_PER_CALL));
    const last = page.items.length - 1;
    page.items.forEach((item, j) => {
      if (j < skip) return;
      if (items.length < window.limit) {
        items.push(item);
        resumes.push(j === last && page.after ? { t: page.after, k: 0 } : { t: token, k: j + 1 });
      } else hasNextPage = true;
    });
    if (!page.after || page.items.length === 0) break;
    // The vendor says more follow this page, and the window is full: there is a next page.
    if (items.length >= window.limit) {
      hasNextPage = true;
      break;
    }
    skip = Math.max(skip - page.items.length, 0);
    token = page.after;
  }
  return { items, hasNextPage, edgeState: (i) => ({ c: encodeResume(resumes[i] ?? { t: null, k: window.offset + i + 1 }) }) };
}
