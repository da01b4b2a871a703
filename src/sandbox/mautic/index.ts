// Mautic (with the Custom Objects plugin) emulator. Mounted at the origin, so MAUTIC_URL is
// `sandbox.url` and counter keys read like the real paths: `calls('POST /api/contacts/batch/new')`.
import { type SandboxRequest, type SandboxResponse, type SandboxRoute, SandboxServer } from '../harness.js';
import { basicAuthenticator } from './auth.js';
import { singleError } from './errors.js';
import { batchRoutes } from './routes-batch.js';
import { contactRoutes } from './routes-contacts.js';
import { HEAVY_ORDERS_INDEXES, HEAVY_PRODUCTS_INDEXES, seedMautic } from './seed.js';
import { MauticStore } from './store.js';

export { CUSTOM_OBJECTS } from './custom-objects.js';
export { BATCH_MAX } from './routes-batch.js';
export { DEFAULT_LIMIT } from './routes-contacts.js';
export { CUSTOM_OBJECTS_META } from './serialize.js';
export { MauticStore } from './store.js';
export type { ContactRecord, CustomItemRecord, CustomObjectDef, MauticError } from './types.js';
export { HEAVY_ORDERS_INDEXES, HEAVY_PRODUCTS_INDEXES };

export const MAUTIC_DEMO_USERNAME = 'mautic-api';
export const MAUTIC_DEMO_PASSWORD = 'mautic-demo-password';

export interface MauticSandboxOptions {
  latencyMs?: number;
  username?: string;
  password?: string;
}

function methodAwareNotFound(routes: readonly SandboxRoute[]): (req: SandboxRequest) => SandboxResponse {
  const patterns = routes.map((r) => ({
    method: r.method,
    re: new RegExp(`^${r.pattern.replace(/\{\w+\}/g, '[^/]+')}$`),
  }));
  return (req) => {
    const allowed = patterns.filter((p) => p.re.test(req.path)).map((p) => p.method);
    if (allowed.length > 0)
      return { ...singleError(405, `Method ${req.method} is not allowed for ${req.path}.`), headers: { allow: allowed.join(', ') } };
    return singleError(404, `Requested URL not found: ${req.path}`);
  };
}

export class MauticSandbox extends SandboxServer {
  readonly username: string;
  readonly password: string;
  readonly store: MauticStore;

  constructor(options: MauticSandboxOptions = {}) {
    const username = options.username ?? MAUTIC_DEMO_USERNAME;
    const password = options.password ?? MAUTIC_DEMO_PASSWORD;
    const store = new MauticStore(seedMautic());
    // Batch routes first: `/api/contacts/batch/edit` would otherwise match `/api/contacts/{id}/edit`.
    const routes = [...batchRoutes(store), ...contactRoutes(store)];
    super({
      name: 'mautic',
      routes,
      latencyMs: options.latencyMs ?? 0,
      authenticate: basicAuthenticator(username, password),
      notFound: methodAwareNotFound(routes),
    });
    this.username = username;
    this.password = password;
    this.store = store;
  }
}

export function createMauticSandbox(options?: MauticSandboxOptions): MauticSandbox {
  return new MauticSandbox(options);
}
