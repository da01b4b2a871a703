// reflectsUpdate: whether a profile read shows the update just sent, so an update is reported
// APPLIED only when Synerise has applied it (its 202 does not promise that).
import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../src/domain/model.js';
import { reflectsUpdate } from '../../src/vendors/synerise/read-back.js';

const read: CustomerRecord = {
  vendor: 'SYNERISE',
  vendorId: '7',
  email: 'ann@example.com',
  firstName: 'Ann',
  lastName: 'Lee',
  phone: null,
  customId: 'C-7',
  attributes: { city: 'Gdansk', agreements: { email: true, sms: false }, attributes: { note: 'gold' }, tags: ['a'] },
  createdAt: null,
  updatedAt: null,
};

describe('reflectsUpdate', () => {
  it('holds when every written value is in the read', () => {
    expect(
      reflectsUpdate(read, {
        email: 'Ann@Example.com',
        firstName: 'Ann',
        city: 'Gdansk',
        agreements: { email: 'true' },
        attributes: { note: 'gold', gone: null },
        tags: ['a'],
      }),
    ).toBe(true);
  });

  it('fails on any value the read does not show yet', () => {
    expect(reflectsUpdate(read, { firstName: 'Anne' })).toBe(false);
    expect(reflectsUpdate(read, { city: 'Sopot' })).toBe(false);
    expect(reflectsUpdate(read, { attributes: { note: 'silver' } })).toBe(false);
    expect(reflectsUpdate(read, { attributes: { note: null } })).toBe(false);
    expect(reflectsUpdate(read, { agreements: { sms: true } })).toBe(false);
  });

  it('does not judge a null on a native field: Synerise resets it to a default the reference does not name', () => {
    expect(reflectsUpdate(read, { phone: null, company: null })).toBe(true);
  });
});
