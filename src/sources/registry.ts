// Routes a request to the adapter of the vendor it names, and says clearly when a vendor is not
// configured or cannot do what was asked.
import type { Vendor } from '../domain/vendor.js';
import { VENDORS } from '../domain/vendor.js';
import { GatewayError, UnsupportedOperationError } from '../errors.js';
import type { HealthReport, PortName, VendorAdapter, VendorPorts } from './adapter.js';

const HEALTH_TTL_MS = 10_000;

export class SourceRegistry {
  private readonly adapters = new Map<Vendor, VendorAdapter>();
  private readonly health = new Map<Vendor, { at: number; report: Promise<HealthReport> }>();

  constructor(adapters: VendorAdapter[]) {
    for (const adapter of adapters) this.adapters.set(adapter.vendor, adapter);
  }

  /** Configured vendors in the stable order of the Vendor enum. */
  get vendors(): Vendor[] {
    return VENDORS.filter((v) => this.adapters.has(v));
  }

  adapter(vendor: Vendor): VendorAdapter {
    const adapter = this.adapters.get(vendor);
    if (!adapter) throw new GatewayError('VENDOR_NOT_CONFIGURED', `${vendor} is not configured on this gateway`, { vendor });
    return adapter;
  }

  /** The port, or UnsupportedOperationError naming the operation. */
  port<P extends PortName>(vendor: Vendor, port: P, operation: string): NonNullable<VendorPorts[P]> {
    const found = this.adapter(vendor)[port];
    if (!found) throw new UnsupportedOperationError(vendor, operation);
    return found as NonNullable<VendorPorts[P]>;
  }

  /** The method when the vendor has it, else UnsupportedOperationError naming the operation. */
  need<F>(vendor: Vendor, fn: F | undefined, operation: string): F {
    if (fn === undefined) throw new UnsupportedOperationError(vendor, operation);
    return fn;
  }

  /** Vendors having a port (and optionally a method on it). */
  vendorsWith<P extends PortName>(port: P, method?: keyof NonNullable<VendorPorts[P]> & string): Vendor[] {
    return this.vendors.filter((v) => {
      const target = this.adapters.get(v)?.[port] as Record<string, unknown> | undefined;
      return target !== undefined && (method === undefined || typeof target[method] === 'function');
    });
  }

  /** Capability names such as `customers.list`, derived from what the adapter implements. */
  capabilities(vendor: Vendor): string[] {
    const adapter = this.adapter(vendor);
    const names: string[] = [];
    for (const [portName, port] of Object.entries(adapter)) {
      if (typeof port !== 'object' || port === null) continue;
      for (const key of methodNames(port)) names.push(`${portName}.${key}`);
    }
    return names.sort();
  }

  healthOf(vendor: Vendor): Promise<HealthReport> {
    const cached = this.health.get(vendor);
    if (cached && Date.now() - cached.at < HEALTH_TTL_MS) return cached.report;
    const adapter = this.adapter(vendor);
    const started = performance.now();
    const report = adapter.probe().then(
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

function methodNames(port: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = port; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key.startsWith('_')) continue;
      if (typeof (port as Record<string, unknown>)[key] === 'function') names.add(key);
    }
  }
  return [...names];
}
