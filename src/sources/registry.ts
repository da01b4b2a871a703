// Routes a request to the adapter of the vendor it names, and says clearly when a vendor is not
// configured or cannot do what was asked.

import type { Principal } from '../auth/principal.js';
import { mayAccess } from '../auth/principal.js';
import type { Vendor } from '../domain/vendor.js';
import { VENDORS } from '../domain/vendor.js';
import { ForbiddenError, GatewayError, UnsupportedOperationError } from '../errors.js';
import { traceOperation } from '../observability/trace-hook.js';
import { detached } from '../request-context.js';
import { untilRequestStops } from '../resilience/deadline.js';
import type { ResilienceStatus } from '../resilience/policy.js';
import type { HealthReport, VendorAdapter } from './adapter.js';
import { OPERATION_NAMES, OPERATIONS, type OperationFn, type OperationName, splitOperation } from './operations.js';

const HEALTH_TTL_MS = 10_000;

export class SourceRegistry {
  private adapters = new Map<Vendor, VendorAdapter>();
  private health = new Map<Vendor, { at: number; report: Promise<HealthReport> }>();
  /** Set on a per-request view (`forPrincipal`): every operation is checked against its scopes. */
  private principal: Principal | undefined;

  constructor(adapters: VendorAdapter[]) {
    for (const adapter of adapters) this.adapters.set(adapter.vendor, adapter);
  }

  /**
   * This registry as one client sees it: the same adapters and health cache, but `op` and
   * `optional` throw ForbiddenError for an operation outside the client's scopes (before any vendor
   * call), `supports` and `vendorsWith` leave such vendors out, and `vendors` lists only the vendors
   * the client holds any scope for. The gateway gives each request's context such a view.
   */
  forPrincipal(principal: Principal): SourceRegistry {
    const view = new SourceRegistry([]);
    view.adapters = this.adapters;
    view.health = this.health;
    view.principal = principal;
    return view;
  }

  /** Configured vendors (for a client: those it may read or write) in the stable order of the Vendor enum. */
  get vendors(): Vendor[] {
    return VENDORS.filter((v) => this.adapters.has(v) && (this.allowed(v, 'read') || this.allowed(v, 'write')));
  }

  adapter(vendor: Vendor): VendorAdapter {
    const adapter = this.adapters.get(vendor);
    if (!adapter) throw new GatewayError('VENDOR_NOT_CONFIGURED', `${vendor} is not configured on this gateway`, { vendor });
    return adapter;
  }

  /**
   * The port method that performs `operation` at `vendor`, or UnsupportedOperationError naming it.
   * Ports are plain objects of arrow functions, so the method is returned as it is.
   */
  op<N extends OperationName>(vendor: Vendor, operation: N): OperationFn<N> {
    this.authorise(vendor, operation);
    const fn = this.find(vendor, operation);
    if (!fn) throw new UnsupportedOperationError(vendor, operation);
    return traceOperation(vendor, operation, fn);
  }

  /** The method when `vendor` has it, else undefined: for callers with a fallback (batch → single writes). */
  optional<N extends OperationName>(vendor: Vendor, operation: N): OperationFn<N> | undefined {
    // Forbidden is an error, not "absent": a fallback must not run in its place.
    this.authorise(vendor, operation);
    const fn = this.find(vendor, operation);
    return fn && traceOperation(vendor, operation, fn);
  }

  /** Whether `vendor` is configured and can perform `operation` (for this client). */
  supports(vendor: Vendor, operation: OperationName): boolean {
    return this.adapters.has(vendor) && this.allowed(vendor, OPERATIONS[operation].access) && this.find(vendor, operation) !== undefined;
  }

  /**
   * Configured vendors that can perform `operation`, in enum order. For a client, vendors outside
   * its scopes are left out silently: a cross-vendor read (`customersByEmail`, `linkedProfiles`)
   * answers from the vendors the client may read, as if the others were not configured.
   */
  vendorsWith(operation: OperationName): Vendor[] {
    const { access } = OPERATIONS[operation];
    return this.vendors.filter((v) => this.allowed(v, access) && this.find(v, operation) !== undefined);
  }

  private allowed(vendor: Vendor, access: 'read' | 'write'): boolean {
    return this.principal === undefined || mayAccess(this.principal, vendor, access);
  }

  private authorise(vendor: Vendor, operation: OperationName): void {
    const { access } = OPERATIONS[operation];
    if (!this.allowed(vendor, access)) throw new ForbiddenError(vendor, operation, access);
  }

  /** The operations `vendor` can perform (`customers.list`, …), sorted by name. */
  capabilities(vendor: Vendor): OperationName[] {
    this.adapter(vendor);
    // Capabilities are what the vendor can do here, whatever this client's scopes: no vendor call.
    return OPERATION_NAMES.filter((name) => this.find(vendor, name) !== undefined).sort();
  }

  private find<N extends OperationName>(vendor: Vendor, operation: N): OperationFn<N> | undefined {
    const { port, method } = splitOperation(operation);
    const target = this.adapter(vendor)[port] as Record<string, unknown> | undefined;
    const fn = target?.[method];
    return typeof fn === 'function' ? (fn as unknown as OperationFn<N>) : undefined;
  }

  /** The vendor's breaker and quota; no vendor call. */
  resilienceOf(vendor: Vendor): ResilienceStatus | undefined {
    return this.adapter(vendor).resilience?.status();
  }

  healthOf(vendor: Vendor): Promise<HealthReport> {
    const cached = this.health.get(vendor);
    if (cached && Date.now() - cached.at < HEALTH_TTL_MS) return cached.report;
    const adapter = this.adapter(vendor);
    const started = performance.now();
    // The report is cached for every request, so the one that asked first cannot cancel the probe.
    const report = untilRequestStops(
      detached(() => adapter.probe()),
      vendor,
    ).then(
      (warning): HealthReport => ({
        status: 'UP',
        latencyMs: Math.round(performance.now() - started),
        message: typeof warning === 'string' && warning !== '' ? warning : null,
      }),
      (error: unknown): HealthReport => ({
        status: 'DOWN',
        latencyMs: Math.round(performance.now() - started),
        message: error instanceof GatewayError ? error.message : 'probe failed',
      }),
    );
    this.health.set(vendor, { at: Date.now(), report });
    return report;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.adapters.values()].map((a) => a.close()));
  }
}
