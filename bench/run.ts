// `npm run bench`: runs every benchmark in this folder one after another and appends the results
// to bench/RESULTS.md. Benchmarks are not tests: numbers are compared side by side within one run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'support.ts'].includes(f))
  .sort();
let failed = false;
for (const file of benches) {
  console.log(`\n▶ ${file}`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`, '--write'], { stdio: 'inherit' });
  failed ||= res.status !== 0;
}
process.exit(failed ? 1 : 0);
