// Process plumbing for bench/compare.ts: every server under test runs in a child of its own, so its
// CPU, garbage and RSS are its own; the load generator (autocannon) stays in the parent.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';

export interface Child {
  process: ChildProcess;
  /** Output kept for the error message when the child dies before it is ready. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a command and resolves once a line of its stdout matches `ready` (its captures are returned). */
export async function startUntil(
  command: string,
  args: string[],
  options: {
    env: Record<string, string | undefined>;
    cwd?: string;
    ready: RegExp;
    ipc?: boolean;
    timeoutMs?: number;
    /**
     * Send the child's stdout to this file instead of a pipe this process reads: a gateway writes a
     * log line per request, and reading them here would take CPU from autocannon in this process.
     * A file is what production does with them (a log collector tails it).
     */
    stdoutFile?: string;
  },
): Promise<{ child: Child; match: RegExpExecArray }> {
  const logFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
  const stdout = logFd ?? 'pipe';
  const proc = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: options.ipc ? ['ignore', stdout, 'pipe', 'ipc'] : ['ignore', stdout, 'pipe'],
  });
  if (logFd !== undefined) closeSync(logFd);
  let text = '';
  const logText = () => (options.stdoutFile === undefined ? '' : readFileSync(options.stdoutFile, 'utf8').slice(-20_000));
  proc.stdout?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  });
  const child: Child = {
    process: proc,
    output: () => logText() + text,
    stop: () => stopChild(proc),
  };
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} ${args.join(' ')} not ready in time:\n${text}`)),
      options.timeoutMs ?? 60_000,
    );
    // With stdout in a file, the file is polled until the banner is there.
    const poll = proc.stdout ? undefined : setInterval(() => check(), 50);
    const check = () => {
      const found = options.ready.exec(proc.stdout ? text : logText());
      if (found) {
        clearTimeout(timer);
        clearInterval(poll);
        proc.stdout?.off('data', check);
        resolve(found);
      }
    };
    proc.stdout?.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${child.output()}`));
    });
  });
  proc.removeAllListeners('exit');
  return { child, match };
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  if (proc.connected) proc.disconnect();
  proc.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!done) {
    proc.kill('SIGKILL');
    await exited;
  }
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line?.[1] ? Math.round(Number(line[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Sends an IPC message and waits for the reply of the same type. */
export function ask<T extends { type: string }>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      proc.off('message', onMessage);
      resolve(message);
    };
    proc.on('message', onMessage);
    proc.send({ type });
  });
}

/** The key every benchmark client sends; the gateways under test accept it with every scope. */
export const BENCH_API_KEY = 'bench-client-key-0123456789abcdef';

/**
 * The environment of a built gateway under test: its vendors, a free local port and the bench key.
 * The per-client rate limits are off: the benchmark is one client sending as fast as it can, and
 * with them it would measure 429s.
 */
export function benchGatewayEnv(vendorEnv: Record<string, string | undefined>): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    // The gateway as deployed: the heap cap changes how far V8 lets RSS grow under load.
    NODE_OPTIONS: deploymentNodeOptions(),
    ...vendorEnv,
    PORT: '0',
    HOST: '127.0.0.1',
    GATEWAY_API_KEYS: JSON.stringify([{ name: 'bench', key: BENCH_API_KEY, scopes: ['*:read', '*:write'] }]),
    GATEWAY_RATE_LIMIT_REQUESTS: '0',
    GATEWAY_RATE_LIMIT_COST: '0',
  };
}

/**
 * NODE_OPTIONS of the Kubernetes Deployment's gateway container (its heap cap), so benchmarks run
 * the gateway as it is deployed rather than with the cap Node derives from this machine's memory.
 */
export function deploymentNodeOptions(): string {
  const manifest = parse(readFileSync(new URL('../../deploy/deployment.yaml', import.meta.url), 'utf8')) as {
    spec?: { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } };
  };
  const env = manifest.spec?.template?.spec?.containers?.[0]?.env ?? [];
  const value = env.find((e) => e.name === 'NODE_OPTIONS')?.value;
  if (!value) throw new Error('deploy/deployment.yaml sets no NODE_OPTIONS for the gateway container');
  return value;
}
