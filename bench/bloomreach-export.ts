// The 50,000-customer Bloomreach export, read two ways side by side in one run:
//   streaming — the gateway's adapter: CSV parsed as it arrives into a column snapshot; a first page
//               is served once its rows are in;
//   buffered  — the naive way (implemented only here): `await body.text()` of the table_json export,
//               JSON.parse, then slice a page out of the parsed rows.
// Reports time to first page (100 customers), time to all rows, peak heap growth while reading and
// what stays retained after GC. The sandbox runs in its own process (its allocations stay out of the
// measured heap, and it gets its own core as a remote vendor would); every measured run starts in a
// fresh process, so no run inherits another's garbage.
//
//   npx tsx bench/bloomreach-export.ts            print the table
//   npx tsx bench/bloomreach-export.ts --write    also append it to bench/RESULTS.md (npm run bench does)
//   BENCH_RUNS=5 npx tsx bench/bloomreach-export.ts   more runs per variant (default 3)
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { parseConfig } from '../src/config.js';
import { pageWindow } from '../src/pagination/connection.js';
import { NO_INCLUDE } from '../src/sources/customers.js';
import { RequestScope } from '../src/sources/scope.js';
import { createBloomreachAdapter } from '../src/vendors/bloomreach/adapter.js';
import { columnLayout } from '../src/vendors/bloomreach/attributes.js';
import { machine, round } from './support.js';

interface SandboxInfo {
  url: string;
  projectToken: string;
  apiKeyId: string;
  apiSecret: string;
  segmentations: unknown;
  customers: number;
}

interface Pacing {
  name: string;
  exportDelayMs: number;
  msPer1000Rows: number;
}

interface Sample {
  firstPageMs: number;
  allRowsMs: number;
  peakBytes: number;
  retainedBytes: number;
  snapshotBytes: number | null;
}

const PAGE = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MB = 2 ** 20;
const PACINGS: Pacing[] = [
  { name: 'sandbox default (50 ms + 5 ms/1,000 rows)', exportDelayMs: 50, msPer1000Rows: 5 },
  { name: 'unpaced (as fast as the socket)', exportDelayMs: 0, msPer1000Rows: 0 },
];

// ---- child: the sandbox -------------------------------------------------------------------------

async function runSandbox(pacing: Pacing): Promise<void> {
  const { createBloomreachSandbox } = await import('../src/sandbox/bloomreach/index.js');
  const sandbox = createBloomreachSandbox({ exportDelayMs: pacing.exportDelayMs, msPer1000Rows: pacing.msPer1000Rows });
  await sandbox.start();
  const info: SandboxInfo = {
    url: sandbox.url,
    projectToken: sandbox.projectToken,
    apiKeyId: sandbox.apiKeyId,
    apiSecret: sandbox.apiSecret,
    segmentations: sandbox.segmentations,
    customers: sandbox.customers.length,
  };
  process.send?.(info);
  process.on('disconnect', () => void sandbox.stop().then(() => process.exit(0)));
}

function startSandbox(pacing: Pacing): Promise<{ child: ChildProcess; info: SandboxInfo }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--sandbox', JSON.stringify(pacing)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as SandboxInfo }));
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
}

// ---- parent: the measurements -------------------------------------------------------------------

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function settle(): number {
  gc();
  gc();
  return heapNow();
}

/** Samples heap + buffers every millisecond the event loop gives it; `mark()` samples on demand. */
function peakTracker(baseline: number) {
  let peak = baseline;
  const mark = () => {
    peak = Math.max(peak, heapNow());
  };
  const timer = setInterval(mark, 1);
  return {
    mark,
    stop: () => {
      clearInterval(timer);
      mark();
      return peak - baseline;
    },
  };
}

async function streaming(info: SandboxInfo): Promise<Sample> {
  const config = parseConfig({
    BLOOMREACH_URL: info.url,
    BLOOMREACH_PROJECT_TOKEN: info.projectToken,
    BLOOMREACH_API_KEY_ID: info.apiKeyId,
    BLOOMREACH_API_SECRET: info.apiSecret,
    BLOOMREACH_SEGMENTATIONS: JSON.stringify(info.segmentations),
    BLOOMREACH_TIMEOUT_MS: '60000',
  }).bloomreach;
  if (!config) throw new Error('no bloomreach config');
  const adapter = createBloomreachAdapter(config);
  const customers = adapter.customers;
  if (!customers) throw new Error('no customers port');
  const baseline = settle();
  const peak = peakTracker(baseline);
  const started = performance.now();
  const page = await customers.list(new RequestScope(), {}, pageWindow({ first: PAGE }, 'bench'), NO_INCLUDE);
  const firstPageMs = performance.now() - started;
  if (page.items.length !== PAGE) throw new Error('short first page');
  const total = await page.totalCount?.();
  const allRowsMs = performance.now() - started;
  if (total !== info.customers) throw new Error(`expected ${info.customers} rows, got ${total}`);
  const peakBytes = peak.stop();
  const retainedBytes = settle() - baseline;
  const snapshotBytes = adapter.snapshotStats().approxBytes;
  await adapter.close();
  return { firstPageMs, allRowsMs, peakBytes, retainedBytes, snapshotBytes };
}

