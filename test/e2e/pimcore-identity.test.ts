import { beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../src/sandbox/people.js';
import { errorCodes, useTestGateway } from '../support/gateway.js';

// Refresh on every lookup so writes show up at once; the refresh is incremental either way.
const t = useTestGateway({ only: ['pimcore'], env: { PIMCORE_INDEX_REFRESH_MS: '0' } });
beforeEach(() => t.pimcore.resetCalls());

describe('customersByEmail (Pimcore index)', () => {
  it('finds a customer whatever the casing and spacing of the email', async () => {
    const person = people(8)[7];
    if (!person) throw new Error('no person');
    const res = await t.sdk.CustomersByEmail({ email: `  ${person.email.toUpperCase()} ` });
    expect(res.data.customersByEmail.map((c) => c?.vendorId)).toEqual(['8']);
    expect(res.data.customersByEmail[0]?.email).not.toBe(person.email); // stored mixed-case, matched anyway
  });

  it('rejects something that is not an email', async () => {
    const res = await t.sdk.CustomersByEmail({ email: 'nobody' });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps the index current with two calls per refresh, not a rescan', async () => {
    await t.sdk.CustomersByEmail({ email: 'warm@example.com' });
    t.pimcore.resetCalls();
    const created = await t.sdk.CreateCustomer({
      input: { vendor: 'PIMCORE', email: 'Fresh.Person@Example.com', firstName: 'Fresh', lastName: 'Person' },
    });
    if (created.data.createCustomer.__typename !== 'CustomerPayload') throw new Error('create failed');
    const found = await t.sdk.CustomersByEmail({ email: 'fresh.person@example.com' });
    expect(found.data.customersByEmail.map((c) => c?.id)).toEqual([created.data.createCustomer.customer?.id]);
    expect(t.pimcore.calls('GET /customers')).toBe(1);
    expect(t.pimcore.calls('GET /deletions')).toBe(1);

    await t.sdk.DeleteCustomer({ input: { id: created.data.createCustomer.customer?.id ?? '' } });
    const gone = await t.sdk.CustomersByEmail({ email: 'fresh.person@example.com' });
    expect(gone.data.customersByEmail).toEqual([]);
  });
});
