import { describe, expect, it } from 'vitest';
import { errorCodes, useTestGateway } from '../support/gateway.js';

const t = useTestGateway({ only: ['pimcore'] });

describe('query limits', () => {
  it('refuses documents nested deeper than 12 levels before calling any vendor', async () => {
    let selection = 'id';
    for (let i = 0; i < 10; i++) selection = `linkedProfiles { ${selection} }`;
    t.pimcore.resetCalls();
    const res = await t.post(`{ customers(vendor: PIMCORE, first: 1) { edges { node { ${selection} } } } }`);
    expect(errorCodes(res.body)).toEqual(['QUERY_TOO_DEEP']);
    expect(t.pimcore.calls()).toBe(0);
  });

  it('lets 12 levels through', async () => {
    let selection = 'id';
    for (let i = 0; i < 8; i++) selection = `linkedProfiles { ${selection} }`;
    const res = await t.post(`{ customers(vendor: PIMCORE, first: 1) { edges { node { ${selection} } } } }`);
    expect(res.body.errors).toBeUndefined();
  });

  it('counts depth through fragments', async () => {
    const res =
      await t.post(`fragment L on Customer { linkedProfiles { linkedProfiles { linkedProfiles { linkedProfiles { linkedProfiles { linkedProfiles { linkedProfiles { linkedProfiles { linkedProfiles { id } } } } } } } } } }
      { customers(vendor: PIMCORE, first: 1) { edges { node { ...L } } } }`);
    expect(errorCodes(res.body)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('caps nodes(ids) at 100, also when the ids come as variables', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => Buffer.from(`Customer:PIMCORE:${i + 1}`).toString('base64url'));
    t.pimcore.resetCalls();
    const res = await t.sdk.NodesByIds({ ids });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(t.pimcore.calls()).toBe(0);
    const ok = await t.sdk.NodesByIds({ ids: ids.slice(0, 100) });
    expect(ok.data.nodes).toHaveLength(100);
  });
});
