// `npm run bench:compare`: one run, side by side, on this machine —
//   the raw sandbox route (Pimcore `GET /customers?page=1&pageSize=50`),
//   the Yoga floor (plain graphql-yoga, same selection from a static array, with and without graphql-jit,
//   and with graphql-jit plus the one vendor GET the page needs: the floor with the upstream call),
//   this gateway as users run it (the built dist, `node dist/server.js`, API-key auth on),
//   Hive Gateway over an OpenAPI description of the same sandbox route (bench/peer/).
// Each server runs in its own process, the sandboxes in another, autocannon in this one. For every
// operation: throughput, p50/p99, vendor calls per operation read from the sandbox counters next to
// the vendor minimum (bench/compare/operations.ts says why), and RSS idle and after load.
//
//   npm run bench:compare                      print the tables
//   npm run bench:compare -- --write           also rewrite the compare section of bench/RESULTS.md
//   npm run bench:compare -- --peer-install    run `npm ci --prefix bench/peer` first (done anyway when missing)
//   npm run bench:compare -- --no-peer         leave Hive Gateway out
//   npm run bench:compare -- --profile         the gateway writes a CPU profile to bench/profiles/
//   BENCH_DURATION=10 BENCH_CONNECTIONS=10     seconds and connections of each measured run (defaults)
//   BENCH_BASELINE=<dir> BENCH_BASELINE_LABEL=<text>   also run <dir>/dist/server.js (built, with node_modules) on the page
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchOperation, OPERATIONS, type OperationName } from './compare/operations.js';
import { ask, BENCH_API_KEY, benchGatewayEnv, type Child, deploymentNodeOptions, rssMb, startUntil } from './compare/processes.js';
import type { SandboxCounts, SandboxMessage } from './compare/sandboxes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEER = `${ROOT}bench/peer/`;
/** Where each gateway's stdout (a pino JSON line per request) goes: a file, as in production. */
const LOGS = `${ROOT}bench/logs/`;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Math.max(2, Math.round(DURATION / 4));
const API_KEY = BENCH_API_KEY;
const args = new Set(process.argv.slice(2));
/** A directory holding another build of the gateway (its dist/ and node_modules/), measured on the 50-customer page too. */
const BASELINE = process.env.BENCH_BASELINE;
const BASELINE_LABEL = process.env.BENCH_BASELINE_LABEL ?? BASELINE ?? '';

interface Row {
  operation: OperationName;
  server: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  callsPerOp?: string;
  minimum?: string;
  rssIdle?: number;
  rssAfter?: number;
}

const rows: Row[] = [];
const notes: string[] = [];
const loadSamples: number[] = [loadavg()[0] ?? 0];

// ---- load generation -----------------------------------------------------------------------------

interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Bodies that differ per request (a fresh Idempotency-Key per mutation). */
  fresh?: () => { body: string; headers: Record<string, string> };
}

async function load(target: Target, seconds: number): Promise<autocannon.Result> {
  const fresh = target.fresh;
  return autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    connections: CONNECTIONS,
    duration: seconds,
    ...(fresh
      ? {
          requests: [
            {
              setupRequest: (req) => {
                const next = fresh();
                return { ...req, body: next.body, headers: { ...req.headers, ...next.headers } };
              },
            },
          ],
        }
      : {}),
  });
}

