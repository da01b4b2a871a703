// Calibrates the Pimcore customer index's byte estimate (approxCustomerBytes, in
// src/vendors/pimcore/customer-index.ts) against the heap: N customers shaped like the Pimcore
// sandbox's seed, served as JSON pages of 500 through the wire schema, the mapper and the index
// itself, heapUsed after a full GC before and after the scan. Rerun when the record, the mapper or
// the estimate changes, and update the figures quoted in customer-index.ts:
//
//   node --expose-gc --import tsx bench/pimcore-index-memory.ts [customers=50000] [maxBytes]
//
// With maxBytes below what the customers need, the scan goes over instead, and the heap left
// after it should be close to nothing: the pages read before are not kept.
import { mulberry32, people } from '../src/sandbox/people.js';
import { hydrateCustomer } from '../src/sandbox/pimcore/hydrate.js';
import type { PimcoreContext } from '../src/sandbox/pimcore/responses.js';
import { seedCustomer } from '../src/sandbox/pimcore/seed.js';
import type { PimcoreStore } from '../src/sandbox/pimcore/store.js';
import type { CustomerRecord as SandboxCustomer } from '../src/sandbox/pimcore/types.js';
import { createLimiter } from '../src/sources/fan-out.js';
import type { PimcoreClient } from '../src/vendors/pimcore/client.js';
import { PimcoreCustomerIndex } from '../src/vendors/pimcore/customer-index.js';
import { toCustomer } from '../src/vendors/pimcore/map.js';
import { listEnvelope, WireCustomer } from '../src/vendors/pimcore/wire.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const count = Number(process.argv[2] ?? 50_000);
const maxBytes = Number(process.argv[3] ?? Number.MAX_SAFE_INTEGER);
const PAGE = 500;

const ctx: PimcoreContext = { prefix: '/webservice/cmf', now: () => Math.floor(Date.now() / 1000), customerIdField: 'customerNumber' };
const population = people(count);
const rng = mulberry32(0x9143_c0de);
// The seed's own customers (src/sandbox/pimcore/seed.ts), for any number of people, with segments
// drawn the way the seed's membership rules spread them.
const customers: SandboxCustomer[] = population.map((person) => {
  const customer = seedCustomer(person, person.index + 1, rng);
  customer.segments.push(2_101 + Math.floor(rng() * 4));
  for (let interest = 2_105; interest <= 2_109; interest++) if (rng() < 0.2) customer.segments.push(interest);
  if (rng() < 0.6) customer.segments.push(2_110 + Math.floor(rng() * 4));
  return customer;
});
const totalPages = Math.ceil(count / PAGE);
const pageText = (page: number) =>
  JSON.stringify({
    page,
    totalPages,
    timestamp: ctx.now(),
    data: customers.slice((page - 1) * PAGE, page * PAGE).map((c) => hydrateCustomer(ctx, undefined as unknown as PimcoreStore, c, false)),
  });
const wireBytes = Array.from({ length: totalPages }, (_, i) => Buffer.byteLength(pageText(i + 1))).reduce((a, b) => a + b, 0);

// Only what the index calls; every page is a fresh JSON body, parsed as the client parses it.
const client = {
  listCustomers: async ({ page }: { page: number }) => listEnvelope(WireCustomer).parse(JSON.parse(pageText(page))),
  deletions: async () => ({ data: [] }),
} as unknown as PimcoreClient;

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

const before = settledHeap();
const index = new PimcoreCustomerIndex(
  client,
  { refreshMs: 60_000, maxBytes, log: (line) => console.log(line) },
  createLimiter(8),
  (wire) => toCustomer(wire),
  () => {},
);
await index.findByEmails(['nobody@example.com']).catch(() => undefined);
await new Promise((resolve) => setTimeout(resolve, 50)); // queued pages of a scan that went over return unasked
const after = settledHeap();
const heap = after - before;
const estimate = index.approxBytes;
console.log(
  [
    `node ${process.version} ${process.arch}, ${index.size} customers (${Math.round(wireBytes / count)} B of JSON each)`,
    `heap     ${heap} B (${(heap / count).toFixed(0)} B per customer)`,
    `estimate ${estimate} B (${(estimate / count).toFixed(0)} B per customer)`,
    index.size > 0 ? `estimate / heap ${(estimate / heap).toFixed(2)}` : 'over budget: nothing kept',
  ].join('\n'),
);
