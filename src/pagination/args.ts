import type { Vendor } from '../domain/vendor.js';
import { badUserInput } from '../errors.js';
import { type PageArgs, type PageWindow, pageWindow } from './connection.js';
import { fingerprint } from './cursor.js';

export interface RelayArgs extends PageArgs {
  last?: number | null | undefined;
  before?: string | null | undefined;
}

/**
 * The window for a forward-paged connection. Backward paging (`last`/`before`) needs a vendor that
 * can page from the end; none of the vendor lists this applies to can, so it is refused clearly.
 */
export function forwardWindow(args: RelayArgs, kind: string, vendor: Vendor | null, filter: unknown): PageWindow {
  if (args.last != null || args.before != null) {
    throw badUserInput(
      args.last != null ? 'last' : 'before',
      `${kind} can only be paged forwards (first/after)${vendor ? ` at ${vendor}` : ''}`,
    );
  }
  return pageWindow(args, fingerprint(kind, vendor, filter));
}
