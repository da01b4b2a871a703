// Synerise emulator: workspace-key login to a JWT, v4 profiles and events, the activities API,
// CRM lists and segmentation members, and catalogs, all on one origin like api.synerise.com.
import { SandboxServer } from '../harness.js';
import type { SyneriseContext } from './context.js';
import { springError } from './errors.js';
import { TokenService } from './jwt.js';
import { activityRoutes } from './routes-activities.js';
import { authenticate, authRoutes } from './routes-auth.js';
import { catalogRoutes } from './routes-catalogs.js';
import { crmRoutes } from './routes-crm.js';
import { eventRoutes } from './routes-events.js';
import { profileRoutes } from './routes-profiles.js';
import { seedStore } from './seed.js';
import type { SyneriseStore } from './store.js';

export { WORKSPACE_LOGIN_PATH } from './routes-auth.js';
export { CATALOG_IDS, HEAVY_EVENT_PEOPLE, PRODUCT_COUNT, productSku, SEED_FIRST_CLIENT_ID, SEGMENTATION_IDS } from './seed.js';
export type { SyneriseStore } from './store.js';

/** Demo workspace API key (the doc's own example value). */
export const DEFAULT_SYNERISE_API_KEY = '64c09614-1b2a-42f7-804d-f647243eb1ab';

export interface SyneriseSandboxOptions {
  latencyMs?: number;
  /** Workspace API key accepted by the login endpoint. */
  apiKey?: string;
  /** Lifetime of issued JWTs; default 3600 (help.synerise.com: "valid for 60 minutes"). */
  tokenTtlSeconds?: number;
  /** How long accepted asynchronous writes (profile create/batch, events) take to appear; 0 = at once. */
  asyncDelayMs?: number;
  /** Seed fewer than the 600 held people (faster tests); default all. */
  profileCount?: number;
}

export class SyneriseSandbox extends SandboxServer {
  readonly apiKey: string;
  readonly store: SyneriseStore;
  asyncDelayMs: number;
  private readonly tokens: TokenService;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<() => void>();

  constructor(options: SyneriseSandboxOptions = {}) {
    const store = seedStore(options.profileCount);
    const tokens = new TokenService(options.tokenTtlSeconds ?? 3600);
    const apiKey = options.apiKey ?? DEFAULT_SYNERISE_API_KEY;
    const ctx: SyneriseContext = {
      store,
      tokens,
      apiKey,
      defer: (write) => this?.enqueue(write),
    };
    super({
      name: 'synerise',
      latencyMs: options.latencyMs ?? 0,
      routes: [
        ...authRoutes(ctx),
        ...profileRoutes(ctx),
        ...eventRoutes(ctx),
        ...activityRoutes(ctx),
        ...crmRoutes(ctx),
        ...catalogRoutes(ctx),
      ],
      authenticate: authenticate(ctx),
      notFound: (req) => springError(404, 'No message available', req.path),
    });
    this.apiKey = apiKey;
    this.store = store;
    this.tokens = tokens;
    this.asyncDelayMs = options.asyncDelayMs ?? 50;
  }

  get tokenTtlSeconds(): number {
    return this.tokens.ttlSeconds;
  }

  /** The seeded segmentations as a deployment configures them (`SYNERISE_SEGMENTATIONS`). */
  get segmentations(): { id: string; name: string }[] {
    return [...this.store.segmentations.values()].map((s) => ({ id: s.uuid, name: s.name }));
  }

  /** Applies to tokens issued from now on. */
  set tokenTtlSeconds(seconds: number) {
    this.tokens.ttlSeconds = seconds;
  }

  /** Every JWT issued so far gets 401 "Token expired" from now on. */
  expireAllTokens(): void {
    this.tokens.expireAll();
  }

  /** Number of successful logins (JWTs issued). */
  get tokensIssued(): number {
    return this.tokens.issued;
  }

  /** A valid JWT without an HTTP login, for tests that are not about auth. */
  issueToken(): string {
    return this.tokens.issue();
  }

  /** Applies every accepted-but-not-yet-visible write now. */
  flushPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const writes = [...this.pending];
    this.pending.clear();
    for (const write of writes) write();
  }

  override async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
    await super.stop();
  }

  private enqueue(write: () => void): void {
    if (this.asyncDelayMs <= 0) {
      write();
      return;
    }
    this.pending.add(write);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.pending.delete(write)) write();
    }, this.asyncDelayMs);
    timer.unref();
    this.timers.add(timer);
  }
}

export function createSyneriseSandbox(options: SyneriseSandboxOptions = {}): SyneriseSandbox {
  return new SyneriseSandbox(options);
}
