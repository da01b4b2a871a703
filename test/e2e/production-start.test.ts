// The container recipe without a container engine: the built output with production dependencies
// only (the Dockerfile's runtime stage), started as the image starts it, `node dist/server.js`, with
// the Deployment's NODE_OPTIONS (a flag Node refuses there would stop the start).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentNodeOptions } from '../../bench/compare/processes.js';
import { createPimcoreSandbox, type PimcoreSandbox } from '../../src/sandbox/pimcore/index.js';
import { ensureBuilt, ROOT as root } from '../support/build.js';
import { freePort } from '../support/ports.js';

const run = promisify(execFile);
let app: string;
let pimcore: PimcoreSandbox;

const CLIENT_KEY = 'production-client-key-0123456789';

/** A production start against the Pimcore sandbox; production refuses to start without client authentication: one read-only key. */
function productionEnv(port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    NODE_OPTIONS: deploymentNodeOptions(),
    PORT: String(port),
    PIMCORE_URL: pimcore.url,
    PIMCORE_API_KEY: 'production-start-key',
    GATEWAY_API_KEYS: JSON.stringify([{ name: 'probe', key: CLIENT_KEY, scopes: ['pimcore:read'] }]),
  };
}

function startProduction(env: Record<string, string>): ChildProcess {
  // Nothing of the test runner's environment that could change the outcome: no vendor variables,
  // no NODE_ENV=test, no npm lifecycle variables.
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PIMCORE|SYNERISE|MAUTIC|SFCC|BLOOMREACH)_|^NODE_ENV$|^npm_/.test(k)),
  );
  return spawn(process.execPath, ['dist/server.js'], {
    cwd: app,
    env: { ...clean, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (c) => {
    text += String(c);
  });
  child.stderr?.on('data', (c) => {
    text += String(c);
  });
  return () => text;
}

/** Polls /readyz as an orchestrator would, until 200 or the process exits. */
async function waitReady(child: ChildProcess, base: string): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (!exited) {
    const status = await fetch(`${base}/readyz`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('exited before it was ready');
}

beforeAll(async () => {
  await ensureBuilt();
  app = mkdtempSync(join(tmpdir(), 'cdp-gateway-image-'));
  cpSync(join(root, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(app, 'package.json'));
  cpSync(join(root, 'package-lock.json'), join(app, 'package-lock.json'));
  // The runtime stage's install; --prefer-offline takes packages from the npm cache when it has them.
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app });
  pimcore = createPimcoreSandbox({ apiKey: 'production-start-key' });
  await pimcore.start();
}, 300_000);

afterAll(async () => {
  await pimcore?.stop();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('production start (the image recipe)', () => {
  it('installs without dev tooling and serves a configured vendor from plain JavaScript', async () => {
    expect(existsSync(join(app, 'node_modules', 'graphql-yoga'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', '@faker-js'))).toBe(false);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = startProduction(productionEnv(port));
    const logs = output(child);
    const exited = once(child, 'exit');
    try {
      await waitReady(child, base);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      // Without METRICS_PORT, production keeps /metrics off the public port.
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      expect(logs()).toMatch(/Prometheus metrics: off/);
      const before = pimcore.calls('GET /customers');
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY },
        body: JSON.stringify({ query: '{ vendors { vendor } customers(vendor: PIMCORE, first: 2) { edges { node { email } } } }' }),
      });
      const body = (await res.json()) as { data?: { vendors: unknown[]; customers: { edges: unknown[] } } };
      expect(res.status).toBe(200);
      expect(body.data?.vendors).toEqual([{ vendor: 'PIMCORE' }]);
      expect(body.data?.customers.edges).toHaveLength(2);
      expect(pimcore.calls('GET /customers')).toBe(before + 1);
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(logs()).not.toMatch(/Demo mode/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses demo mode without the dev install, saying what to install', async () => {
    const child = startProduction({ PORT: '0' });
    const logs = output(child);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(logs()).toMatch(/demo mode needs the development install \(`npm ci`, not `npm ci --omit=dev`\)/);
    expect(logs()).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package/);
  }, 60_000);

  it('refuses demo mode under NODE_ENV=production', async () => {
    const child = startProduction({ NODE_ENV: 'production', PORT: '0' });
    const logs = output(child);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(logs()).toMatch(/demo mode \(in-process sandboxes\) does not run with NODE_ENV=production/);
  }, 60_000);

  it('logs JSON without pino-pretty, serves /metrics on METRICS_PORT and exports traces, all from production dependencies', async () => {
    expect(existsSync(join(app, 'node_modules', 'pino-pretty'))).toBe(false);
    // A stand-in OTLP/HTTP collector: it only records what is posted to it.
    const posted: string[] = [];
    const collector: Server = createHttpServer((req, res) => {
      posted.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const address = collector.address();
    if (!address || typeof address === 'string') throw new Error('no collector port');
    const [port, metricsPort] = [await freePort(), await freePort()];
    const child = startProduction({
      ...productionEnv(port),
      METRICS_PORT: String(metricsPort),
      LOG_PRETTY: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${address.port}`,
    });
    const logs = output(child);
    const exited = once(child, 'exit');
    try {
      await waitReady(child, `http://127.0.0.1:${port}`);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'x-request-id': 'prod-1' },
        body: JSON.stringify({ query: 'query Two { customers(vendor: PIMCORE, first: 2) { edges { node { id } } } }' }),
      });
      expect(res.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^cdp_graphql_requests_total\{operation="Two",type="query",outcome="ok"\} 1$/m);
      expect(metrics).toContain('nodejs_eventloop_lag_seconds');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      const lines = logs()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => line.requestId === 'prod-1')).toMatchObject({
        msg: 'graphql request',
        operationName: 'Two',
        status: 200,
      });
      expect(logs()).toMatch(/pino-pretty is not installed/);
      // Spans still buffered at shutdown were flushed to the collector.
      expect(posted).toContain('POST /v1/traces');
    } finally {
      child.kill('SIGKILL');
      collector.close();
    }
  }, 60_000);
});
