// Salesforce Commerce Cloud OCAPI Data API 19.10, Sites resource, plus the client-credentials token
// endpoint, on one origin: `authUrl` = origin + /dw/oauth2/access_token, `dataUrl` = origin +
// /dw/data/v19_10 (SFCC_AUTH_URL and SFCC_URL).
//
// Counter keys: the harness mounts everything at one prefix, and the token endpoint lives outside
// /dw/data/v19_10, so routes are registered with their full paths (what `callCounts()` lists, e.g.
// `GET /dw/data/v19_10/sites/{site_id}`). `calls()`, `lastQuery()` and `injectFault()` also accept the short,
// doc-style spelling relative to the Data API: `calls('GET /sites/{site_id}/custom_objects/{object_type}/{key}')`.
import { type Fault, type SandboxRequest, type SandboxResponse, type SandboxRoute, SandboxServer } from '../harness.js';
import { TokenStore } from './auth.js';
import { DATA_PATH, fault, TOKEN_PATH } from './faults.js';
import { cartridgeRoutes } from './routes-cartridges.js';
import { customObjectRoutes } from './routes-custom-objects.js';
import { preferenceRoutes } from './routes-preferences.js';
import { siteRoutes } from './routes-sites.js';
import { SfccStore } from './store.js';

export { API_VERSION, DATA_PATH, type FaultDocument, faultBody, TOKEN_PATH } from './faults.js';
export { OBJECT_TYPES } from './object-types.js';
export { DEFAULT_COUNT, MAX_COUNT } from './paging.js';
export { CURRENT_INSTANCE, PASSWORD_MASK } from './routes-preferences.js';
export { PREFERENCE_GROUPS, SITES, SYSTEM_LOCALES } from './seed-config.js';
export { LOYALTY_RANGES, STORE_RANGES } from './seed-objects.js';
export { SfccStore } from './store.js';

export const SFCC_DEMO_CLIENT_ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const SFCC_DEMO_CLIENT_SECRET = 'sfcc-demo-client-secret';

export interface SfccSandboxOptions {
  latencyMs?: number;
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued access tokens (Account Manager's default is about 30 minutes). */
  tokenTtlSeconds?: number;
  /** Clock used for token expiry, in epoch milliseconds; tests may move it forward. */
  now?: () => number;
}

/** `GET /sites/{site_id}` → `GET /dw/data/v19_10/sites/{site_id}`; full keys pass through. */
export function sfccRouteKey(key: string): string {
  const m = /^([A-Z]+) (\/sites(?:\/.*)?)$/.exec(key);
  return m ? `${m[1]} ${DATA_PATH}${m[2]}` : key;
}

function notFoundHandler(routes: readonly SandboxRoute[]): (req: SandboxRequest) => SandboxResponse {
  const patterns = routes.map((r) => ({ method: r.method, re: new RegExp(`^${r.pattern.replace(/\{\w+\}/g, '[^/]+')}$`) }));
  return (req) => {
    const allowed = patterns.filter((p) => p.re.test(req.path)).map((p) => p.method);
    if (allowed.length > 0) {
      const res = fault(405, 'MethodNotAllowedException', `The HTTP method '${req.method}' is not allowed for the resource.`, {
        method: req.method,
      });
      return { ...res, headers: { ...res.headers, allow: allowed.join(', ') } };
    }
    return fault(404, 'ResourcePathNotFoundException', `Unknown resource path '${req.path}'.`, { resourcePath: req.path });
  };
}

export class SfccSandbox extends SandboxServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenTtlSeconds: number;
  readonly store: SfccStore;
  private readonly tokens: TokenStore;

  constructor(options: SfccSandboxOptions = {}) {
    const clientId = options.clientId ?? SFCC_DEMO_CLIENT_ID;
    const clientSecret = options.clientSecret ?? SFCC_DEMO_CLIENT_SECRET;
    const tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
    const tokens = new TokenStore({ clientId, clientSecret, tokenTtlSeconds, now: options.now ?? Date.now });
    const store = new SfccStore();
    const routes: SandboxRoute[] = [
      { method: 'POST', pattern: TOKEN_PATH, handler: tokens.tokenHandler, public: true },
      ...siteRoutes(store),
      ...cartridgeRoutes(store),
      ...customObjectRoutes(store),
      ...preferenceRoutes(store),
    ];
    super({
      name: 'sfcc',
      routes,
      latencyMs: options.latencyMs ?? 0,
      authenticate: tokens.authenticate,
      notFound: notFoundHandler(routes),
    });
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.tokenTtlSeconds = tokenTtlSeconds;
    this.store = store;
    this.tokens = tokens;
  }

  /** Data API base, e.g. `http://127.0.0.1:41234/dw/data/v19_10` (SFCC_URL). */
  get dataUrl(): string {
    return `${this.url}${DATA_PATH}`;
  }

  /** Token endpoint (SFCC_AUTH_URL). */
  get authUrl(): string {
    return `${this.url}${TOKEN_PATH}`;
  }

  /** Expires every token issued so far (the next Data API call with one answers 401). */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  override calls(key?: string): number {
    return super.calls(key === undefined ? undefined : sfccRouteKey(key));
  }

  override lastQuery(key: string): URLSearchParams | undefined {
    return super.lastQuery(sfccRouteKey(key));
  }

  override injectFault(f: Fault): void {
    super.injectFault(f.route === undefined ? f : { ...f, route: sfccRouteKey(f.route) });
  }
}

export function createSfccSandbox(options?: SfccSandboxOptions): SfccSandbox {
  return new SfccSandbox(options);
}
