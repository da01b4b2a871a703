// `npx tsx bench/page50.ts [--profile] [--heap] [--heap-during] [--alloc]`: the gateway alone on the 50-customer page, for
// before/after runs of one change (bench/RESULTS.md "each change"): the built gateway
// (`node dist/server.js` with the Deployment's NODE_OPTIONS, API-key auth on, rate limits off, logs
// to a file in bench/logs/), the Pimcore sandbox in a process of its own, autocannon here: 3 s warm-up, then BENCH_ROUNDS (3)
// rounds of BENCH_DURATION (default 4) seconds at BENCH_CONNECTIONS (default 10); with
// BENCH_SERVERS=before=bench/builds/before/dist/server.js,after=dist/server.js the builds are up at
// once and take turns, so a change is compared under the same machine state. Prints the median
// req/s, p50/p99 of the rounds, the gateway's CPU time per request (user + system, from /proc: the
// figure that holds on a shared machine, where req/s also measures the neighbours) and RSS idle/after.
// `--profile` writes a CPU profile to bench/profiles/page50.cpuprofile; `--heap` a heap snapshot
// after the load (SIGUSR2 via --heapsnapshot-signal) to bench/profiles/, `--heap-during` one in the
// middle of the last round; `--alloc` adds the heap bytes allocated per request (from
// --trace-gc-nvp), which the machine's noise hardly moves. Build first (`npm run build`).
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { OPERATIONS } from './compare/operations.js';
import { ask, BENCH_API_KEY, benchGatewayEnv, rssMb, startUntil } from './compare/processes.js';
import type { SandboxMessage } from './compare/sandboxes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const API_KEY = BENCH_API_KEY;
/** BENCH_QUERY: another query than the 50-customer page, e.g. `{ __typename }` to see what a request costs without a vendor call. */
const QUERY = process.env.BENCH_QUERY ?? OPERATIONS.page50.query;
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
  ...(args.has('--heap') || args.has('--heap-during') ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${ROOT}bench/profiles`] : []),
  ...(args.has('--alloc') ? ['--trace-gc-nvp'] : []),
  ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
];
/** `label=path/to/server.js` pairs: several builds up at once, loaded in interleaved rounds, so they share the machine's state. */
const servers = (process.env.BENCH_SERVERS ?? 'gateway=dist/server.js').split(',').map((pair) => {
  const at = pair.indexOf('=');
  const label = pair.slice(0, at);
  const rest = pair.slice(at + 1);
  // `label=path|--flag --flag|KEY=value KEY=value`: node flags and environment of that server alone
  // (V8 heap settings, or a feature switched off such as GATEWAY_JIT=false, compared side by side;
  // the server must still log its `listening on` banner, so LOG_LEVEL stays at info).
  const [path = 'dist/server.js', own = '', envs = ''] = rest.split('|');
  const ownEnv = Object.fromEntries(
    envs
      .split(' ')
      .filter(Boolean)
      .map((kv) => {
        const eq = kv.indexOf('=');
        if (eq < 1) throw new Error(`BENCH_SERVERS: "${kv}" is not KEY=value (server ${label})`);
        return [kv.slice(0, eq), kv.slice(eq + 1)];
      }),
  );
  return { label, path, own: own.split(' ').filter(Boolean), ownEnv };
});
/**
 * The run's node flags for one server, floors included (its CPU profile named after it). A floor
 * runs under tsx, whose loader thread writes a profile too: one fixed name would let that thread's
 * profile overwrite the main one, so a floor's profiles keep Node's default names in
 * bench/profiles/<label>/ (the largest is the main thread's).
 */
const nodeFlags = (label: string, floor: boolean) =>
  flags.flatMap((f) => {
    if (!f.startsWith('--cpu-prof-')) return [f];
    if (!floor) return [f.replace('page50.cpuprofile', `${label}.cpuprofile`)];
    return f.startsWith('--cpu-prof-dir=') ? [`${f}/${label}`] : [];
  });
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const logOf = (label: string) => `${ROOT}bench/logs/${label}.log`;
const gateways = [];
for (const { label, path, own, ownEnv } of servers) {
  // `floor=bench/compare/yoga-floor.ts|--jit --fetch`: a Yoga floor of bench:compare (its flags are its own).
  const floor = path.endsWith('yoga-floor.ts');
  const started = await startUntil(
    process.execPath,
    floor ? [...nodeFlags(label, true), '--import', 'tsx', path, ...own] : [...nodeFlags(label, false), ...own, path],
    {
      cwd: ROOT,
      env: { ...benchGatewayEnv({ PIMCORE_URL: env.PIMCORE_URL, PIMCORE_API_KEY: env.PIMCORE_API_KEY }), ...ownEnv },
      ready: floor ? /listening (\d+)/ : /listening on (http:\/\/[^/\s]+\/graphql)/,
      stdoutFile: logOf(label),
    },
  );
  if (floor) started.match[1] = `http://127.0.0.1:${started.match[1]}/graphql`;
  gateways.push({
    label,
    child: started.child,
    url: started.match[1] ?? '',
    rps: [] as number[],
    cpuUs: [] as number[],
    p50: [] as number[],
    p99: [] as number[],
    allocKb: [] as number[],
    promotedKb: [] as number[],
  });
}
await sleep(2_000);
const idle = gateways.map((g) => rssMb(g.child.process.pid));
const run = (url: string, duration: number) =>
  autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query: QUERY }),
  });
