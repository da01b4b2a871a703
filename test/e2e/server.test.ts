// The real start command, as a user runs it: demo mode, the banner, graceful shutdown, config errors.
// `npm start` is `npm run build` then `node dist/server.js`; the build runs once, before these tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPimcoreSandbox } from '../../src/sandbox/pimcore/index.js';
import { ensureBuilt } from '../support/build.js';
import { freePort } from '../support/ports.js';

beforeAll(ensureBuilt, 300_000);

function start(env: Record<string, string>): ChildProcess {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PIMCORE|SYNERISE|MAUTIC|SFCC|BLOOMREACH|GATEWAY)_/.test(k) && k !== 'NODE_ENV'),
  );
  return spawn(process.execPath, ['dist/server.js'], {
    env: { ...clean, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Reads stdout with a listener (not for-await, whose early exit would close the child's stdout). */
function bannerUrl(child: ChildProcess): Promise<string> {
  return bannerLine(child, /listening on (http:\/\/\S+\/graphql)/);
}

/** The demo key the banner prints. */
function demoKey(child: ChildProcess): Promise<string> {
  return bannerLine(child, /Demo API key[^:]*: (\S+)/);
}

/** Starts the gateway expecting it to refuse: its exit code and everything it wrote to stderr. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  const child = start(env);
  let err = '';
  child.stderr?.on('data', (c) => {
    err += String(c);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, err };
}

const outputs = new WeakMap<ChildProcess, { text: string }>();

function bannerLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  let out = outputs.get(child);
  if (!out) {
    const created = { text: '' };
    child.stdout?.on('data', (chunk) => {
      created.text += String(chunk);
    });
    outputs.set(child, created);
    out = created;
  }
  const seen = out;
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(seen.text);
      if (match?.[1]) {
        child.stdout?.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    check();
    child.once('exit', () => reject(new Error(`exited before the banner: ${seen.text}`)));
  });
}

// Each test starts a process that seeds every sandbox; on a loaded two-core machine that alone has
// taken over 30 s, so the budget is generous (no assertion here is about speed).
describe('npm start', { timeout: 120_000 }, () => {
  it('runs the demo with no vendor configured and finishes in-flight requests on SIGTERM', async () => {
    const child = start({ DEMO_LATENCY_MS: '400' });
    const exited = once(child, 'exit');
    try {
      const url = await bannerUrl(child);
      const key = await demoKey(child);
      const inFlight = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ customers(vendor: PIMCORE, first: 2) { edges { node { email } } } }' }),
      });
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGTERM');
      const res = await inFlight;
      const body = (await res.json()) as { data?: { customers?: { edges: unknown[] } } };
      expect(res.status).toBe(200);
      expect(body.data?.customers?.edges).toHaveLength(2);
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('answers /readyz with 503 from SIGTERM on, while the in-flight request still completes', async () => {
    // Each sandbox call takes 3 s, so the query is still running when the signal arrives.
    const child = start({ DEMO_LATENCY_MS: '3000' });
    const exited = once(child, 'exit');
    try {
      const url = await bannerUrl(child);
      const key = await demoKey(child);
      const probe = (path: string) => fetch(new URL(path, url));
      expect((await probe('/readyz')).status).toBe(200);
      const inFlight = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ customers(vendor: PIMCORE, first: 2) { edges { node { email } } } }' }),
      });
      await new Promise((r) => setTimeout(r, 500));
      child.kill('SIGTERM');
      // The signal is handled asynchronously: probes sent before it lands may still see 200.
      let readyz = await probe('/readyz');
      for (let attempt = 0; readyz.status === 200 && attempt < 40; attempt += 1) {
        await new Promise((r) => setTimeout(r, 50));
        readyz = await probe('/readyz');
      }
      expect(readyz.status).toBe(503);
      expect((await probe('/healthz')).status).toBe(200);
      const res = await inFlight;
      const body = (await res.json()) as { data?: { customers?: { edges: unknown[] } } };
      expect(res.status).toBe(200);
      expect(body.data?.customers?.edges).toHaveLength(2);
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('keeps answering new requests for SHUTDOWN_DRAIN_MS after SIGTERM, then exits 0', async () => {
    // Nothing is in flight at the signal: only the drain period keeps the listener open.
    const child = start({ DEMO_LATENCY_MS: '0', SHUTDOWN_DRAIN_MS: '8000', SHUTDOWN_TIMEOUT_MS: '30000' });
    const exited = once(child, 'exit');
    try {
      const url = await bannerUrl(child);
      const key = await demoKey(child);
      child.kill('SIGTERM');
      let readyz = await fetch(new URL('/readyz', url));
      for (let attempt = 0; readyz.status === 200 && attempt < 40; attempt += 1) {
        await new Promise((r) => setTimeout(r, 50));
        readyz = await fetch(new URL('/readyz', url));
      }
      expect(readyz.status).toBe(503);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ customers(vendor: MAUTIC, first: 1) { edges { node { email } } } }' }),
      });
      const body = (await res.json()) as { data?: { customers?: { edges: unknown[] } } };
      expect(body.data?.customers?.edges).toHaveLength(1);
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('serves GraphiQL without any external script', async () => {
    const child = start({ DEMO_LATENCY_MS: '0' });
    try {
      const url = await bannerUrl(child);
      const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('<html');
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('uses the configured vendor instead of the demo when PIMCORE_URL is set', async () => {
    const pimcore = createPimcoreSandbox({ apiKey: 'key-from-the-environment' });
    await pimcore.start();
    const child = start({
      PIMCORE_URL: pimcore.url,
      PIMCORE_API_KEY: 'key-from-the-environment',
      GATEWAY_API_KEYS: JSON.stringify([{ name: 'ops', key: 'ops-key-0123456789abcdef', scopes: ['*:read'] }]),
    });
    let out = '';
    child.stdout?.on('data', (c) => {
      out += String(c);
    });
    try {
      const url = await bannerUrl(child);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'ops-key-0123456789abcdef' },
        body: JSON.stringify({ query: '{ vendors { vendor } customers(vendor: PIMCORE, first: 1) { edges { node { id } } } }' }),
      });
      const body = (await res.json()) as { data?: { vendors: { vendor: string }[] } };
      expect(body.data?.vendors).toEqual([{ vendor: 'PIMCORE' }]);
      expect(pimcore.calls('GET /customers')).toBeGreaterThan(0);
      expect(out).not.toMatch(/Demo mode/);
    } finally {
      child.kill('SIGKILL');
      await pimcore.stop();
    }
  }, 60_000);

  it('exits with every configuration problem listed', async () => {
    const { code, err } = await failedStart({ PIMCORE_URL: 'ftp://nope', PIMCORE_TIMEOUT_MS: 'soon' });
    expect(code).toBe(1);
    expect(err).toMatch(/PIMCORE_URL/);
    expect(err).toMatch(/PIMCORE_TIMEOUT_MS/);
    expect(err).toMatch(/PIMCORE_API_KEY: required/);
  }, 60_000);

  it('exits 1 with one line naming the port when the port is taken, not an unhandled error', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const { code, err } = await failedStart({
        PORT: String(port),
        PIMCORE_URL: 'http://127.0.0.1:9',
        PIMCORE_API_KEY: 'k',
        GATEWAY_AUTH: 'none',
      });
      expect(code).toBe(1);
      expect(err).toContain(`EADDRINUSE`);
      expect(err).toContain(`${port}`);
      expect(err).toContain('set PORT');
      expect(err).not.toMatch(/Unhandled 'error' event/);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('refuses to start with a vendor configured and no client authentication, and says how to configure one', async () => {
    const { code, err } = await failedStart({ PIMCORE_URL: 'http://127.0.0.1:9', PIMCORE_API_KEY: 'k' });
    expect(code).toBe(1);
    expect(err).toMatch(/No client authentication is configured/);
    expect(err).toMatch(/GATEWAY_API_KEYS/);
    expect(err).toMatch(/GATEWAY_JWT_JWKS/);
    expect(err).toMatch(/GATEWAY_AUTH=none/);
  }, 60_000);

  it('starts open with an explicit GATEWAY_AUTH=none, and warns', async () => {
    const pimcore = createPimcoreSandbox({ apiKey: 'key-from-the-environment' });
    await pimcore.start();
    const child = start({ PIMCORE_URL: pimcore.url, PIMCORE_API_KEY: 'key-from-the-environment', GATEWAY_AUTH: 'none' });
    try {
      const url = await bannerUrl(child);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ vendors { vendor } }' }),
      });
      expect(res.status).toBe(200);
      // A JSON log line at level warn (all log lines go to stdout).
      const warning = JSON.parse(await bannerLine(child, /^(\{"level":"warn".*GATEWAY_AUTH=none.*)$/m)) as { msg: string };
      expect(warning.msg).toMatch(/^GATEWAY_AUTH=none: every caller may read and write every vendor/);
    } finally {
      child.kill('SIGKILL');
      await pimcore.stop();
    }
  }, 60_000);

  it('demo mode: requests without the banner key are refused, and GraphiQL has the key prefilled', async () => {
    const child = start({ DEMO_LATENCY_MS: '0' });
    try {
      const url = await bannerUrl(child);
      const key = await demoKey(child);
      const refused = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ vendors { vendor } }' }),
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const html = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain(key);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('reports an unreachable Redis as a JSON warn line on stdout, never as plain text on stderr', async () => {
    // Nothing listens on the port: the shared store's connection trouble goes through the logger.
    const child = start({ DEMO_LATENCY_MS: '0', LOG_PRETTY: 'false', REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    try {
      await bannerUrl(child);
      const line = await bannerLine(child, /^(.*Redis \(shared state\) unavailable.*)$/m);
      expect(JSON.parse(line)).toMatchObject({ level: 'warn', msg: expect.stringContaining('Redis (shared state) unavailable') });
      expect(stderr).not.toContain('Redis');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
