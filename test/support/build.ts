// The compiled output that `npm start` and the image run. `npm test` builds it first (pretest);
// a test file run alone rebuilds only when src/ changed since, one builder at a time.
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = process.cwd();
const INFO = join(ROOT, 'dist', '.tsbuildinfo');
const LOCK = join(ROOT, 'dist.build-lock');
// A lock older than this was left by a killed run.
const STALE_LOCK_MS = 300_000;

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    }),
  );
}

const fresh = () => existsSync(INFO) && statSync(INFO).mtimeMs >= newestMtime(join(ROOT, 'src'));

export async function ensureBuilt(): Promise<void> {
  while (!fresh()) {
    let lock: number;
    try {
      lock = openSync(LOCK, 'wx');
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { force: true });
      await sleep(500);
      continue;
    }
    try {
      if (fresh()) return;
      await run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
      // tsc leaves its record untouched when nothing needed emitting; mark this build as seen.
      const now = new Date();
      utimesSync(INFO, now, now);
    } finally {
      closeSync(lock);
      rmSync(LOCK, { force: true });
    }
  }
}
