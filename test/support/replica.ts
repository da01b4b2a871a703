// Gateway replicas as separate processes (`node dist/server.js`, the built output), for the
// shared-state tests and bench/replicas.ts: each on its own port, configured by environment only.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { ROOT } from './build.js';
import { TEST_API_KEY_ENTRY } from './gateway.js';
import { freePort } from './ports.js';

export interface Replica {
  base: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node dist/server.js` with `env` (plus a port, the test key and 127.0.0.1) and waits for /healthz. */
export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  // Nothing of the runner's environment that could change the outcome (vendor or Redis variables).
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PIMCORE|SYNERISE|MAUTIC|SFCC|BLOOMREACH|REDIS)_|^NODE_ENV$|^npm_/.test(k)),
  );
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    env: { ...clean, HOST: '127.0.0.1', PORT: String(port), GATEWAY_API_KEYS: JSON.stringify([TEST_API_KEY_ENTRY]), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c) => {
    text += String(c);
  });
  child.stderr?.on('data', (c) => {
    text += String(c);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica exited before serving:\n${text}`);
    const status = await fetch(`${base}/healthz`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`replica not serving after 30 s:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    process: child,
    output: () => text,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
