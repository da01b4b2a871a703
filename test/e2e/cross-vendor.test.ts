// One person across vendors: customersByEmail, linkedProfiles, vendors, and partial data.
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_ROUTE } from '../../src/sandbox/bloomreach/index.js';
import { people } from '../../src/sandbox/people.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const t = useTestGateway({
  only: ['pimcore', 'synerise', 'mautic', 'bloomreach'],
  env: { PIMCORE_INDEX_REFRESH_MS: '60000', MAUTIC_TIMEOUT_MS: '2000' },
});
const all = () => [t.pimcore, t.synerise, t.mautic, t.bloomreach];
beforeEach(() => {
  for (const s of all()) {
    s.resetCalls();
    s.clearFaults();
  }
});

const person = (i: number) => {
  const p = people(i + 1)[i];
  if (!p) throw new Error('no person');
  return p;
};

describe('customersByEmail', () => {
  it('finds a person known to every customer vendor, in vendor order, whatever the casing', async () => {
    // Person 7 is stored with mixed case at some vendors.
    const p = person(7);
    const res = await t.sdk.CustomersByEmail({ email: ` ${p.email.toUpperCase()}` });
    expect(res.errors).toBeUndefined();
    expect(res.data.customersByEmail.map((c) => c?.vendor)).toEqual(['PIMCORE', 'SYNERISE', 'MAUTIC', 'BLOOMREACH']);
    for (const c of res.data.customersByEmail) expect(c?.email?.toLowerCase()).toBe(p.email);
  });

  it('finds a person known to only some vendors at just those', async () => {
    const p = person(700); // Pimcore (0–1199) and Bloomreach (0–49,999) only
    const res = await t.sdk.CustomersByEmail({ email: p.email });
    expect(res.data.customersByEmail.map((c) => c?.vendor)).toEqual(['PIMCORE', 'BLOOMREACH']);
  });

  it('keeps the other vendors when one fails, with that vendor named in the error', async () => {
    t.mautic.injectFault({ route: 'GET /api/contacts', status: 500 });
    const res = await t.sdk.CustomersByEmail({ email: person(3).email });
    expect(res.data.customersByEmail.map((c) => c?.vendor ?? null)).toEqual(['PIMCORE', 'SYNERISE', null, 'BLOOMREACH']);
    expect(errorCodes(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.errors?.[0]?.extensions?.vendor).toBe('MAUTIC');
  });

  it('does not wait on a slow vendor past its timeout', async () => {
    t.mautic.injectFault({ route: 'GET /api/contacts', delayMs: 8_000 });
    const started = performance.now();
    const res = await t.sdk.CustomersByEmail({ email: person(3).email });
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(res.data.customersByEmail.filter((c) => c !== null)).toHaveLength(3);
    expect(errorCodes(res)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(res.errors?.[0]?.extensions?.vendor).toBe('MAUTIC');
  });
});

describe('linkedProfiles', () => {
  async function linkedCalls(first: number) {
    for (const s of all()) s.resetCalls();
    const res = await t.sdk.LinkedProfiles({ vendor: 'PIMCORE', first });
    expect(res.errors).toBeUndefined();
    const edges = res.data.customers?.edges ?? [];
    expect(edges).toHaveLength(first);
    return {
      edges,
      mautic: t.mautic.calls(),
      bloomreach: t.bloomreach.calls(EXPORT_ROUTE),
      synerise: t.synerise.calls(),
    };
  }

  it('joins by email and customId, excluding the customer itself', async () => {
    const { edges } = await linkedCalls(5);
    const first = edges[0]?.node; // person 0: at every vendor, with a customId
    expect(first?.linkedProfiles.map((l) => l?.vendor)).toEqual(['SYNERISE', 'MAUTIC', 'BLOOMREACH']);
    for (const l of first?.linkedProfiles ?? []) expect(l?.email?.toLowerCase()).toBe(first?.email?.toLowerCase());
    expect(first?.linkedProfiles.find((l) => l?.vendor === 'BLOOMREACH')?.customId).toBe(first?.customId);
  });

  it('costs the same Mautic and Bloomreach calls for 5 and for 50 customers; Synerise stays per key', async () => {
    const five = await linkedCalls(5);
    const fifty = await linkedCalls(50);
    expect(fifty.mautic).toBe(five.mautic);
    expect(fifty.mautic).toBeLessThanOrEqual(2); // one `where email in` and one `where customer_id in`
    expect(fifty.bloomreach).toBeLessThanOrEqual(1); // the whole-project snapshot, shared across requests
    // Synerise has no multi-key read: one lookup per distinct email and customId, never more.
    const keys = fifty.edges.reduce((n, e) => n + 1 + (e.node.customId ? 1 : 0), 0);
    expect(fifty.synerise).toBeLessThanOrEqual(keys + 1);
  });

  it('joins by customId when the emails differ', async () => {
    // A Pimcore customer whose email changed but who kept the organisation customer number.
    const created = await t.sdk.CreateCustomer({
      input: { vendor: 'PIMCORE', email: 'changed.address@example.net', customId: 'CUST-000003' },
    });
    if (created.data.createCustomer.__typename !== 'CustomerPayload') throw new Error('create failed');
    const id = created.data.createCustomer.customer?.id ?? '';
    const { body } = await t.post(`{ node(id: "${id}") { ... on Customer { linkedProfiles { vendor customId email } } } }`);
    const linked = (body.data!.node as { linkedProfiles: { vendor: string; customId: string | null }[] }).linkedProfiles;
    expect(linked.map((l) => l.vendor)).toEqual(['SYNERISE', 'MAUTIC', 'BLOOMREACH']);
    expect(linked.every((l) => l.customId === 'CUST-000003')).toBe(true);
  });
});

describe('vendors', () => {
  it('lists every configured vendor with capabilities and health, and reports one that is down', async () => {
    t.mautic.injectFault({ status: 503 });
    const up = await t.sdk.Vendors();
    expect(up.data.vendors.map((v) => v.vendor)).toEqual(['PIMCORE', 'SYNERISE', 'MAUTIC', 'BLOOMREACH']);
    expect(up.data.vendors.map((v) => v.health.status)).toEqual(['UP', 'UP', 'DOWN', 'UP']);
    expect(up.data.vendors.find((v) => v.vendor === 'MAUTIC')?.health.message).toMatch(/MAUTIC .* answered 503/);
    expect(up.data.vendors.find((v) => v.vendor === 'MAUTIC')?.capabilities).toContain('customers.findByEmails');
    expect(up.data.vendors.find((v) => v.vendor === 'SYNERISE')?.capabilities).toContain('catalogs.list');
  });
});
