// A real Redis for tests: REDIS_URL when set, else a `redis-server` this file starts on a free port
// (no persistence), else a failure that says how to get one. Never a silent skip: the shared-state
// tests are the proof that replicas share state. Each test file passes its own key prefix.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { freePort } from './ports.js';

export interface TestRedis {
  url: string;
  /** The server this file started (undefined when REDIS_URL was given). */
  process: ChildProcess | undefined;
  stop(): Promise<void>;
}

const HOW_TO_GET_ONE =
  'These tests need Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379), or install redis-server (apt-get install redis-server / brew install redis) so the tests can start one.';

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Resolves once something accepts connections on `port`. */
async function accepting(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a private redis-server on `port` (a free one by default); for tests that stop and restart it. */
export async function startRedisServer(port?: number): Promise<TestRedis> {
  if (!hasRedisServer()) throw new Error(HOW_TO_GET_ONE);
  const chosen = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await accepting(chosen, Date.now() + 10_000);
  return {
    url: `redis://127.0.0.1:${chosen}`,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** REDIS_URL, or a redis-server started for this file. */
export async function useRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_URL;
  if (url) return { url, process: undefined, stop: async () => undefined };
  return startRedisServer();
}

/** A key prefix no other test file (or earlier run) uses. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${process.pid}:${Date.now().toString(36)}:`;
}
