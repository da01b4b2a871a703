// Why the gateway asks Pimcore for embeds: the same 100 customers with their activities and
// segments, resolved (a) through the list with `includeActivities` — what `customers` does — and
// (b) through `nodes(ids)`, where no list call exists and every customer is one bounded GET.
// Both are real gateway paths, measured side by side in one run against a sandbox with 5 ms latency.
import { appendFileSync } from 'node:fs';
import { benchGateway, machine, time } from './support.js';

const FIELDS = 'id email activities(first: 100) { edges { node { type occurredAt } } } segments { name }';

async function main(): Promise<void> {
  const b = await benchGateway({ only: ['pimcore'], latencyMs: 5 });
  const pimcore = b.sandboxes.pimcore;
  if (!pimcore) throw new Error('pimcore sandbox missing');
  const ids = Array.from({ length: 100 }, (_, i) => Buffer.from(`Customer:PIMCORE:${i + 1}`).toString('base64url'));
  const rows: string[] = [];
  for (const [name, query, variables] of [
    ['customers(first: 100) — list + embed', `{ customers(vendor: PIMCORE, first: 100) { edges { node { ${FIELDS} } } } }`, {}],
    ['nodes(100 ids) — one GET per customer', `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { ${FIELDS} } } }`, { ids }],
  ] as const) {
    pimcore.resetCalls();
    await b.query(query, variables);
    const calls = pimcore.calls();
    const timing = await time(15, () => b.query(query, variables));
    rows.push(`| ${name} | ${calls} | ${timing.medianMs} | ${timing.p95Ms} |`);
  }
  await b.close();
  const report = [
    `\n## Pimcore batching — ${new Date().toISOString().slice(0, 10)}`,
    `${machine()}; sandbox latency 5 ms per call; PIMCORE_MAX_CONCURRENCY 8; 15 runs after one warm-up.`,
    '',
    '| query (100 customers, activities, segments) | vendor calls | median ms | p95 ms |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  console.log(report);
  if (process.argv.includes('--write')) appendFileSync(new URL('./RESULTS.md', import.meta.url), report);
}

await main();
