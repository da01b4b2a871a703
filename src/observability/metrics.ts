// Prometheus metrics of one gateway, in a Registry of its own (a test process runs many gateways;
// a shared default registry would mix them and refuse the second registration of every name).
// Labels are bounded: vendors and operation templates come from code, error codes from an enum,
// operation names from clients and so through a capped BoundedLabel. No ids, emails or paths.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Vendor } from '../domain/vendor.js';
import type { VendorCallEvent } from '../http/call-events.js';
import { BoundedLabel } from './labels.js';

/** How a GraphQL request ended: no errors, errors next to data, or no data (including refused requests). */
export type Outcome = 'ok' | 'partial' | 'error';

export interface MetricsOptions {
  /** Process metrics (CPU, memory, GC, event-loop lag): once per process, so only the server's gateway turns them on. */
  processMetrics?: boolean;
  /** Distinct operation names kept as labels before the rest count as "other". */
  maxOperationNames?: number;
}

export interface ReadingSources {
  /** Idempotency keys held. */
  idempotencyKeys?: () => number;
  /** Bloomreach export snapshots held and their approximate bytes. */
  snapshots?: () => { count: number; bytes: number };
  /** Bytes charged against each bounded in-process cache, by cache name (a fixed set, from code). */
  cacheBytes?: Readonly<Record<string, () => number>>;
}

type VendorChildren = { calls: Counter.Internal; latency: Histogram.Internal<string> };

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames: BoundedLabel;
  private readonly requests: Counter<'operation' | 'type' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly errorCodes = new BoundedLabel(100);
  private readonly vendorCalls: Counter<'vendor' | 'operation' | 'status'>;
  private readonly vendorSeconds: Histogram<'vendor' | 'operation'>;
  private readonly batchSizes: Histogram<'loader'>;
  private readonly loaderNames = new BoundedLabel(50);
  // vendor → operation → status → children: a vendor event costs three map lookups, no key building.
  private readonly vendorChildren = new Map<string, Map<string, Map<string, VendorChildren>>>();
  private readings: ReadingSources = {};

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.operationNames = new BoundedLabel(options.maxOperationNames ?? 100);
    this.requests = new Counter({
      name: 'cdp_graphql_requests_total',
      help: 'GraphQL requests by operation name (capped; "anonymous" when unnamed), type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'cdp_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to its response',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.errors = new Counter({
      name: 'cdp_graphql_errors_total',
      help: 'GraphQL errors by extensions.code, typed mutation errors (returned as data) included',
      labelNames: ['code'],
      registers,
    });
    this.vendorCalls = new Counter({
      name: 'cdp_vendor_calls_total',
      help: 'Vendor HTTP attempts by vendor, operation template and HTTP status (or error code when none came)',
      labelNames: ['vendor', 'operation', 'status'],
      registers,
    });
    this.vendorSeconds = new Histogram({
      name: 'cdp_vendor_call_duration_seconds',
      help: 'Duration of vendor HTTP attempts',
      labelNames: ['vendor', 'operation'],
      buckets: SECONDS,
      registers,
    });
    this.batchSizes = new Histogram({
      name: 'cdp_dataloader_batch_size',
      help: 'Keys per DataLoader batch (one vendor call each), by loader kind',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    });
    const readings = () => this.readings;
    new Gauge({
      name: 'cdp_idempotency_keys',
      help: 'Idempotency keys held in the store',
      registers,
      collect() {
        this.set(readings().idempotencyKeys?.() ?? 0);
      },
    });
    new Gauge({
      name: 'cdp_bloomreach_snapshots',
      help: 'Bloomreach export snapshots held (kept and filling)',
      registers,
      collect() {
        this.set(readings().snapshots?.().count ?? 0);
      },
    });
    new Gauge({
      name: 'cdp_bloomreach_snapshot_bytes',
      help: 'Approximate bytes of the Bloomreach export snapshots held',
      registers,
      collect() {
        this.set(readings().snapshots?.().bytes ?? 0);
      },
    });
    new Gauge({
      name: 'cdp_cache_bytes',
      help: 'Bytes charged against the budget of each in-process cache (documents, idempotency, apq, pimcore_index)',
      labelNames: ['cache'],
      registers,
      collect() {
        for (const [cache, read] of Object.entries(readings().cacheBytes ?? {})) this.set({ cache }, read());
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gauges read from; the gateway wires them once its stores exist. */
  readFrom(sources: ReadingSources): void {
    const cacheBytes = { ...this.readings.cacheBytes, ...sources.cacheBytes };
    this.readings = { ...this.readings, ...sources, cacheBytes };
  }

  request(operationName: string | undefined, type: string | undefined, outcome: Outcome, seconds: number): void {
    const labels = { operation: this.operationNames.of(operationName), type: type ?? 'unknown', outcome };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  error(code: string): void {
    this.errors.inc({ code: this.errorCodes.of(code) });
  }

  vendorCall(event: VendorCallEvent): void {
    const status = event.status === undefined ? (event.errorCode ?? 'NO_RESPONSE') : String(event.status);
    const children = this.childrenOf(event.vendor, event.operation, status);
    children.calls.inc();
    children.latency.observe(event.durationMs / 1000);
  }

  /** A DataLoader batch of `size` keys for the loader named `name` (`customer:PIMCORE:a`: its kind is `customer`). */
  batch(name: string, size: number): void {
    const colon = name.indexOf(':');
    this.batchSizes.observe({ loader: this.loaderNames.of(colon < 0 ? name : name.slice(0, colon).replaceAll('-', '_')) }, size);
  }

  /** The Prometheus text exposition of every metric. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private childrenOf(vendor: Vendor, operation: string, status: string): VendorChildren {
    let byOperation = this.vendorChildren.get(vendor);
    if (!byOperation) {
      byOperation = new Map();
      this.vendorChildren.set(vendor, byOperation);
    }
    let byStatus = byOperation.get(operation);
    if (!byStatus) {
      byStatus = new Map();
      byOperation.set(operation, byStatus);
    }
    let children = byStatus.get(status);
    if (!children) {
      children = { calls: this.vendorCalls.labels(vendor, operation, status), latency: this.vendorSeconds.labels(vendor, operation) };
      byStatus.set(status, children);
    }
    return children;
  }
}