for (const g of gateways) await run(g.url, 3);
for (let round = 0; round < ROUNDS; round++) {
  for (const g of gateways) {
    const cpuBefore = cpuMs(g.child.process.pid);
    const logFrom = statSync(logOf(g.label)).size;
    // `--heap-during`: a snapshot halfway through the last round, with the load's connections open
    // (what they hold is gone by the time the load ends).
    if (args.has('--heap-during') && round === ROUNDS - 1) setTimeout(() => g.child.process.kill('SIGUSR2'), (DURATION * 1000) / 2);
    const result = await run(g.url, DURATION);
    g.cpuUs.push(((cpuMs(g.child.process.pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total));
    if (args.has('--alloc')) {
      const perRequestKb = (field: 'allocated' | 'promoted') =>
        gcTraceSum(logOf(g.label), logFrom, field) / 1024 / Math.max(1, result.requests.total);
      g.allocKb.push(perRequestKb('allocated'));
      g.promotedKb.push(perRequestKb('promoted'));
    }
    g.rps.push(result.requests.average);
    g.p50.push(result.latency.p50);
    g.p99.push(result.latency.p99);
  }
}
const after = gateways.map((g) => rssMb(g.child.process.pid));
if (args.has('--heap')) {
  for (const g of gateways) g.child.process.kill('SIGUSR2');
  await sleep(5_000);
}
await sleep(10_000);
/**
 * The sum of one field over the `--trace-gc-nvp` lines of a log since `from`: `allocated` (bytes
 * allocated since the collection before, which the machine's load hardly moves) or `promoted` (bytes
 * a collection moved from the young to the old generation, which only a Mark-Compact frees).
 */
function gcTraceSum(file: string, from: number, field: 'allocated' | 'promoted'): number {
  const text = readFileSync(file).subarray(from).toString('latin1');
  let sum = 0;
  for (const m of text.matchAll(new RegExp(` ${field}=(\\d+) `, 'g'))) sum += Number(m[1]);
  return sum;
}
/** User + system CPU time of a process in ms, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
gateways.forEach((g, i) => {
  console.log(
    `page50 ${g.label}: ${Math.round(median(g.rps))} req/s (rounds ${g.rps.map(Math.round).join(', ')}), p50 ${median(g.p50)} ms, p99 ${median(g.p99)} ms, ` +
      `gateway CPU ${Math.round(median(g.cpuUs))} µs per request (rounds ${g.cpuUs.map(Math.round).join(', ')}); ` +
      (g.allocKb.length
        ? `heap allocated ${Math.round(median(g.allocKb))} KB per request, promoted ${median(g.promotedKb).toFixed(1)} KB; `
        : '') +
      `RSS idle (2 s) ${idle[i]} MB, after load ${after[i]} MB, 10 s later ${rssMb(g.child.process.pid)} MB`,
  );
});
for (const g of gateways) await g.child.stop();
sandboxes.child.process.disconnect();
await sandboxes.child.stop();
