// Pimcore Customer Management Framework (CMF) REST webservice emulator.
import { type SandboxRequest, type SandboxResponse, type SandboxRoute, SandboxServer } from '../harness.js';
import { apiKeyAuthenticator } from './auth.js';
import { strictQuery } from './query.js';
import type { PimcoreContext } from './responses.js';
import { activityRoutes } from './routes-activities.js';
import { customerRoutes } from './routes-customers.js';
import { deletionRoutes } from './routes-deletions.js';
import { segmentRoutes } from './routes-segments.js';
import { PimcoreStore, type PimcoreStoreView } from './store.js';

export { PIMCORE_SEED_IDS, SEED_END as PIMCORE_SEED_END } from './seed.js';
export type { PimcoreStoreView } from './store.js';
export type { ActivityRecord, CustomerRecord, DeletionEntityType, DeletionRecord, SegmentGroupRecord, SegmentRecord } from './types.js';
export { ACTIVITY_TYPES as PIMCORE_ACTIVITY_TYPES, GENERIC_ACTIVITY_CLASS as PIMCORE_GENERIC_ACTIVITY_CLASS } from './types.js';

/** Demo credential; real installs configure one key per Pimcore user. */
export const PIMCORE_DEMO_API_KEY = 'cmf-demo-4c7e1d2b9a';
/** The path the vendor doc uses; newer CMF versions mount it at `/__customermanagementframework/webservice`. */
export const PIMCORE_DEFAULT_PREFIX = '/webservice/cmf';

export interface PimcoreSandboxOptions {
  /** Delay added to every request, in milliseconds. */
  latencyMs?: number;
  /** Key accepted in `X-API-Key` or `?apikey=`; defaults to PIMCORE_DEMO_API_KEY. */
  apiKey?: string;
  /** Mount point; defaults to `/webservice/cmf`. */
  prefix?: string;
  /** Clock in Unix seconds for `timestamp`, creation and modification dates; defaults to the real clock. */
  now?: () => number;
  /**
   * Name of the customer class field holding the customer number; defaults to `customerNumber`.
   * The CMF customer class is each tenant's own, so gateways must not assume the name.
   */
  customerIdField?: string;
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function patternRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\{\w+\}/g, '[^/]+')}$`);
}

/** Symfony's router: a known path with the wrong method is 405 with `Allow`, anything else 404. */
function routingError(routes: readonly SandboxRoute[]): (req: SandboxRequest) => SandboxResponse {
  const compiled = routes.map((r) => ({ method: r.method, regex: patternRegex(r.pattern) }));
  return (req) => {
    const allowed = compiled.filter((r) => r.regex.test(req.path)).map((r) => r.method);
    if (allowed.length > 0) {
      return {
        status: 405,
        headers: { allow: allowed.join(', ') },
        body: { success: false, msg: `No route found for "${req.method} ${req.path}": Method Not Allowed (Allow: ${allowed.join(', ')})` },
      };
    }
    return { status: 404, body: { success: false, msg: `No route found for "${req.method} ${req.path}"` } };
  };
}

export class PimcoreSandbox extends SandboxServer {
  readonly apiKey: string;
  /** The mount point (the harness keeps its own copy private). */
  readonly pathPrefix: string;
  private readonly state: PimcoreStore;

  constructor(options: PimcoreSandboxOptions = {}) {
    const apiKey = options.apiKey ?? PIMCORE_DEMO_API_KEY;
    const prefix = normalisePrefix(options.prefix ?? PIMCORE_DEFAULT_PREFIX);
    const store = new PimcoreStore();
    const ctx: PimcoreContext = {
      prefix,
      now: options.now ?? (() => Math.floor(Date.now() / 1000)),
      customerIdField: options.customerIdField ?? 'customerNumber',
    };
    const routes = [
      ...customerRoutes(ctx, store),
      ...activityRoutes(ctx, store),
      ...deletionRoutes(ctx, store),
      ...segmentRoutes(ctx, store),
    ].map(strictQuery);
    super({
      name: 'pimcore',
      prefix,
      routes,
      latencyMs: options.latencyMs ?? 0,
      authenticate: apiKeyAuthenticator(apiKey),
      notFound: routingError(routes),
    });
    this.apiKey = apiKey;
    this.pathPrefix = prefix;
    this.state = store;
  }

  /** Read-only view of this instance's data (e.g. `store.customers.size`). */
  get store(): PimcoreStoreView {
    return this.state;
  }
}

export function createPimcoreSandbox(options: PimcoreSandboxOptions = {}): PimcoreSandbox {
  return new PimcoreSandbox(options);
}
