// Resilience under injected faults, three runs in one process (loopback only, bounded in time):
//  1. Pimcore hanging: nodes(100 Pimcore ids) and 40 concurrent customer(id) lookups end at the
//     request deadline (GATEWAY_REQUEST_TIMEOUT_MS, 15 s), while a Mautic query keeps its latency.
//  2. A 429 storm: Pimcore answers every call 429 with Retry-After: 1 for 8 s under 20 looping
//     clients; vendor calls per second fall to the quota floor, and recover once the storm ends.
//  3. A soak: mixed reads and creates for BENCH_SOAK_S seconds (default 120) against sandboxes
//     injecting every fault at random: latency, 503, 429 with Retry-After, hang, dropped connection,
//     malformed body, commit-then-hang on creates. Reports requests, errors by code, p50/p99, peak
//     RSS and vendor calls per request.
// `--write` appends the results to bench/RESULTS.md under "Resilience under faults".
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxServer } from '../src/sandbox/harness.js';
import { type BenchGateway, benchGateway, machine } from './support.js';

interface Answer {
  ms: number;
  codes: string[];
}

async function post(
  b: BenchGateway,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<Answer> {
  const started = performance.now();
  const res = await b.gateway.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string; vendor?: string } }[]; data?: unknown };
  const codes = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'UNKNOWN'} (${e.extensions?.vendor ?? '-'})`);
  // Mutation failures are typed results, not errors: count their codes too.
  const typed = JSON.stringify(body.data ?? {}).match(/"code":"([A-Z_]+)"/g) ?? [];
  codes.push(...typed.map((t) => `${t.slice(8, -1)} (mutation)`));
  return { ms: performance.now() - started, codes };
}

const pimcoreId = (n: number) => Buffer.from(`Customer:PIMCORE:${n}`).toString('base64url');
const mauticId = (n: number) => Buffer.from(`Customer:MAUTIC:${n}`).toString('base64url');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (ms: number) => Math.round(ms);
const tally = (codes: string[]) => {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return (
    [...counts]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, n]) => `${code} ${n}`)
      .join(', ') || 'none'
  );
};

async function hangingVendor(): Promise<string[]> {
  const b = await benchGateway({ only: ['pimcore', 'mautic'], latencyMs: 5 });
  const pimcore = b.sandboxes.pimcore as SandboxServer;
  const mautic = '{ customer(id: "' + mauticId(3) + '") { email } }';
  const baseline = await post(b, mautic);
  pimcore.injectFault({ hang: true });
  const ids = Array.from({ length: 100 }, (_, i) => pimcoreId(i + 1));
  const [fanOut, besideIt] = await Promise.all([
    post(b, 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }),
    sleep(200).then(() => post(b, mautic)),
  ]);
  pimcore.resetCalls();
  const lookups = await Promise.all(
    Array.from({ length: 40 }, (_, i) => post(b, '{ customer(id: "' + pimcoreId(i + 1) + '") { email } }')),
  );
  const slowest = Math.max(...lookups.map((a) => a.ms));
  await b.close();
  return [
    '| run | wall ms | errors |',
    '| --- | --- | --- |',
    `| nodes(100 Pimcore ids), Pimcore hanging | ${round(fanOut.ms)} | ${tally(fanOut.codes)} |`,
    `| 40 concurrent customer(id), Pimcore hanging (slowest) | ${round(slowest)} | ${tally(lookups.flatMap((a) => a.codes))} |`,
    `| Mautic customer(id) alone / during the hang | ${round(baseline.ms)} / ${round(besideIt.ms)} | ${tally(besideIt.codes)} |`,
  ];
}

async function storm(): Promise<string[]> {
  const b = await benchGateway({ only: ['pimcore'], latencyMs: 5 });
  const pimcore = b.sandboxes.pimcore as SandboxServer;
  const perSecond: number[] = [];
  let stop = false;
  const codes: string[] = [];
  const clients = Array.from({ length: 20 }, async () => {
    while (!stop) codes.push(...(await post(b, '{ customers(vendor: PIMCORE, first: 5) { edges { node { id } } } }')).codes);
  });
  pimcore.injectFault({ retryAfterSeconds: 1 });
  let last = 0;
  for (let s = 0; s < 20; s += 1) {
    if (s === 8) pimcore.clearFaults();
    await sleep(1_000);
    const total = pimcore.calls();
    perSecond.push(total - last);
    last = total;
  }
  stop = true;
  await Promise.all(clients);
  await b.close();
  const storm = perSecond.slice(0, 8).reduce((a, c) => a + c, 0);
  return [
    `Pimcore calls during the 8 s storm: **${storm}** (before retries, budget and quota: 4,108). Errors: ${tally(codes)}.`,
    '',
    '| second | ' + perSecond.map((_, i) => String(i + 1)).join(' | ') + ' |',
    '| --- | ' + perSecond.map(() => '---').join(' | ') + ' |',
    '| Pimcore calls | ' + perSecond.join(' | ') + ' |',
    '',
    'Seconds 1–8: every call answered 429 with `Retry-After: 1`; from second 9 the vendor answers again.',
  ];
}

async function soak(seconds: number): Promise<string[]> {
  const b = await benchGateway({
    only: ['pimcore', 'mautic', 'synerise', 'sfcc'],
    latencyMs: 5,
    env: { GATEWAY_REQUEST_TIMEOUT_MS: '5000' },
  });
  const servers = ['pimcore', 'mautic', 'synerise', 'sfcc'].map((n) => b.sandboxes[n as 'pimcore'] as SandboxServer);
  for (const s of servers) {
    s.injectFault({ delayMs: 300, probability: 0.03 });
    s.injectFault({ status: 503, probability: 0.05 });
    s.injectFault({ retryAfterSeconds: 1, probability: 0.02 });
    s.injectFault({ dropConnection: true, probability: 0.02 });
    s.injectFault({ malformed: true, probability: 0.01 });
    s.injectFault({ hang: true, probability: 0.002 });
  }
  (b.sandboxes.pimcore as SandboxServer).injectFault({ route: 'POST /customers', commitThenHang: true, probability: 0.2 });
  const queries: [string, () => Record<string, unknown> | undefined][] = [
    ['{ customers(vendor: PIMCORE, first: 10) { edges { node { id email } } } }', () => undefined],
    ['{ customers(vendor: MAUTIC, first: 10) { edges { node { id email } } } }', () => undefined],
    ['{ customers(vendor: SYNERISE, first: 10) { edges { node { id email } } } }', () => undefined],
    ['{ sites(vendor: SFCC, first: 5) { edges { node { id } } } }', () => undefined],
    ['query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', () => ({ ids: Array.from({ length: 20 }, (_, i) => pimcoreId(i + 1)) })],
    [
      'mutation ($email: String!) { createCustomer(input: { vendor: PIMCORE, email: $email }) { __typename ... on UpstreamError { code } } }',
      () => ({ email: `soak.${Math.random().toString(36).slice(2)}@example.org` }),
    ],
  ];
  const samples: number[] = [];
  const codes: string[] = [];
  let peakRss = 0;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  const end = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (Date.now() < end) {
        const [query, vars] = queries[n++ % queries.length] as (typeof queries)[number];
        const answer = await post(b, query, vars());
        samples.push(answer.ms);
        codes.push(...answer.codes);
      }
    }),
  );
  clearInterval(rssTimer);
  const calls = servers.reduce((a, s) => a + s.calls(), 0);
  await b.close();
  samples.sort((x, y) => x - y);
  return [
    `${seconds} s, 16 concurrent clients, 6 query shapes (4 vendors, reads, nodes(20 ids), a Pimcore create), GATEWAY_REQUEST_TIMEOUT_MS 5000.`,
    'Faults on every sandbox, at random: 300 ms latency 3%, 503 5%, 429 + Retry-After: 1 2%, dropped connection 2%,',
    'malformed body 1%, hang 0.2%; Pimcore creates: commit-then-hang 20%.',
    '',
    '| requests | p50 ms | p99 ms | max ms | peak RSS MB | vendor calls / request |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${samples.length} | ${round(percentile(samples, 0.5))} | ${round(percentile(samples, 0.99))} | ${round(samples.at(-1) ?? 0)} | ${round(peakRss / 2 ** 20)} | ${(calls / samples.length).toFixed(2)} |`,
    '',
    `Errors by code: ${tally(codes)}.`,
  ];
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SOAK_S ?? 120);
  const report = [
    `\n## Resilience under faults — ${new Date().toISOString().slice(0, 10)}`,
    `${machine()}; sandbox latency 5 ms; resilience settings at their defaults unless named.`,
    '',
    '### Pimcore hanging (request deadline 15 s)',
    '',
    ...(await hangingVendor()),
    '',
    '### 429 storm',
    '',
    ...(await storm()),
    '',
    '### Soak',
    '',
    ...(await soak(seconds)),
    '',
  ].join('\n');
  console.log(report);
  if (process.argv.includes('--write')) appendFileSync(new URL('./RESULTS.md', import.meta.url), report);
}

await main();
