// Starts sandboxes and an in-process gateway wired to them exactly as a deployment would be
// (through parseConfig on environment variables), plus a typed SDK over gateway.fetch.
//
// Most files want `useTestGateway(options)` at the top of the file or of a describe block: it
// registers its own hooks, and the handle it returns is usable inside tests and hooks.
// `withTestGateway` is for the test that needs a gateway of its own (other env, other latency).
import { GraphQLClient } from 'graphql-request';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/gateway.js';
import { configuredDeps } from '../../src/gateway-config.js';
import { DEMO_LIMIT_ENV } from '../../src/limits/settings.js';
import { type FleetOptions, type SandboxFleet, type SandboxName, startSandboxes } from '../../src/sandbox/fleet.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { createAdapters } from '../../src/vendors/index.js';
import { getSdk } from '../generated/sdk.js';

/** The key the test gateway accepts with every scope; the SDK and `post` send it unless told otherwise. */
export const TEST_API_KEY = 'test-api-key-with-every-scope';
export const TEST_API_KEY_ENTRY = { name: 'test', key: TEST_API_KEY, scopes: ['*:read', '*:write'] };
export const TEST_AUTH_HEADERS: Readonly<Record<string, string>> = { authorization: `Bearer ${TEST_API_KEY}` };

export interface TestGatewayOptions extends FleetOptions {
  /** Environment variables laid over the ones that point the gateway at the sandboxes. */
  env?: Record<string, string>;
  /** Gateway dependencies laid over the fixture's (a logger or metrics to read, say). */
  gateway?: Partial<GatewayDeps>;
}

/** Each sandbox by name, typed; reading one that was not started throws, naming it. */
export type SandboxHandles = { readonly [N in SandboxName]: NonNullable<SandboxFleet[N]> };

export interface TestGateway extends SandboxHandles {
  readonly gateway: Gateway;
  readonly sandboxes: SandboxFleet;
  readonly sources: SourceRegistry;
  readonly sdk: ReturnType<typeof getSdk>;
  /** Raw GraphQL over HTTP, for documents the SDK does not cover (malformed input and such). */
  post(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLBody }>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

interface Running {
  gateway: Gateway;
  sandboxes: SandboxFleet;
  sources: SourceRegistry;
  sdk: ReturnType<typeof getSdk>;
  close(): Promise<void>;
}

// Every sandbox name once; `satisfies` makes a new SandboxName a compile error here until listed.
const SANDBOX_NAMES = Object.keys({
  pimcore: true,
  synerise: true,
  bloomreach: true,
  mautic: true,
  sfcc: true,
} satisfies Record<SandboxName, true>) as SandboxName[];

async function start(options: TestGatewayOptions): Promise<Running> {
  const sandboxes = await startSandboxes(options);
  const config = parseConfig({
    ...DEMO_LIMIT_ENV,
    ...sandboxes.env,
    GATEWAY_API_KEYS: JSON.stringify([TEST_API_KEY_ENTRY]),
    ...options.env,
  });
  const sources = new SourceRegistry(createAdapters(config));
  const gateway = createGateway({
    sources,
    ...configuredDeps(config),
    logging: false,
    ...options.gateway,
  });
  const client = new GraphQLClient('http://gateway.test/graphql', {
    headers: { ...TEST_AUTH_HEADERS },
    fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise.resolve(gateway.fetch(new Request(String(input), init))),
    errorPolicy: 'all',
  });
  return {
    gateway,
    sandboxes,
    sources,
    sdk: getSdk(client),
    async close() {
      // Runs the plugins' onDispose: the request log's vendor-call subscription ends with its gateway.
      await gateway.dispose();
      await sources.close();
      await sandboxes.stop();
    },
  };
}

/** The handle over whatever gateway `running()` answers with at the time of each access. */
function handle(running: () => Running): TestGateway {
  const t = {
    get gateway() {
      return running().gateway;
    },
    get sandboxes() {
      return running().sandboxes;
    },
    get sources() {
      return running().sources;
    },
    get sdk() {
      return running().sdk;
    },
    async post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) {
      const res = await running().gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLBody };
    },
  };
  for (const name of SANDBOX_NAMES) {
    Object.defineProperty(t, name, {
      enumerable: true,
      get() {
        const sandbox = running().sandboxes[name];
        if (!sandbox) throw new Error(`the ${name} sandbox was not started: add '${name}' to the test gateway's \`only\` list`);
        return sandbox;
      },
    });
  }
  return t as typeof t & SandboxHandles;
}

/**
 * Registers hooks that start the sandboxes and a gateway before the tests of the enclosing file or
 * describe block and stop them after; `perTest` starts a fresh pair for every test instead.
 */
export function useTestGateway(options: TestGatewayOptions & { perTest?: boolean } = {}): TestGateway {
  let current: Running | undefined;
  const [setUp, tearDown] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  setUp(async () => {
    current = await start(options);
  });
  tearDown(async () => {
    await current?.close();
    current = undefined;
  });
  return handle(() => {
    if (!current) throw new Error('the test gateway is not running: use it inside a test or a hook, not while tests are collected');
    return current;
  });
}

/** Runs `body` against a gateway of its own, stopped afterwards whatever happens. */
export async function withTestGateway<T>(options: TestGatewayOptions, body: (t: TestGateway) => Promise<T>): Promise<T> {
  const running = await start(options);
  try {
    return await body(handle(() => running));
  } finally {
    await running.close();
  }
}

export function errorCodes(body: { errors?: { extensions?: Record<string, unknown> }[] | undefined }): unknown[] {
  return (body.errors ?? []).map((e) => e.extensions?.code);
}
