// Ids end up in vendor paths: none may climb out of the resource it names.
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore', 'sfcc'] });

const gid = (text: string) => Buffer.from(text).toString('base64url');

describe('path segments from ids', () => {
  it('refuses `..` as an SFCC site id before calling SFCC', async () => {
    t.sfcc.resetCalls();
    const res = await t.sdk.UpsertCustomItem({
      input: { siteId: gid('Site:SFCC:..'), objectType: 'Foo', key: 'k', attributes: { c_x: 1 } },
    });
    expect(res.data.upsertCustomItem).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'id' }] });
    expect(Object.keys(t.sfcc.callCounts() ?? {}).filter((k) => !k.includes('oauth2'))).toEqual([]);
  });

  it('refuses dot segments hidden in other ids', async () => {
    t.sfcc.resetCalls();
    const del = await t.sdk.DeleteCustomItem({ input: { id: gid('CustomItem:SFCC:RefArch:..:..') } });
    expect(del.data.deleteCustomItem.__typename).toBe('ValidationError');
    const customer = await t.sdk.CustomerById({ id: gid('Customer:PIMCORE:..') });
    expect(customer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(t.pimcore.calls()).toBe(0);
  });
});
