// Shared bench plumbing: an in-process gateway over sandboxes with realistic latency, and timing.
import { parseConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { configuredDeps } from '../src/gateway-config.js';
import { DEMO_LIMIT_ENV } from '../src/limits/settings.js';
import { type FleetOptions, type SandboxFleet, startSandboxes } from '../src/sandbox/fleet.js';
import { SourceRegistry } from '../src/sources/registry.js';
import { createAdapters } from '../src/vendors/index.js';

export interface BenchGateway {
  gateway: Gateway;
  sandboxes: SandboxFleet;
  query(query: string, variables?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

export async function benchGateway(options: FleetOptions & { env?: Record<string, string> }): Promise<BenchGateway> {
  const sandboxes = await startSandboxes(options);
  // Benchmarks measure the gateway's work, not authentication: it is switched off explicitly.
  const config = parseConfig({ ...DEMO_LIMIT_ENV, ...sandboxes.env, GATEWAY_AUTH: 'none', ...options.env });
  const sources = new SourceRegistry(createAdapters(config));
  const gateway = createGateway({
    sources,
    ...configuredDeps(config),
    logging: false,
  });
  return {
    gateway,
    sandboxes,
    async query(query, variables) {
      const res = await gateway.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
      return body;
    },
    async close() {
      await sources.close();
      await sandboxes.stop();
    },
  };
}

export interface Timing {
  medianMs: number;
  p95Ms: number;
  runs: number;
}

export async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm-up: JIT, connection pool, caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), runs };
}

export const round = (n: number) => Math.round(n * 10) / 10;

export function machine(): string {
  return `Node ${process.version}, ${process.platform}/${process.arch}, 2 cores`;
}
