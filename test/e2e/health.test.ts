// Probes in-process: /healthz while serving, /readyz following the server's readiness, and a broken
// vendor showing in `vendors` without taking the gateway out of rotation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { type SandboxFleet, startSandboxes } from '../../src/sandbox/fleet.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { createAdapters } from '../../src/vendors/index.js';

let sandboxes: SandboxFleet;
let sources: SourceRegistry;
let gateway: Gateway;
let ready = true;

beforeAll(async () => {
  sandboxes = await startSandboxes({ only: ['pimcore', 'mautic'] });
  // Pimcore gets a key the sandbox refuses: one vendor is down for every test here.
  // Probes are not about client identity: this gateway runs open on purpose.
  const config = parseConfig({ ...sandboxes.env, PIMCORE_API_KEY: 'revoked-key', GATEWAY_AUTH: 'none' });
  sources = new SourceRegistry(createAdapters(config));
  gateway = createGateway({ sources, security: config.security, logging: false, isReady: () => ready });
});

afterAll(async () => {
  await sources.close();
  await sandboxes.stop();
});

const get = (path: string) => gateway.fetch(`http://gateway.test${path}`);

describe('probes', () => {
  it('answers /healthz and /readyz with 200 while ready, even with one vendor down', async () => {
    ready = true;
    expect((await get('/healthz')).status).toBe(200);
    const readyz = await get('/readyz');
    expect(readyz.status).toBe(200);
    expect(await readyz.text()).toBe('ready\n');

    const res = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ vendors { vendor health { status } } }' }),
    });
    const body = (await res.json()) as { data: { vendors: { vendor: string; health: { status: string } }[] } };
    expect(body.data.vendors).toEqual([
      { vendor: 'PIMCORE', health: { status: 'DOWN' } },
      { vendor: 'MAUTIC', health: { status: 'UP' } },
    ]);
    expect((await get('/readyz')).status).toBe(200);
  });

  it('answers /readyz with 503 once not ready, while /healthz and GraphQL still answer', async () => {
    ready = false;
    try {
      const readyz = await get('/readyz');
      expect(readyz.status).toBe(503);
      expect(await readyz.text()).toBe('shutting down\n');
      expect((await get('/healthz')).status).toBe(200);
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ customers(vendor: MAUTIC, first: 1) { edges { node { email } } } }' }),
      });
      const body = (await res.json()) as { data: { customers: { edges: unknown[] } } };
      expect(body.data.customers.edges).toHaveLength(1);
      expect(sandboxes.mautic?.calls('GET /api/contacts')).toBeGreaterThan(0);
    } finally {
      ready = true;
    }
  });

  it('does not mistake other paths for probes', async () => {
    expect((await get('/healthz/extra')).status).toBe(404);
    expect((await get('/ready')).status).toBe(404);
    expect((await get('/health')).status).toBe(404);
  });
});
