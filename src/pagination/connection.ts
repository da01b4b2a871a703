// Relay connections over the vendors' paging styles. Every style reduces to a window
// (absolute offset + limit) so cursors mean the same thing whatever the vendor pages by.
import { badUserInput } from '../errors.js';
import { type CursorState, decodeCursor, encodeCursor } from './cursor.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
}

export interface PageWindow {
  offset: number;
  limit: number;
  fingerprint: string;
  /** The decoded `after` cursor, for vendors whose state is more than an offset. */
  after: CursorState | undefined;
}

export function pageWindow(args: PageArgs, fingerprint: string): PageWindow {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badUserInput('first', 'must be a non-negative integer');
  const after = args.after ? decodeCursor(args.after, fingerprint) : undefined;
  return { offset: after?.o ?? 0, limit: Math.min(first, MAX_PAGE_SIZE), fingerprint, after };
}

export type TotalCount = () => Promise<number | null>;

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount?: TotalCount | undefined;
  /** Extra cursor state for the edge at position `i` of this page (vendor tokens, snapshots). */
  edgeState?: ((i: number) => Omit<CursorState, 'f' | 'o'>) | undefined;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo<T>;
  totalCount: TotalCount;
}

const unknownTotal: TotalCount = () => Promise.resolve(null);

/**
 * An edge whose cursor is encoded only when read: most queries select no cursor, and encoding
 * one per row was a visible share of a 50-row page's profile.
 */
class PageEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly window: PageWindow,
    private readonly page: Page<T>,
    private readonly index: number,
  ) {}

  get cursor(): string {
    return cursorAt(this.window, this.page, this.index);
  }
}

function cursorAt<T>(window: PageWindow, page: Page<T>, i: number): string {
  return encodeCursor({ ...page.edgeState?.(i), f: window.fingerprint, o: window.offset + i + 1 });
}

/**
 * A connection's PageInfo, its cursors encoded only when read. The getters are the class's, never
 * an object literal's: V8 allocates a literal's accessor pair in the old generation, and from there
 * the getters' closures kept the whole page (records and parsed rows) alive through every scavenge
 * until the next Mark-Compact: most of the 28–31 KB promoted per 50-customer request
 * (bench/RESULTS.md, fifth pass).
 */
export class PageInfo<T> {
  // Private (#), not merely `private`: kept out of JSON and spreads, which would carry the page.
  readonly #window: PageWindow;
  readonly #page: Page<T>;
  /** Set when the page is fetched only if needed (`connectionOf` with `first: 0`). */
  readonly #fetched: (() => Promise<Page<T>>) | undefined;

  constructor(window: PageWindow, page: Page<T>, fetched?: () => Promise<Page<T>>) {
    this.#window = window;
    this.#page = page;
    this.#fetched = fetched;
  }

  /**
   * A Promise when the page is fetched only if this is selected: both executors wait for it
   * (graphql-jit through the resolvers src/perf/jit.ts writes out), though the type says boolean.
   */
  get hasNextPage(): boolean {
    const fetched = this.#fetched;
    if (!fetched) return this.#page.hasNextPage;
    return fetched().then((p) => p.hasNextPage) as unknown as boolean;
  }

  get hasPreviousPage(): boolean {
    return this.#window.offset > 0;
  }

  get startCursor(): string | null {
    return this.#page.items.length > 0 ? cursorAt(this.#window, this.#page, 0) : null;
  }

  get endCursor(): string | null {
    const last = this.#page.items.length - 1;
    return last >= 0 ? cursorAt(this.#window, this.#page, last) : null;
  }
}

export function toConnection<T>(window: PageWindow, page: Page<T>, fetched?: () => Promise<Page<T>>): Connection<T> {
  const items = page.items;
  const edges = new Array<Edge<T>>(items.length);
  for (let i = 0; i < items.length; i++) edges[i] = new PageEdge(items[i] as T, window, page, i);
  return { edges, pageInfo: new PageInfo(window, page, fetched), totalCount: page.totalCount ?? unknownTotal };
}

/**
 * `toConnection` for a page fetched only when needed: `first: 0` asks for no items, so it makes no
 * vendor call, yet `hasNextPage` and `totalCount` still answer exactly, fetching (once) only when
 * the query selects them.
 */
export async function connectionOf<T>(window: PageWindow, fetchPage: () => Promise<Page<T>>): Promise<Connection<T>> {
  if (window.limit > 0) return toConnection(window, await fetchPage());
  let page: Promise<Page<T>> | undefined;
  const fetched = () => {
    page ??= fetchPage();
    return page;
  };
  // PageInfo.hasNextPage starts the fetch only if it is selected.
  return toConnection<T>(
    window,
    { items: [], hasNextPage: false, totalCount: async () => ((await fetched()).totalCount ?? unknownTotal)() },
    fetched,
  );
}

/** A list the gateway already holds whole (embedded activities, small segment lists). */
export function pageOfArray<T>(window: PageWindow, all: readonly T[]): Page<T> {
  return {
    items: all.slice(window.offset, window.offset + window.limit),
    hasNextPage: window.offset + window.limit < all.length,
    totalCount: () => Promise.resolve(all.length),
  };
}

/** Vendors paging by start/count with a total (SFCC, Mautic contacts). */
export async function pageByOffset<T>(
  window: PageWindow,
  fetch: (start: number, count: number) => Promise<{ items: T[]; total: number }>,
): Promise<Page<T>> {
  if (window.limit === 0) {
    const probe = await fetch(window.offset, 1);
    return { items: [], hasNextPage: window.offset < probe.total, totalCount: () => Promise.resolve(probe.total) };
  }
  const { items, total } = await fetch(window.offset, window.limit);
  return { items, hasNextPage: window.offset + items.length < total, totalCount: () => Promise.resolve(total) };
}

export interface NumberedPage<T> {
  items: T[];
  totalPages: number;
}

/**
 * Vendors paging by 1-based page number without an item total (Pimcore). The page size is the
 * window size, so a walk with a constant `first` costs one call per page; a window that straddles
 * two vendor pages (when `first` changes mid-walk) costs two. `hasNextPage` is exact because the
 * vendor reports `totalPages` for that page size; the total costs one extra call, and only when asked.
 */
export async function pageByNumber<T>(
  window: PageWindow,
  fetch: (page: number, pageSize: number) => Promise<NumberedPage<T>>,
): Promise<Page<T>> {
  const size = Math.max(window.limit, 1);
  const firstPage = Math.floor(window.offset / size) + 1;
  const lastPage = Math.floor((window.offset + Math.max(window.limit, 1) - 1) / size) + 1;
  const pages = await Promise.all(Array.from({ length: lastPage - firstPage + 1 }, (_, i) => fetch(firstPage + i, size)));
  const fetched = pages.flatMap((p) => p.items);
  const start = window.offset - (firstPage - 1) * size;
  const items = fetched.slice(start, start + window.limit);
  const last = pages.at(-1) ?? { items: [], totalPages: 0 };
  const leftInFetched = fetched.length > start + window.limit;
  const hasNextPage = leftInFetched || lastPage < last.totalPages;
  let knownTotal: number | undefined;
  if (last.totalPages === 0) knownTotal = 0;
  else if (lastPage === last.totalPages) knownTotal = (last.totalPages - 1) * size + last.items.length;
  const totalCount: TotalCount = async () => {
    if (knownTotal !== undefined) return knownTotal;
    const tail = await fetch(last.totalPages, size);
    return (tail.totalPages - 1) * size + tail.items.length;
  };
  return { items, hasNextPage, totalCount };
}
