// Starts sandboxes and an in-process gateway wired to them exactly as a deployment would be
// (through parseConfig on environment variables), plus a typed SDK over gateway.fetch.
import { GraphQLClient } from 'graphql-request';
import { parseConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { type FleetOptions, type SandboxFleet, startSandboxes } from '../../src/sandbox/fleet.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { createAdapters } from '../../src/vendors/index.js';
import { getSdk } from '../generated/sdk.js';

export interface TestGateway {
  gateway: Gateway;
  sandboxes: SandboxFleet;
  sources: SourceRegistry;
  sdk: ReturnType<typeof getSdk>;
  /** Raw GraphQL over HTTP, for documents the SDK does not cover (malformed input and such). */
  post(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLBody }>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function startTestGateway(options: FleetOptions & { env?: Record<string, string> } = {}): Promise<TestGateway> {
  const sandboxes = await startSandboxes(options);
  const config = parseConfig({ ...sandboxes.env, ...options.env });
  const sources = new SourceRegistry(createAdapters(config));
  const gateway = createGateway({ sources, logging: false });
  const client = new GraphQLClient('http://gateway.test/graphql', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise.resolve(gateway.fetch(new Request(String(input), init))),
    errorPolicy: 'all',
  });
  return {
    gateway,
    sandboxes,
    sources,
    sdk: getSdk(client),
    async post(query, variables, headers) {
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLBody };
    },
    async close() {
      await sources.close();
      await sandboxes.stop();
    },
  };
}

export function errorCodes(body: { errors?: { extensions?: Record<string, unknown> }[] | undefined }): unknown[] {
  return (body.errors ?? []).map((e) => e.extensions?.code);
}
