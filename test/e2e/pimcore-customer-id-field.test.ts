// The CMF customer class is the tenant's: which field holds the customer number is configured
// (PIMCORE_CUSTOMER_ID_FIELD). Here the sandbox's class calls it `externalId`.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createGateway } from '../../src/gateway.js';
import { type SandboxFleet, startSandboxes } from '../../src/sandbox/fleet.js';
import { people } from '../../src/sandbox/people.js';
import { createPimcoreSandbox, type PimcoreSandbox } from '../../src/sandbox/pimcore/index.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { createAdapters } from '../../src/vendors/index.js';

let pimcore: PimcoreSandbox;
let others: SandboxFleet;
const registries: SourceRegistry[] = [];

beforeAll(async () => {
  pimcore = createPimcoreSandbox({ customerIdField: 'externalId' });
  await pimcore.start(0);
  others = await startSandboxes({ only: ['mautic'] });
});
afterAll(async () => {
  await Promise.all(registries.map((r) => r.close()));
  await pimcore.stop();
  await others.stop();
});
afterEach(() => vi.restoreAllMocks());

function gatewayWith(env: Record<string, string>) {
  const config = parseConfig({
    ...others.env,
    PIMCORE_URL: pimcore.url,
    PIMCORE_API_KEY: pimcore.apiKey,
    PIMCORE_INDEX_REFRESH_MS: '0',
    GATEWAY_AUTH: 'none',
    ...env,
  });
  const sources = new SourceRegistry(createAdapters(config));
  registries.push(sources);
  const gateway = createGateway({ sources, security: config.security, logging: false });
  return async (query: string) => {
    const res = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
    if (!body.data || body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return { data: body.data };
  };
}

interface Profile {
  id: string;
  vendor: string;
  vendorId: string;
  email: string | null;
  customId: string | null;
}
const FIELDS = 'id vendor vendorId email customId';
const person3 = people(4)[3];

describe('PIMCORE_CUSTOMER_ID_FIELD names the class field', () => {
  it('reads, writes and joins by the configured field', async () => {
    if (!person3) throw new Error('no person');
    const query = gatewayWith({ PIMCORE_CUSTOMER_ID_FIELD: 'externalId' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const list = await query(`{ customers(vendor: PIMCORE, first: 4) { edges { node { ${FIELDS} } } } }`);
    const nodes = (list.data.customers as { edges: { node: Profile }[] }).edges.map((e) => e.node);
    expect(nodes.map((n) => n.customId)).toEqual(['CUST-000000', null, null, 'CUST-000003']);

    // Written into `externalId`: the sandbox's class has no `customerNumber` and would drop it.
    const created = await query(
      `mutation { createCustomer(input: { vendor: PIMCORE, email: "moved.away@example.net", customId: "CUST-000003" }) { ... on CustomerPayload { customer { ${FIELDS} } } } }`,
    );
    const fresh = (created.data.createCustomer as { customer: Profile }).customer;
    expect(fresh.customId).toBe('CUST-000003');
    expect(pimcore.store.customers.get(Number(fresh.vendorId))?.customerNumber).toBe('CUST-000003');

    // From Mautic, the Pimcore index finds the moved customer by customId (the email differs).
    const mauticId = (
      (await query(`{ customersByEmail(email: "${person3.email}") { ${FIELDS} } }`)).data.customersByEmail as Profile[]
    ).find((c) => c.vendor === 'MAUTIC')?.id;
    pimcore.resetCalls();
    const linked = await query(`{ node(id: "${mauticId}") { ... on Customer { linkedProfiles { ${FIELDS} } } } }`);
    const pimcoreLinks = (linked.data.node as { linkedProfiles: Profile[] }).linkedProfiles.filter((p) => p.vendor === 'PIMCORE');
    expect(pimcoreLinks.map((p) => p.vendorId).sort()).toEqual([fresh.vendorId, '4'].sort());
    // The index is current after one incremental refresh: customers since, deletions since.
    expect(pimcore.calls('GET /customers')).toBe(1);
    expect(pimcore.calls('GET /deletions')).toBe(1);

    const health = await query('{ vendors { vendor health { status message } } }');
    expect(
      (health.data.vendors as { vendor: string; health: { message: string | null } }[]).find((v) => v.vendor === 'PIMCORE')?.health,
    ).toEqual({
      status: 'UP',
      message: null,
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once, and says so in health, when the class has no such field', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const query = gatewayWith({}); // default: customerNumber, which this class does not have
    pimcore.resetCalls();

    const health = await query('{ vendors { vendor health { status message } } }');
    const pimcoreHealth = (health.data.vendors as { vendor: string; health: { status: string; message: string | null } }[]).find(
      (v) => v.vendor === 'PIMCORE',
    )?.health;
    expect(pimcoreHealth?.status).toBe('UP');
    expect(pimcoreHealth?.message).toMatch(/no field "customerNumber".*PIMCORE_CUSTOMER_ID_FIELD/);
    expect(pimcore.calls('GET /customers')).toBe(1); // the probe: one customer is enough to see the class

    const list = await query(`{ customers(vendor: PIMCORE, first: 4) { edges { node { ${FIELDS} } } } }`);
    const nodes = (list.data.customers as { edges: { node: Profile }[] }).edges.map((e) => e.node);
    expect(nodes.map((n) => n.customId)).toEqual([null, null, null, null]);
    await query(`{ customersByEmail(email: "${person3?.email}") { ${FIELDS} } }`);

    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/PIMCORE customers have no field "customerNumber"/);
  });

  it('refuses a field name that cannot be a Pimcore field', () => {
    expect(() => gatewayWith({ PIMCORE_CUSTOMER_ID_FIELD: 'customer-number' })).toThrow(
      /PIMCORE_CUSTOMER_ID_FIELD: must be a Pimcore field name/,
    );
  });
});
