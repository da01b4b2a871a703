// `npx tsx bench/cache-flood.ts`: what one authenticated client can make the gateway keep by sending
// documents that are each new, as large as the body cap allows, or invalid with many errors. Builds
// side by side (BENCH_SERVERS=before=bench/builds/before/dist/server.js,after=dist/server.js; default
// the current build), each with the Deployment's NODE_OPTIONS, the Pimcore sandbox in a process of
// its own. Per flood and build: RSS before and 3 s after the flood, whether the process survived
// (and, if not, what it said on stderr), and the answers' statuses. Speed is not measured here.
//   FLOOD_DOCS (1200) documents per flood, FLOOD_BYTES (1 MiB) of comment in each large one,
//   FLOOD_ERRORS (100) unknown fields in each invalid one.
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ask, BENCH_API_KEY, benchGatewayEnv, rssMb, startUntil } from './compare/processes.js';
import type { SandboxMessage } from './compare/sandboxes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = Number(process.env.FLOOD_DOCS ?? 1_200);
const BYTES = Number(process.env.FLOOD_BYTES ?? 2 ** 20);
const ERRORS = Number(process.env.FLOOD_ERRORS ?? 100);
const PARALLEL = 4;

const floods: Record<string, (i: number) => string> = {
  // Valid, distinct, one comment each: a few tokens, a megabyte of text.
  large: (i) => `query Flood${i} { __typename }\n#${'c'.repeat(BYTES)}`,
  // Distinct and invalid: each unknown field one validation error.
  invalid: (i) => `query Invalid${i} { ${Array.from({ length: ERRORS }, (_, f) => `unknown${f}`).join(' ')} }`,
};

const sandboxes = await startUntil(process.execPath, ['--import', 'tsx', `${ROOT}bench/compare/sandboxes.ts`], {
  env: { ...process.env },
  ready: /sandboxes ready/,
  ipc: true,
});
const { env } = await ask<Extract<SandboxMessage, { type: 'env' }>>(sandboxes.child.process, 'env');
const servers = (process.env.BENCH_SERVERS ?? 'gateway=dist/server.js').split(',').map((pair) => {
  const [label = 'gateway', path = 'dist/server.js'] = pair.split('=');
  return { label, path };
});

async function send(url: string, query: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
    body: JSON.stringify({ query }),
  });
  await res.arrayBuffer();
  return res.status;
}

for (const [flood, documentOf] of Object.entries(floods)) {
  for (const { label, path } of servers) {
    const started = await startUntil(process.execPath, [path], {
      cwd: ROOT,
      env: benchGatewayEnv({ PIMCORE_URL: env.PIMCORE_URL, PIMCORE_API_KEY: env.PIMCORE_API_KEY }),
      ready: /listening on (http:\/\/[^/\s]+\/graphql)/,
      stdoutFile: `${ROOT}bench/logs/flood-${label}.log`,
    });
    const url = started.match[1] ?? '';
    const pid = started.child.process.pid;
    await sleep(2_000);
    const idle = rssMb(pid);
    const statuses = new Map<number | string, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < DOCS) {
          const i = next++;
          const status = await send(url, documentOf(i)).catch((error: unknown) => (error as Error).name);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    await sleep(3_000);
    const proc = started.child.process;
    const alive = proc.exitCode === null && proc.signalCode === null;
    const after = alive ? rssMb(pid) : undefined;
    // A process that ran out of heap says so on stderr, which the child keeps.
    const death = alive ? '' : (/(FATAL ERROR[^\n]*|JavaScript heap out of memory)/.exec(started.child.output())?.[1] ?? '');
    const sample = documentOf(0).length;
    console.log(
      `${flood} × ${DOCS} (${sample} characters each) on ${label}: RSS idle ${idle} MB, after ${after ?? '—'} MB; ` +
        `${alive ? 'alive' : `exited (${proc.exitCode ?? proc.signalCode}) ${death}`}; answers ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    await started.child.stop();
  }
}
await sandboxes.child.stop();
