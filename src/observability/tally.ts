// What the gateway learns about one GraphQL request while it runs: filled by the request-log plugin
// and by vendor-call events (through RequestContext.tally), read once at the end for the request's
// log line and its metrics.
import type { Vendor } from '../domain/vendor.js';

export class RequestTally {
  readonly started = performance.now();
  /** Vendor attempts made for this request, per vendor (retries count). */
  readonly vendorCalls: Partial<Record<Vendor, number>> = {};
  /**
   * Of those, attempts sent with a method that may write (anything but GET and HEAD; reads sent as
   * POST count too, erring on the side of "may have written"): the idempotency plugin keeps a failed
   * response once one was sent, so a retry cannot write twice.
   */
  writeCalls = 0;
  operationName: string | undefined;
  operationType: string | undefined;
  readonly errorCodes: string[] = [];
  /** Whether the result carried data next to its errors (a partial answer). */
  hasData = false;
  /**
   * Codes of the typed mutation errors this request answered with (src/schema/errors.ts). They are
   * data (members of the result unions), never in `errors`, so the result alone does not show them.
   */
  readonly mutationErrorCodes: string[] = [];
  /** Mutation fields that answered with their result rather than a typed error. */
  mutationsSucceeded = 0;

  /** `owner` is the gateway's observer: process-wide vendor events are counted only by the gateway the request belongs to. */
  constructor(readonly owner: object) {}

  countCall(vendor: Vendor, method: string): void {
    this.vendorCalls[vendor] = (this.vendorCalls[vendor] ?? 0) + 1;
    if (method !== 'GET' && method !== 'HEAD') this.writeCalls += 1;
  }

  countMutationError(code: string): void {
    this.mutationErrorCodes.push(code);
  }

  countMutationSuccess(): void {
    this.mutationsSucceeded += 1;
  }

  /** Every error the request answered with: those in `errors`, then the typed mutation errors. */
  allErrorCodes(): string[] {
    return [...this.errorCodes, ...this.mutationErrorCodes];
  }

  /** Whether something was answered next to the errors: data, and not only failed mutations. */
  answeredSomething(): boolean {
    return this.hasData && (this.mutationErrorCodes.length === 0 || this.mutationsSucceeded > 0);
  }
}

const tallies = new WeakMap<Request, RequestTally>();

export function setTally(request: Request, tally: RequestTally): void {
  tallies.set(request, tally);
}

/** The tally of a GraphQL request; undefined for probes, `/metrics` and other paths. */
export function tallyOf(request: Request): RequestTally | undefined {
  return tallies.get(request);
}
