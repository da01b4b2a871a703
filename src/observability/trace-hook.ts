// The one place the source registry meets tracing, without importing OpenTelemetry: tracing.ts (loaded
// only when tracing is on) installs a wrapper that gives each vendor operation a span; while tracing
// is off the port function is handed out unchanged.
import type { Vendor } from '../domain/vendor.js';

type AnyFn = (...args: never[]) => unknown;
export type OperationWrapper = (vendor: Vendor, operation: string, fn: AnyFn) => AnyFn;

let wrapper: OperationWrapper | undefined;

export function setOperationWrapper(wrap: OperationWrapper | undefined): void {
  wrapper = wrap;
}

/** `fn` (a vendor's port method for `operation`), wrapped in a span when tracing is on. */
export function traceOperation<F>(vendor: Vendor, operation: string, fn: F): F {
  // Port methods are functions (the registry found them with typeof); their exact type is kept for callers.
  return wrapper ? (wrapper(vendor, operation, fn as unknown as AnyFn) as unknown as F) : fn;
}
