// Two gateway replicas (separate processes sharing one Redis) behind a round-robin proxy, against
// one replica behind the same proxy, in the same run and with the same sandboxes. Two workloads:
// reads (Pimcore customer pages, Redis only for the rate-limit counter) and idempotent writes
// (each with a new Idempotency-Key: a claim and a record in Redis per request).
//
//   npx tsx bench/replicas.ts            print the table
//   npx tsx bench/replicas.ts --write    also append it to bench/RESULTS.md (npm run bench does)
//
// Needs `npm run build` (it is run when src/ changed) and Redis: REDIS_URL, or redis-server on the PATH.
import { appendFileSync } from 'node:fs';
import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { startSandboxes } from '../src/sandbox/fleet.js';
import { ensureBuilt } from '../test/support/build.js';
import { TEST_AUTH_HEADERS } from '../test/support/gateway.js';
import { uniquePrefix, useRedis } from '../test/support/redis.js';
import { type Replica, startReplica } from '../test/support/replica.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const LATENCY_MS = 5;

/** Round-robin over `targets`, one keep-alive agent; just enough of a load balancer for the bench. */
function roundRobin(targets: readonly string[]): Promise<{ url: string; server: Server }> {
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = new URL(targets[next++ % targets.length] as string);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })),
  );
}

interface Result {
  reqPerS: number;
  p50: number;
  p95: number;
  failed: number;
}

async function load(url: string, body: (n: number) => { query: string; variables?: unknown; key?: string }): Promise<Result> {
  const samples: number[] = [];
  let failed = 0;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < REQUESTS) {
        const n = issued++;
        const { query, variables, key } = body(n);
        const t0 = performance.now();
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...TEST_AUTH_HEADERS, ...(key ? { 'idempotency-key': key } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const json = (await res.json()) as { errors?: unknown };
        if (res.status !== 200 || json.errors) failed++;
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round((samples[Math.floor(q * (samples.length - 1))] ?? 0) * 10) / 10;
  return { reqPerS: Math.round(REQUESTS / seconds), p50: at(0.5), p95: at(0.95), failed };
}

const READ = '{ customers(vendor: PIMCORE, first: 20) { edges { node { id email } } } }';
const WRITE = `mutation($email: String!) { createCustomer(input: { vendor: PIMCORE, email: $email }) { __typename } }`;

/** A Markdown table with padded columns, as the formatter leaves it. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

async function main(): Promise<void> {
  await ensureBuilt();
  const fleet = await startSandboxes({ only: ['pimcore'], latencyMs: LATENCY_MS });
  const redis = await useRedis();
  const env = {
    ...fleet.env,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: uniquePrefix('bench'),
    GATEWAY_RATE_LIMIT_REQUESTS: '0',
    GATEWAY_RATE_LIMIT_COST: '0',
  };
  const replicas: Replica[] = await Promise.all([startReplica(env), startReplica(env)]);
  const rows: string[][] = [];
  try {
    const run = Date.now().toString(36);
    for (const [label, targets] of [
      ['1 replica', replicas.slice(0, 1)],
      ['2 replicas', replicas],
    ] as const) {
      const proxy = await roundRobin(targets.map((r) => r.base));
      try {
        await load(proxy.url, () => ({ query: READ })); // warm-up
        const reads = await load(proxy.url, () => ({ query: READ }));
        const tag = `${run}-${targets.length}`;
        const writes = await load(proxy.url, (n) => ({
          query: WRITE,
          variables: { email: `bench-${tag}-${n}@example.com` },
          key: `${tag}-${n}`,
        }));
        for (const [workload, r] of [
          ['reads', reads],
          ['idempotent writes', writes],
        ] as const) {
          rows.push([label, workload, String(r.reqPerS), String(r.p50), String(r.p95), String(r.failed)]);
        }
      } finally {
        proxy.server.close();
      }
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await fleet.stop();
    await redis.stop();
  }
  const report = [
    `\n## Replicas behind a round-robin proxy, sharing Redis — ${new Date().toISOString().slice(0, 10)}\n`,
    `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores; gateway processes \`node dist/server.js\` with REDIS_URL; Pimcore sandbox in the bench process (${LATENCY_MS} ms latency); ${REQUESTS} requests per cell, ${CONCURRENCY} concurrent, through a node:http round-robin proxy in the bench process. Run with \`npx tsx bench/replicas.ts\`.\n`,
    ...table(['gateways', 'workload', 'req/s', 'p50 ms', 'p95 ms', 'failed'], rows),
    '',
  ].join('\n');
  console.log(report);
  if (process.argv.includes('--write')) appendFileSync(new URL('./RESULTS.md', import.meta.url), report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
