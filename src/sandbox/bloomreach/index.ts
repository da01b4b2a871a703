// Bloomreach Engagement sandbox: the customers export of one project, over private (Basic) access.
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../harness.js';
import { type ApiKey, authorizeExport } from './auth.js';
import { errorResponse, notFound } from './errors.js';
import type { PropertyNames } from './export-stream.js';
import { EXPORT_PATTERN, type ExportBehaviour, exportRoute } from './routes-export.js';
import {
  type BloomreachCustomer,
  DEFAULT_CUSTOMER_COUNT,
  type ProjectSeed,
  type PropertyName,
  projectSeed,
  type Segmentation,
} from './seed.js';

export type { ApiKey } from './auth.js';
export type { BloomreachErrorBody } from './errors.js';
export type { ExportFormat } from './export-request.js';
export { EXPORT_PATTERN } from './routes-export.js';
export type { BloomreachCustomer, CellValue, IdName, PropertyName, Segmentation } from './seed.js';
export { ID_NAMES, PROPERTY_NAMES } from './seed.js';

/** Counter key of the export route, for `sandbox.calls(...)`. */
export const EXPORT_ROUTE = `POST ${EXPORT_PATTERN}`;

export interface BloomreachSandboxOptions {
  latencyMs?: number;
  /** Project token (a uuid in Bloomreach). */
  projectToken?: string;
  /** Private API key with the "GDPR > Export customers" permission. */
  apiKeyId?: string;
  apiSecret?: string;
  /** A valid private key of the project that lacks the export permission (answers 403). */
  restrictedKey?: ApiKey;
  /** Customers seeded from the bloomreach holding (default: all 50,000). */
  customerCount?: number;
  /** Delay before the first byte of an export, in ms (default 50). */
  exportDelayMs?: number;
  /** Streaming time per 1,000 rows, in ms (default 5: the full export takes about 300 ms in all). */
  msPer1000Rows?: number;
  /** The project's own names for seeded properties (a tenant schema), e.g. `{ first_name: 'firstname' }`. */
  propertyNames?: Partial<Record<PropertyName, string>>;
}

export const DEFAULT_PROJECT_TOKEN = '4f1c2b9e-7d3a-4e85-9b60-2a7c5d18e0f3';
export const DEFAULT_API_KEY_ID = 'br-demo-export-key-7f3k2m9q';
export const DEFAULT_API_SECRET = 'br-demo-export-secret-X8vR2nLq5tWz';
export const DEFAULT_RESTRICTED_KEY: ApiKey = Object.freeze({
  apiKeyId: 'br-demo-tracking-key-c4p8s1d6',
  apiSecret: 'br-demo-tracking-secret-Jm7Qe3Hy9Ub',
});

const EXPORT_PATH = /^\/data\/v2\/projects\/[^/]+\/customers\/export$/;

function routeNotFound(req: SandboxRequest): SandboxResponse {
  if (EXPORT_PATH.test(req.path)) {
    return {
      ...errorResponse(405, { _global: [`Method ${req.method} not allowed; use POST.`] }),
      headers: { allow: 'POST', 'content-type': 'application/json' },
    };
  }
  return notFound(`No API endpoint at ${req.path}.`);
}

export class BloomreachSandbox extends SandboxServer {
  readonly projectToken: string;
  readonly apiKeyId: string;
  readonly apiSecret: string;
  /** Valid credentials without the export permission. */
  readonly restrictedKey: ApiKey;
  private readonly seed: ProjectSeed;
  private readonly timing: ExportBehaviour;
  private readonly names: Map<PropertyName, string>;

  constructor(options: BloomreachSandboxOptions = {}) {
    const projectToken = options.projectToken ?? DEFAULT_PROJECT_TOKEN;
    const exportKey: ApiKey = { apiKeyId: options.apiKeyId ?? DEFAULT_API_KEY_ID, apiSecret: options.apiSecret ?? DEFAULT_API_SECRET };
    const restrictedKey: ApiKey = Object.freeze({ ...(options.restrictedKey ?? DEFAULT_RESTRICTED_KEY) });
    const seed = projectSeed(options.customerCount ?? DEFAULT_CUSTOMER_COUNT);
    const timing: ExportBehaviour = {
      exportDelayMs: options.exportDelayMs ?? 50,
      msPer1000Rows: options.msPer1000Rows ?? 5,
      csvContentType: 'text/csv; charset=utf-8',
    };
    const access = { projectToken, exportKeys: [exportKey], otherKeys: [restrictedKey] };
    const names = new Map<PropertyName, string>();
    super({
      name: 'bloomreach',
      routes: [exportRoute({ seed, timing, propertyNames: names })],
      authenticate: (req) => authorizeExport(req, access),
      notFound: routeNotFound,
      latencyMs: options.latencyMs ?? 0,
    });
    this.projectToken = projectToken;
    this.apiKeyId = exportKey.apiKeyId;
    this.apiSecret = exportKey.apiSecret;
    this.restrictedKey = restrictedKey;
    this.seed = seed;
    this.timing = timing;
    this.names = names;
    this.renameProperties(options.propertyNames ?? {});
  }

  /** Renames seeded properties as a tenant's project would name them (replacing earlier renames). */
  renameProperties(names: Partial<Record<PropertyName, string>>): void {
    this.names.clear();
    for (const [seeded, projectName] of Object.entries(names)) if (projectName) this.names.set(seeded as PropertyName, projectName);
  }

  /** The project's names for seeded properties it names differently. */
  get propertyNames(): PropertyNames {
    return this.names;
  }

  /** `Authorization` header value for the export key (or another key). */
  basicAuth(key: ApiKey = { apiKeyId: this.apiKeyId, apiSecret: this.apiSecret }): string {
    return `Basic ${Buffer.from(`${key.apiKeyId}:${key.apiSecret}`).toString('base64')}`;
  }

  /** Delay before the first byte of an export (ms); 0 in tests. */
  get exportDelayMs(): number {
    return this.timing.exportDelayMs;
  }

  set exportDelayMs(value: number) {
    this.timing.exportDelayMs = value;
  }

  /** Streaming time per 1,000 rows (ms); 0 streams as fast as the client reads. */
  get msPer1000Rows(): number {
    return this.timing.msPer1000Rows;
  }

  set msPer1000Rows(value: number) {
    this.timing.msPer1000Rows = value;
  }

  /** Content-Type of csv exports (undocumented by the vendor; default `text/csv; charset=utf-8`). */
  get csvContentType(): string {
    return this.timing.csvContentType;
  }

  set csvContentType(value: string) {
    this.timing.csvContentType = value;
  }

  /**
   * The project's segmentations. The real API has no endpoint listing them (ids are copied from the
   * Bloomreach app), so the gateway takes them from configuration; this is what that config holds.
   */
  get segmentations(): readonly Segmentation[] {
    return this.seed.segmentations;
  }

  /** Seeded customers, in export order; customer `i` is people()[i]. */
  get customers(): readonly BloomreachCustomer[] {
    return this.seed.customers;
  }

  /** Segment index (-1: in no segment) of the customer at `customerIndex` in a segmentation. */
  segmentIndexOf(segmentationId: string, customerIndex: number): number | undefined {
    return this.seed.assignments.get(segmentationId)?.[customerIndex];
  }
}

export function createBloomreachSandbox(options: BloomreachSandboxOptions = {}): BloomreachSandbox {
  return new BloomreachSandbox(options);
}