async function measure(operation: OperationName, server: string, target: Target, pid?: number): Promise<Row> {
  await load(target, WARMUP);
  const result = await load(target, DURATION);
  loadSamples.push(loadavg()[0] ?? 0);
  const row: Row = {
    operation,
    server,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
  if (pid !== undefined) row.rssAfter = rssMb(pid);
  rows.push(row);
  console.log(`${operation.padEnd(10)} ${server.padEnd(34)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms`);
  return row;
}

/** Sends one request and fails the run when it does not answer the data the operation expects. */
async function check(target: Target, expect: (body: unknown) => boolean, what: string): Promise<void> {
  const next = target.fresh?.();
  const res = await fetch(target.url, {
    method: target.method,
    headers: { ...target.headers, ...next?.headers },
    body: next?.body ?? target.body,
  });
  const body: unknown = await res.json();
  if (!res.ok || !expect(body)) throw new Error(`${what}: unexpected answer ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
}

// ---- vendor calls per operation ---------------------------------------------------------------------

async function callsPerOperation(sandboxes: Child, target: Target, runs = 20): Promise<string> {
  await ask<SandboxMessage>(sandboxes.process, 'reset');
  for (let i = 0; i < runs; i++) await check(target, () => true, 'calls');
  const { counts } = await ask<Extract<SandboxMessage, { type: 'calls' }>>(sandboxes.process, 'calls');
  return formatCalls(counts, runs);
}

function formatCalls(counts: SandboxCounts, runs: number): string {
  const parts: string[] = [];
  for (const [sandbox, routes] of Object.entries(counts)) {
    for (const [route, n] of Object.entries(routes)) {
      if (n > 0) parts.push(`${sandbox} ${route}: ${Math.round((n / runs) * 100) / 100}`);
    }
  }
  return parts.join('; ') || 'none';
}

// ---- servers ----------------------------------------------------------------------------------------

async function startSandboxes(): Promise<{ child: Child; env: Record<string, string> }> {
  const { child } = await startUntil(process.execPath, ['--import', 'tsx', `${ROOT}bench/compare/sandboxes.ts`], {
    env: { ...process.env },
    ready: /sandboxes ready/,
    ipc: true,
  });
  const env = await ask<Extract<SandboxMessage, { type: 'env' }>>(child.process, 'env');
  return { child, env: env.env };
}

async function startGateway(
  vendorEnv: Record<string, string | undefined>,
  label: string,
  dir = ROOT,
): Promise<{ child: Child; url: string }> {
  const profile = args.has('--profile')
    ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/profiles`, `--cpu-prof-name=${label}.cpuprofile`]
    : [];
  const { child, match } = await startUntil(process.execPath, [...profile, 'dist/server.js'], {
    cwd: dir,
    env: benchGatewayEnv(vendorEnv),
    ready: /listening on (http:\/\/[^/\s]+\/graphql)/,
    stdoutFile: `${LOGS}${label}.log`,
  });
  return { child, url: match[1] ?? '' };
}

function graphql(url: string, operation: BenchOperation, headers: Record<string, string> = {}): Target {
  const base = { 'content-type': 'application/json', ...headers };
  if (operation.fresh) {
    const fresh = operation.fresh;
    return {
      url,
      method: 'POST',
      headers: base,
      fresh: () => ({
        body: JSON.stringify({ query: operation.query, variables: fresh.variables() }),
        headers: { 'idempotency-key': randomUUID() },
      }),
    };
  }
  return { url, method: 'POST', headers: base, body: JSON.stringify({ query: operation.query, variables: operation.variables ?? {} }) };
}

const hasData = (body: unknown) => typeof body === 'object' && body !== null && 'data' in body && !('errors' in body);

/**
 * RSS once the process has been idle long enough for V8's memory reducer: what an idle gateway
 * holds, not its start-up garbage. The reducer's first shrinking GC came 12–30 s after start here
 * (a gateway read 129 MB at 2 s and 12 s, 91 MB at 30 s), so idle RSS is read after 30 s.
 */
const IDLE_SETTLE_MS = 30_000;

async function settleRss(pid: number | undefined): Promise<number | undefined> {
  await sleep(IDLE_SETTLE_MS);
  return rssMb(pid);
}

// ---- interleaved comparison -------------------------------------------------------------------------

interface Contender {
  server: string;
  target: Target;
  child?: Child;
  expect?: (body: unknown) => boolean;
  minimum?: string;
  rssIdle?: number | undefined;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * Every contender: idle RSS (after one shared settle), vendor calls per operation, a warm-up, then
 * ROUNDS rounds of DURATION/ROUNDS seconds each, in turn. Throughput is over all rounds; p50 and p99
 * are the medians of the rounds' values.
 */
async function measureInterleaved(operation: OperationName, contenders: Contender[], sandboxes: Child): Promise<void> {
  await sleep(IDLE_SETTLE_MS);
  for (const c of contenders) {
    c.rssIdle = rssMb(c.child?.process.pid);
    await check(c.target, c.expect ?? hasData, c.server);
  }
  const calls = new Map<Contender, string>();
  for (const c of contenders) if (c.child) calls.set(c, await callsPerOperation(sandboxes, c.target));
  for (const c of contenders) await load(c.target, WARMUP);
  const seconds = Math.max(2, Math.round(DURATION / ROUNDS));
  const results = new Map<Contender, autocannon.Result[]>(contenders.map((c) => [c, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      results.get(c)?.push(await load(c.target, seconds));
      loadSamples.push(loadavg()[0] ?? 0);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  for (const c of contenders) {
    const runs = results.get(c) ?? [];
    const requests = runs.reduce((sum, r) => sum + r.requests.total, 0);
    const row: Row = {
      operation,
      server: c.server,
      rps: Math.round(requests / (seconds * runs.length)),
      p50: median(runs.map((r) => r.latency.p50)),
      p99: median(runs.map((r) => r.latency.p99)),
      errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
      callsPerOp: calls.get(c),
      minimum: c.minimum,
      rssIdle: c.rssIdle,
      rssAfter: rssMb(c.child?.process.pid),
    };
    rows.push(row);
    console.log(
      `${operation.padEnd(10)} ${c.server.padEnd(34)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms`,
    );
  }
}

async function startPeer(env: Record<string, string>): Promise<Child> {
  const compose = spawnSync(`${PEER}node_modules/.bin/mesh-compose`, ['-o', 'supergraph.graphql'], {
    cwd: PEER,
    env: { ...process.env, PIMCORE_URL: env.PIMCORE_URL, PIMCORE_API_KEY: env.PIMCORE_API_KEY },
    encoding: 'utf8',
  });
  if (compose.status !== 0) throw new Error(`mesh-compose failed:\n${compose.stdout}${compose.stderr}`);
  const { child } = await startUntil(
    `${PEER}node_modules/.bin/hive-gateway`,
    ['supergraph', 'supergraph.graphql', '--port', '4719', '--host', '127.0.0.1'],
    { cwd: PEER, env: { PATH: process.env.PATH }, ready: /Listening on/ },
  );
  return child;
}

function peerTarget(query: string): Target {
  return {
    url: 'http://127.0.0.1:4719/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  };
}

// ---- the run ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`Building the gateway (npm run build) …`);
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  if (args.has('--profile')) mkdirSync(`${ROOT}bench/profiles`, { recursive: true });
  mkdirSync(LOGS, { recursive: true });
  const wantPeer = !args.has('--no-peer');
  if (wantPeer && (args.has('--peer-install') || !existsSync(`${PEER}node_modules/.bin/hive-gateway`))) {
    console.log(
      `Installing the peer: npm ci --prefix bench/peer ${args.has('--peer-install') ? '(asked with --peer-install)' : '(not installed yet)'}`,
    );
    const install = spawnSync('npm', ['ci', '--prefix', 'bench/peer', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
    if (install.status !== 0) throw new Error('npm ci --prefix bench/peer failed');
  }

  const children: Child[] = [];
  try {
    const sandboxes = await startSandboxes();
    children.push(sandboxes.child);
    const env = sandboxes.env;
    const pimcoreEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('PIMCORE_')));
    const page50 = OPERATIONS.page50;
    const auth = { authorization: `Bearer ${API_KEY}` };

    // The 50-customer page on every server, all started at once and loaded in turns (interleaved
    // rounds), so load from other processes on this shared machine falls on each of them alike.
    const contenders: Contender[] = [];
    contenders.push({
      server: 'raw sandbox route (REST)',
      target: {
        url: `${env.PIMCORE_URL}/customers?page=1&pageSize=50`,
        method: 'GET',
        headers: { 'x-api-key': env.PIMCORE_API_KEY ?? '' },
      },
      expect: (b) => Array.isArray((b as { data?: unknown }).data),
    });
    const floors = [
      { server: 'Yoga floor', flags: [] },
      { server: 'Yoga floor + graphql-jit', flags: ['--jit'] },
      { server: 'Yoga floor + graphql-jit + vendor GET', flags: ['--jit', '--fetch'] },
    ];
    for (const floor of floors) {
      const { child, match } = await startUntil(
        process.execPath,
        ['--import', 'tsx', `${ROOT}bench/compare/yoga-floor.ts`, ...floor.flags],
        { env: { ...process.env, ...pimcoreEnv }, ready: /listening (\d+)/ },
      );
      children.push(child);
      contenders.push({ server: floor.server, target: graphql(`http://127.0.0.1:${match[1]}/graphql`, page50), child });
    }
    const gateway = await startGateway(pimcoreEnv, 'gateway-pimcore');
    children.push(gateway.child);
    const gatewayContender: Contender = {
      server: 'this gateway (dist, Pimcore only)',
      target: graphql(gateway.url, page50, auth),
      child: gateway.child,
      minimum: page50.minimum,
    };
    contenders.push(gatewayContender);
    if (BASELINE) {
      // Another build of the gateway (an older commit, or the merged stack) on the same page.
      const baseline = await startGateway(pimcoreEnv, 'gateway-baseline', BASELINE);
      children.push(baseline.child);
      contenders.push({ server: `baseline (${BASELINE_LABEL})`, target: graphql(baseline.url, page50, auth), child: baseline.child });
    }
    let peer: Child | undefined;
    if (wantPeer) {
      peer = await startPeer(env);
      children.push(peer);
      contenders.push({
        server: 'Hive Gateway 2.15 + OpenAPI',
        target: peerTarget(OPERATIONS.page50.peer ?? ''),
        child: peer,
      });
    }
    await measureInterleaved('page50', contenders, sandboxes.child);

    // The gateway's other Pimcore reads, one after another.
    for (const name of ['page20rel', 'nodes20'] as const) {
      const op = OPERATIONS[name];
      const target = graphql(gateway.url, op, auth);
      await check(target, hasData, `gateway ${name}`);
      const calls = await callsPerOperation(sandboxes.child, target);
      const row = await measure(name, gatewayContender.server, target, gateway.child.process.pid);
      Object.assign(row, { callsPerOp: calls, minimum: op.minimum, rssIdle: gatewayContender.rssIdle });
    }
    if (peer) {
      const target = peerTarget(OPERATIONS.page20rel.peer ?? '');
      await check(target, hasData, 'peer page20rel');
      const calls = await callsPerOperation(sandboxes.child, target);
      const row = await measure('page20rel', 'Hive Gateway 2.15 + OpenAPI', target, peer.process.pid);
      Object.assign(row, { callsPerOp: calls });
    }
    for (const c of contenders) await c.child?.stop();

    // This gateway with all five vendors: the cross-vendor lookup and the mobile write.
    {
      const { child, url } = await startGateway(env, 'gateway-all');
      children.push(child);
      const pid = child.process.pid;
      const idle = await settleRss(pid);
      const auth = { authorization: `Bearer ${API_KEY}` };
      for (const name of ['byEmail', 'mutation'] as const) {
        const op = OPERATIONS[name];
        const target = graphql(url, op, auth);
        await check(target, op.expect ?? hasData, `gateway ${name}`);
        const calls = await callsPerOperation(sandboxes.child, target);
        const row = await measure(name, 'this gateway (dist, five vendors)', target, pid);
        Object.assign(row, { callsPerOp: calls, minimum: op.minimum, rssIdle: idle });
      }
      await child.stop();
    }

    // Demo mode: sandboxes in the gateway's process; idle RSS only.
    {
      // As `npm start` runs it: no NODE_OPTIONS (no heap cap).
      const { child } = await startGateway({ NODE_OPTIONS: undefined }, 'gateway-demo');
      children.push(child);
      notes.push(
        `Demo mode (\`npm start\`: no vendor URL, five seeded sandboxes in-process, no heap cap): RSS ${await settleRss(child.process.pid)} MB idle.`,
      );
      await child.stop();
    }
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
  report();
}

// ---- the report -------------------------------------------------------------------------------------

function versionOf(pkg: string, dir = ROOT): string {
  try {
    return (JSON.parse(readFileSync(`${dir}node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '—';
  }
}

function report(): void {
  const page = (server: string) => rows.find((r) => r.operation === 'page50' && r.server.startsWith(server));
  const gw = page('this gateway');
  const peer = page('Hive');
  const floorJit = rows.find((r) => r.operation === 'page50' && r.server === 'Yoga floor + graphql-jit');
  const floorFetch = page('Yoga floor + graphql-jit + vendor GET');
  const ratio = (a?: Row, b?: Row) => (a && b && b.rps > 0 ? `${(a.rps / b.rps).toFixed(2)}×` : '—');
  const pct = (a?: Row, b?: Row) => (a && b && b.rps > 0 ? `${Math.round((a.rps / b.rps) * 100)}%` : '—');
  const header =
    '| operation | server | req/s | p50 / p99 ms | errors | vendor calls per operation | vendor minimum | RSS idle / after MB |';
  const sep = '| --- | --- | ---: | --- | ---: | --- | --- | --- |';
  const lines = rows.map(
    (r) =>
      `| ${r.operation} | ${r.server} | ${r.rps} | ${r.p50} / ${r.p99} | ${r.errors} | ${r.callsPerOp ?? '—'} | ${r.minimum ?? '—'} | ${r.rssIdle ?? '—'} / ${r.rssAfter ?? '—'} |`,
  );
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const text = [
    `## Side by side (bench:compare) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB; shared with other test runs — load average (1 min) ${loadSamples.map((l) => l.toFixed(1)).join(' → ')} over the run.`,
    `Node ${process.version}; graphql ${versionOf('graphql')}, graphql-yoga ${versionOf('graphql-yoga')}, @envelop/graphql-jit ${versionOf('@envelop/graphql-jit')}, graphql-jit ${versionOf('graphql-jit')}, undici ${versionOf('undici')}, zod ${versionOf('zod')}, autocannon ${versionOf('autocannon')}; peer: @graphql-hive/gateway ${versionOf('@graphql-hive/gateway', PEER)}, @omnigraph/openapi ${versionOf('@omnigraph/openapi', PEER)}.`,
    `Command: \`npm run bench:compare -- --write\` (autocannon, ${CONNECTIONS} connections, ${WARMUP} s warm-up per server; page50 rows: every server up at once and loaded in ${ROUNDS} interleaved rounds of ${Math.max(2, Math.round(DURATION / ROUNDS))} s, p50/p99 the medians of the rounds; other rows ${DURATION} s each; each server in its own process, sandboxes in another, no added sandbox latency; the gateway is \`node dist/server.js\` with the Deployment's \`NODE_OPTIONS=${deploymentNodeOptions()}\` (the floors and Hive Gateway run without a cap), API-key auth and per-client rate limits off, logs (a pino JSON line per request) and metrics on, its stdout going to a file in bench/logs/ as in production; idle RSS ${IDLE_SETTLE_MS / 1000} s after start).`,
    '',
    `**50-customer page:** this gateway = ${ratio(gw, peer)} Hive Gateway (target ≥ 5×), ${pct(gw, floorJit)} of the Yoga floor with JIT (target ≥ 70%), ${pct(gw, floorFetch)} of that floor with the one vendor GET the page needs (the floor itself is ${pct(floorFetch, floorJit)} of the static one), p99/p50 = ${gw && gw.p50 > 0 ? (gw.p99 / gw.p50).toFixed(1) : '—'} (target ≤ 3).`,
    '',
    header,
    sep,
    ...lines,
    '',
    ...notes,
    '',
  ].join('\n');
  console.log(`\n${text}`);
  if (args.has('--write')) writeSection(text);
}

const START = '<!-- bench:compare start -->';
const END = '<!-- bench:compare end -->';

function writeSection(text: string): void {
  const file = `${ROOT}bench/RESULTS.md`;
  const current = readFileSync(file, 'utf8');
  const block = `${START}\n${text}${END}`;
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + END.length) : `${block}\n\n${current}`;
  writeFileSync(file, next);
  console.log('bench/RESULTS.md: compare section rewritten');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
