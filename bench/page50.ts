// `npx tsx bench/page50.ts [--profile] [--heap]`: the gateway alone on the 50-customer page, for
// before/after runs of one change (bench/RESULTS.md "each change"): the built gateway
// (`node dist/server.js`, API-key auth on, rate limits off, logs to a file in bench/logs/), the
// Pimcore sandbox in a process of its own, autocannon here: 3 s warm-up, then BENCH_DURATION
// (default 8) seconds at BENCH_CONNECTIONS (default 10). Prints req/s, p50/p99 and RSS idle/after.
// `--profile` writes a CPU profile to bench/profiles/page50.cpuprofile; `--heap` a heap snapshot
// after the load (SIGUSR2 via --heapsnapshot-signal) to bench/profiles/. Build first (`npm run build`).
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { OPERATIONS } from './compare/operations.js';
import { ask, rssMb, startUntil } from './compare/processes.js';
import type { SandboxMessage } from './compare/sandboxes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const API_KEY = 'bench-client-key-0123456789abcdef';
const args = new Set(process.argv.slice(2));
mkdirSync(`${ROOT}bench/profiles`, { recursive: true });
mkdirSync(`${ROOT}bench/logs`, { recursive: true });

const sandboxes = await startUntil(process.execPath, ['--import', 'tsx', `${ROOT}bench/compare/sandboxes.ts`], {
  env: { ...process.env },
  ready: /sandboxes ready/,
  ipc: true,
});
const { env } = await ask<Extract<SandboxMessage, { type: 'env' }>>(sandboxes.child.process, 'env');
const flags = [
  ...(args.has('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/profiles`, '--cpu-prof-name=page50.cpuprofile'] : []),
  ...(args.has('--heap') ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${ROOT}bench/profiles`] : []),
  ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
];
const gateway = await startUntil(process.execPath, [...flags, 'dist/server.js'], {
  cwd: ROOT,
  env: {
    PATH: process.env.PATH,
    PIMCORE_URL: env.PIMCORE_URL,
    PIMCORE_API_KEY: env.PIMCORE_API_KEY,
    PORT: '0',
    HOST: '127.0.0.1',
    GATEWAY_API_KEYS: JSON.stringify([{ name: 'bench', key: API_KEY, scopes: ['*:read', '*:write'] }]),
    GATEWAY_RATE_LIMIT_REQUESTS: '0',
    GATEWAY_RATE_LIMIT_COST: '0',
  },
  ready: /listening on (http:\/\/[^/\s]+\/graphql)/,
  stdoutFile: `${ROOT}bench/logs/page50.log`,
});
const pid = gateway.child.process.pid;
const url = gateway.match[1] ?? '';
await sleep(2_000);
const idle = rssMb(pid);
const run = (duration: number) =>
  autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query: OPERATIONS.page50.query }),
  });
await run(3);
const result = await run(DURATION);
const after = rssMb(pid);
if (args.has('--heap')) {
  gateway.child.process.kill('SIGUSR2');
  await sleep(5_000);
}
await sleep(10_000);
const settled = rssMb(pid);
console.log(
  `page50 gateway: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
    `errors ${result.errors + result.non2xx}; RSS idle (2 s) ${idle} MB, after load ${after} MB, 10 s later ${settled} MB`,
);
await gateway.child.stop();
sandboxes.child.process.disconnect();
await sandboxes.child.stop();