interface TableJson {
  header: string[];
  rows: (string | number | null)[][];
}

/** The naive reader: whole body as text, JSON.parse, then a page out of the parsed rows. */
async function buffered(info: SandboxInfo): Promise<Sample> {
  const baseline = settle();
  const peak = peakTracker(baseline);
  const started = performance.now();
  const res = await request(`${info.url}/data/v2/projects/${info.projectToken}/customers/export`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${info.apiKeyId}:${info.apiSecret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ format: 'table_json', attributes: columnLayout().request }),
  });
  let text: string | undefined = await res.body.text();
  peak.mark();
  let table: TableJson | undefined = JSON.parse(text) as TableJson;
  peak.mark(); // text and parsed rows alive together: the high-water mark of this approach
  text = undefined;
  // Columns by position: registered, cookie, email lead the default attribute list.
  const firstPage = table.rows.slice(0, PAGE).map((row) => ({ vendorId: row[0] ?? row[1], email: row[2] }));
  const firstPageMs = performance.now() - started;
  if (firstPage.length !== PAGE || table.rows.length !== info.customers) throw new Error('short export');
  const allRowsMs = firstPageMs; // nothing is usable before everything is
  const peakBytes = peak.stop();
  const retainedBytes = settle() - baseline;
  if (table.rows.length === 0) console.log('unreachable'); // keeps `table` alive across the GC above
  table = undefined;
  return { firstPageMs, allRowsMs, peakBytes, retainedBytes, snapshotBytes: null };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function row(variant: string, pacing: Pacing, samples: Sample[]): string {
  const mb = (n: number) => round(n / MB).toFixed(1);
  const snapshot = samples[0]?.snapshotBytes;
  return [
    variant,
    pacing.name,
    round(median(samples.map((s) => s.firstPageMs))),
    round(median(samples.map((s) => s.allRowsMs))),
    mb(median(samples.map((s) => s.peakBytes))),
    mb(median(samples.map((s) => s.retainedBytes))),
    snapshot === null || snapshot === undefined ? '—' : mb(snapshot),
  ].join(' | ');
}

type Variant = 'streaming' | 'buffered';

/** One measured run in a fresh process (after one warm-up of the same path), so no run inherits another's heap. */
function measureInChild(variant: Variant, info: SandboxInfo): Promise<Sample> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--measure', variant, JSON.stringify(info)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (sample) => resolve(sample as Sample));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`${variant} run exited with ${code}`))));
  });
}

async function measure(variant: Variant, info: SandboxInfo): Promise<void> {
  const run = variant === 'streaming' ? streaming : buffered;
  await run(info);
  process.send?.(await run(info));
  process.disconnect?.();
}

async function main(): Promise<void> {
  const rows: string[] = [];
  let customers = 0;
  for (const pacing of PACINGS) {
    const { child, info } = await startSandbox(pacing);
    customers = info.customers;
    try {
      const results: Record<Variant, Sample[]> = { streaming: [], buffered: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const variant of ['streaming', 'buffered'] as const) results[variant].push(await measureInChild(variant, info));
      }
      rows.push(`| ${row('streaming CSV → column snapshot (adapter)', pacing, results.streaming)} |`);
      rows.push(`| ${row('buffered text() + JSON.parse (naive)', pacing, results.buffered)} |`);
    } finally {
      child.disconnect();
    }
  }
  const report = [
    `\n## Bloomreach export: streaming vs buffered — ${new Date().toISOString().slice(0, 10)}`,
    `${machine()}; ${customers.toLocaleString('en')} customers, 9 columns; sandbox in its own process; each run in a fresh process after one warm-up; median of ${RUNS} runs.`,
    'First page = 100 customers. Peak = highest heapUsed + arrayBuffers above the settled baseline while reading',
    '(garbage not yet collected included). Retained = heapUsed + arrayBuffers growth after GC with the data still held.',
    '',
    '| variant | sandbox pacing | first page ms | all rows ms | peak MB | retained MB | snapshot approxBytes MB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  console.log(report);
  if (process.argv.includes('--write')) appendFileSync(new URL('./RESULTS.md', import.meta.url), report);
}

const [mode, arg1, arg2] = process.argv.slice(2);
if (mode === '--sandbox') await runSandbox(JSON.parse(arg1 ?? '{}') as Pacing);
else if (mode === '--measure') await measure(arg1 as Variant, JSON.parse(arg2 ?? '{}') as SandboxInfo);
else await main();
